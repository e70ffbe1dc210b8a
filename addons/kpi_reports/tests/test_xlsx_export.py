import base64
import datetime
import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.kpi_civil_service.tests import test_assessment

from ..xlsx_builder import Column, build_workbook
from .common import activate_vietnamese


def read_sheet(content, data_only=False):
    """The sheet with its formulas, or with the values cached in the file."""
    return openpyxl.load_workbook(io.BytesIO(content), data_only=data_only).active


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

    def test_averages_and_sheet_name(self):
        content = build_workbook(
            "Results 10/2026",
            ["KPI results"],
            [Column("No.", 6, "integer"), Column("Score", 10, "number", total="average"), Column("Note")],
            [(1, 80.0, "a"), (2, 70.0, None), (3, None, "c")],
            totals_label="Average",
        )
        sheet = read_sheet(content)
        self.assertEqual(sheet.title, "Results 10 2026", "a slash is not allowed in a sheet name")
        self.assertEqual(sheet["A3"].value, "No.")
        self.assertEqual(sheet["A7"].value, "Average")
        self.assertEqual(sheet["B7"].value, "=AVERAGE(B4:B6)")
        self.assertIsNone(sheet["C7"].value)
        self.assertEqual(read_sheet(content, data_only=True)["B7"].value, 75)


@tagged("post_install", "-at_install")
class TestXlsxExportWizard(TransactionCase):
    def test_sector_export_read_back(self):
        self.env["kpi.sector"].create({"code": "ZZ1", "name": "Thanh tra"})
        sector_count = self.env["kpi.sector"].search_count([])
        manager = new_test_user(self.env, login="xlsx_manager", groups="kpi_civil_service.group_kpi_manager")
        wizard = self.env["kpi.xlsx.export.wizard"].with_user(manager).create({"export_type": "sectors"})
        action = wizard.action_export()
        self.assertEqual(action["url"], f"/kpi_reports/xlsx/{wizard.id}")
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


