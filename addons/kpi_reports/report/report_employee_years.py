from odoo import api, models
from odoo.exceptions import AccessError

from ..models.hr_employee import years_of
from ..models.kpi_assessment import DOCUMENT_LANG


class ReportEmployeeYears(models.AbstractModel):
    """A person's years on one page: what the printing user may read of them
    (a manager their subordinates', the HR officer the agency's), with the
    person's name, job and unit as the public profile shows them."""

    _name = "report.kpi_reports.report_employee_years"
    _description = "A Person's Years (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not self.env.user.has_group("kpi_civil_service.group_kpi_manager"):
            raise AccessError(self.env._("Only managers and the HR officer print a person's years."))
        employees = self.env["hr.employee.public"].browse(docids)
        employees.check_access("read")
        found = years_of(self.env, employees.ids)
        return {
            "doc_ids": docids,
            "doc_model": "hr.employee",
            "docs": employees,
            "helper": self.env["kpi.assessment"].with_context(lang=DOCUMENT_LANG),
            "found": found,
        }
