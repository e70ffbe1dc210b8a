from odoo import fields, models
from odoo.exceptions import AccessError


class KpiPeriodGenerateWizard(models.TransientModel):
    """Creates the months or quarters of a year for an agency."""

    _name = "kpi.period.generate.wizard"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "Generate KPI Periods"

    company_id = fields.Many2one("res.company", string="Agency", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    rule_set_id = fields.Many2one("kpi.rule.set", required=True, default=lambda self: self.env.company.kpi_rule_set_id)

    def action_generate(self):
        self.ensure_one()
        message = self.env["kpi.period"].browse()._rights_refusal("officer")
        if message:
            raise AccessError(message)
        periods = self.env["kpi.period"]._generate(self.company_id, self.year, self.rule_set_id)
        action = self.env["ir.actions.act_window"]._for_xml_id("kpi_civil_service.kpi_period_action")
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("date_from", ">=", f"{self.year}-01-01"),
            ("date_to", "<=", f"{self.year}-12-31"),
        ]
        action["context"] = {"created_count": len(periods)}
        return action