@tagged("post_install", "-at_install")
class TestXlsxKpiExports(test_assessment.AssessmentCase):
    """Period scores, annual results and diary lines of the test agency, read
    back with openpyxl: the title block on rows 1-3, the header on row 5."""

    HEADER_ROW = 5

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_user, cls.other = cls._create_person(
            "xlsx_khac", "Hoàng Thị Khác", cls.staff_job, "user", cls.director, department=cls.other_unit
        )
        for employee, day, item, quantity, hours, state in (
            (cls.staff, datetime.date(2026, 9, 8), cls.item_report, 2, 6, "approved"),
            (cls.staff, datetime.date(2026, 9, 7), cls.item_doc, 10, 5, "approved"),
            (cls.peer, datetime.date(2026, 9, 7), cls.item_doc, 4, 3, "approved"),
            (cls.peer, datetime.date(2026, 9, 9), cls.item_doc, 1, 1, "draft"),
            (cls.other, datetime.date(2026, 9, 10), cls.item_report, 3, 7, "approved"),
        ):
            cls.line(employee, day, item, quantity, hours, state)
        cls.september = cls.env["kpi.period"].create(
            {
                "company_id": cls.company.id,
                "rule_set_id": cls.nd335.id,
                "date_from": datetime.date(2026, 9, 1),
                "date_to": datetime.date(2026, 9, 30),
            }
        )
        cls.september.action_compute_scores()
        cls.campaign.with_user(cls.officer_user).action_generate()
        cls.employee_count = cls.env["hr.employee"].search_count([("company_id", "=", cls.company.id)])

    def export(self, user, export_type, lang="en_US", **values):
        if "department_ids" in values:
            values["department_ids"] = [Command.set(values["department_ids"])]
        wizard = (
            self.env["kpi.xlsx.export.wizard"]
            .with_user(user)
            .with_context(lang=lang)
            .create(
                {
                    "export_type": export_type,
                    "company_id": self.company.id,
                    "period_id": self.september.id,
                    "year": 2026,
                    **values,
                }
            )
        )
        wizard.action_export()
        content = base64.b64decode(wizard.file_data)
        return wizard, read_sheet(content), read_sheet(content, data_only=True)

    def header(self, sheet):
        return [cell.value for cell in sheet[self.HEADER_ROW]]

    def data_rows(self, sheet):
        """The rows between the header and the totals row."""
        return list(sheet.iter_rows(min_row=self.HEADER_ROW + 1, max_row=sheet.max_row - 1, values_only=True))

    def column(self, sheet, label):
        return self.header(sheet).index(label)

    def row_of(self, sheet, name):
        employee_col = self.column(sheet, "Employee")
        return next(row for row in self.data_rows(sheet) if row[employee_col] == name)

    def assert_file_name(self, wizard, prefix):
        today = datetime.date.today()
        self.assertTrue(wizard.file_name.isascii(), wizard.file_name)
        self.assertRegex(wizard.file_name, rf"^{prefix}_[A-Za-z0-9-]+_{today:%Y%m%d}\.xlsx$")

    def test_period_scores(self):
        wizard, sheet, values = self.export(self.officer_user, "period_scores")
        self.assert_file_name(wizard, "period_scores_09-2026")
        self.assertEqual(sheet["A1"].value, "Period KPI Scores - Sở Nội vụ (kiểm thử)")
        self.assertTrue(sheet["A1"].font.bold)
        self.assertEqual(sheet["A2"].value, "Month 09/2026 - All units")
        self.assertRegex(sheet["A3"].value, r"^Exported on \d{2}/\d{2}/\d{4} by ")
        self.assertEqual(
            self.header(sheet),
            [
                "No.",
                "Employee",
                "Unit",
                "Job Position",
                "Quantity % (a)",
                "Quality % (b)",
                "Progress % (c)",
                "Unit Results % (d)",
                "General Score",
                "Task Score",
                "Total Score",
                "Level",
                "Declared Hours",
                "Expected Hours",
                "Days without Declaration",
                "Days over the Standard Hours",
            ],
        )
        self.assertEqual(sheet.freeze_panes, "A6")
        rows = self.data_rows(sheet)
        self.assertEqual(len(rows), self.employee_count)
        self.assertEqual([row[0] for row in rows], list(range(1, len(rows) + 1)))
        score = self.score_of(self.september, self.staff)
        staff_row = self.row_of(sheet, self.staff.name)
        self.assertEqual(staff_row[2], self.unit.display_name)
        self.assertEqual(staff_row[3], "Chuyên viên")
        for value in staff_row[4:7] + staff_row[8:11] + staff_row[12:16]:
            self.assertIsInstance(value, int | float)
        self.assertIsNone(staff_row[7], "d is for leaders only")
        self.assertAlmostEqual(staff_row[4], score.quantity_percent)
        self.assertAlmostEqual(staff_row[10], score.total_score)
        self.assertEqual(staff_row[11], "Not Completed")
        self.assertEqual(staff_row[12], 11)
        self.assertEqual(staff_row[13], 160)
        self.assertIsInstance(self.row_of(sheet, self.head.name)[7], int | float)
        # the totals row: averages of the scores, sums of hours and days
        last = sheet.max_row
        self.assertEqual(sheet.cell(last, 1).value, "Total / Average")
        self.assertEqual(sheet.cell(last, 11).value, f"=AVERAGE(K6:K{last - 1})")
        self.assertEqual(sheet.cell(last, 13).value, f"=SUM(M6:M{last - 1})")
        self.assertAlmostEqual(values.cell(last, 13).value, 5 + 6 + 3 + 1 + 7)
        self.assertAlmostEqual(values.cell(last, 14).value, 160 * self.employee_count)
        scores = self.september.score_ids
        self.assertAlmostEqual(values.cell(last, 11).value, sum(scores.mapped("total_score")) / len(scores))

    def test_annual_results(self):
        assessment = self.campaign.assessment_ids.filtered(lambda a: a.employee_id == self.staff)
        self.walk_to_decision(assessment)
        wizard, sheet, values = self.export(self.officer_user, "annual_results")
        self.assert_file_name(wizard, "annual_results_2026")
        self.assertEqual(sheet["A1"].value, "Annual Assessment Results - Sở Nội vụ (kiểm thử)")
        self.assertEqual(sheet["A2"].value, "Year 2026 - All units")
        self.assertEqual(
            self.header(sheet),
            [
                "No.",
                "Employee",
                "Unit",
                "Job Position",
                "Months Worked",
                "General Score",
                "Task Score",
                "Total Score",
                "Self-Proposed Level",
                "Level Proposed by the Manager",
                "Final Level",
                "State",
                "Not Classified",
            ],
        )
        rows = self.data_rows(sheet)
        self.assertEqual(len(rows), len(self.campaign.assessment_ids))
        staff_row = self.row_of(sheet, self.staff.name)
        self.assertEqual(staff_row[4], 1)
        for value in staff_row[4:8]:
            self.assertIsInstance(value, int | float)
        self.assertAlmostEqual(staff_row[7], assessment.total_score)
        # one month worked, but employed all year (no contract dates): classified on the month worked
        self.assertEqual(staff_row[8:13], ("Good", "Good", None, "Reviewed by the Unit", None))
        last = sheet.max_row
        self.assertEqual(sheet.cell(last, 8).value, f"=AVERAGE(H6:H{last - 1})")
        totals = self.campaign.assessment_ids.mapped("total_score")
        self.assertAlmostEqual(values.cell(last, 8).value, sum(totals) / len(totals))

    def test_diary_lines(self):
        wizard, sheet, values = self.export(self.officer_user, "diary_lines")
        self.assert_file_name(wizard, "diary_lines_09-2026")
        self.assertEqual(sheet["A2"].value, "Month 09/2026 (approved lines) - All units")
        self.assertEqual(
            self.header(sheet),
            [
                "No.",
                "Date",
                "Employee",
                "Unit",
                "Work Item Code",
                "Work Item",
                "Quantity",
                "Hours",
                "Converted Minutes",
                "State",
                "Description",
                "Evidence Reference",
            ],
        )
        rows = self.data_rows(sheet)
        self.assertEqual(len(rows), 4, "the draft line is left out")
        staff_rows = [row for row in rows if row[2] == self.staff.name]
        self.assertEqual([row[1] for row in staff_rows], [datetime.datetime(2026, 9, 7), datetime.datetime(2026, 9, 8)])
        self.assertEqual(staff_rows[0][4:6], ("T.01", "Soạn thảo công văn"))
        self.assertEqual(staff_rows[0][6:9], (10, 5, 600))
        self.assertEqual(staff_rows[1][8], 360)  # 2 x 120 min x 1.5
        self.assertEqual(staff_rows[0][9], "Approved")
        self.assertEqual(sheet.cell(6, 2).number_format, "dd/mm/yyyy")
        last = sheet.max_row
        self.assertEqual(sheet.cell(last, 1).value, "Total")
        self.assertEqual(sheet.cell(last, 8).value, "=SUM(H6:H9)")
        self.assertEqual(values.cell(last, 8).value, 21)
        self.assertEqual(values.cell(last, 9).value, 600 + 360 + 240 + 540)
        # every state
        _wizard, sheet, values = self.export(self.officer_user, "diary_lines", approved_only=False)
        self.assertEqual(len(self.data_rows(sheet)), 5)
        self.assertIn("Draft", [row[9] for row in self.data_rows(sheet)])
        self.assertEqual(values.cell(sheet.max_row, 8).value, 22)

    def test_vietnamese(self):
        activate_vietnamese(self.env, "kpi_civil_service", "kpi_reports")
        vi_env = self.env(context={"lang": "vi_VN"})
        _wizard, sheet, _values = self.export(self.officer_user, "period_scores", lang="vi_VN")
        # translations may come later: expect whatever the vi_VN terms are now
        self.assertEqual(sheet["A5"].value, vi_env._("No."))
        self.assertEqual(sheet.cell(5, 2).value, vi_env._("Employee"))
        self.assertEqual(len(self.data_rows(sheet)), self.employee_count)
        level_col = 11
        levels = dict(vi_env["kpi.score"]._fields["level"]._description_selection(vi_env))
        score = self.score_of(self.september, self.staff)
        staff_row = next(row for row in self.data_rows(sheet) if row[1] == self.staff.name)
        self.assertEqual(staff_row[level_col], levels[score.level])
        self.assertIsInstance(staff_row[10], float | int)

    def test_manager_exports_own_unit_only(self):
        _wizard, sheet, _values = self.export(self.head_user, "period_scores", department_ids=self.unit.ids)
        names = {row[1] for row in self.data_rows(sheet)}
        self.assertIn(self.staff.name, names)
        self.assertIn(self.peer.name, names)
        self.assertNotIn(self.other.name, names)
        self.assertEqual(sheet["A2"].value, f"Month 09/2026 - Units: {self.unit.display_name}")
        for unit in (self.other_unit, self.unit | self.other_unit):
            with self.assertRaisesRegex(AccessError, "only export the units you manage"):
                self.export(self.head_user, "diary_lines", department_ids=unit.ids)

    def test_manager_without_unit_gets_subordinates(self):
        _wizard, sheet, _values = self.export(self.head_user, "period_scores")
        names = {row[1] for row in self.data_rows(sheet)}
        # the people below the head and those of the unit he manages (the director and
        # the deputy are in it too), not the head himself nor the other unit
        self.assertEqual(names, {self.staff.name, self.peer.name, self.director.name, self.deputy.name})
        self.assertEqual(sheet["A2"].value, f"Month 09/2026 - Staff managed by {self.head_user.name}")
        _wizard, sheet, _values = self.export(self.head_user, "diary_lines")
        self.assertEqual({row[2] for row in self.data_rows(sheet)}, {self.staff.name, self.peer.name})
        # a manager of nobody has nothing to export
        lonely = self._user("xlsx_lonely", "manager")
        with self.assertRaisesRegex(UserError, "Nothing to export"):
            self.export(lonely, "annual_results")

    def test_hr_officer_exports_any_unit(self):
        _wizard, sheet, _values = self.export(self.officer_user, "diary_lines", department_ids=self.other_unit.ids)
        self.assertEqual({row[2] for row in self.data_rows(sheet)}, {self.other.name})

    def test_nothing_to_export(self):
        october = self.period(dates=(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)))
        wizard = (
            self.env["kpi.xlsx.export.wizard"]
            .with_user(self.officer_user)
            .create({"export_type": "diary_lines", "period_id": october.id})
        )
        with self.assertRaisesRegex(UserError, "Nothing to export"):
            wizard.action_export()
        self.assertFalse(wizard.file_data)

    def test_plain_user_cannot_export(self):
        with self.assertRaises(AccessError):
            self.env["kpi.xlsx.export.wizard"].with_user(self.staff_user).create({"export_type": "period_scores"})

    def test_text_that_looks_like_a_formula_stays_text(self):
        """A description typed as "=HYPERLINK(...)" or "@SUM(...)" is written as
        text, never as a live formula."""
        for text in ('=HYPERLINK("http://example.com","bấm")', "+1+2", "-3", "@SUM(A1:A2)"):
            line = self.line(self.staff, datetime.date(2026, 9, 11), self.item_doc, 1, 1, state="draft")
            line.name = text
            _wizard, sheet, _values = self.export(self.officer_user, "diary_lines", approved_only=False)
            cell = next(row[10] for row in sheet.iter_rows(min_row=self.HEADER_ROW + 1) if row[10].value == text)
            self.assertEqual(cell.data_type, "s", text)
            line.unlink()

    def test_all_agencies_at_once(self):
        """An HR officer of several agencies exports the same month of all of
        them in one file, with an "Agency" column; nobody else may."""
        agency = self.env["res.company"].create({"name": "Sở Tư pháp (kiểm thử)", "kpi_rule_set_id": self.nd335.id})
        _user, person = self._create_person("xlsx_tuphap", "Đỗ Minh Tư", None, "user", company=agency)
        shared = self.env["kpi.work.item"].create(
            {
                "code": "X.01",
                "name": "Thẩm định văn bản",
                "uom_name": "văn bản",
                "standard_minutes": 60,
                "company_id": False,
            }
        )
        self.line(person, datetime.date(2026, 9, 8), shared, 2, 2)
        period = self.period(company=agency)
        period.action_compute_scores()
        officer = new_test_user(
            self.env,
            login="xlsx_officer_both",
            groups="kpi_civil_service.group_kpi_hr_officer,base.group_multi_company",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | agency).ids)],
        )
        both = {"allowed_company_ids": (self.company | agency).ids}
        wizard = (
            self.env["kpi.xlsx.export.wizard"]
            .with_user(officer)
            .with_context(**both)
            .create({"export_type": "period_scores", "period_id": self.september.id, "all_agencies": True})
        )
        wizard.action_export()
        sheet = read_sheet(base64.b64decode(wizard.file_data))
        self.assertEqual(sheet["A1"].value, "Period KPI Scores - All agencies")
        self.assertEqual(self.header(sheet)[:3], ["No.", "Agency", "Employee"])
        rows = self.data_rows(sheet)
        self.assertEqual(len(rows), self.employee_count + 1)
        self.assertIn(("Sở Tư pháp (kiểm thử)", "Đỗ Minh Tư"), {(row[1], row[2]) for row in rows})
        self.assertIn("_all_", wizard.file_name)
        # a manager may not; units belong to one agency; nor agencies one does not belong to
        for user, values, error in (
            (self.head_user, {}, AccessError),
            (officer, {"department_ids": [Command.set(self.unit.ids)]}, UserError),
        ):
            refused = (
                self.env["kpi.xlsx.export.wizard"]
                .with_user(user)
                .create(
                    {"export_type": "period_scores", "period_id": self.september.id, "all_agencies": True, **values}
                )
            )
            with self.assertRaises(error):
                refused.action_export()
            self.assertFalse(refused.file_data)
