from odoo import models


class KpiCheckedWriteMixin(models.AbstractModel):
    """Record rules are checked on a record before it is written; for the
    configuration shared by agencies they must hold after, too: an HR officer
    who may change their agency's rule set must not give it to another agency
    or share it with all."""

    _name = "kpi.checked.write.mixin"
    _description = "Rights Checked After a Change"

    def write(self, vals):
        result = super().write(vals)
        if not self.env.su:
            self.check_access("write")
        return result
