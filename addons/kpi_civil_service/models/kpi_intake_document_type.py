from odoo import fields, models


class KpiIntakeDocumentType(models.Model):
    """Which work item a document type of E-Office becomes in the diary, per
    agency: "Công văn đến" → "Xử lý văn bản đến"."""

    _name = "kpi.intake.document.type"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "E-Office Document Type"
    _order = "company_id, code"
    _check_company_auto = True

    code = fields.Char(string="Document Type", required=True, help="The type as E-Office sends it (document_type).")
    name = fields.Char(string="Description")
    company_id = fields.Many2one(
        "res.company", string="Agency", required=True, index=True, default=lambda self: self.env.company
    )
    work_item_id = fields.Many2one("kpi.work.item", required=True, check_company=True)
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex(
        "(company_id, lower(code)) WHERE active", "An agency maps each document type once."
    )
