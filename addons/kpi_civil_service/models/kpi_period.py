import calendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .. import kpi_rules
from .utils import check_create_fields, given_reason, in_language_of, written_fields

# The workflow, one table: each step with the states it is taken from, the
# state it reaches (None: stays) and the right it needs (_rights_refusal);
# the actions and the buttons (can_<step>) ask the gatekeeper of
# kpi.workflow.mixin.
TRANSITIONS = {
    "compute_scores": (("open",), None, "officer"),
    "close": (("open",), "closed", "officer"),
    "reopen": (("closed",), "open", "admin"),
}
# What an HR officer sets on an open period; the state and the compute's
# marks change through the actions only.
SETTINGS_FIELDS = {"name", "period_type", "date_from", "date_to", "company_id", "rule_set_id"}


class KpiPeriod(models.Model):
    """A tracking period (kỳ đánh giá) of an agency: a month or a quarter.
    "Compute scores" scores every employee of the agency in one set-based pass;
    "Close" locks the period's diary lines and scores."""

    _name = "kpi.period"
    _inherit = ["mail.thread", "kpi.checked.write.mixin", "kpi.input.guard.mixin", "kpi.workflow.mixin"]
    _description = "KPI Period"
    _order = "date_from desc, company_id"
    _check_company_auto = True
    _kpi_transitions = TRANSITIONS

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    period_type = fields.Selection([("month", "Month"), ("quarter", "Quarter")], required=True, default="month")
    date_from = fields.Date(required=True, index=True)
    date_to = fields.Date(required=True, index=True)
    company_id = fields.Many2one(
        "res.company", string="Agency", required=True, default=lambda self: self.env.company, index=True
    )
    rule_set_id = fields.Many2one(
        "kpi.rule.set",
        required=True,
        default=lambda self: self.env.company.kpi_rule_set_id,
        tracking=True,
    )
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], default="open", required=True, tracking=True, index=True
    )
    score_ids = fields.One2many("kpi.score", "period_id", string="Scores")
    score_count = fields.Integer(compute="_compute_score_count")
    date_computed = fields.Datetime(string="Scores Computed On", readonly=True, tracking=True)
    # what the user may do now, from the workflow's gatekeeper (the buttons follow)
    can_compute_scores = fields.Boolean(compute="_compute_can_steps")
    can_close = fields.Boolean(compute="_compute_can_steps")
    can_reopen = fields.Boolean(compute="_compute_can_steps")
    needs_recompute = fields.Boolean(
        string="Uncomputed Changes",
        readonly=True,
        help="A diary line of the period was approved or withdrawn, an assignment was given, changed, finished or "
        "cancelled, or a general score, đ or e changed, after the last compute. The annual assessments of the year "
        "are not decided until the period is computed again.",
    )

    _dates_ordered = models.Constraint("CHECK(date_from <= date_to)", "A period cannot end before it starts.")

    @api.depends("period_type", "date_from")
    def _compute_name(self):
        """A name in no language ("10/2026", "Q4/2026"), stored for search and
        sorting; people read the display name in their own language."""
        for period in self:
            if not period.date_from:
                period.name = False
            elif period.period_type == "quarter":
                period.name = f"Q{(period.date_from.month - 1) // 3 + 1}/{period.date_from.year}"
            else:
                period.name = f"{period.date_from.month:02d}/{period.date_from.year}"

    @api.depends("name", "period_type", "date_from")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for period in self:
            if not period.date_from:
                period.display_name = period.name
            elif period.period_type == "quarter":
                period.display_name = self.env._(
                    "Quarter %(quarter)s/%(year)s",
                    quarter=(period.date_from.month - 1) // 3 + 1,
                    year=period.date_from.year,
                )
            else:
                period.display_name = self.env._(
                    "Month %(month)02d/%(year)s", month=period.date_from.month, year=period.date_from.year
                )

    def _compute_score_count(self):
        counts = dict(self.env["kpi.score"]._read_group([("period_id", "in", self.ids)], ["period_id"], ["__count"]))
        for period in self:
            period.score_count = counts.get(period, 0)

    @api.constrains("date_from", "date_to", "company_id")
    def _check_no_overlap(self):
        for period in self:
            overlapping = self.search_count(
                [
                    ("id", "!=", period.id),
                    ("company_id", "=", period.company_id.id),
                    ("date_from", "<=", period.date_to),
                    ("date_to", ">=", period.date_from),
                ]
            )
            if overlapping:
                raise ValidationError(self.env._("%s overlaps another period of the same agency.", period.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        # a period starts open and uncomputed; the rest is the actions', which check who acts
        check_create_fields(self, vals_list, SETTINGS_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        fnames = written_fields(vals)
        if fnames - SETTINGS_FIELDS:
            raise AccessError(
                self.env._(
                    "A period is closed, reopened and computed with its buttons: its state and when its scores "
                    "were computed are not written by hand."
                )
            )
        if fnames and self.filtered(lambda p: p.state == "closed"):
            raise UserError(
                self.env._("A closed period does not change; a KPI administrator can reopen it with a reason.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_open_without_scores(self):
        if self.filtered(lambda p: p.state == "closed" or p.score_ids):
            raise UserError(self.env._("A closed period, or one with scores, cannot be deleted."))

    # ------------------------------------------------------------ generation

    @api.model
    def _generate(self, company, year, rule_set):
        """Creates the months or quarters of a year that the agency lacks."""
        bounds = []
        if rule_set.period_type == "quarter":
            for quarter in range(4):
                last_month = 3 * quarter + 3
                bounds.append(
                    (date(year, 3 * quarter + 1, 1), date(year, last_month, calendar.monthrange(year, last_month)[1]))
                )
        else:
            for month in range(1, 13):
                bounds.append((date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])))
        existing = self.search(
            [
                ("company_id", "=", company.id),
                ("date_from", "<=", date(year, 12, 31)),
                ("date_to", ">=", date(year, 1, 1)),
            ]
        )
        missing = [
            (start, end)
            for start, end in bounds
            if not any(p.date_from <= end and p.date_to >= start for p in existing)
        ]
        return self.create(
            [
                {
                    "company_id": company.id,
                    "rule_set_id": rule_set.id,
                    "period_type": rule_set.period_type,
                    "date_from": start,
                    "date_to": end,
                }
                for start, end in missing
            ]
        )

    # ------------------------------------------------------------ actions

    def _rights_refusal(self, right):
        """An HR officer computes and closes their agencies' periods; only a
        KPI administrator reopens a closed one."""
        if self.env.su:
            return None
        if right == "admin" and not self.env.user.has_group("kpi_civil_service.group_kpi_admin"):
            return self.env._("Only a KPI administrator can reopen a closed period.")
        if not self.env.user.has_group("kpi_civil_service.group_kpi_hr_officer"):
            return self.env._("Only an HR officer can compute or close periods.")
        if not self.has_access("write"):
            return self.env._("These periods belong to another agency.")
        return None

    def _state_refusal(self, step):
        if step == "compute_scores" and self.filtered(lambda p: p.state == "closed"):
            return self.env._("A closed period cannot be computed again.")
        return super()._state_refusal(step)

    def action_compute_scores(self):
        """Computes the scores now, or, for more people than the inline limit
        (a province's month), queues a background job and opens it."""
        self._check_transition("compute_scores")
        if self._kpi_people_count() > self.env["kpi.job"]._inline_people_limit():
            return self.env["kpi.job"]._queue_compute(self)._queued_action()
        self.env["kpi.scoring"]._score_periods(self.sudo())
        return True

    def _kpi_people_count(self):
        """How many people the agencies of these periods have, all periods together."""
        return sum(self._kpi_people_counts().values())

    def _kpi_people_counts(self):
        """{period id: how many people of its agency are assessed}, in one query."""
        self.env["hr.employee"].flush_model(["company_id", "kpi_staff_category"])
        counts = dict(
            self.env.execute_query(
                SQL(
                    "SELECT p.id, COUNT(e.id) FROM kpi_period p LEFT JOIN hr_employee e ON e.company_id = p.company_id "
                    "AND e.kpi_staff_category IS NOT NULL "
                    "WHERE p.id = ANY(%s) GROUP BY p.id",
                    self.ids,
                )
            )
        )
        return {period.id: counts.get(period.id, 0) for period in self}

    def action_close(self):
        periods = self.filtered(lambda p: p.state == "open")  # a closed one stays so
        periods._check_transition("close")
        periods.sudo().write({"state": TRANSITIONS["close"][1]})
        return True

    def action_reopen(self, reason=None):
        periods = self.filtered(lambda p: p.state == "closed")  # an open one stays so
        periods._check_transition("reopen")
        reason = given_reason(self.env, reason)
        if reason is None:
            return self.env["kpi.reason.wizard"]._open_for(self, "reopen", self.env._("Reopen Period"))
        for period in periods:
            period.sudo().state = TRANSITIONS["reopen"][1]
            period.message_post(body=self.env._("Reopened: %s", reason), subtype_xmlid="mail.mt_note")
        return True

    def action_view_scores(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kpi_civil_service.kpi_score_action")
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"search_default_group_department": 1}
        return action

    # ------------------------------------------------------------ the computation

    def _kpi_people(self):
        """{employee id: facts} of the people scored in the period, read in one
        query whatever their number: the agency's employees in the scheme (those
        with a staff category) employed on at least one of its days (archived
        ones too, when their contract dates say they worked in it), with what
        the compute needs of each (unit, job, calendar, manager, staff category,
        contract dates)."""
        self.ensure_one()
        for model in ("hr.employee", "hr.version", "resource.resource"):
            self.env[model].flush_model()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT e.id, e.active, e.resource_id, e.user_id, e.parent_id, e.company_id,
                       COALESCE(e.kpi_is_leader, FALSE) AS is_leader, e.kpi_staff_category AS category,
                       v.department_id, v.job_id, v.resource_calendar_id AS calendar_id, r.tz
                  FROM hr_employee e
                  JOIN resource_resource r ON r.id = e.resource_id
             LEFT JOIN hr_version v ON v.id = e.current_version_id
                 WHERE e.company_id = %s AND e.kpi_staff_category IS NOT NULL
              ORDER BY e.id
                """,
                self.company_id.id,
            )
        )
        intervals = self.env["hr.employee"].browse([row["id"] for row in rows])._kpi_employment_intervals()
        people = {}
        for row in rows:
            row["intervals"] = intervals.get(row["id"])
            if row["intervals"] is None:
                if not row["active"]:
                    continue
            elif not any(
                (start or self.date_from) <= self.date_to and (end or self.date_to) >= self.date_from
                for start, end in row["intervals"]
            ):
                continue
            people[row["id"]] = row
        return people

    def _localized_bounds(self, date_to=None):
        """The period as aware datetimes in the agency's time zone."""
        tz = pytz.timezone(self.company_id.resource_calendar_id.tz or self.env.user.tz or "Asia/Ho_Chi_Minh")
        start = tz.localize(datetime.combine(self.date_from, time.min))
        end = tz.localize(datetime.combine(date_to or self.date_to, time.max))
        return start, end

    def _work_days(self, people, date_to=None):
        """{employee_id: {day: hours}} of the time each person (of _kpi_people)
        was expected to work: their resource calendar (public holidays and, with
        hr_holidays, approved leave are resource leaves and do not count), from
        their contract start date to its end date.

        People who share a calendar, an agency and a time zone and have no leave
        of their own have the same days: those are worked out once, on one of
        them; the others (leave, no calendar) one by one, as Odoo does."""
        start, end = self._localized_bounds(date_to)
        self.env["resource.calendar.leaves"].flush_model()
        with_leave = {
            resource_id
            for (resource_id,) in self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT resource_id FROM resource_calendar_leaves
                     WHERE resource_id = ANY(%s) AND date_from <= %s AND date_to >= %s
                    """,
                    [person["resource_id"] for person in people.values()],
                    end.astimezone(pytz.utc).replace(tzinfo=None),
                    start.astimezone(pytz.utc).replace(tzinfo=None),
                )
            )
        }
        groups, alone = defaultdict(list), []
        for employee_id, person in people.items():
            if person["resource_id"] in with_leave or not person["calendar_id"]:
                alone.append(employee_id)
            else:
                groups[person["calendar_id"], person["company_id"], person["tz"]].append(employee_id)
        computed = (
            self.env["hr.employee"]
            .browse([ids[0] for ids in groups.values()] + alone)
            ._list_work_time_per_day(start, end)
        )
        result = {}
        for ids in [*groups.values(), *([employee_id] for employee_id in alone)]:
            days = dict(computed[ids[0]])
            for employee_id in ids:
                intervals = people[employee_id]["intervals"]
                if intervals is None:
                    result[employee_id] = days  # shared, read only
                else:
                    result[employee_id] = {
                        day: hours for day, hours in days.items() if kpi_rules.is_employed(day, intervals)
                    }
        return result

    # ------------------------------------------------------------ reminders

    @api.model
    def _cron_remind_missing_diaries(self):
        """Daily: one "missing work diary" activity per person who has working
        days without a diary line in the open period so far (kept up to date,
        never one per day); removed once everything is declared."""
        yesterday = fields.Date.context_today(self) - timedelta(days=1)
        activity_type = self.env.ref("kpi_civil_service.mail_activity_kpi_missing_diary")
        periods = self.search([("state", "=", "open"), ("date_from", "<=", yesterday), ("date_to", ">=", yesterday)])
        for period in periods:
            people = {employee_id: person for employee_id, person in period._kpi_people().items() if person["user_id"]}
            employees = self.env["hr.employee"].browse(list(people))
            work_days = period._work_days(people, date_to=yesterday)
            declared = self.env["kpi.diary.line"]._kpi_hours_by_employee_day(employees, period.date_from, yesterday)
            existing = {
                activity.res_id: activity
                for activity in self.env["mail.activity"].search(
                    [
                        ("res_model", "=", "hr.employee"),
                        ("res_id", "in", employees.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ]
                )
            }
            for employee in employees:
                missing = sorted(
                    day for day in work_days.get(employee.id, {}) if day not in declared.get(employee.id, {})
                )
                activity = existing.get(employee.id)
                if not missing:
                    if activity:
                        activity.unlink()
                    continue
                theirs = in_language_of(period, employee.user_id)
                summary = theirs.env._(
                    "%(count)s working days without a work diary in %(period)s",
                    count=len(missing),
                    period=theirs.display_name,
                )
                note = ", ".join(day.strftime("%d/%m") for day in missing)
                if activity:
                    activity.write({"summary": summary, "note": note})
                else:
                    employee.activity_schedule(
                        activity_type_id=activity_type.id,
                        user_id=employee.user_id.id,
                        summary=summary,
                        note=note,
                    )
