from odoo import api, models


class KpiDemo(models.AbstractModel):
    _inherit = "kpi.demo"

    @api.model
    def _notify_demo_campaign(self):
        """Step 5 of the demo campaign: the HR officer numbers, prints and sends
        each decided person's notice (one at a time, as from the form)."""
        self._in_vietnamese("kpi_reports")._demo_notify()

    @api.model
    def _demo_notify(self):
        officer = self.env.ref("kpi_civil_service.kpi_user_hr_officer")
        decided = self.env["kpi.assessment"].search(
            [("company_id", "=", self.env.ref("base.main_company").id), ("year", "=", 2026), ("state", "=", "decided")]
        )
        for assessment in decided.sorted(lambda a: (a.department_id.complete_name or "", a.employee_id.name)):
            assessment.with_user(officer).action_notify()
