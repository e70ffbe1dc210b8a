from odoo import api, fields, models
from odoo.exceptions import UserError

# The actions that need a reason, by model: the wizard calls them with it.
REASONED_ACTIONS = {
    ("kpi.diary.line", "reject"): "action_reject",
    ("kpi.diary.line", "reopen"): "action_reset_to_draft",
    ("kpi.period", "reopen"): "action_reopen",
    ("kpi.assessment", "send_back"): "action_send_back",
    ("kpi.assessment", "reopen"): "action_reopen",
    ("kpi.assessment", "cancel"): "action_cancel",
    ("kpi.breakthrough.task", "send_back"): "action_send_back",
    ("kpi.breakthrough.task", "reopen"): "action_reopen",
    ("kpi.breakthrough.task", "cancel"): "action_cancel",
}


class KpiReasonWizard(models.TransientModel):
    """Asks for the reason of a rejection or a reopening, which is logged."""

    _name = "kpi.reason.wizard"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "Reason"

    res_model = fields.Char(required=True)
    res_ids = fields.Json(required=True)
    action = fields.Selection(
        [("reject", "Reject"), ("reopen", "Reopen"), ("send_back", "Send Back"), ("cancel", "Cancel")], required=True
    )
    reason = fields.Text(required=True)

    @api.model
    def _open_for(self, records, action, title):
        """The dialog that asks the reason, then runs `action` on `records`."""
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": records._name, "default_res_ids": records.ids, "default_action": action},
        }

    def _reasoned_method(self):
        """The action this dialog runs, by model and kind; None for a pair it does not run."""
        return REASONED_ACTIONS.get((self.res_model, self.action))

    def action_confirm(self):
        self.ensure_one()
        method = self._reasoned_method()
        if not method:
            raise UserError(self.env._("Nothing to do with a reason here."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("The reason is required."))
        records = self.env[self.res_model].browse(self.res_ids)
        getattr(records, method)(reason=self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
