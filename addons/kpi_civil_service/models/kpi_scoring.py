from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .. import kpi_rules
from .kpi_assessment import LOCKED_STATES
from .kpi_score import ENTERED_FIELDS
from .utils import column_arrays, normalized_values

# The columns a period's compute reads and writes in one statement, with their
# kind (utils.COLUMN_KINDS): a many2one id, an integer, a boolean, a selection or a number.
ROW_COLUMNS = {
    "employee_id": "id",
    "user_id": "id",
    "rule_set_id": "id",
    "department_id": "id",
    "job_id": "id",
    "is_leader": "bool",
    "quantity_percent": "numeric",
    "quality_percent": "numeric",
    "progress_percent": "numeric",
    "unit_result_percent": "numeric",
    "organizing_percent": "numeric",
    "rallying_percent": "numeric",
    "general_score": "numeric",
    "task_score": "numeric",
    "total_score": "numeric",
    "level": "varchar",
    "approved_minutes": "numeric",
    "expected_hours": "numeric",
    "declared_hours": "numeric",
    "days_over_limit": "int4",
    "days_missing": "int4",
}


def normalized_rows(rows):
    """[(employee id, (the values of ROW_COLUMNS, normalized))] of some rows (dicts)."""
    values = normalized_values(ROW_COLUMNS, rows)
    return [(row_values[0], row_values) for row_values in values]


# What the engine writes on an annual assessment, with its kind (utils.COLUMN_KINDS);
# the means are kept unrounded, the annual total is rounded once from them.
ANNUAL_COLUMNS = {
    "periods_worked": "int4",
    "months_worked": "int4",
    "months_employed": "numeric",
    "period_general_mean": "float8",
    "period_task_mean": "float8",
    "not_classified": "bool",
    "general_score": "numeric",
    "task_score": "numeric",
    "total_score": "numeric",
    "computed_level": "varchar",
    "breakthrough_unfulfilled": "bool",
}
ANNUAL_ROW = {"id": "id", **ANNUAL_COLUMNS}
LINE_ROW = {"id": "id", "self_score": "numeric", "manager_score": "numeric", "final_score": "numeric"}


