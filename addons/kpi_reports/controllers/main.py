from odoo import http
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class KpiXlsxDownload(http.Controller):
    @http.route("/kpi_reports/xlsx/<int:wizard_id>", type="http", auth="user", methods=["GET"])
    def kpi_xlsx_download(self, wizard_id):
        """An export's file, once: read with the user's rights (an export is
        its author's only), then dropped from the record."""
        content, name = request.env["kpi.xlsx.export.wizard"].browse(wizard_id)._take_file()
        if not content:
            raise request.not_found()
        return request.make_response(
            content, headers=[("Content-Type", XLSX_MIMETYPE), ("Content-Disposition", content_disposition(name))]
        )
