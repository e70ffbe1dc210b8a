from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    kpi_managed_department_ids = fields.Many2many(
        "hr.department",
        string="Units Managed",
        compute="_compute_kpi_managed_department_ids",
        compute_sudo=True,
        help="The units whose manager is one of the user's employees (used by the KPI record rules).",
    )

    def _compute_kpi_managed_department_ids(self):
        departments = self.env["hr.department"].search([("manager_id.user_id", "in", self.ids)])
        for user in self:
            user.kpi_managed_department_ids = departments.filtered(lambda d, user=user: d.manager_id.user_id == user)
