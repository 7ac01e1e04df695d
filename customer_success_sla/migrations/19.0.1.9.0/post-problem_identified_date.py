"""19.0.1.9.0 (problems): ``cs.problem.identified_date`` is new. On existing
databases the problems past Investigating get it from their chatter: the
first recorded change of state (a problem leaves Investigating first), else
their resolution date, else their last write; then the stored hours to
identify are computed for them (the hours to resolve are computed by the
upgrade itself, from the existing resolution dates)."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        WITH first_change AS (
            SELECT message.res_id AS problem_id, MIN(message.date) AS changed
              FROM mail_tracking_value tracking
              JOIN mail_message message ON message.id = tracking.mail_message_id
              JOIN ir_model_fields field ON field.id = tracking.field_id
             WHERE message.model = 'cs.problem' AND field.model = 'cs.problem' AND field.name = 'state'
          GROUP BY message.res_id
        )
        UPDATE cs_problem problem
           SET identified_date = COALESCE(first_change.changed, problem.resolved_date, problem.write_date)
          FROM cs_problem target
     LEFT JOIN first_change ON first_change.problem_id = target.id
         WHERE problem.id = target.id
           AND problem.identified_date IS NULL
           AND problem.state IN ('identified', 'monitoring', 'resolved')
     RETURNING problem.id
        """
    )
    ids = [row[0] for row in cr.fetchall()]
    if not ids:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    problems = env["cs.problem"].browse(ids)
    env.add_to_compute(problems._fields["identify_hours"], problems)
    env.flush_all()
    _logger.info("Identification date of %s problem(s) taken from their history.", len(ids))
