from odoo import fields, models


class KpiIntakeHandler(models.Model):
    """The mapping table of an agency whose E-Office names people by its own
    account names (rule "mapping" on the agency)."""

    _name = "kpi.intake.handler"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "E-Office Account"
    _order = "company_id, handler"
    _check_company_auto = True

    handler = fields.Char(string="E-Office Account", required=True)
    employee_id = fields.Many2one("hr.employee", required=True, check_company=True, index=True)
    company_id = fields.Many2one(
        "res.company", string="Agency", required=True, index=True, default=lambda self: self.env.company
    )

    _handler_unique = models.UniqueIndex("(company_id, lower(handler))", "An account is mapped once per agency.")
