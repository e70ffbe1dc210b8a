from odoo import fields, models


class ResCompany(models.Model):
    """An agency (cơ quan, đơn vị) and its KPI settings."""

    _inherit = "res.company"

    kpi_rule_set_id = fields.Many2one(
        "kpi.rule.set",
        string="KPI Rule Set",
        help="The regulation applied to new periods of this agency.",
    )
    kpi_intake_identifier = fields.Selection(
        [
            ("work_email", "Work Email"),
            ("barcode", "Badge ID"),
            ("identification_id", "Identification No"),
            ("mapping", "E-Office Accounts Table"),
        ],
        string="E-Office Identifies People By",
        default="work_email",
        required=True,
        help="How the handler of a document sent by E-Office is matched to one of the agency's people.",
    )

    def _kpi_standard_hours(self):
        """Standard hours of a working day under the agency's rule set (8 by default)."""
        self.ensure_one()
        return self.kpi_rule_set_id.standard_hours_per_day or 8.0
