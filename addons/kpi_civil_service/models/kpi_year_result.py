from odoo import api, fields, models, tools
from odoo.tools import SQL

from .. import kpi_rules
from .hr_employee import STAFF_CATEGORIES
from .kpi_assessment import not_classified_reason
from .kpi_past_result import YEAR_LEVELS

TRENDS = [("up", "Up"), ("down", "Down"), ("same", "Same")]
# the columns an assessment and an imported result both give a person's year
PERSON_YEAR = (
    "employee_id",
    "company_id",
    "department_id",
    "task_group_id",
    "staff_category",
    "is_leader",
    "year",
    "total_score",
    "months_worked",
)


class KpiYearResult(models.Model):
    """Each person's decided result of each year: the assessments the product
    decided (notified ones included) and the years imported by the HR officer.
    One row per person and year; the history on the employee, the province's
    report and its analysis read it, and nothing else assembles these figures."""

    _name = "kpi.year.result"
    _description = "Annual Result"
    _auto = False
    _order = "year desc, company_id, employee_id"
    _rec_name = "employee_id"
    # what the view reads, flushed before it is queried
    _depends = {
        "kpi.assessment": [
            *PERSON_YEAR,
            "not_classified",
            "final_level",
            "state",
            "rule_set_id",
            "campaign_id",
            "periods_worked",
            "months_employed",
        ],
        "kpi.assessment.campaign": ["decision_number", "decision_date"],
        "kpi.past.result": [*PERSON_YEAR, "level", "decision_number", "decision_date", "active"],
        "res.company": ["kpi_rule_set_id"],
    }

    employee_id = fields.Many2one("hr.employee", readonly=True)
    company_id = fields.Many2one("res.company", string="Agency", readonly=True)
    department_id = fields.Many2one("hr.department", string="Unit", readonly=True)
    task_group_id = fields.Many2one("kpi.task.group", string="Group of Similar Tasks", readonly=True)
    staff_category = fields.Selection(STAFF_CATEGORIES, readonly=True)
    is_leader = fields.Boolean(string="Leader", readonly=True)
    year = fields.Integer(readonly=True)
    total_score = fields.Float(digits=(16, 2), readonly=True, aggregator="avg")
    level = fields.Selection(YEAR_LEVELS, readonly=True)
    months_worked = fields.Integer(readonly=True, aggregator="avg")
    # why a year of the product was not classified (its assessment's figures)
    periods_worked = fields.Integer(readonly=True, aggregator=None)
    months_employed = fields.Float(readonly=True, aggregator=None)
    decision_number = fields.Char(readonly=True)
    decision_date = fields.Date(readonly=True)
    is_imported = fields.Boolean(string="Imported", readonly=True)
    rule_set_id = fields.Many2one(
        "kpi.rule.set", readonly=True, help="The assessment's rule set; for an imported year, the agency's."
    )
    assessment_id = fields.Many2one("kpi.assessment", readonly=True)
    past_result_id = fields.Many2one("kpi.past.result", string="Imported Result", readonly=True)
    note = fields.Char(string="Reason Not Classified", compute="_compute_note")
    trend = fields.Selection(TRENDS, compute="_compute_trend", help="The total against the person's previous year.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT a.id * 2 AS id, a.employee_id, a.company_id, a.department_id, a.task_group_id,
                           a.staff_category, a.is_leader, a.year, a.total_score,
                           CASE WHEN a.not_classified THEN 'not_classified' ELSE a.final_level END AS level,
                           a.months_worked, a.periods_worked, a.months_employed,
                           c.decision_number, c.decision_date, FALSE AS is_imported,
                           a.rule_set_id, a.id AS assessment_id, NULL::integer AS past_result_id
                      FROM kpi_assessment a
                      LEFT JOIN kpi_assessment_campaign c ON c.id = a.campaign_id
                     WHERE a.state IN ('decided', 'notified')
                    UNION ALL
                    SELECT p.id * 2 + 1, p.employee_id, p.company_id, p.department_id, p.task_group_id,
                           p.staff_category, p.is_leader, p.year, p.total_score, p.level,
                           p.months_worked, NULL, NULL, p.decision_number, p.decision_date, TRUE,
                           rc.kpi_rule_set_id, NULL, p.id
                      FROM kpi_past_result p
                      JOIN res_company rc ON rc.id = p.company_id
                     WHERE p.active
                )
                """,
                table=SQL.identifier(self._table),
            )
        )

    @api.depends("level")
    @api.depends_context("lang")
    def _compute_note(self):
        said = {}  # the same reason is worded once (a province's list holds thousands)
        for result in self:
            if result.level != "not_classified":
                result.note = False
            elif result.is_imported:
                result.note = result.past_result_id.note
            else:
                key = (result.periods_worked > 0, result.months_employed, result.rule_set_id)
                if key not in said:
                    said[key] = not_classified_reason(self.env, *key)
                result.note = said[key]

    @api.depends("total_score", "year", "employee_id")
    def _compute_trend(self):
        previous = {}
        if self:
            earlier = self.search_fetch(
                [("employee_id", "in", self.employee_id.ids), ("year", "<", max(self.mapped("year")))],
                ["employee_id", "year", "total_score", "level"],
            )
            for result in earlier.filtered(lambda r: r.level != "not_classified"):
                previous[result.employee_id.id, result.year] = result.total_score
        for result in self:
            before = previous.get((result.employee_id.id, result.year - 1))
            if before is None or result.level == "not_classified":
                result.trend = False
            elif result.total_score > before:
                result.trend = "up"
            elif result.total_score < before:
                result.trend = "down"
            else:
                result.trend = "same"

    def _repeated_not_completed_years(self):
        """{result id: [years]}: the results of these rated not completed in as
        many consecutive years, up to theirs, as their rule set sets (imported
        years included); the others are left out."""
        failing = self.filtered(lambda r: r.level == "not_completed")
        if not failing:
            return {}
        groups = self.sudo()._read_group(
            [("employee_id", "in", failing.employee_id.ids), ("level", "=", "not_completed")],
            ["employee_id", "year"],
        )
        history = {}
        for employee, year in groups:
            history.setdefault(employee.id, set()).add(year)
        runs = {}
        for result in failing:
            # an imported year of an agency without a rule set: the law's default
            required = result.rule_set_id.streamlining_consecutive_years or kpi_rules.CONSECUTIVE_YEARS_NOT_COMPLETED
            run = kpi_rules.repeated_not_completed(history[result.employee_id.id], result.year, required)
            if run:
                runs[result.id] = run
        return runs

    def action_open_source(self):
        """The assessment or the imported result behind this line."""
        self.ensure_one()
        record = self.assessment_id or self.past_result_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
        }
