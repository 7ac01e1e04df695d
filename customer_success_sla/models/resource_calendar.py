import logging
import math
from datetime import timedelta

from markupsafe import Markup
from pytz import utc

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import sla_clock

# Working hours are looked up in a window wide enough for the target; the
# window doubles when a long holiday swallows it, up to about two years.
MIN_WINDOW_DAYS = 14
MAX_WINDOW_DOUBLINGS = 6

_logger = logging.getLogger(__name__)


def _to_naive_second(instant):
    """Naive UTC, rounded to the second: targets like 5 minutes are stored
    as fractions of an hour and must not leave microsecond noise."""
    return (instant.astimezone(utc) + timedelta(microseconds=500000)).replace(tzinfo=None, microsecond=0)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # Translatable: the support hours this addon ships are named for the admins who pick them.
    name = fields.Char(translate=True)
    cs_no_hours_warned = fields.Boolean(
        string="No Working Time Reported", copy=False, help="The administrators were told that these working hours have no working time left.",
    )

    def _cs_weekly_hours(self):
        self.ensure_one()
        return sum(self.attendance_ids.filtered(lambda a: a.day_period != "lunch").mapped("duration_hours"))

    def write(self, vals):
        res = super().write(vals)
        # Working time again: a later emptying warns again (sudo: the flag is the system's).
        self.filtered(lambda c: c.cs_no_hours_warned and c._cs_weekly_hours()).sudo().cs_no_hours_warned = False
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_cs_used(self):
        """Tiers, policies, accounts and clocks count on these hours: say who, instead
        of the database's "another model is using the record"."""
        # sudo: every user of the hours counts, also those the deleting user cannot read.
        Tier = self.env["cs.tier"].with_context(active_test=False).sudo()
        Policy = self.env["cs.sla.policy"].with_context(active_test=False).sudo()
        domain = [("resource_calendar_id", "in", self.ids)]
        used = [
            (self.env._("tiers"), Tier.search(domain).mapped("name")),
            (self.env._("SLA policies"), Policy.search(domain).mapped("name")),
            (self.env._("accounts"), self.env["res.partner"].with_context(active_test=False).sudo().search(
                [("cs_resource_calendar_id", "in", self.ids)]).commercial_partner_id.mapped("display_name")),
        ]
        clock_count = self.env["cs.ticket.sla"].sudo().search_count([("calendar_id", "in", self.ids)])
        if clock_count:
            used.append((self.env._("SLA clocks of tickets"), [str(clock_count)]))
        used = [f"{kind}: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}" for kind, names in used if names]
        if used:
            raise UserError(self.env._(
                "The working hours %(calendars)s cannot be deleted: they are used by %(users)s. "
                "Archive them instead, or choose other working hours there first.",
                calendars=", ".join(self.mapped("name")), users="; ".join(used),
            ))

    def _cs_effective(self):
        """These hours, or the company's when they have no working time left
        (emptied after a tier or policy chose them): a clock must always get
        a deadline. The administrators are told once per emptying."""
        self.ensure_one()
        if self._cs_weekly_hours():
            return self
        fallback = self.company_id.resource_calendar_id or self.env.company.resource_calendar_id
        if not fallback or fallback == self or not fallback._cs_weekly_hours():
            return self
        if not self.cs_no_hours_warned:
            self._cs_warn_no_hours(fallback)
        return fallback

    def _cs_warn_no_hours(self, fallback):
        # sudo: whoever opened the clock warns, the flag and the mail are the system's.
        self.sudo().cs_no_hours_warned = True
        _logger.warning("Working hours %s (id %s) have no working time: SLA clocks use %s.",
                        self.name, self.id, fallback.name)
        admins = self.env.ref("customer_success_sla.group_cs_admin").sudo().all_user_ids.filtered(
            lambda user: user.active and user.email and not user.share
        )
        # One mail per language: each administrator reads it in their own,
        # not in that of whoever happened to open the clock (a customer, say).
        self.env["mail.mail"].sudo().create([
            {
                "subject": env._("Working hours without working time: %(calendar)s", calendar=self.name),
                "body_html": Markup("<p>%s</p>") % env._(
                    "The working hours %(calendar)s have no working time left, but SLA clocks run on them. "
                    "Until you give them working time again (or choose other hours on the tiers and policies "
                    "that use them), the clocks run on %(fallback)s.",
                    calendar=self.name, fallback=fallback.name,
                ),
                "recipient_ids": [fields.Command.set(users.partner_id.ids)],
            }
            for lang, users in admins.grouped(lambda user: user.lang or "en_US").items()
            for env in [self.with_context(lang=lang).env]
        ])

    def _cs_work_intervals(self, start, end):
        """Work intervals of this calendar between two naive UTC datetimes:
        attendances in the calendar's timezone minus company-wide leaves
        (public holidays), as aware UTC (start, stop) pairs."""
        self.ensure_one()
        intervals = self._work_intervals_batch(utc.localize(start), utc.localize(end))[False]
        return [(begin.astimezone(utc), stop.astimezone(utc)) for begin, stop, _meta in intervals]

    def _cs_window_days(self, hours):
        weekly = self._cs_weekly_hours() or 1.0
        return max(MIN_WINDOW_DAYS, math.ceil(hours / weekly * 7) + MIN_WINDOW_DAYS)

    @api.model
    def _cs_add_working_hours_batch(self, requests):
        """Deadlines for many clocks at once.

        ``requests``: list of (calendar, start, hours) with naive UTC starts.
        Returns the naive UTC instants, in the same order, at which ``hours``
        of the calendar's working time have elapsed. Work intervals are read
        once per calendar for the whole batch.
        """
        results = [None] * len(requests)
        by_calendar, effective = {}, {}
        for index, (calendar, _start, _hours) in enumerate(requests):
            if calendar not in effective:
                effective[calendar] = calendar._cs_effective()
            by_calendar.setdefault(effective[calendar], []).append(index)
        for calendar, indexes in by_calendar.items():
            pending = indexes
            window = calendar._cs_window_days(max(requests[i][2] for i in indexes))
            for _attempt in range(MAX_WINDOW_DOUBLINGS):
                first = min(requests[i][1] for i in pending)
                last = max(requests[i][1] for i in pending)
                intervals = calendar._cs_work_intervals(first, last + timedelta(days=window))
                still_pending = []
                # Clocks opened together share their start and targets: each
                # distinct (start, hours) walks the intervals once.
                instants = {}
                for index in pending:
                    _calendar, start, hours = requests[index]
                    if (start, hours) not in instants:
                        instants[start, hours] = sla_clock.add_working_hours(intervals, utc.localize(start), hours)
                    deadline = instants[start, hours]
                    if deadline is None:
                        still_pending.append(index)
                    else:
                        results[index] = _to_naive_second(deadline)
                pending = still_pending
                if not pending:
                    break
                window *= 2
        return results

    @api.model
    def _cs_working_hours_batch(self, requests):
        """Working hours between (calendar, start, end) naive UTC triples, in order."""
        results = [0.0] * len(requests)
        by_calendar, effective = {}, {}
        for index, (calendar, start, end) in enumerate(requests):
            if end > start:
                if calendar not in effective:
                    effective[calendar] = calendar._cs_effective()
                by_calendar.setdefault(effective[calendar], []).append(index)
        for calendar, indexes in by_calendar.items():
            intervals = calendar._cs_work_intervals(
                min(requests[i][1] for i in indexes), max(requests[i][2] for i in indexes)
            )
            for index in indexes:
                _calendar, start, end = requests[index]
                results[index] = sla_clock.working_hours_between(
                    intervals, utc.localize(start), utc.localize(end)
                )
        return results
