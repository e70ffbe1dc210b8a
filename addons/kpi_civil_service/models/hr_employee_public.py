from odoo import fields, models


class HrEmployeePublic(models.Model):
    """What every colleague may read of the KPI fields (the SQL view copies the
    stored columns of hr.employee)."""

    _inherit = "hr.employee.public"

    kpi_staff_category = fields.Selection(
        [("civil_servant", "Civil Servant"), ("public_employee", "Public Employee"), ("cadre", "Cadre")],
        string="Staff Category",
        readonly=True,
    )
    kpi_is_leader = fields.Boolean(string="Leader", readonly=True)
    kpi_task_group_id = fields.Many2one("kpi.task.group", string="Group of Similar Tasks", readonly=True)
