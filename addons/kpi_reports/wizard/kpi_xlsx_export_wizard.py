import base64

from odoo import fields, models

from ..xlsx_builder import Column, build_workbook


class KpiXlsxExportWizard(models.TransientModel):
    """Exports KPI data to a formatted XLSX file that is downloaded at once."""

    _name = "kpi.xlsx.export.wizard"
    _description = "Export KPI data to Excel"

    export_type = fields.Selection([("sectors", "Sectors")], required=True, default="sectors")
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    def action_export(self):
        self.ensure_one()
        name, content = getattr(self, f"_export_{self.export_type}")()
        self.write({"file_data": base64.b64encode(content), "file_name": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{name}?download=true",
            "target": "self",
        }

    def _export_sectors(self):
        sectors = self.env["kpi.sector"].search([("active", "=", True)])
        columns = [
            Column(self.env._("No."), 6, "integer"),
            Column(self.env._("Code"), 10),
            Column(self.env._("Sector"), 40),
        ]
        rows = [(index, sector.code, sector.name) for index, sector in enumerate(sectors, start=1)]
        today = fields.Date.context_today(self)
        content = build_workbook(
            self.env._("Sectors"),
            [self.env._("Sector catalogue"), self.env._("Exported on %s", today.strftime("%d/%m/%Y"))],
            columns,
            rows,
        )
        return f"sectors_{today:%Y%m%d}.xlsx", content
