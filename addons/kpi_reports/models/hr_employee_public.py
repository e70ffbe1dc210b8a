from odoo import api, fields, models

from .hr_employee import MANAGER, assign_kpi_counts, assign_kpi_years


class HrEmployeePublic(models.Model):
    """The same buttons on the public profile, which is the employee form of the
    managers without HR rights (most direct managers)."""

    _inherit = "hr.employee.public"

    kpi_diary_month_count = fields.Integer(
        string="Diary Lines This Month", compute="_compute_kpi_counts", groups=MANAGER
    )
    kpi_score_count = fields.Integer(string="KPI Scores", compute="_compute_kpi_counts", groups=MANAGER)
    kpi_assessment_count = fields.Integer(string="Annual Assessments", compute="_compute_kpi_counts", groups=MANAGER)
    kpi_year_result_ids = fields.Many2many(
        "kpi.year.result", string="KPI Years", compute="_compute_kpi_years", groups=MANAGER
    )
    kpi_breakthrough_task_ids = fields.Many2many(
        "kpi.breakthrough.task", string="Breakthrough Tasks", compute="_compute_kpi_years", groups=MANAGER
    )
    kpi_score_ids = fields.Many2many("kpi.score", string="Period Scores", compute="_compute_kpi_years", groups=MANAGER)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kpi_counts(self):
        assign_kpi_counts(self)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kpi_years(self):
        assign_kpi_years(self)

    def _kpi_employee(self):
        self.ensure_one()
        return self.env["hr.employee"].browse(self.id)

    def action_kpi_open_diary(self):
        return self._kpi_employee().action_kpi_open_diary()

    def action_kpi_open_scores(self):
        return self._kpi_employee().action_kpi_open_scores()

    def action_kpi_open_assessments(self):
        return self._kpi_employee().action_kpi_open_assessments()

    def action_kpi_print_years(self):
        return self._kpi_employee().action_kpi_print_years()
