from odoo import fields, models


class KpiSector(models.Model):
    """A vertical field of state management (ngành, lĩnh vực): education, health,
    home affairs... Work items and job positions are grouped by sector."""

    _name = "kpi.sector"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "Sector"
    _order = "sequence, name"

    name = fields.Char(required=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text()
    active = fields.Boolean(default=True)

    _code_unique = models.Constraint("UNIQUE(code)", "A sector with this code already exists.")
