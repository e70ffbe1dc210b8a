from odoo import fields, models


class KpiTaskGroup(models.Model):
    """A group of people with similar tasks (nhóm có nhiệm vụ tương đồng):
    the quota of "excellent" is counted per agency and per such group."""

    _name = "kpi.task.group"
    _inherit = ["kpi.checked.write.mixin", "kpi.input.guard.mixin"]
    _description = "Group of Similar Tasks"
    _order = "name"

    name = fields.Char(required=True)
    code = fields.Char()
    company_id = fields.Many2one("res.company", string="Agency", default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    employee_ids = fields.One2many("hr.employee", "kpi_task_group_id", string="Employees")
