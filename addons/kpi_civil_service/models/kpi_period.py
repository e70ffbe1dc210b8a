import calendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .. import kpi_rules
from .utils import check_create_fields, written_fields

# What an HR officer sets on an open period; the state and the compute's
# marks change through the actions only.
SETTINGS_FIELDS = {"name", "period_type", "date_from", "date_to", "company_id", "rule_set_id"}


class KpiPeriod(models.Model):
    """A tracking period (kỳ đánh giá) of an agency: a month or a quarter.
    "Compute scores" scores every employee of the agency in one set-based pass;
    "Close" locks the period's diary lines and scores."""

    _name = "kpi.period"
    _inherit = ["mail.thread", "kpi.checked.write.mixin", "kpi.input.guard.mixin"]
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
        # a period starts open and uncomputed; the rest is the actions' (issue 11)
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

    def _check_hr_officer(self):
        if not self.env.su and not self.env.user.has_group("kpi_civil_service.group_kpi_hr_officer"):
            raise AccessError(self.env._("Only an HR officer can compute or close periods."))

    def action_compute_scores(self):
        """Computes the scores now, or, for more people than the inline limit
        (a province's month), queues a background job and opens it."""
        self._check_hr_officer()
        self.check_access("write")
        if self.filtered(lambda p: p.state == "closed"):
            raise UserError(self.env._("A closed period cannot be computed again."))
        if self._kpi_people_count() > self.env["kpi.job"]._inline_people_limit():
            return self.env["kpi.job"]._queue_compute(self)._queued_action()
        self.sudo()._compute_period_scores()
        return True

    def _kpi_people_count(self):
        """How many people the agencies of these periods have, all periods together."""
        return sum(self._kpi_people_counts().values())

    def _kpi_people_counts(self):
        """{period id: how many people its agency has}, in one query."""
        self.env["hr.employee"].flush_model(["company_id"])
        counts = dict(
            self.env.execute_query(
                SQL(
                    "SELECT p.id, COUNT(e.id) FROM kpi_period p LEFT JOIN hr_employee e ON e.company_id = p.company_id "
                    "WHERE p.id = ANY(%s) GROUP BY p.id",
                    self.ids,
                )
            )
        )
        return {period.id: counts.get(period.id, 0) for period in self}

    def action_close(self):
        self._check_hr_officer()
        self.check_access("write")
        self.filtered(lambda p: p.state == "open").sudo().write({"state": "closed"})
        return True

    def action_reopen(self, reason=None):
        if not self.env.user.has_group("kpi_civil_service.group_kpi_admin"):
            raise AccessError(self.env._("Only a KPI administrator can reopen a closed period."))
        if not reason:
            return self.env["kpi.reason.wizard"]._open_for(self, "reopen", self.env._("Reopen Period"))
        self.check_access("write")
        for period in self.filtered(lambda p: p.state == "closed"):
            period.sudo().state = "open"
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
        query whatever their number: the agency's employees employed on at least
        one of its days (archived ones too, when their contract dates say they
        worked in it), with what the compute needs of each (unit, job, calendar,
        manager, staff category, contract dates)."""
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
                 WHERE e.company_id = %s
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
        """Scores every person of these periods in one set-based pass per set of
        dates (the months of many agencies together): the diary and the
        assignments are read with a fixed number of queries whatever the number
        of people or agencies, the law's formulas run on plain values, and each
        period's new or moved scores are written in one statement
        (kpi.score._kpi_write_rows). What people entered (general score, đ, e)
        is kept."""
        for periods in self.grouped(lambda p: (p.date_from, p.date_to)).values():
            people = {period: period._kpi_people() for period in periods}
            everyone = self.env["hr.employee"].browse([key for period in periods for key in people[period]])
            first = periods[0]
            approved = defaultdict(list)
            for employee_id, *group in first._approved_line_groups(everyone):
                approved[employee_id].append(group)
            work = {
                "declared": self.env["kpi.diary.line"]._kpi_declared_days(everyone, first.date_from, first.date_to),
                "approved": approved,
                "overdue": first._overdue_assignment_minutes(everyone),
                "assigned": first._assignment_minutes(everyone),
            }
            for period in periods:
                period._kpi_score_people(people[period], work)

    def _kpi_score_people(self, people, work):
        """The scores of the period's people (_kpi_people) from the work read for
        them (declared days, approved line groups, overdue and assigned minutes)."""
        self.ensure_one()
        rule_sets = self.env["kpi.rule.set"]._by_category(
            {employee_id: person["category"] for employee_id, person in people.items()},
            self.company_id,
            self.date_to,
            self.rule_set_id,
        )
        today = fields.Date.context_today(self)
        work_days = self._work_days(people)
        expected_offsets = {}  # the days to declare, as offsets in the period, per (shared) set of days
        existing = self.env["kpi.score"]._kpi_read_rows(self)
        settings = {  # read once per rule set, not once per person
            rule_set: (rule_set.id, rule_set.deduction_percent, rule_set.quality_base, rule_set.standard_hours_per_day)
            for rule_set in set(rule_sets.values())
        }
        rows = {}
        for employee_id, person in people.items():
            rule_set_id, deduction, quality_base, standard_hours = settings[rule_sets[employee_id]]
            quality_items, progress_items, approved = [], [], 0.0
            for errors, delays, objective, late, minutes in work["approved"].get(employee_id, ()):
                minutes = float(minutes)
                approved += minutes
                quality_items.append((minutes, kpi_rules.item_percent(errors, deduction, objective)))
                progress_items.append((minutes, kpi_rules.item_percent(max(delays, int(late)), deduction, objective)))
            days = work_days.get(employee_id, {})
            expected_minutes = sum(days.values()) * 60
            a = kpi_rules.quantity_percent(approved, expected_minutes)
            if not approved:
                b = c = 0.0
            elif quality_base == "assigned":
                # Decree 335 Art. 14: against the work assigned; an overdue
                # assignment not done is assigned work done at 0 %
                base = kpi_rules.assigned_minutes(expected_minutes, work["assigned"].get(employee_id, 0.0))
                b = kpi_rules.share_of_assigned(quality_items, base)
                c = kpi_rules.share_of_assigned(progress_items, base)
            else:
                if work["overdue"].get(employee_id):
                    progress_items.append((work["overdue"][employee_id], kpi_rules.item_percent(1, deduction)))
                b = kpi_rules.weighted_percent(quality_items)
                c = kpi_rules.weighted_percent(progress_items)
            if id(days) not in expected_offsets:
                expected_offsets[id(days)] = (days, [(day - self.date_from).days for day in days if day <= today])
            declared_offsets, declared_hours = work["declared"].get(employee_id, ((), ()))
            declared_set = set(declared_offsets)
            entered = existing.get(employee_id, {})
            rows[employee_id] = {
                "employee_id": employee_id,
                "parent_id": person["parent_id"],
                "user_id": person["user_id"],
                "rule_set_id": rule_set_id,
                "department_id": person["department_id"],
                "job_id": person["job_id"],
                "is_leader": person["is_leader"],
                "quantity_percent": round(a, 2),
                "quality_percent": round(b, 2),
                "progress_percent": round(c, 2),
                "unit_result_percent": entered.get("unit_result_percent", 0.0),
                "organizing_percent": entered.get("organizing_percent", 0.0),
                "rallying_percent": entered.get("rallying_percent", 0.0),
                "general_score": entered.get("general_score", 0.0),
                "approved_minutes": approved,
                "expected_hours": sum(days.values()),
                "declared_hours": sum(declared_hours),
                "days_over_limit": sum(1 for hours in declared_hours if hours > standard_hours + 1e-6),
                "days_missing": sum(1 for day in expected_offsets[id(days)][1] if day not in declared_set),
            }
        # a score kept from an earlier compute (someone no longer employed in the
        # period) still counts for the leaders' d, as on every other settling
        rows.update({employee_id: dict(row) for employee_id, row in existing.items() if employee_id not in rows})
        self._kpi_settle(rows)
        self.env["kpi.score"]._kpi_write_rows(self, rows, existing)
        self.write({"date_computed": fields.Datetime.now(), "needs_recompute": False})
        # every scored person's annual figures, not only the moved ones: contract
        # dates or the rule set's minimum months may have changed since
        self.env["kpi.assessment"]._kpi_refresh_annual(self.env["hr.employee"].browse(list(rows)), self.date_from.year)

    def _kpi_managers(self, rows):
        """{employee id: manager employee id} of the scored people (rows of
        kpi.score._kpi_read_rows): the manager set on the employee, else the head of the
        nearest unit above (the unit the score was taken in) who is not the
        person. The agency's units are read in one query."""
        self.env["hr.department"].flush_model(["parent_id", "manager_id"])
        units = {
            unit_id: (parent_id, manager_id)
            for unit_id, parent_id, manager_id in self.env.execute_query(
                SQL(
                    "SELECT id, parent_id, manager_id FROM hr_department WHERE company_id = %s OR company_id IS NULL",
                    self.company_id.id,
                )
            )
        }
        managers = {}
        for employee_id, row in rows.items():
            manager = row["parent_id"]
            unit, seen = row["department_id"], set()
            while not manager and unit and unit not in seen:
                seen.add(unit)
                parent_id, head = units.get(unit, (None, None))
                if head and head != employee_id:
                    manager = head
                unit = parent_id
            if manager and manager != employee_id:
                managers[employee_id] = manager
        return managers

    def _kpi_settle(self, rows):
        """Gives the rows (of kpi.score._kpi_read_rows) their leaders' d and everyone's
        task score, total and level. d for each leader: 100 when every person
        under the leader's management, down the whole hierarchy, reached at
        least "completed" in the period (people with no expected time left
        out), else 50, settled from the bottom up since a deputy's level depends
        on his own d (kpi_rules.unit_results)."""
        params = {
            rule_set.id: rule_set._totals_params()
            for rule_set in self.env["kpi.rule.set"].browse({row["rule_set_id"] for row in rows.values()} - {None})
        }

        def totals(row, unit_result):
            if row["rule_set_id"] not in params:
                return 0.0, 0.0, False
            method, task_max, points, rounding, bands = params[row["rule_set_id"]]
            percents = (
                row["quantity_percent"],
                row["quality_percent"],
                row["progress_percent"],
                unit_result,
                row["organizing_percent"],
                row["rallying_percent"],
            )
            return kpi_rules.period_totals(
                method, row["is_leader"], percents, row["general_score"], task_max, points, rounding, bands
            )

        before = {employee_id: totals(row, row["unit_result_percent"]) for employee_id, row in rows.items()}
        results = kpi_rules.unit_results(
            managers=self._kpi_managers(rows),
            levels={employee_id: figures[2] for employee_id, figures in before.items()},
            leaders={employee_id for employee_id, row in rows.items() if row["is_leader"]},
            counted={employee_id for employee_id, row in rows.items() if row["expected_hours"] > 0},
            level_with=lambda employee_id, d: totals(rows[employee_id], d)[2],
        )
        for employee_id, d in results.items():
            rows[employee_id]["unit_result_percent"] = d
            before[employee_id] = totals(rows[employee_id], d)
        for employee_id, row in rows.items():
            row["task_score"], row["total_score"], row["level"] = before[employee_id]

    def _kpi_settle_unit_results(self):
        """After an entered part changed: the leaders' d, and the totals and
        levels that follow, settled again on the scores as they are. Returns the
        ids of the people whose score moved."""
        self.ensure_one()
        existing = self.env["kpi.score"]._kpi_read_rows(self)
        rows = {employee_id: dict(row) for employee_id, row in existing.items()}
        self._kpi_settle(rows)
        return self.env["kpi.score"]._kpi_write_rows(self, rows, existing)

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
