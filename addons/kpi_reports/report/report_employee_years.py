from odoo import api, models
from odoo.exceptions import AccessError

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
        of_them = [("employee_id", "in", employees.ids)]
        results = self.env["kpi.year.result"].search(of_them, order="year")
        tasks = self.env["kpi.breakthrough.task"].search([*of_them, ("state", "!=", "cancelled")], order="year, id")
        scores = self.env["kpi.score"].search(of_them, order="date_from desc")
        return {
            "doc_ids": docids,
            "doc_model": "hr.employee",
            "docs": employees,
            "helper": self.env["kpi.assessment"].with_context(lang=DOCUMENT_LANG),
            "years_of": {e.id: results.filtered(lambda r, e=e: r.employee_id.id == e.id) for e in employees},
            "tasks_of": {e.id: tasks.filtered(lambda t, e=e: t.employee_id.id == e.id) for e in employees},
            "scores_of": {
                e.id: scores.filtered(lambda s, e=e: s.employee_id.id == e.id)[:12].sorted("date_from")
                for e in employees
            },
        }
