import io
import logging
import os
import re
import tempfile
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

import lxml.html

from odoo import models
from odoo.exceptions import UserError
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from odoo.addons.base.models.ir_actions_report import _run_wkhtmltopdf, _wkhtml

_logger = logging.getLogger(__name__)

NOTICE_TEMPLATE = "kpi_reports.report_classification_notice"
# Notices printed by one run of wkhtmltopdf at most; as many runs at once as the machine has cores.
DOCUMENTS_PER_RUN = 25
ARTICLE = "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')]"
# bundles compiled for a read-only request, which cannot store them: {(database, file, version): css}
COMPILED_SHEETS = {}
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
# a style sheet of an asset bundle, as Odoo's report layout links it
ASSET_STYLESHEET = re.compile(r'<link\b[^>]*\bhref="/web/assets/[^"/]+/(?P<file>[^"/]+\.css)"[^>]*>')


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """A notice sent is printed again as it was sent; many notices at once
        (a whole unit's) are printed many per run of wkhtmltopdf
        (_kpi_render_many), each kept as its own PDF; several records of our
        other reports, one per run with Debian's build of wkhtmltopdf."""
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
        if res_ids and len(set(res_ids)) > 1 and report.report_name.startswith("kpi_reports."):
            res_ids = list(dict.fromkeys(res_ids))
            if report.report_name == NOTICE_TEMPLATE:  # a notice fills one page
                streams, one_by_one = self._kpi_render_many(report, data, res_ids)
            elif not _wkhtml().is_patched_qt:  # Debian's build converts one document per run
                streams, one_by_one = OrderedDict(), res_ids
            else:
                return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
            for res_id in one_by_one:
                streams.update(super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[res_id]))
            return OrderedDict((res_id, streams[res_id]) for res_id in res_ids)
        return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)

    def _kpi_render_many(self, report, data, res_ids):
        """({record id: its PDF}, the records left to print one per run) of
        many records of a report whose records each fill one page: their pages
        are laid out together, DOCUMENTS_PER_RUN per run of wkhtmltopdf (one
        document per run is all Debian's build, with an unpatched Qt, converts;
        the official image's patched build too), the runs side by side on the
        machine's cores, and each record's page is cut out of its run's PDF.
        The records of a run that does not give one page each are left to
        print one per run, as Odoo does."""
        html = report.with_context(debug=False)._render_qweb_html(report.report_name, res_ids, data=data)[0]
        bodies, html_ids, _header, _footer, paperformat_args = report.with_context(debug=False)._prepare_html(
            html, report_model=report.model
        )
        if html_ids != res_ids:
            return OrderedDict(), res_ids
        command = report._build_wkhtmltopdf_args(
            report.get_paperformat(),
            self.env.context.get("landscape"),
            specific_paperformat_args=paperformat_args,
            set_viewport_size=self.env.context.get("set_viewport_size"),
        )
        cores = os.cpu_count() or 1
        size = min(DOCUMENTS_PER_RUN, -(-len(bodies) // cores))  # every core busy on a small batch
        runs = [list(range(start, min(start + size, len(bodies)))) for start in range(0, len(bodies), size)]
        documents = [_one_document([bodies[index] for index in run]) for run in runs]
        with ThreadPoolExecutor(max_workers=min(len(runs), cores)) as pool:
            results = list(pool.map(lambda document: _wkhtmltopdf(command, document), documents))
        streams, one_by_one = OrderedDict(), []
        for run, (process, pdf) in zip(runs, results, strict=True):
            if pdf is None:
                raise UserError(
                    self.env._(
                        "Wkhtmltopdf failed (error code: %(error_code)s). Message: %(message)s",
                        error_code=process.returncode,
                        message=process.stderr[-1000:],
                    )
                )
            if process.returncode == 1:  # what it could not load; the document is made all the same
                _logger.warning("wkhtmltopdf: %s", process.stderr)
            pages = _pages(pdf)
            if len(pages) == len(run):
                streams.update(
                    (res_ids[index], {"stream": io.BytesIO(page), "attachment": None})
                    for index, page in zip(run, pages, strict=True)
                )
            else:
                one_by_one += [res_ids[index] for index in run]
        return streams, one_by_one

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


def _one_document(documents):
    """One HTML document holding the pages of several, each from a new page."""
    first = lxml.html.fromstring(documents[0])
    parent = first.xpath(ARTICLE)[-1].getparent()
    for document in documents[1:]:
        for article in lxml.html.fromstring(document).xpath(ARTICLE):
            article.set("style", f"page-break-before: always; {article.get('style') or ''}")
            parent.append(article)
    return lxml.html.tostring(first, encoding="unicode", doctype="<!DOCTYPE html>")


def _wkhtmltopdf(command, document):
    """(wkhtmltopdf's process, the PDF or None) of one HTML document, by one
    run (no ORM: runs in a thread)."""
    with tempfile.TemporaryDirectory(prefix="kpi_reports.") as folder:
        source, target = os.path.join(folder, "document.html"), os.path.join(folder, "document.pdf")
        with open(source, "w", encoding="utf-8") as html_file:
            html_file.write(document)
        process = _run_wkhtmltopdf([*command, source, target])
        if process.returncode not in (0, 1) or not os.path.exists(target):
            return process, None
        with open(target, "rb") as pdf_file:
            return process, pdf_file.read()


def _pages(pdf):
    """Each page of a PDF as a PDF of its own."""
    reader = PdfFileReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        writer = PdfFileWriter()
        writer.add_page(page)
        stream = io.BytesIO()
        writer.write(stream)
        pages.append(stream.getvalue())
    return pages
