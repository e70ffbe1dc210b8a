from collections import OrderedDict

from odoo import models

from odoo.addons.base.models.ir_actions_report import _wkhtml


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Our documents print many at once (a whole unit's notices) with either
        build of wkhtmltopdf: Debian's, with an unpatched Qt, converts one
        document per run, so each record is rendered on its own there and the
        PDFs are joined as usual (each still kept as its record's attachment)."""
        report = self._get_report(report_ref)
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
