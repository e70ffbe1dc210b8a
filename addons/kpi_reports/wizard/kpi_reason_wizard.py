from odoo import fields, models


class KpiReasonWizard(models.TransientModel):
    _inherit = "kpi.reason.wizard"

    action = fields.Selection(
        selection_add=[("reissue_notice", "Re-issue Notice")], ondelete={"reissue_notice": "cascade"}
    )

    def _reasoned_method(self):
        if (self.res_model, self.action) == ("kpi.assessment", "reissue_notice"):
            return "action_reissue_notice"
        return super()._reasoned_method()
