from odoo import api, fields, models

from .hr_employee import MANAGER, assign_kpi_counts


class HrEmployeePublic(models.Model):
    """The same buttons on the public profile, which is the employee form of the
    managers without HR rights (most direct managers)."""

    _inherit = "hr.employee.public"

    kpi_diary_month_count = fields.Integer(
        string="Diary Lines This Month", compute="_compute_kpi_counts", groups=MANAGER
    )
    kpi_score_count = fields.Integer(string="KPI Scores", compute="_compute_kpi_counts", groups=MANAGER)
    kpi_assessment_count = fields.Integer(string="Annual Assessments", compute="_compute_kpi_counts", groups=MANAGER)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kpi_counts(self):
        assign_kpi_counts(self)

    def _kpi_employee(self):
        self.ensure_one()
        return self.env["hr.employee"].browse(self.id)

    def action_kpi_open_diary(self):
        return self._kpi_employee().action_kpi_open_diary()

    def action_kpi_open_scores(self):
        return self._kpi_employee().action_kpi_open_scores()

    def action_kpi_open_assessments(self):
        return self._kpi_employee().action_kpi_open_assessments()
