import io
import re
from collections import OrderedDict

from odoo import models

from odoo.addons.base.models.ir_actions_report import _wkhtml

NOTICE_TEMPLATE = "kpi_reports.report_classification_notice"
# a style sheet of an asset bundle, as Odoo's report layout links it
# bundles compiled for a read-only request, which cannot store them: {(database, file, version): css}
COMPILED_SHEETS = {}
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
ASSET_STYLESHEET = re.compile(r'<link\b[^>]*\bhref="/web/assets/[^"/]+/(?P<file>[^"/]+\.css)"[^>]*>')


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

    def _prepare_html(self, html, report_model=False):
        """Our documents carry their style sheets inside them: wkhtmltopdf fetches
        nothing from the server, so a document is laid out the same however the
        server is reached (behind a proxy, on another port, or not running at
        all while a database is set up)."""
        prepared = super()._prepare_html(html, report_model=report_model)
        if not prepared or not (self.report_name or "").startswith("kpi_reports."):
            return prepared
        bodies, res_ids, header, footer, paperformat_args = prepared
        sheets = {}

        def inline(document):
            return ASSET_STYLESHEET.sub(lambda link: self._kpi_style_element(link["file"], sheets), document)

        return [inline(body) for body in bodies], res_ids, inline(header), inline(footer), paperformat_args

    def _kpi_style_element(self, file_name, sheets):
        """`<style>` with the compiled bundle of a `/web/assets/<version>/<file>.css` link."""
        if file_name not in sheets:
            bundle_name, rtl, _type, autoprefix = self.env["ir.asset"]._parse_bundle_name(file_name, False)
            bundle = (
                self.env["ir.qweb"]
                .sudo()
                ._get_asset_bundle(bundle_name, css=True, js=False, rtl=rtl, autoprefix=autoprefix)
            )
            attachment = bundle.get_attachments("min.css") if bundle.stylesheets else None
            if bundle.stylesheets and not attachment and not self.env.cr.readonly:
                attachment = bundle.css()  # compiled and stored, as the assets route does
            if attachment:
                css = attachment.raw.decode()
            elif bundle.stylesheets:  # first printed on a read-only request: compiled once per process
                key = (self.env.cr.dbname, file_name, bundle.get_version("css"))
                css = COMPILED_SHEETS.setdefault(key, bundle.preprocess_css())
            else:
                css = ""
            # web fonts are fetched from the server when used: our documents use the system's
            sheets[file_name] = f"<style>{FONT_FACE.sub('', css)}</style>"
        return sheets[file_name]
