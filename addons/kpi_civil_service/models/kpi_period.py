import calendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .. import kpi_rules
from .utils import write_if_changed

COMPUTE_FIELDS = {"date_computed", "needs_recompute"}


class KpiPeriod(models.Model):
    """A tracking period (kỳ đánh giá) of an agency: a month or a quarter.
    "Compute scores" scores every employee of the agency in one set-based pass;
    "Close" locks the period's diary lines and scores."""

    _name = "kpi.period"
    _inherit = ["mail.thread"]
    _description = "KPI Period"
    _order = "date_from desc, company_id"
    _check_company_auto = True

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
    needs_recompute = fields.Boolean(
        string="Uncomputed Changes",
        readonly=True,
        help="A diary line of the period was approved or withdrawn, or a general score, đ or e changed, after "
        "the last compute. The annual assessments of the year are not decided until the period is computed again.",
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
        if not self.env.su:
            for vals in vals_list:
                self._check_computed_fields_untouched(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_computed_fields_untouched(vals)
        return super().write(vals)

    def _check_computed_fields_untouched(self, vals):
        """When the scores were computed and whether changes came since are the
        compute's to say: deciding the year relies on them."""
        if set(vals) & COMPUTE_FIELDS:
            raise AccessError(self.env._("When the scores were computed is set by the compute, not by hand."))

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

    def _check_hr_officer(self):
        if not self.env.su and not self.env.user.has_group("kpi_civil_service.group_kpi_hr_officer"):
            raise AccessError(self.env._("Only an HR officer can compute or close periods."))

    def action_compute_scores(self):
        self._check_hr_officer()
        if self.filtered(lambda p: p.state == "closed"):
            raise UserError(self.env._("A closed period cannot be computed again."))
        for period in self:
            period.sudo()._compute_period_scores()
        return True

    def action_close(self):
        self._check_hr_officer()
        self.filtered(lambda p: p.state == "open").write({"state": "closed"})
        return True

    def action_reopen(self, reason=None):
        if not self.env.user.has_group("kpi_civil_service.group_kpi_admin"):
            raise AccessError(self.env._("Only a KPI administrator can reopen a closed period."))
        if not reason:
            return self.env["kpi.reason.wizard"]._open_for(self, "reopen", self.env._("Reopen Period"))
        for period in self.filtered(lambda p: p.state == "closed"):
            period.state = "open"
            period.message_post(body=self.env._("Reopened: %s", reason), subtype_xmlid="mail.mt_note")
        return True

    def action_view_scores(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kpi_civil_service.kpi_score_action")
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"search_default_group_department": 1}
        return action

    # ------------------------------------------------------------ the computation

    def _kpi_employees(self):
        """The people scored in the period: the agency's employees employed on at
        least one of its days (archived ones too, when their contract dates say
        they worked in it)."""
        employees = (
            self.env["hr.employee"].with_context(active_test=False).search([("company_id", "=", self.company_id.id)])
        )
        intervals = employees._kpi_employment_intervals()
        return employees.filtered(
            lambda e: (
                (e.active and e.id not in intervals)
                or any(
                    (start or self.date_from) <= self.date_to and (end or self.date_to) >= self.date_from
                    for start, end in intervals.get(e.id, ())
                )
            )
        ).with_context(active_test=True)

    def _localized_bounds(self, date_to=None):
        """The period as aware datetimes in the agency's time zone."""
        tz = pytz.timezone(self.company_id.resource_calendar_id.tz or self.env.user.tz or "Asia/Ho_Chi_Minh")
        start = tz.localize(datetime.combine(self.date_from, time.min))
        end = tz.localize(datetime.combine(date_to or self.date_to, time.max))
        return start, end

    def _work_days(self, employees, date_to=None):
        """{employee_id: {day: hours}} of the time each person was expected to
        work: their resource calendar (public holidays and, with hr_holidays,
        approved leave are resource leaves and do not count), from their contract
        start date to its end date.

        People who share a calendar, an agency and a time zone and have no leave
        of their own have the same days: those are worked out once, on one of
        them; the others (leave, no calendar) one by one, as Odoo does."""
        start, end = self._localized_bounds(date_to)
        with_leave = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "in", employees.resource_id.ids),
                    ("date_from", "<=", end.astimezone(pytz.utc).replace(tzinfo=None)),
                    ("date_to", ">=", start.astimezone(pytz.utc).replace(tzinfo=None)),
                ]
            )
            .resource_id
        )
        groups, alone = defaultdict(list), self.env["hr.employee"]
        for employee in employees:
            if employee.resource_id in with_leave or not employee.resource_calendar_id:
                alone |= employee
            else:
                groups[employee.resource_calendar_id, employee.company_id, employee.tz].append(employee.id)
        first_of_group = self.env["hr.employee"].browse([ids[0] for ids in groups.values()])
        computed = {
            employee_id: dict(days)
            for employee_id, days in (first_of_group | alone)._list_work_time_per_day(start, end).items()
        }
        intervals = employees._kpi_employment_intervals()
        result = {}
        for ids in [*groups.values(), *([employee_id] for employee_id in alone.ids)]:
            days = computed[ids[0]]
            for employee_id in ids:
                if employee_id in intervals:
                    result[employee_id] = {
                        day: hours for day, hours in days.items() if kpi_rules.is_employed(day, intervals[employee_id])
                    }
                else:
                    result[employee_id] = days  # shared, read only
        return result

    def _approved_line_groups(self, employees):
        """Approved converted minutes per employee, split by what affects b and c:
        (employee id, errors, delays, objective cause, late assignment, minutes),
        in one query."""
        self.env["kpi.diary.line"].flush_model()
        self.env["kpi.assignment"].flush_model(["is_late"])
        return self.env.execute_query(
            SQL(
                """
                SELECT l.employee_id, COALESCE(l.error_count, 0), COALESCE(l.delay_count, 0),
                       COALESCE(l.objective_cause, FALSE), COALESCE(a.is_late, FALSE), SUM(l.converted_minutes)
                  FROM kpi_diary_line l
             LEFT JOIN kpi_assignment a ON a.id = l.assignment_id
                 WHERE l.employee_id = ANY(%s) AND l.date BETWEEN %s AND %s AND l.state = 'approved'
              GROUP BY 1, 2, 3, 4, 5
                """,
                employees.ids,
                self.date_from,
                self.date_to,
            )
        )

    def _planned_minutes(self, employees, domain):
        """Planned converted minutes of some assignments (not cancelled, given by
        the end of the period), per employee."""
        groups = self.env["kpi.assignment"]._read_group(
            Domain("employee_id", "in", employees.ids)
            & Domain("state", "!=", "cancelled")
            & Domain("date_assigned", "<=", self.date_to)
            & Domain(domain),
            ["employee_id"],
            ["planned_minutes:sum"],
        )
        return {employee.id: minutes for employee, minutes in groups}

    def _overdue_assignment_minutes(self, employees):
        """Of the assignments overdue and not done at the end of the period."""
        not_done = Domain("date_done", "=", False) | Domain("date_done", ">", self.date_to)
        return self._planned_minutes(employees, Domain("date_deadline", "<", self.date_to) & not_done)

    def _assignment_minutes(self, employees):
        """Of the work assigned for the period: the assignments due in it, and
        those due earlier that were still not done when it began."""
        open_at_start = Domain("date_done", "=", False) | Domain("date_done", ">=", self.date_from)
        return self._planned_minutes(
            employees,
            Domain("date_deadline", "<=", self.date_to)
            & (Domain("date_deadline", ">=", self.date_from) | open_at_start),
        )

    def _compute_period_scores(self):
        self.ensure_one()
        employees = self._kpi_employees()
        rule_sets = self.env["kpi.rule.set"]._by_employee(employees, self.company_id, self.date_to, self.rule_set_id)
        today = fields.Date.context_today(self)
        work_days = self._work_days(employees)
        declared = self.env["kpi.diary.line"]._kpi_hours_by_employee_day(employees, self.date_from, self.date_to)
        overdue = self._overdue_assignment_minutes(employees)
        assigned = self._assignment_minutes(employees)
        quality_items = defaultdict(list)
        progress_items = defaultdict(list)
        approved = defaultdict(float)
        for employee_id, errors, delays, objective, late, minutes in self._approved_line_groups(employees):
            minutes = float(minutes)
            deduction = rule_sets[employee_id].deduction_percent
            approved[employee_id] += minutes
            quality_items[employee_id].append((minutes, kpi_rules.item_percent(errors, deduction, objective)))
            progress_items[employee_id].append(
                (minutes, kpi_rules.item_percent(max(delays, int(late)), deduction, objective))
            )
        scores = {score.employee_id.id: score for score in self.score_ids}
        new_vals = []
        for employee in employees:
            rule_set = rule_sets[employee.id]
            days = work_days.get(employee.id, {})
            declared_days = declared.get(employee.id, {})
            expected_minutes = sum(days.values()) * 60
            a = kpi_rules.quantity_percent(approved[employee.id], expected_minutes)
            if not approved[employee.id]:
                b = c = 0.0
            elif rule_set.quality_base == "assigned":
                # Decree 335 Art. 14: against the work assigned; an overdue
                # assignment not done is assigned work done at 0 %
                base = kpi_rules.assigned_minutes(expected_minutes, assigned.get(employee.id, 0.0))
                b = kpi_rules.share_of_assigned(quality_items[employee.id], base)
                c = kpi_rules.share_of_assigned(progress_items[employee.id], base)
            else:
                progress = progress_items[employee.id]
                if overdue.get(employee.id):
                    progress = [
                        *progress,
                        (overdue[employee.id], kpi_rules.item_percent(1, rule_set.deduction_percent)),
                    ]
                b = kpi_rules.weighted_percent(quality_items[employee.id])
                c = kpi_rules.weighted_percent(progress)
            standard_hours = rule_set.standard_hours_per_day
            vals = {
                "rule_set_id": rule_set.id,
                "department_id": employee.department_id.id,
                "job_id": employee.job_id.id,
                "is_leader": employee.kpi_is_leader,
                "quantity_percent": round(a, 2),
                "quality_percent": round(b, 2),
                "progress_percent": round(c, 2),
                "approved_minutes": approved[employee.id],
                "expected_hours": sum(days.values()),
                "declared_hours": sum(declared_days.values()),
                "days_over_limit": sum(1 for hours in declared_days.values() if hours > standard_hours + 1e-6),
                "days_missing": sum(1 for day in days if day <= today and day not in declared_days),
            }
            if employee.id in scores:
                write_if_changed(scores[employee.id], vals)
            else:
                new_vals.append({**vals, "period_id": self.id, "employee_id": employee.id})
        self.env["kpi.score"].create(new_vals)
        self._compute_unit_results()
        self.write({"date_computed": fields.Datetime.now(), "needs_recompute": False})
        self.env["kpi.assessment"]._kpi_refresh_annual(self.score_ids.employee_id, self.date_from.year)

    def _managers_by_employee(self, scores):
        """{employee id: manager employee id} for the scored people: the manager
        set on the employee, else the head of the nearest unit above (the unit
        the score was taken in) who is not the person."""
        managers = {}
        for score in scores:
            employee = score.employee_id
            manager = employee.parent_id
            unit = score.department_id
            while not manager and unit:
                if unit.manager_id and unit.manager_id != employee:
                    manager = unit.manager_id
                unit = unit.parent_id
            if manager and manager != employee:
                managers[employee.id] = manager.id
        return managers

    def _compute_unit_results(self):
        """d for each leader: 100 when every person under the leader's
        management, down the whole hierarchy, reached at least "completed" in the
        period (people with no expected time left out), else 50. Leaders are
        settled from the bottom up, since a deputy's level depends on his own d;
        only the d that change are written. Returns the scores changed."""
        changed = self.env["kpi.score"].sudo()
        for period in self:
            scores = period.sudo().score_ids
            by_employee = {score.employee_id.id: score for score in scores}
            results = kpi_rules.unit_results(
                managers=period._managers_by_employee(scores),
                levels={employee_id: score.level for employee_id, score in by_employee.items()},
                leaders={score.employee_id.id for score in scores if score.is_leader},
                counted={score.employee_id.id for score in scores if score.expected_hours > 0},
                level_with=lambda employee_id, d, of=by_employee: of[employee_id]._kpi_level_with(d),
            )
            moved = {
                by_employee[e]: d for e, d in results.items() if abs(by_employee[e].unit_result_percent - d) > 1e-6
            }
            for d in (100.0, 50.0):
                scores.browse([score.id for score, value in moved.items() if value == d]).write(
                    {"unit_result_percent": d}
                )
            changed |= scores.browse([score.id for score in moved])
        return changed

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
            employees = period._kpi_employees().filtered("user_id")
            work_days = period._work_days(employees, date_to=yesterday)
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
                summary = self.env._(
                    "%(count)s working days without a work diary in %(period)s",
                    count=len(missing),
                    period=period.display_name,
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
