from odoo import fields, models


class HrJob(models.Model):
    """A job position (vị trí việc làm) with its KPI code, type and work items."""

    _inherit = "hr.job"

    kpi_position_code = fields.Char(string="Position Code")
    kpi_position_type = fields.Selection(
        [("head", "Head"), ("deputy", "Deputy"), ("staff", "Staff")],
        string="Position Type",
        default="staff",
        help="Heads and deputies are scored as leaders.",
    )
    kpi_sector_id = fields.Many2one("kpi.sector", string="Sector")
    kpi_work_item_ids = fields.Many2many(
        "kpi.work.item",
        "kpi_work_item_hr_job_rel",
        "job_id",
        "work_item_id",
        string="Work Items",
        help="The work items of this position: offered first in the work diary.",
    )
