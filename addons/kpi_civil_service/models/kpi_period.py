import calendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import kpi_rules


def _depth(employee):
    """How many managers stand above an employee (a cycle stops the count)."""
    seen = set()
    while employee.parent_id and employee.id not in seen:
        seen.add(employee.id)
        employee = employee.parent_id
    return len(seen)


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
        return self.env["hr.employee"].search([("company_id", "=", self.company_id.id)])

    def _localized_bounds(self, date_to=None):
        """The period as aware datetimes in the agency's time zone."""
        tz = pytz.timezone(self.company_id.resource_calendar_id.tz or self.env.user.tz or "Asia/Ho_Chi_Minh")
        start = tz.localize(datetime.combine(self.date_from, time.min))
        end = tz.localize(datetime.combine(date_to or self.date_to, time.max))
        return start, end

    def _work_days(self, employees, date_to=None):
        """{employee_id: {day: hours}} of working time from each employee's
        resource calendar: public holidays and (with hr_holidays) approved leave
        are resource leaves and do not count."""
        start, end = self._localized_bounds(date_to)
        per_employee = employees._list_work_time_per_day(start, end)
        return {employee_id: dict(days) for employee_id, days in per_employee.items()}

    def _approved_line_groups(self, employees):
        """Approved converted minutes per employee, split by what affects b and c."""
        return self.env["kpi.diary.line"]._read_group(
            [
                ("employee_id", "in", employees.ids),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
                ("state", "=", "approved"),
            ],
            ["employee_id", "error_count", "delay_count", "objective_cause", "assignment_id.is_late"],
            ["converted_minutes:sum"],
        )

    def _overdue_assignment_minutes(self, employees):
        """Planned converted minutes of assignments overdue and not done at the
        end of the period, per employee."""
        groups = self.env["kpi.assignment"]._read_group(
            [
                ("employee_id", "in", employees.ids),
                ("state", "!=", "cancelled"),
                ("date_assigned", "<=", self.date_to),
                ("date_deadline", "<", self.date_to),
                "|",
                ("date_done", "=", False),
                ("date_done", ">", self.date_to),
            ],
            ["employee_id"],
            ["planned_minutes:sum"],
        )
        return {employee.id: minutes for employee, minutes in groups}

    def _compute_period_scores(self):
        self.ensure_one()
        rule_set = self.rule_set_id
        employees = self._kpi_employees()
        today = fields.Date.context_today(self)
        work_days = self._work_days(employees)
        declared = self.env["kpi.diary.line"]._kpi_hours_by_employee_day(employees, self.date_from, self.date_to)
        overdue = self._overdue_assignment_minutes(employees)
        quality_items = defaultdict(list)
        progress_items = defaultdict(list)
        approved = defaultdict(float)
        for employee, errors, delays, objective, late, minutes in self._approved_line_groups(employees):
            approved[employee.id] += minutes
            quality_items[employee.id].append(
                (minutes, kpi_rules.item_percent(errors, rule_set.deduction_percent, objective))
            )
            progress_items[employee.id].append(
                (minutes, kpi_rules.item_percent(max(delays, int(late)), rule_set.deduction_percent, objective))
            )
        scores = {score.employee_id.id: score for score in self.score_ids}
        standard_hours = rule_set.standard_hours_per_day
        new_vals = []
        for employee in employees:
            days = work_days.get(employee.id, {})
            declared_days = declared.get(employee.id, {})
            if approved[employee.id]:
                progress = progress_items[employee.id]
                if overdue.get(employee.id):
                    progress = [
                        *progress,
                        (overdue[employee.id], kpi_rules.item_percent(1, rule_set.deduction_percent)),
                    ]
                a = kpi_rules.quantity_percent(approved[employee.id], sum(days.values()) * 60)
                b = kpi_rules.weighted_percent(quality_items[employee.id])
                c = kpi_rules.weighted_percent(progress)
            else:
                a = b = c = 0.0
            vals = {
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
                scores[employee.id].write(vals)
            else:
                new_vals.append({**vals, "period_id": self.id, "employee_id": employee.id})
        self.env["kpi.score"].create(new_vals)
        self._compute_unit_results()
        self.date_computed = fields.Datetime.now()

    def _compute_unit_results(self):
        """d for each leader: 100 when every direct subordinate reached at least
        "completed" in the period, else 50. Leaders deeper in the hierarchy are
        settled first, since a deputy's level depends on his own d."""
        for period in self:
            subordinates = defaultdict(list)
            for score in period.score_ids:
                manager = score.employee_id.parent_id
                if manager and manager != score.employee_id:
                    subordinates[manager.id].append(score)
            leaders = period.score_ids.filtered("is_leader")
            for leader in sorted(leaders, key=lambda score: _depth(score.employee_id), reverse=True):
                levels = [sub.level for sub in subordinates[leader.employee_id.id]]
                leader.unit_result_percent = kpi_rules.unit_result_percent(levels)

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
