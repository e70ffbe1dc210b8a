from odoo import api, fields, models

LEVEL_SELECTION = [
    ("excellent", "Excellent"),
    ("good", "Good"),
    ("completed", "Completed"),
    ("not_completed", "Not Completed"),
]


class KpiClassificationBand(models.Model):
    """The lowest score of a level under a rule set. A score reaches the band
    when it is above the minimum, or equal to it when the minimum is inclusive."""

    _name = "kpi.classification.band"
    _inherit = ["kpi.checked.write.mixin", "kpi.input.guard.mixin"]
    _description = "Classification Band"
    _order = "rule_set_id, min_score desc"

    rule_set_id = fields.Many2one("kpi.rule.set", required=True, ondelete="cascade", index=True)
    level = fields.Selection(LEVEL_SELECTION, required=True)
    min_score = fields.Float(string="Minimum Score", required=True)
    min_inclusive = fields.Boolean(string="Minimum Included", default=True)

    _level_unique = models.Constraint("UNIQUE(rule_set_id, level)", "A rule set has one band per level.")
    _min_score_range = models.Constraint(
        "CHECK(min_score >= 0 AND min_score <= 100)", "A band's minimum score is between 0 and 100."
    )

    @api.model_create_multi
    def create(self, vals_list):
        bands = super().create(vals_list)
        bands.rule_set_id._kpi_refresh_assessments()
        return bands

    def write(self, vals):
        rule_sets = self.rule_set_id
        result = super().write(vals)
        (rule_sets | self.rule_set_id)._kpi_refresh_assessments()
        return result

    def unlink(self):
        rule_sets = self.rule_set_id
        result = super().unlink()
        rule_sets._kpi_refresh_assessments()
        return result
