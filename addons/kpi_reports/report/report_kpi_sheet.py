from odoo import api, models
from odoo.fields import Domain


class ReportKpiSheet(models.AbstractModel):
    """The monthly (or quarterly) KPI sheet of a person: the period's approved
    diary summed by work item, beside the period's scores and warnings."""

    _name = "report.kpi_reports.report_kpi_sheet"
    _description = "Period KPI Sheet"

    @api.model
    def _get_report_values(self, docids, data=None):
        scores = self.env["kpi.score"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "kpi.score",
            "docs": scores,
            "items": self._diary_by_work_item(scores),
        }

    def _diary_by_work_item(self, scores):
        """{score id: [(work item, quantity, hours, converted minutes), ...]},
        one grouped query per period printed."""
        result = {score.id: [] for score in scores}
        for period, period_scores in scores.grouped("period_id").items():
            groups = self.env["kpi.diary.line"]._read_group(
                Domain("employee_id", "in", period_scores.employee_id.ids)
                & Domain("date", ">=", period.date_from)
                & Domain("date", "<=", period.date_to)
                & Domain("state", "=", "approved"),
                ["employee_id", "work_item_id"],
                ["quantity:sum", "hours:sum", "converted_minutes:sum"],
                order="employee_id, work_item_id",
            )
            by_employee = {score.employee_id: score.id for score in period_scores}
            for employee, work_item, quantity, hours, minutes in groups:
                result[by_employee[employee]].append((work_item, quantity, hours, minutes))
        for rows in result.values():
            rows.sort(key=lambda row: (row[0].group or "", row[0].code or ""))
        return result
