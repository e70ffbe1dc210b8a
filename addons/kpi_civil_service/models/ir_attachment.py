from odoo import models
from odoo.exceptions import AccessError

# The models whose records lock their attachments (each has _kpi_attachments_locked).
LOCKING_MODELS = ("kpi.assessment", "kpi.diary.line")


class IrAttachment(models.Model):
    """What is attached to a decided assessment or to a diary line under review
    or approved is part of the record (evidence, the notice sent): it no longer
    changes, whoever may write the record otherwise. Odoo checks
    write access on the record to create, change, move or delete an
    attachment; this adds the lock to that one check. The system (the notify
    step) still writes."""

    _inherit = "ir.attachment"

    def _inaccessible_comodel_records(self, model_and_ids, operation):
        yield from super()._inaccessible_comodel_records(model_and_ids, operation)
        if self.env.su or operation != "write":
            return
        for res_model, res_ids in model_and_ids.items():
            if res_model not in LOCKING_MODELS:
                continue
            records = self.env[res_model].browse(filter(None, res_ids)).exists()
            if records.sudo()._kpi_attachments_locked():
                raise AccessError(
                    self.env._(
                        "The attachments of a decided assessment or of a submitted or approved diary line "
                        "cannot be added, changed or removed."
                    )
                )
