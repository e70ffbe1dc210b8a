from odoo import models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    def write(self, vals):
        result = super().write(vals)
        if "manager_id" in vals or "parent_id" in vals:
            # the KPI record rules read the units a user manages
            self.env.registry.clear_cache()
        return result
