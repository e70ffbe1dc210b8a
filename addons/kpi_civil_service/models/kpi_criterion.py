from odoo import fields, models


class KpiCriterion(models.Model):
    """A criterion of a rule set, scored each period or once a year."""

    _name = "kpi.criterion"
    _inherit = ["kpi.checked.write.mixin", "kpi.input.guard.mixin"]
    _description = "Assessment Criterion"
    _order = "rule_set_id, sequence, id"

    rule_set_id = fields.Many2one("kpi.rule.set", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(required=True)
    description = fields.Text()
    section = fields.Selection(
        [("general", "General Criteria"), ("task", "Task Results"), ("leadership", "Leadership Capacity")],
        required=True,
        default="general",
    )
    scored_in = fields.Selection([("period", "Each Period"), ("year", "Once a Year")], required=True, default="period")
    max_points = fields.Float(required=True)
    applies_to = fields.Selection(
        [("all", "Everyone"), ("staff", "Staff Only"), ("leader", "Leaders Only")], required=True, default="all"
    )

    _code_unique = models.Constraint("UNIQUE(rule_set_id, code)", "Criterion codes are unique within a rule set.")
    _max_points_positive = models.Constraint("CHECK(max_points > 0)", "A criterion's maximum points must be positive.")
