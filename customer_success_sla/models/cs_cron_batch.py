import logging

from psycopg2 import errors

from odoo import api, models
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

# A row another worker changed and committed after this transaction's
# snapshot cannot be locked (REPEATABLE READ): the batch is read again from a
# fresh snapshot instead of failing the job.
CONFLICT_ERRORS = (errors.SerializationFailure, errors.LockNotAvailable, errors.DeadlockDetected)
MAX_STALE_READS = 5


class CsCronBatch(models.AbstractModel):
    """Batches of scheduled jobs that several workers may run at once.

    Each batch locks every row it is going to write, in one order
    (accounts before contacts; tickets before clocks before runs), without
    waiting: what another worker holds is skipped and reported as remaining,
    so that workers neither wait on each other nor deadlock, and the
    scheduler calls the job again until nothing is left.
    """

    _name = "cs.cron.batch"
    _description = "Customer Success Scheduled Job Batches"

    @api.model
    def _cs_try_lock(self, *recordsets):
        """Lock each recordset in turn, skipping rows other transactions hold.

        Returns the locked part of each recordset (a list), or None when a row
        changed since this transaction's snapshot: the caller reads again
        after a commit.
        """
        try:
            with self.env.cr.savepoint():
                return [records.try_lock_for_update(allow_referencing=True) for records in recordsets]
        except CONFLICT_ERRORS as error:
            _logger.info("Rows changed by another worker, read again: %s", error.pgcode)
            return None

    @api.model
    def _cs_try_job_lock(self, name):
        """Whether this transaction holds the job ``name`` (a transaction
        advisory lock, released at commit), without waiting for the worker
        that holds it."""
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [f"customer_success_sla.{name}"])
        return self.env.cr.fetchone()[0]

    @api.model
    def _cs_lock_accounts(self, accounts):
        """The accounts of ``accounts`` held with all their contacts (their
        commercial fields are copied to the contacts), or None (stale read)."""
        accounts = accounts.sudo()
        locked = self._cs_try_lock(accounts)
        if locked is None:
            return None
        contacts = accounts.with_context(active_test=False).search(
            [("id", "child_of", locked[0].ids), ("id", "not in", locked[0].ids)])
        held = self._cs_try_lock(contacts)
        if held is None:
            return None
        incomplete = (contacts - held[0]).commercial_partner_id
        return accounts.browse((locked[0] - incomplete).ids).with_env(self.env)

    @api.model
    def _cs_after(self, order, record):
        """The records that come after ``record`` in ``order`` (ascending
        field names ending with ``id``): a keyset page whose domain keeps its
        size however many records were processed before. NULLs sort last."""
        names = [name.split()[0] for name in order.split(",")]
        domain = Domain("id", ">", record.id)
        for name in reversed(names[:-1]):
            value = record[name]
            if value is False or value is None:
                domain = Domain(name, "=", False) & domain
            else:
                domain = Domain(name, ">", value) | (Domain(name, "=", value) & domain) | Domain(name, "=", False)
        return domain

    @api.model
    def _cs_process(self, model, domain, process, batch_size, order="id"):
        """Process the records of ``model`` matching ``domain`` in batches
        that commit, until none is left or the job's time is up.

        ``process(batch)`` locks what it writes, re-checks the condition on
        the locked rows, does the work and returns the records it handled
        (the others are held by another worker), or None when its read was
        stale. Batches are read in ``order`` (ascending, ending with ``id``)
        from after the last record read, so records handled or held are not
        read again in this call.

        Returns the number of records left: held by another worker, or not
        reached in time. The caller reports it with ``_commit_progress``.
        """
        cron = self.env["ir.cron"]
        after = Domain.TRUE
        held = 0
        stale = 0
        while True:
            # values cached before the last commit may be stale
            self.env.invalidate_all()
            batch = model.search(domain & after, limit=batch_size, order=order)
            if not batch:
                return held
            # the sort key of the last record as this batch was ordered
            following = self._cs_after(order, batch[-1])
            handled = process(batch)
            if handled is None:
                stale += 1
                if stale > MAX_STALE_READS:
                    break
                cron._commit_progress(0)  # a fresh snapshot
                continue
            after = following
            held += len(batch - handled)
            if not cron._commit_progress(len(handled)):
                break
        return held + model.search_count(domain & after)
