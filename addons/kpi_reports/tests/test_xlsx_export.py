import base64
import datetime
import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..xlsx_builder import Column, build_workbook


def read_sheet(content):
    return openpyxl.load_workbook(io.BytesIO(content)).active


@tagged("post_install", "-at_install")
class TestXlsxBuilder(TransactionCase):
    def test_layout_types_and_totals(self):
        content = build_workbook(
            "Scores",
            ["KPI scores", "May 2026"],
            [Column("Name", 20), Column("Date", 12, "date"), Column("Score", 10, "number", total=True)],
            [("Nguyễn Văn An", datetime.date(2026, 5, 29), 80.5), ("Trần Thị Bình", datetime.date(2026, 5, 30), 70.25)],
            totals_label="Total",
        )
        sheet = read_sheet(content)
        self.assertEqual(sheet["A1"].value, "KPI scores")
        self.assertTrue(sheet["A1"].font.bold)
        self.assertEqual([c.value for c in sheet[4]], ["Name", "Date", "Score"])
        self.assertEqual(sheet.freeze_panes, "A5")
        self.assertEqual(sheet.auto_filter.ref, "A4:C6")
        self.assertEqual(sheet["A5"].value, "Nguyễn Văn An")
        self.assertEqual(sheet["B5"].value, datetime.datetime(2026, 5, 29))
        self.assertEqual(sheet["C6"].value, 70.25)
        self.assertEqual(sheet["A7"].value, "Total")
        self.assertEqual(sheet["C7"].value, "=SUM(C5:C6)")
        self.assertEqual(sheet.column_dimensions["A"].width, 20.7109375)


@tagged("post_install", "-at_install")
class TestXlsxExportWizard(TransactionCase):
    def test_sector_export_read_back(self):
        self.env["kpi.sector"].create({"code": "ZZ1", "name": "Thanh tra"})
        sector_count = self.env["kpi.sector"].search_count([])
        manager = new_test_user(self.env, login="xlsx_manager", groups="kpi_civil_service.group_kpi_manager")
        wizard = self.env["kpi.xlsx.export.wizard"].with_user(manager).create({"export_type": "sectors"})
        action = wizard.action_export()
        self.assertIn("/file_data/sectors_", action["url"])
        self.assertTrue(wizard.file_name.endswith(".xlsx"))
        sheet = read_sheet(base64.b64decode(wizard.file_data))
        self.assertEqual([c.value for c in sheet[4]], ["No.", "Code", "Sector"])
        self.assertEqual(sheet.max_row, 4 + sector_count)
        names = [row[2] for row in sheet.iter_rows(min_row=5, values_only=True)]
        self.assertIn("Thanh tra", names)
        self.assertIsInstance(sheet["A5"].value, int)

    def test_plain_employee_cannot_export(self):
        employee = new_test_user(self.env, login="xlsx_employee", groups="kpi_civil_service.group_kpi_user")
        with self.assertRaises(AccessError):
            self.env["kpi.xlsx.export.wizard"].with_user(employee).create({"export_type": "sectors"})
