from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .kpi_classification_band import LEVEL_SELECTION
from .utils import number

# What people enter on a score; everything else is computed by the period.
ENTERED_FIELDS = {"general_score", "organizing_percent", "rallying_percent", "note"}


class KpiScore(models.Model):
    """An employee's KPI score for a period (month or quarter)."""

    _name = "kpi.score"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "Period KPI Score"
    _order = "period_id desc, department_id, employee_id"
    _check_company_auto = True

    period_id = fields.Many2one("kpi.period", required=True, ondelete="cascade", index=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True, index=True, string="User")
    company_id = fields.Many2one("res.company", related="period_id.company_id", store=True, index=True, string="Agency")
    department_id = fields.Many2one("hr.department", string="Unit", readonly=True, index=True)
    job_id = fields.Many2one("hr.job", string="Job Position", readonly=True)
    rule_set_id = fields.Many2one(
        "kpi.rule.set",
        readonly=True,
        help="The person's rule set in the period: the period's, or the one written for their staff category "
        "(public employees under Decree 233 in an agency of civil servants).",
    )
    scoring_method = fields.Selection(related="rule_set_id.scoring_method")
    date_from = fields.Date(related="period_id.date_from", store=True)
    is_leader = fields.Boolean(string="Leader", readonly=True)
    # computed by the period (a, b, c, d)
    quantity_percent = fields.Float(string="Quantity % (a)", readonly=True, digits=(16, 2), aggregator="avg")
    quality_percent = fields.Float(string="Quality % (b)", readonly=True, digits=(16, 2), aggregator="avg")
    progress_percent = fields.Float(string="Progress % (c)", readonly=True, digits=(16, 2), aggregator="avg")
    unit_result_percent = fields.Float(string="Unit Results % (d)", readonly=True, digits=(16, 2), aggregator="avg")
    # entered by the evaluator (đ, e) and the manager (general)
    organizing_percent = fields.Float(string="Organising Ability % (đ)", digits=(16, 2), aggregator="avg")
    rallying_percent = fields.Float(string="Rallying Ability % (e)", digits=(16, 2), aggregator="avg")
    general_score = fields.Float(
        digits=(16, 2),
        aggregator="avg",
        help="Entered by the unit head (the shaded column with a pencil), up to the rule set's maximum.",
    )
    # written by the period's compute and after an entered part changes (kpi_rules.period_totals)
    task_score = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    total_score = fields.Float(readonly=True, digits=(16, 2), aggregator="avg")
    level = fields.Selection(
        LEVEL_SELECTION,
        readonly=True,
        index=True,
        help="Green: excellent or good. A red row: the period is not completed.",
    )
    approved_minutes = fields.Float(string="Approved Converted Minutes", readonly=True, digits=(16, 2))
    expected_hours = fields.Float(readonly=True, digits=(16, 2))
    declared_hours = fields.Float(readonly=True, digits=(16, 2))
    days_over_limit = fields.Integer(
        string="Days over the Standard Hours",
        readonly=True,
        help="Orange when there are: days with more hours declared than the standard day.",
    )
    days_missing = fields.Integer(
        string="Days without Declaration",
        readonly=True,
        help="Orange when there are: working days of the period without any diary line.",
    )
    general_max = fields.Float(related="rule_set_id.period_general_max", string="General Maximum")
    note = fields.Text(string="Comment")

    _employee_period_unique = models.Constraint(
        "UNIQUE(employee_id, period_id)", "An employee has one score per period."
    )

    @api.depends("employee_id.name", "period_id.display_name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The person and the period ("Trần Thị Bình – Tháng 10/2026"), in
        breadcrumbs and links."""
        for score in self:
            score.display_name = f"{score.employee_id.name} – {score.period_id.display_name}"

    @api.constrains("general_score", "organizing_percent", "rallying_percent")
    def _check_entered_ranges(self):
        for score in self:
            maximum = score.rule_set_id.period_general_max
            if not 0 <= score.general_score <= maximum:
                raise ValidationError(
                    self.env._(
                        "The general score of %(employee)s must be between 0 and %(max)s (%(value)s).",
                        employee=score.employee_id.name,
                        max=number(self.env, maximum),
                        value=number(self.env, score.general_score),
                    )
                )
            for value in (score.organizing_percent, score.rallying_percent):
                if not 0 <= value <= 100:
                    raise ValidationError(self.env._("Abilities đ and e are percentages between 0 and 100."))

    def write(self, vals):
        if not self.env.su:
            if set(vals) - ENTERED_FIELDS:
                raise AccessError(self.env._("Scores are computed by the period; only the entered parts can change."))
            self._check_can_evaluate()
        result = super().write(vals)
        if set(vals) & ENTERED_FIELDS - {"note"}:
            self.env["kpi.scoring"]._entered_parts_changed(self)
        return result

    @api.model_create_multi
    def create(self, vals_list):
        # the compute gives each person's rule set; otherwise it is the period's
        periods = self.env["kpi.period"].browse({vals["period_id"] for vals in vals_list if vals.get("period_id")})
        rule_set_of = {period.id: period.rule_set_id.id for period in periods}
        for vals in vals_list:
            if not vals.get("rule_set_id") and vals.get("period_id"):
                vals["rule_set_id"] = rule_set_of[vals["period_id"]]
        return super().create(vals_list)

    def _check_company(self, fnames=None):
        """The scores of a period are created by thousands: check in one query
        (not one per score, as the generic check does) that each person belongs
        to the period's agency."""
        if fnames is not None and not {"employee_id", "period_id", "company_id"} & set(fnames):
            return
        self.flush_recordset(["employee_id", "period_id"])
        wrong = self.env.execute_query(
            SQL(
                """
                SELECT e.name FROM kpi_score s
                  JOIN kpi_period p ON p.id = s.period_id
                  JOIN hr_employee e ON e.id = s.employee_id
                 WHERE s.id = ANY(%s) AND e.company_id IS NOT NULL AND e.company_id != p.company_id
                 LIMIT 1
                """,
                self.ids,
            )
        )
        if wrong:
            raise UserError(self.env._("%s does not belong to the agency of the period.", wrong[0][0]))

    def _check_can_evaluate(self):
        if self.period_id.filtered(lambda p: p.state == "closed"):
            raise UserError(self.env._("The period is closed: its scores can no longer change."))
        if self.env.user.has_group("kpi_civil_service.group_kpi_admin"):
            return
        if any(score.employee_id.user_id == self.env.user for score in self):
            raise AccessError(self.env._("Nobody scores themselves."))
        if self.employee_id - self.employee_id._kpi_managed_by_user():
            raise AccessError(self.env._("Only the direct manager scores an employee."))

    def action_full_general_marks(self):
        """Full general marks for the selected people who had no issue in the
        period (no day without declaration, no day over the standard hours);
        what was already entered for the others stays."""
        self._check_can_evaluate()
        clean = self.filtered(lambda s: not s.days_missing and not s.days_over_limit)
        for rule_set, scores in clean.grouped("rule_set_id").items():
            scores.write({"general_score": rule_set.period_general_max})
        skipped = len(self) - len(clean)
        message = self.env._("Full general marks given to %s people.", len(clean))
        if skipped:
            message += " " + self.env._("%s people with missing or over-long days were left for review.", skipped)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
