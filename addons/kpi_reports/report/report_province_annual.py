from odoo import api, models

from ..models.kpi_assessment import DOCUMENT_LANG
from ..wizard.kpi_province_report import LEVELS


class ReportProvinceAnnual(models.AbstractModel):
    """The province's annual report as a state document: the figures of
    kpi.province.report for `data["year"]` over `data["company_ids"]` (those of
    them the user is allowed), always in Vietnamese."""

    _name = "report.kpi_reports.report_province_annual"
    _description = "Province Annual Report (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        allowed = self.env.user.company_ids.ids
        company_ids = [cid for cid in data.get("company_ids") or self.env.companies.ids if cid in allowed]
        report = self.env["kpi.province.report"].with_context(
            allowed_company_ids=company_ids or self.env.companies.ids, lang=DOCUMENT_LANG
        )
        return {
            "doc_ids": [],
            "doc_model": "kpi.province.report",
            "docs": report,
            "report": report._report_data(data.get("year")),
            "level_codes": LEVELS,
            "helper": self.env["kpi.assessment"].with_context(lang=DOCUMENT_LANG),
        }
