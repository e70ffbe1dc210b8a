"""Each person's years: the decided assessments and the imported earlier
years in one history, consecutive years "not completed" flagged, and the
province officer's rights (reads every agency allowed, writes nothing)."""

import io

import xlsxwriter

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .. import kpi_rules
from .province_case import ProvinceCase

IMPORT_FIELDS = ["year", "national_id", "employee_id", "total_score", "level", "decision_number", "decision_date"]


def xlsx_file(rows):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for row_index, row in enumerate([IMPORT_FIELDS, *rows]):
        for col_index, value in enumerate(row):
            if value is not None:
                sheet.write_string(row_index, col_index, str(value))
    workbook.close()
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestYearHistory(ProvinceCase):
    def results(self, key, user=None):
        model = self.env["kpi.year.result"]
        if user:
            model = model.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)
        return model.search([("employee_id", "=", self.people[key].id)], order="year")

    def test_history_holds_decided_and_imported_years(self):
        years = self.results("binh2")
        self.assertEqual(
            [(r.year, r.total_score, r.level, r.is_imported, r.decision_number) for r in years],
            [(2025, 80.0, "good", True, "15/QĐ-STP"), (2026, 85.0, "good", False, "30/QĐ-STP")],
        )
        self.assertEqual(years.mapped("trend"), [False, "up"])  # 85 after 80
        lan = self.results("lan")
        self.assertEqual((lan.level, lan.note), ("not_classified", "Employed 4 months, fewer than 6"))
        # an open assessment is not a result yet
        self.assertFalse(self.results("quan"))

    def test_not_completed_in_consecutive_years_is_flagged_with_the_years(self):
        tam = self.env["kpi.assessment"].search([("employee_id", "=", self.people["tam"].id)])
        self.assertEqual((tam.not_completed_years, tam.repeated_not_completed), ("2025, 2026", True))
        ours = [("company_id", "in", self.agencies.ids)]
        flagged = self.env["kpi.assessment"].search([*ours, ("repeated_not_completed", "=", True)])
        self.assertEqual(flagged, tam)
        # three years are required now: two are not enough
        self.nd335.streamlining_consecutive_years = 3
        tam.invalidate_recordset()
        self.assertEqual((tam.not_completed_years, tam.repeated_not_completed), (False, False))
        self.assertFalse(self.env["kpi.assessment"].search([*ours, ("repeated_not_completed", "=", True)]))

    def test_consecutive_run_rules(self):
        self.assertEqual(kpi_rules.repeated_not_completed({2024, 2025, 2026}, 2026, 2), [2024, 2025, 2026])
        self.assertEqual(kpi_rules.repeated_not_completed({2024, 2026}, 2026, 2), [])  # a gap breaks the run
        self.assertEqual(kpi_rules.repeated_not_completed({2025}, 2026, 1), [])  # not this year
        self.assertEqual(kpi_rules.not_classified_cause(0, 12, 6), "no_period")
        self.assertEqual(kpi_rules.not_classified_cause(4, 4.5, 6), "few_months")
        self.assertIsNone(kpi_rules.not_classified_cause(12, 12, 6))
        self.assertEqual(kpi_rules.share_percent(5, 9), 55.56)
        self.assertEqual(kpi_rules.share_percent(0, 0), 0.0)

    def _import(self, rows, user=None):
        importer = (
            self.env["base_import.import"]
            .with_user(user or self.justice_hr)
            .create(
                {
                    "res_model": "kpi.past.result",
                    "file": xlsx_file(rows),
                    "file_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "file_name": "ket_qua_cu.xlsx",
                }
            )
        )
        return importer.execute_import(IMPORT_FIELDS, IMPORT_FIELDS, {"has_headers": True})

    def test_hr_officer_imports_earlier_years_from_xlsx(self):
        self.people["hung"].kpi_national_id = "056075000111"
        result = self._import(
            [
                (2024, "056 075 000 111", None, "70.5", "Completed", "9/QĐ-STP", "2024-12-18"),
                (2024, None, "Phạm Văn Khoa", "91", "Excellent", "9/QĐ-STP", "2024-12-18"),
            ]
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = self.env["kpi.past.result"].browse(result["ids"])
        self.assertEqual(
            [(r.employee_id, r.year, r.total_score, r.level, r.company_id) for r in imported],
            [
                (self.people["hung"], 2024, 70.5, "completed", self.justice),
                (self.people["khoa"], 2024, 91.0, "excellent", self.justice),
            ],
        )
        # the person as they were: category and leadership taken when imported
        self.assertEqual((imported[0].staff_category, imported[0].is_leader), ("cadre", True))
        self.assertTrue(self.results("khoa").filtered(lambda r: r.year == 2024).is_imported)

    @mute_logger("odoo.sql_db")
    def test_bad_rows_are_refused_and_nothing_is_written(self):
        before = self.env["kpi.past.result"].search_count([])
        for row, message in (
            ((2027, None, "Phạm Văn Khoa", "90", "Good", "1", "2027-12-20"), "Only earlier years"),
            ((2025, "999999999999", None, "90", "Good", "1", "2025-12-20"), "No single employee"),
            ((2025, None, "Phạm Văn Khoa", "150", "Good", "1", "2025-12-20"), "between 0 and 100"),
            ((2025, None, "Phạm Văn Khoa", "nan", "Good", "1", "2025-12-20"), "incorrect values"),
            ((2025, None, None, "90", "Good", "1", "2025-12-20"), "employee or the national identifier"),
        ):
            with self.subTest(row=row):
                result = self._import([row])
                self.assertTrue(result["messages"], row)
                self.assertIn(message, " ".join(m["message"] for m in result["messages"]))
        self.assertEqual(self.env["kpi.past.result"].search_count([]), before)

    def test_a_year_decided_in_the_product_is_not_imported_again(self):
        with self.assertRaisesRegex(ValidationError, "already has an assessment for 2026"):
            self.env["kpi.past.result"].create(
                {"employee_id": self.people["khoa"].id, "year": 2026, "total_score": 90, "level": "good"}
            )

    def test_a_campaign_of_an_imported_year_leaves_its_people_out(self):
        campaign = (
            self.env["kpi.assessment.campaign"]
            .with_user(self.justice_hr)
            .create({"company_id": self.justice.id, "year": 2025, "rule_set_id": self.nd335.id})
        )
        missing = campaign._missing_people()
        self.assertEqual(len(missing), 7)  # the nine of Sở Tư pháp but Tâm and Bình, imported
        self.assertFalse(missing & (self.people["tam"] | self.people["binh2"]))

    def test_imported_years_are_never_recomputed_nor_deleted(self):
        imported = self.env["kpi.past.result"].search([("employee_id", "=", self.people["tam"].id)])
        # recomputing the year and moving the bands leave the imported year as decided
        self.env["kpi.assessment"].search([("company_id", "=", self.justice.id)])._kpi_refresh()
        self.nd335.band_ids.filtered(lambda b: b.level == "completed").min_score = 40
        self.assertEqual((imported.total_score, imported.level), (48.0, "not_completed"))
        with self.assertRaisesRegex(UserError, "never deleted"):
            imported.unlink()
        imported.active = False  # archived: out of the history
        self.assertEqual(self.results("tam").mapped("year"), [2026])

    def test_province_officer_reads_every_agency_and_writes_nothing(self):
        officer = self.province_user
        results = self.env["kpi.year.result"].with_user(officer).with_context(allowed_company_ids=self.agencies.ids)
        self.assertEqual(results.search_count([("year", "=", 2026)]), 13)
        self.assertEqual(results.search_count([("year", "=", 2025)]), 2)
        assessments = self.env["kpi.assessment"].with_user(officer).with_context(allowed_company_ids=self.agencies.ids)
        tam = assessments.search([("employee_id", "=", self.people["tam"].id)])
        self.assertEqual(tam.not_completed_years, "2025, 2026")
        self.assertEqual(assessments.search_count([("year", "=", 2026)]), 14)
        past = self.env["kpi.past.result"].with_user(officer).with_context(allowed_company_ids=self.agencies.ids)
        imported = past.search([])
        self.assertEqual(len(imported), 2)
        with self.assertRaises(AccessError):
            imported[0].write({"total_score": 99})
        with self.assertRaises(AccessError):
            past.create({"employee_id": self.people["khoa"].id, "year": 2024, "total_score": 90, "level": "good"})
        with self.assertRaises(UserError):  # decided: read-only for everyone
            tam.write({"decision_note": "Đề nghị"})
        quan = assessments.search([("employee_id", "=", self.people["quan"].id)])
        with self.assertRaises(AccessError):
            quan.write({"self_comment": "Tự nhận xét"})
        with self.assertRaises(AccessError):
            quan.action_cancel(reason="Nghỉ việc")
        with self.assertRaises(AccessError):
            self.campaigns[self.justice].with_user(officer).write({"decision_number": "1/QĐ"})
        with self.assertRaises(AccessError):
            self.nd335.with_user(officer).write({"streamlining_consecutive_years": 1})

    def test_agency_hr_officer_sees_only_their_own(self):
        hr = self.justice_hr
        results = self.env["kpi.year.result"].with_user(hr)
        self.assertEqual(set(results.search([]).company_id.ids), {self.justice.id})
        self.assertEqual(results.search_count([("year", "=", 2026)]), 9)
        mai = self.env["kpi.year.result"].search([("employee_id", "=", self.people["mai"].id)])
        with self.assertRaises(AccessError):
            mai.with_user(hr).read(["total_score"])
