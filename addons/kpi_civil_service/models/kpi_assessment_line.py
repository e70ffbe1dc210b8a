from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .utils import number

# Who fills which column, and in which state of the assessment.
SCORE_COLUMNS = {
    "self_score": "draft",
    "manager_score": "self_assessed",
    "final_score": ("manager_reviewed", "unit_reviewed", "party_reviewed"),
}


class KpiAssessmentLine(models.Model):
    """One yearly criterion of an annual assessment: the person's own points,
    the manager's and the final ones."""

    _name = "kpi.assessment.line"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "Annual Assessment Line"
    _order = "assessment_id, sequence, id"

    assessment_id = fields.Many2one("kpi.assessment", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one("kpi.criterion", required=True, ondelete="restrict")
    sequence = fields.Integer(related="criterion_id.sequence")
    section = fields.Selection(related="criterion_id.section")
    max_points = fields.Float(related="criterion_id.max_points")
    self_score = fields.Float()
    manager_score = fields.Float()
    final_score = fields.Float()

    _criterion_unique = models.Constraint(
        "UNIQUE(assessment_id, criterion_id)", "A criterion appears once on an assessment."
    )

    @api.constrains("self_score", "manager_score", "final_score")
    def _check_scores(self):
        for line in self:
            for column in SCORE_COLUMNS:
                if not 0 <= line[column] <= line.max_points:
                    raise ValidationError(
                        self.env._(
                            "%(criterion)s: the points must be between 0 and %(max)s (%(value)s).",
                            criterion=line.criterion_id.name,
                            max=number(self.env, line.max_points),
                            value=number(self.env, line[column]),
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("The yearly criteria of an assessment come from its rule set, with the campaign.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & set(SCORE_COLUMNS) and self.filtered(
                lambda line: line.criterion_id == line.assessment_id.rule_set_id.breakthrough_criterion_id
            ):
                raise UserError(
                    self.env._("The points of the breakthrough criterion come from the breakthrough tasks' results.")
                )
            for column in set(vals) & set(SCORE_COLUMNS):
                for assessment in self.assessment_id:
                    assessment._check_can_score(column)
            if set(vals) - set(SCORE_COLUMNS):
                raise AccessError(self.env._("Only the points of an assessment line can change."))
        result = super().write(vals)
        changed = set(vals) & set(SCORE_COLUMNS)
        if changed:
            for assessment in self.assessment_id:
                assessment._message_log(
                    body=self.env._(
                        "Points changed: %s",
                        ", ".join(
                            f"{line.criterion_id.code} {column}={number(self.env, line[column])}"
                            for line in self.filtered(lambda line, a=assessment: line.assessment_id == a)
                            for column in sorted(changed)
                        ),
                    )
                )
        if "final_score" in changed:
            self.env["kpi.scoring"]._refresh_annual(self.assessment_id)
        return result
