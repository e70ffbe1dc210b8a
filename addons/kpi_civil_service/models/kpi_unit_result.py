from odoo import fields, models

from .kpi_classification_band import LEVEL_SELECTION


class KpiUnitResult(models.Model):
    """The level of a unit for a year, as the superior body classified it: a
    head's own level may not exceed it."""

    _name = "kpi.unit.result"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "Unit Classification"
    _order = "year desc, department_id"

    department_id = fields.Many2one("hr.department", string="Unit", required=True, index=True)
    company_id = fields.Many2one(related="department_id.company_id", store=True, string="Agency")
    year = fields.Integer(required=True)
    level = fields.Selection(LEVEL_SELECTION, required=True)
    note = fields.Char(string="Decision", help="The superior body's decision, e.g. its number and date.")

    _unit_year_unique = models.Constraint("UNIQUE(department_id, year)", "A unit has one level per year.")
