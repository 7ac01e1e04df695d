from odoo import api, models
from odoo.exceptions import UserError

# Kept by the addon from what happens on the ticket (creation, stage moves,
# messages, ratings) and from its customer's account (the tier): a user
# setting one would fake the SLA, e.g. "met" while the clocks run.
SYSTEM_FIELDS = frozenset({
    "cs_tier_id",
    "cs_sla_policy_id",
    "cs_sla_ids",
    "cs_sla_deadline",
    "cs_sla_status",
    "cs_sla_start_date",
    "cs_first_response_date",
    "cs_support_level_date",
    "cs_first_response_deadline",
    "cs_reopen_count",
    "cs_agent_reply_count",
    "cs_first_response_hours",
    "cs_first_response_calendar_hours",
    "cs_resolution_hours",
    "cs_resolution_calendar_hours",
    "cs_first_response_reached",
    "cs_sla_met_count",
    "cs_sla_breached_count",
    "cs_sla_open_count",
    "cs_rating_requested_closing",
    "cs_requires_article",
    "cs_customer_solved_date",
    "cs_routed_user_id",
    "cs_routed_date",
    "cs_escalated_from_team_ids",
})


class HelpdeskTicket(models.Model):
    """Tickets refuse direct writes of their SLA figures, and values of this
    addon's fields that the ORM would reject with a technical error.

    Only the addon's own code paths, which run as superuser, set the system
    fields; a context key would not do, since RPC callers choose the context.
    """

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "cs.input.check"]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._cs_check_system_fields(set().union(*vals_list))
            # Defaults from the context (e.g. a list grouped by SLA status) are no way in either.
            self = self.with_context({
                key: value for key, value in self.env.context.items()
                if not (key.startswith("default_") and key[len("default_"):] in SYSTEM_FIELDS)
            })
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._cs_check_system_fields(vals)
        return super().write(vals)

    @api.model
    def _cs_check_system_fields(self, fnames):
        forced = sorted(SYSTEM_FIELDS & set(fnames))
        if forced:
            raise UserError(self.env._(
                "These ticket fields cannot be set by hand: %(fields)s. The ticket keeps them from what "
                "happens on it (its stages, messages and ratings) and from its customer's account.",
                fields=", ".join(self._fields[name]._description_string(self.env) for name in forced),
            ))