class KpiScoring(models.AbstractModel):
    """The scoring engine: the one place where a stored number is assembled,
    the period scores (_score_periods, _entered_parts_changed) and the annual
    figures (_refresh_annual). It reads the raw facts of many people in a
    fixed number of queries, computes each number with the plain functions of
    kpi_rules.py and writes what moved in one statement per table
    (docs/rules.md, "The scoring engine").

    Its promise, for the SQL that goes around the ORM here: it writes exactly
    what the ORM would store (values normalized to the fields' digits), it
    invalidates the ORM's cache of what it wrote, and it writes no chatter
    (the figures follow the periods all year; the steps, the decision and the
    points entered are what the chatter keeps). Whoever changes a fact the
    numbers follow calls it: the period compute, an entered part of a period
    score, a point of a yearly criterion, an override, a breakthrough task's
    step, the campaign, a reopening, the rule set and its bands."""

    _name = "kpi.scoring"
    _description = "KPI Scoring Engine"

    @api.model
    def _refresh_annual_of(self, employee_ids, years):
        """The annual figures of these people (ids) for these years, while their assessments are open."""
        years = [years] if isinstance(years, int) else list(years)
        self._refresh_annual(
            self.env["kpi.assessment"]
            .sudo()
            .search(
                [("employee_id", "in", list(employee_ids)), ("year", "in", years), ("state", "not in", LOCKED_STATES)]
            )
        )

    @api.model
    def _refresh_annual(self, assessments):
        """Recomputes the annual figures of these assessments that are not
        frozen (decided ones keep the figures they were decided on), and the
        points of their breakthrough criterion. See docs/rules.md, "Annual
        figures" and "Breakthrough tasks"."""
        self = self.sudo()  # the engine runs as the system; its callers check the rights
        assessments = assessments.sudo()
        if not assessments:
            return
        for model, names in (
            ("kpi.assessment", None),
            ("kpi.assessment.line", None),
            ("kpi.score", ["employee_id", "period_id", "date_from", "expected_hours", "general_score", "task_score"]),
            ("kpi.breakthrough.task", ["employee_id", "year", "state", "result"]),
            ("kpi.period", ["period_type"]),
            ("kpi.criterion", ["section", "max_points"]),
            ("kpi.rule.set", ["breakthrough_criterion_id"]),
            ("hr.job", ["kpi_position_type"]),
        ):
            self.env[model].flush_model(names)
        stored = self.env.execute_query_dict(
            SQL(
                """
                SELECT a.id, a.employee_id, a.year, a.rule_set_id, a.is_leader, j.kpi_position_type,
                       COALESCE(a.disciplined, FALSE) OR COALESCE(a.degraded, FALSE)
                       OR (COALESCE(a.unit_violation, FALSE) AND COALESCE(a.is_leader, FALSE)) AS overridden, %s
                  FROM kpi_assessment a
             LEFT JOIN hr_job j ON j.id = a.job_id
                 WHERE a.id = ANY(%s) AND a.state NOT IN %s
                """,
                SQL(", ").join(SQL.identifier("a", column) for column in ANNUAL_COLUMNS),
                assessments.ids,
                LOCKED_STATES,
            )
        )
        if not stored:
            return
        lines = self._annual_lines([row["id"] for row in stored])
        periods = self._annual_periods(stored)
        tasks = self._breakthrough_results(stored)
        employment = self.env["hr.employee"].browse({row["employee_id"] for row in stored})._kpi_employment_intervals()
        params = {
            rule_set.id: rule_set._annual_params()
            for rule_set in self.env["kpi.rule.set"].sudo().browse({row["rule_set_id"] for row in stored})
        }
        fresh, line_points = [], []
        for row in stored:
            rule_set = params[row["rule_set_id"]]
            own_lines = lines.get(row["id"], [])
            breakthrough_line = next((line for line in own_lines if line["is_breakthrough"]), None)
            breakthrough = None
            if kpi_rules.must_register_breakthrough(
                rule_set["breakthrough_required"], row["is_leader"], row["kpi_position_type"]
            ):
                breakthrough = (
                    tasks.get((row["employee_id"], row["year"]), []),
                    rule_set["breakthrough_min_count"],
                    rule_set["breakthrough_partly_percent"],
                    (breakthrough_line["max_points"], breakthrough_line["is_general"]) if breakthrough_line else None,
                    rule_set["breakthrough_cap_level"],
                )
            figures = kpi_rules.annual_figures(
                periods.get((row["employee_id"], row["year"]), (0, 0, 0.0, 0.0)),
                employment.get(row["employee_id"]),
                row["year"],
                rule_set["min_months"],
                [
                    (line["is_general"], line["final_score"])
                    for line in own_lines
                    if not (line["is_breakthrough"] and breakthrough is not None)
                ],
                row["overridden"],
                rule_set["rounding"],
                rule_set["bands"],
                breakthrough,
            )
            points = figures.pop("breakthrough_points")
            if points is not None and breakthrough_line:
                line_points.append(
                    {
                        "id": breakthrough_line["id"],
                        "self_score": points,
                        "manager_score": points,
                        "final_score": points,
                    }
                )
            fresh.append({"id": row["id"], **figures})
        self._write_moved("kpi.assessment", ANNUAL_ROW, fresh, stored)
        self._write_moved(
            "kpi.assessment.line", LINE_ROW, line_points, [line for own in lines.values() for line in own]
        )

    def _annual_lines(self, assessment_ids):
        """{assessment id: [its yearly criteria lines as dicts]} in one query."""
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT l.id, l.assessment_id, COALESCE(l.self_score, 0) AS self_score,
                       COALESCE(l.manager_score, 0) AS manager_score, COALESCE(l.final_score, 0) AS final_score,
                       COALESCE(c.section = 'general', FALSE) AS is_general, c.max_points,
                       COALESCE(r.breakthrough_criterion_id = c.id, FALSE) AS is_breakthrough
                  FROM kpi_assessment_line l
                  JOIN kpi_assessment a ON a.id = l.assessment_id
                  JOIN kpi_criterion c ON c.id = l.criterion_id
             LEFT JOIN kpi_rule_set r ON r.id = a.rule_set_id
                 WHERE l.assessment_id = ANY(%s)
                """,
                assessment_ids,
            )
        )
        lines = {}
        for row in rows:
            lines.setdefault(row["assessment_id"], []).append(row)
        return lines

    def _annual_periods(self, stored):
        """{(employee id, year): kpi_rules.period_sums of the period scores
        with expected working time}, added up by the database in one query."""
        years = {row["year"] for row in stored}
        return {
            (employee_id, year): (count, months, float(general or 0.0), float(task or 0.0))
            for employee_id, year, count, months, general, task in self.env.execute_query(
                SQL(
                    """
                    SELECT s.employee_id, EXTRACT(YEAR FROM s.date_from)::int, COUNT(*),
                           SUM(CASE p.period_type WHEN 'quarter' THEN 3 ELSE 1 END),
                           SUM(s.general_score), SUM(s.task_score)
                      FROM kpi_score s JOIN kpi_period p ON p.id = s.period_id
                     WHERE s.employee_id = ANY(%s) AND s.date_from BETWEEN %s AND %s AND s.expected_hours > 0
                  GROUP BY 1, 2
                    """,
                    list({row["employee_id"] for row in stored}),
                    f"{min(years)}-01-01",
                    f"{max(years)}-12-31",
                )
            )
        }

    def _breakthrough_results(self, stored):
        """{(employee id, year): [result of each task]} of the approved
        breakthrough tasks: the confirmed result, or "not_done" while it waits
        for confirmation. One entry per task, so two tasks with the same result
        count twice."""
        results = {}
        for employee_id, year, state, result in self.env.execute_query(
            SQL(
                """
                SELECT employee_id, year, state, result FROM kpi_breakthrough_task
                 WHERE employee_id = ANY(%s) AND year = ANY(%s) AND state IN ('approved', 'evaluated')
                 ORDER BY id
                """,
                list({row["employee_id"] for row in stored}),
                list({row["year"] for row in stored}),
            )
        ):
            results.setdefault((employee_id, year), []).append(result if state == "evaluated" else "not_done")
        return results

    def _write_moved(self, model, columns, fresh, stored):
        """Writes in one statement the rows of `fresh` whose `columns` differ
        from `stored`, as the ORM would store them, and invalidates the cache."""
        moved = set(normalized_values(columns, fresh)) - set(normalized_values(columns, stored))
        if not moved:
            return
        names = [column for column in columns if column != "id"]
        self.env.execute_query(
            SQL(
                """
                UPDATE %(table)s r SET write_uid = %(uid)s, write_date = %(now)s, %(updates)s
                  FROM unnest(%(arrays)s) AS t(%(columns)s)
                 WHERE r.id = t.id
                """,
                table=SQL.identifier(self.env[model]._table),
                uid=self.env.uid,
                now=fields.Datetime.now(),
                updates=SQL(", ").join(SQL("%s = t.%s", SQL.identifier(name), SQL.identifier(name)) for name in names),
                arrays=column_arrays(columns, sorted(moved)),
                columns=SQL(", ").join(SQL.identifier(column) for column in columns),
            )
        )
        self.env[model].invalidate_model([*names, "write_uid", "write_date"])

    # ------------------------------------------------------------ period scores

    def _approved_line_groups(self, period, employees):
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
                period.date_from,
                period.date_to,
            )
        )

    def _planned_minutes(self, period, employees, domain):
        """Planned converted minutes of some assignments (not cancelled, given by
        the end of the period), per employee."""
        groups = self.env["kpi.assignment"]._read_group(
            Domain("employee_id", "in", employees.ids)
            & Domain("state", "!=", "cancelled")
            & Domain("date_assigned", "<=", period.date_to)
            & Domain(domain),
            ["employee_id"],
            ["planned_minutes:sum"],
        )
        return {employee.id: minutes for employee, minutes in groups}

    def _overdue_assignment_minutes(self, period, employees):
        """Of the assignments overdue and not done at the end of the period."""
        not_done = Domain("date_done", "=", False) | Domain("date_done", ">", period.date_to)
        return self._planned_minutes(period, employees, Domain("date_deadline", "<", period.date_to) & not_done)

    def _assignment_minutes(self, period, employees):
        """Of the work assigned for the period: the assignments due in it, and
        those due earlier that were still not done when it began."""
        open_at_start = Domain("date_done", "=", False) | Domain("date_done", ">=", period.date_from)
        return self._planned_minutes(
            period,
            employees,
            Domain("date_deadline", "<=", period.date_to)
            & (Domain("date_deadline", ">=", period.date_from) | open_at_start),
        )

    @api.model
    def _score_periods(self, periods):
        """Scores every person of these periods in one set-based pass per set of
        dates (the months of many agencies together): the diary and the
        assignments are read with a fixed number of queries whatever the number
        of people or agencies, the law's formulas run on plain values, and each
        period's new or moved scores are written in one statement
        (_write_scores). What people entered (general score, đ, e) is kept.
        Then the annual figures of everyone scored follow."""
        self = self.sudo()  # the engine runs as the system; its callers check the rights
        for batch in periods.sudo().grouped(lambda p: (p.date_from, p.date_to)).values():
            people = {period: period._kpi_people() for period in batch}
            everyone = self.env["hr.employee"].browse([key for period in batch for key in people[period]])
            first = batch[0]
            approved = defaultdict(list)
            for employee_id, *group in self._approved_line_groups(first, everyone):
                approved[employee_id].append(group)
            work = {
                "declared": self.env["kpi.diary.line"]._kpi_declared_days(everyone, first.date_from, first.date_to),
                "approved": approved,
                "overdue": self._overdue_assignment_minutes(first, everyone),
                "assigned": self._assignment_minutes(first, everyone),
            }
            for period in batch:
                self._score_people(period, people[period], work)

    def _score_people(self, period, people, work):
        """The scores of the period's people (_kpi_people) from the work read for
        them (declared days, approved line groups, overdue and assigned minutes)."""
        rule_sets = self.env["kpi.rule.set"]._by_category(
            {employee_id: person["category"] for employee_id, person in people.items()},
            period.company_id,
            period.date_to,
            period.rule_set_id,
        )
        today = fields.Date.context_today(period)
        work_days = period._work_days(people)
        expected_offsets = {}  # the days to declare, as offsets in the period, per (shared) set of days
        existing = self._read_scores(period)
        settings = {  # read once per rule set, not once per person
            rule_set: (rule_set.id, rule_set.deduction_percent, rule_set.quality_base, rule_set.standard_hours_per_day)
            for rule_set in set(rule_sets.values())
        }
        rows = {}
        for employee_id, person in people.items():
            rule_set_id, deduction, quality_base, standard_hours = settings[rule_sets[employee_id]]
            groups = work["approved"].get(employee_id, ())
            days = work_days.get(employee_id, {})
            a, b, c = kpi_rules.period_percents(
                groups,
                sum(days.values()) * 60,
                deduction,
                quality_base,
                work["assigned"].get(employee_id, 0.0),
                work["overdue"].get(employee_id, 0.0),
            )
            if id(days) not in expected_offsets:
                expected_offsets[id(days)] = (days, [(day - period.date_from).days for day in days if day <= today])
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
                "quantity_percent": a,
                "quality_percent": b,
                "progress_percent": c,
                "unit_result_percent": entered.get("unit_result_percent", 0.0),
                "organizing_percent": entered.get("organizing_percent", 0.0),
                "rallying_percent": entered.get("rallying_percent", 0.0),
                "general_score": entered.get("general_score", 0.0),
                "approved_minutes": sum(float(group[-1]) for group in groups),
                "expected_hours": sum(days.values()),
                "declared_hours": sum(declared_hours),
                "days_over_limit": sum(1 for hours in declared_hours if hours > standard_hours + 1e-6),
                "days_missing": sum(1 for day in expected_offsets[id(days)][1] if day not in declared_set),
            }
        # a score kept from an earlier compute (someone no longer employed in the
        # period) still counts for the leaders' d, as on every other settling
        rows.update({employee_id: dict(row) for employee_id, row in existing.items() if employee_id not in rows})
        self._settle(period, rows)
        self._write_scores(period, rows, existing)
        period.sudo().write({"date_computed": fields.Datetime.now(), "needs_recompute": False})
        # every scored person's annual figures, not only the moved ones: contract
        # dates or the rule set's minimum months may have changed since
        self._refresh_annual_of(list(rows), period.date_from.year)

    def _managers(self, period, rows):
        """{employee id: manager employee id} of the scored people (rows of
        _read_scores): the manager set on the employee, else the head of the
        nearest unit above (the unit the score was taken in) who is not the
        person. The agency's units are read in one query."""
        self.env["hr.department"].flush_model(["parent_id", "manager_id"])
        units = {
            unit_id: (parent_id, manager_id)
            for unit_id, parent_id, manager_id in self.env.execute_query(
                SQL(
                    "SELECT id, parent_id, manager_id FROM hr_department WHERE company_id = %s OR company_id IS NULL",
                    period.company_id.id,
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

    def _settle(self, period, rows):
        """Gives the rows (of _read_scores) their leaders' d and everyone's
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
            managers=self._managers(period, rows),
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

    def _settle_period(self, period):
        """After an entered part changed: the leaders' d, and the totals and
        levels that follow, settled again on the scores as they are. Returns the
        ids of the people whose score moved."""
        self = self.sudo()  # the engine runs as the system; its callers check the rights
        existing = self._read_scores(period)
        rows = {employee_id: dict(row) for employee_id, row in existing.items()}
        self._settle(period, rows)
        return self._write_scores(period, rows, existing)

    @api.model
    def _read_scores(self, period):
        """{employee id: the ROW_COLUMNS of the score and the person's manager
        (parent_id)} of a period's scores, in one query."""
        self.env["kpi.score"].flush_model()
        self.env["hr.employee"].flush_model(["parent_id"])
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT %s, e.parent_id FROM kpi_score s JOIN hr_employee e ON e.id = s.employee_id "
                "WHERE s.period_id = %s",
                SQL(", ").join(SQL.identifier("s", column) for column in ROW_COLUMNS),
                period.id,
            )
        )
        for row, (_employee_id, values) in zip(rows, normalized_rows(rows), strict=True):
            row.update(zip(ROW_COLUMNS, values, strict=True))
            row["_values"] = values
        return {row["employee_id"]: row for row in rows}

    @api.model
    def _write_scores(self, period, rows, existing):
        """Writes in one statement the scores of `rows` that are new or differ
        from `existing` (most of a recompute finds the same numbers), and returns
        the ids of their people. The values are those the ORM would store (the
        totals come from kpi_rules.period_totals), and the
        ORM's cache is invalidated after; what people entered is never
        overwritten. Going around the ORM is what keeps the compute of a
        province (30,000 people) in seconds."""
        todo = [
            values
            for employee_id, values in normalized_rows(list(rows.values()))
            if employee_id not in existing or existing[employee_id]["_values"] != values
        ]
        if not todo:
            return []
        now = fields.Datetime.now()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO kpi_score (period_id, company_id, date_from, create_uid, write_uid, create_date,
                                       write_date, %(columns)s)
                SELECT %(period)s, %(company)s, %(date_from)s, %(uid)s, %(uid)s, %(now)s, %(now)s, t.*
                  FROM unnest(%(arrays)s) AS t(%(columns)s)
                    ON CONFLICT (employee_id, period_id) DO UPDATE
                   SET write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date, %(updates)s
                """,
                columns=SQL(", ").join(SQL.identifier(column) for column in ROW_COLUMNS),
                period=period.id,
                company=period.company_id.id,
                date_from=period.date_from,
                uid=self.env.uid,
                now=now,
                arrays=column_arrays(ROW_COLUMNS, todo),
                updates=SQL(", ").join(
                    SQL("%s = EXCLUDED.%s", SQL.identifier(column), SQL.identifier(column))
                    for column in ROW_COLUMNS
                    if column not in ENTERED_FIELDS and column != "employee_id"
                ),
            )
        )
        self.env["kpi.score"].invalidate_model()
        period.invalidate_recordset(["score_ids"])
        return [values[0] for values in todo]

    @api.model
    def _entered_parts_changed(self, scores):
        """A general score, đ or e changed: the leaders' d above follow, and so
        do the annual figures of everyone whose score moved; the period shows
        uncomputed changes (docs/rules.md, "Period total")."""
        self = self.sudo()  # the engine runs as the system; its callers check the rights
        periods = scores.period_id.sudo()
        periods.filtered("date_computed").needs_recompute = True
        for period in periods:
            moved = self._settle_period(period)
            people = scores.filtered(lambda s, p=period: s.period_id == p).employee_id
            self._refresh_annual_of(people.ids + moved, period.date_from.year)
