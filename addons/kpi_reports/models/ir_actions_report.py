import io
from collections import OrderedDict

from odoo import models

from odoo.addons.base.models.ir_actions_report import _wkhtml

NOTICE_TEMPLATE = "kpi_reports.report_classification_notice"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Our documents print many at once (a whole unit's notices) with either
        build of wkhtmltopdf: Debian's, with an unpatched Qt, converts one
        document per run, so each record is rendered on its own there and the
        PDFs are joined as usual (each still kept as its record's attachment)."""
        report = self._get_report(report_ref)
        if res_ids and report.report_name == NOTICE_TEMPLATE:
            # a notice sent is printed again as it was sent, never rendered anew
            kept = self.env["kpi.assessment"].browse(res_ids)._kpi_kept_notices()
            if kept:
                rest = [res_id for res_id in dict.fromkeys(res_ids) if res_id not in kept]
                rendered = self._render_qweb_pdf_prepare_streams(report_ref, data, rest) if rest else {}
                return OrderedDict(
                    (
                        res_id,
                        {"stream": io.BytesIO(kept[res_id]), "attachment": None}
                        if res_id in kept
                        else rendered[res_id],
                    )
                    for res_id in dict.fromkeys(res_ids)
                )
        if (
            res_ids
            and len(set(res_ids)) > 1
            and report.report_name.startswith("kpi_reports.")
            and not _wkhtml().is_patched_qt
        ):
            streams = OrderedDict()
            for res_id in res_ids:
                streams.update(super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[res_id]))
            return streams
        return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
