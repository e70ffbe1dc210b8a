from odoo import api, fields, models
from odoo.fields import Domain

from .. import kpi_rules


class KpiWorkItem(models.Model):
    """An item of the work-item catalogue (đầu công việc) with its time norm.
    Shared items (group B, province-wide) have no agency."""

    _name = "kpi.work.item"
    _inherit = ["kpi.checked.write.mixin", "kpi.input.guard.mixin"]
    _description = "Work Item"
    _order = "code, id"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True)
    group = fields.Selection(
        [
            ("A", "A - Leadership and management"),
            ("B", "B - Shared professional work"),
            ("C", "C - Agency-specific work"),
            ("D", "D - Other work"),
        ],
        required=True,
        default="B",
    )
    sector_id = fields.Many2one("kpi.sector", index=True)
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty for an item shared by every agency of the province.",
    )
    job_ids = fields.Many2many("hr.job", "kpi_work_item_hr_job_rel", "work_item_id", "job_id", string="Job Positions")
    uom_name = fields.Char(string="Unit of Product", required=True, default="sản phẩm")
    standard_minutes = fields.Float(required=True, help="Time norm for one unit of product.")
    coefficient = fields.Float(default=1.0, required=True, digits=(16, 2))
    minutes_per_unit = fields.Float(
        string="Converted Minutes per Unit", compute="_compute_minutes_per_unit", digits=(16, 2)
    )
    description = fields.Text()
    active = fields.Boolean(default=True)

    _code_company_unique = models.UniqueIndex(
        "(code, COALESCE(company_id, 0))", "A work item with this code already exists in this agency's catalogue."
    )
    _standard_minutes_positive = models.Constraint(
        "CHECK(standard_minutes > 0)", "The standard minutes of a work item must be greater than 0."
    )
    _coefficient_positive = models.Constraint(
        "CHECK(coefficient > 0)", "The coefficient of a work item must be greater than 0."
    )

    @api.depends("standard_minutes", "coefficient")
    def _compute_minutes_per_unit(self):
        for item in self:
            item.minutes_per_unit = kpi_rules.converted_minutes(1, item.standard_minutes, item.coefficient)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for item in self:
            item.display_name = f"[{item.code}] {item.name}" if item.code else item.name

    @api.model
    def name_search(self, name="", domain=None, operator="ilike", limit=100):
        """In the diary, the items of the employee's job position come first."""
        employee_id = self.env.context.get("kpi_employee_id")
        if not employee_id:
            return super().name_search(name, domain, operator, limit)
        job = self.env["hr.employee"].browse(employee_id).sudo().job_id
        own = super().name_search(name, Domain(domain or []) & Domain("job_ids", "in", job.ids), operator, limit)
        if limit and len(own) >= limit:
            return own
        others = super().name_search(
            name,
            Domain(domain or []) & Domain("id", "not in", [item_id for item_id, _name in own]),
            operator,
            limit and limit - len(own),
        )
        return own + others

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Work Items"),
                "template": "/kpi_civil_service/static/xls/kpi_work_item.xlsx",
            }
        ]
