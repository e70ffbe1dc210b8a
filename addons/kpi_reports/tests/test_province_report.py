"""The province's annual report (figures of province_case, worked out by
hand there): on the screen, in the XLSX read back, in the PDF's text, with
drill-down to the people; as the province officer, who reads every agency,
and as an agency's HR officer, who sees only their own."""

import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.kpi_civil_service.tests.common import page_check
from odoo.addons.kpi_civil_service.tests.province_case import ProvinceCase

from .common import activate_vietnamese, pdf_to_text

LEVELS = ("excellent", "good", "completed", "not_completed", "not_classified")


class ProvinceReportCase(ProvinceCase):
    def report(self, user=None, year=2026):
        user = user or self.province_user
        model = self.env["kpi.province.report"].with_user(user).with_context(allowed_company_ids=user.company_ids.ids)
        return model, model.get_report(year)

    @staticmethod
    def levels(row):
        return [row["counts"][level] for level in LEVELS], [row["shares"][level] for level in LEVELS]


@tagged("post_install", "-at_install")
class TestProvinceReport(ProvinceReportCase):
    def test_levels_by_agency_and_in_total(self):
        _model, report = self.report()
        rows = {row["label"]: row for row in report["agencies"]}
        self.assertEqual(list(rows), ["Bệnh viện Đa khoa tỉnh", "Sở Tư pháp", "UBND huyện Diên Khánh"])
        self.assertEqual(self.levels(rows["Sở Tư pháp"]), ([1, 5, 1, 1, 1], [11.11, 55.56, 11.11, 11.11, 11.11]))
        self.assertEqual(rows["Sở Tư pháp"]["total"], 9)
        self.assertEqual(self.levels(rows["Bệnh viện Đa khoa tỉnh"]), ([1, 1, 1, 0, 0], [33.33, 33.33, 33.33, 0, 0]))
        self.assertEqual(self.levels(rows["UBND huyện Diên Khánh"]), ([0, 1, 0, 0, 0], [0, 100.0, 0, 0, 0]))
        self.assertEqual(report["total"]["total"], 13)
        self.assertEqual(self.levels(report["total"]), ([2, 7, 2, 1, 1], [15.38, 53.85, 15.38, 7.69, 7.69]))

    def test_split_by_category_and_leadership(self):
        _model, report = self.report()
        parts = {part["label"]: self.levels(part)[0] for part in report["total"]["breakdown"]}
        self.assertEqual(
            parts,
            {
                "Civil Servant - not leaders": [1, 5, 0, 1, 1],
                "Public Employee - leaders": [1, 0, 0, 0, 0],
                "Public Employee - not leaders": [0, 1, 1, 0, 0],
                "Cadre - leaders": [0, 0, 1, 0, 0],
                "Cadre - not leaders": [0, 1, 0, 0, 0],
            },
        )
        justice = next(row for row in report["agencies"] if row["label"] == "Sở Tư pháp")
        self.assertEqual(
            {part["label"]: part["total"] for part in justice["breakdown"]},
            {"Civil Servant - not leaders": 8, "Cadre - leaders": 1},
        )

    def test_lists_quota_and_undecided_agencies(self):
        _model, report = self.report()
        self.assertEqual(
            [(p["employee"], p["reason"]) for p in report["not_classified"]],
            [("Tạ Ngọc Lan", "Employed 4 months, fewer than 6")],
        )
        self.assertEqual(sorted(p["employee"] for p in report["reward"]), ["Bùi Thị Mai", "Nguyễn Bình An"])
        self.assertEqual([(p["employee"], p["years"]) for p in report["streamlining"]], [("Lý Minh Tâm", "2025, 2026")])
        self.assertEqual(
            [(q["agency"], q["group"], q["good"], q["excellent"], q["allowed"], q["ok"]) for q in report["quota"]],
            [
                ("Bệnh viện Đa khoa tỉnh", "No group", 1, 1, 0, False),  # 20 % of 1 good: none allowed
                ("Sở Tư pháp", "Chuyên viên", 5, 1, 1, True),  # 20 % of 5 good: one
                ("UBND huyện Diên Khánh", "No group", 1, 0, 0, True),
            ],
        )
        self.assertEqual(
            [(u["agency"], u["deadline"], u["open"], u["late"]) for u in report["undecided"]],
            [("UBND huyện Diên Khánh", "2026-12-01", 1, True)],
        )

    def test_the_imported_year_is_reported_too(self):
        _model, report = self.report(year=2025)
        justice = next(row for row in report["agencies"] if row["label"] == "Sở Tư pháp")
        self.assertEqual(self.levels(justice)[0], [0, 1, 0, 1, 0])
        self.assertEqual([(p["employee"], p["years"]) for p in report["streamlining"]], [("Lý Minh Tâm", "2025")])
        # no campaign of 2025 in the product: every agency is listed as such
        self.assertEqual([u["status"] for u in report["undecided"]], ["No campaign"] * 3)

    def test_every_number_drills_down_to_its_people(self):
        model, _report = self.report()
        for drill, level, expected in (
            ({"company_id": self.justice.id}, "good", 5),
            ({"company_id": self.justice.id}, False, 9),
            ({}, "excellent", 2),
            ({"staff_category": "public_employee", "is_leader": False}, "completed", 1),
            ({"company_id": self.justice.id, "task_group_id": self.group.id}, "excellent", 1),
        ):
            with self.subTest(drill=drill, level=level):
                action = model.action_drill(2026, drill, level)
                self.assertEqual(action["res_model"], "kpi.year.result")
                found = (
                    self.env["kpi.year.result"]
                    .with_user(self.province_user)
                    .with_context(allowed_company_ids=self.agencies.ids)
                    .search(action["domain"])
                )
                self.assertEqual(len(found), expected)
        action = model.action_open_undecided(2026, self.district.id)
        self.assertEqual(self.env["kpi.assessment"].search(action["domain"]).employee_id, self.people["quan"])
        with self.assertRaises(UserError):
            model.action_drill(2026, {"employee_id.user_id.password": "x"})
        with self.assertRaises(UserError):
            model.action_drill("2026; DROP TABLE", {})

    def test_the_screen_only_reads(self):
        """The screen's calls are marked read-only, so that with a read
        replica (`db_replica_host`) Odoo serves them from it: in a read-only
        transaction, as on the replica, they answer and write nothing."""
        model = self.env["kpi.province.report"]
        for name in ("get_report", "action_drill", "action_open_undecided"):
            self.assertTrue(getattr(getattr(type(model), name), "_readonly", False), name)
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT kpi_read_only")
        try:
            self.env.cr.execute("SET LOCAL transaction_read_only = on")
            model, report = self.report()
            self.assertEqual(report["total"]["total"], 13)
            model.action_drill(2026, {"company_id": self.justice.id}, "good")
            model.action_open_undecided(2026, self.district.id)
            self.env.flush_all()
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT kpi_read_only")
            self.env.invalidate_all()

    def test_agency_hr_officer_sees_only_their_agency(self):
        _model, report = self.report(self.justice_hr)
        self.assertEqual([row["label"] for row in report["agencies"]], ["Sở Tư pháp"])
        self.assertEqual(report["total"]["total"], 9)
        self.assertEqual(report["reward"][0]["employee"], "Nguyễn Bình An")
        # asking for another agency is refused, not answered
        with self.assertRaises(AccessError):
            self.env["kpi.province.report"].with_user(self.justice_hr).with_context(
                allowed_company_ids=self.hospital.ids
            ).get_report(2026)

    def test_queries_do_not_grow_with_the_people(self):
        """The figures come from a few grouped queries, not one per person."""
        model, _report = self.report()

        def queries():
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            model.get_report(2026)
            return self.env.cr.sql_log_count - start

        before = queries()
        campaign = self.campaigns[self.hospital]
        for index, level in enumerate(("excellent", "good", "not_completed", "good", "completed", "good")):
            employee = self.env["hr.employee"].create(
                {"name": f"Viên chức {index}", "company_id": self.hospital.id, "kpi_staff_category": "public_employee"}
            )
            self.env["kpi.assessment"].sudo().create(
                {
                    "campaign_id": campaign.id,
                    "employee_id": employee.id,
                    "company_id": self.hospital.id,
                    "year": 2026,
                    "rule_set_id": campaign.rule_set_id.id,
                    "state": "decided",
                    "final_level": level,
                    "total_score": 70.0,
                }
            )
        self.assertEqual(model.get_report(2026)["total"]["total"], 19)
        self.assertLessEqual(queries(), before)

    def test_a_plain_user_or_a_unit_head_has_no_report(self):
        for user in (self.staff_user, self.head_user):
            report = self.env["kpi.province.report"].with_user(user)
            for call in (
                lambda report=report: report.get_report(2026),
                lambda report=report: report.action_drill(2026, {}, "good"),
                lambda report=report: report.action_print(2026),
                lambda report=report: report.action_export_xlsx(2026),
                lambda report=report: report.action_open_undecided(2026, self.company.id),
            ):
                with self.subTest(user=user.login), self.assertRaises(AccessError):
                    call()

    def test_xlsx_read_back(self):
        model, _report = self.report()
        action = model.action_export_xlsx(2026)
        export = model.search([], order="id desc", limit=1)
        self.assertIn(f"/web/content/kpi.province.report/{export.id}/file_data/", action["url"])
        self.assertEqual(export.file_name, "annual_report_2026_province.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file_data)))
        levels = book["Levels by Agency"]
        rows = [[cell.value for cell in row] for row in levels.iter_rows(min_row=4)]
        self.assertEqual(rows[0][:2], ["Agency", "People"])
        self.assertEqual(rows[2], ["Sở Tư pháp", 9, 1, 11.11, 5, 55.56, 1, 11.11, 1, 11.11, 1, 11.11])
        self.assertEqual(rows[4][0], "Province")
        self.assertEqual(rows[4][1], "=SUM(B5:B7)")  # the totals row: our own formula, over the rows above
        streamlining = book["Streamlining"]
        self.assertEqual(
            [cell.value for cell in next(streamlining.iter_rows(min_row=5))],
            ["Sở Tư pháp", "Lý Minh Tâm", None, 45, "2025, 2026"],  # no unit
        )
        # a name that looks like a formula stays text
        self.people["an"].name = '=HYPERLINK("http://x")'
        self.env.flush_all()
        self.env.invalidate_all()  # a new request (the names are read through the public profiles)
        model.action_export_xlsx(2026)
        export = model.search([], order="id desc", limit=1)
        reward = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file_data)))["Reward Proposals"]
        names = [row[1].value for row in reward.iter_rows(min_row=5)]
        self.assertIn('=HYPERLINK("http://x")', names)
        self.assertTrue(all(row[1].data_type == "s" for row in reward.iter_rows(min_row=5)))

    def test_pdf_in_the_state_document_format(self):
        """Always Vietnamese, numbers included, whoever prints it."""
        activate_vietnamese(self.env, "kpi_civil_service", "kpi_reports")
        model, _report = self.report()
        action = model.action_print(2026)
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.province_user)
            .with_context(allowed_company_ids=self.agencies.ids, force_report_rendering=True)
            ._render_qweb_pdf("kpi_reports.action_report_province_annual", data=action["data"])
        )
        text = " ".join(pdf_to_text(pdf).split())
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
        for expected in (
            "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG",
            "Sở Tư pháp 9 1 (11,11%) 5 (55,56%) 1 (11,11%) 1 (11,11%) 1 (11,11%)",
            "8 1 (12,50%) 5 (62,50%) 0 (0,00%) 1 (12,50%)",  # civil servants, not leaders
            "Công tác 4 tháng, ít hơn 6 tháng",
            "Lý Minh Tâm 45,00 2025, 2026",
            "Tạ Ngọc Lan",
            "UBND huyện Diên Khánh 01/12/2026 1",
            "Nguyễn Bình An",
        ):
            self.assertIn(expected, text)

    def test_a_unit_head_without_hr_rights_sees_the_years_of_their_people(self):
        activate_vietnamese(self.env, "kpi_civil_service", "kpi_reports")
        head_user, head = self._create_person("truong_stp", "Phan Văn Trưởng", False, "manager", company=self.justice)
        self.people["binh2"].parent_id = head
        profiles = self.env["hr.employee.public"].with_user(head_user)
        self.assertFalse(head_user.has_group("hr.group_hr_user"))
        binh = profiles.browse(self.people["binh2"].id)
        self.assertEqual(
            [(r.year, r.total_score, r.is_imported) for r in binh.kpi_year_result_ids],
            [(2025, 80.0, True), (2026, 85.0, False)],
        )
        # a colleague they do not manage shows nothing
        self.assertFalse(profiles.browse(self.people["khoa"].id).kpi_year_result_ids)
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(head_user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("kpi_reports.action_report_employee_years", binh.ids)
        )
        self.assertIn("2026 12 85,00", " ".join(pdf_to_text(pdf).split()))
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.staff_user)._render_qweb_pdf(
                "kpi_reports.action_report_employee_years", binh.ids
            )

    def test_a_person_s_years_on_one_page(self):
        activate_vietnamese(self.env, "kpi_civil_service", "kpi_reports")
        employee = self.people["binh2"]
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.justice_hr)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("kpi_reports.action_report_employee_years", employee.ids)
        )
        text = " ".join(pdf_to_text(pdf).split())
        self.assertEqual(pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") + pdf.count(b"/Type /Page "), 1)
        self.assertIn("Lê Thị Bình", text)
        self.assertIn("2025 12 80,00", text)
        self.assertIn("15/QĐ-STP", text)
        self.assertIn("(20/12/2025)", text)
        self.assertIn("Hoàn thành tốt nhiệm vụ (đã", text)  # imported, marked
        self.assertIn("2026 12 85,00", text)


@tagged("post_install", "-at_install")
class TestProvinceReportScreen(HttpCase, ProvinceCase):
    def test_province_officer_opens_the_people_behind_a_number(self):
        """The screen shows the agencies; the "good" of Sở Tư pháp opens its five."""
        cids = "-".join(map(str, self.agencies.ids))
        self.browser_js(
            f"/odoo/action-kpi_reports.kpi_province_report_action?cids={cids}",
            page_check(
                """
                const agency = await until(() => [...document.querySelectorAll("tr.o_kpi_agency")]
                    .find((row) => row.textContent.includes("Sở Tư pháp")), 30, () => "no row of Sở Tư pháp");
                agency.querySelector("a.o_kpi_drill[data-level='good']").click();
                await until(() => document.querySelectorAll(".o_list_renderer .o_data_row").length === 5, 30,
                    () => `${document.querySelectorAll(".o_data_row").length} rows instead of 5`);
                """
            ),
            login="province_officer",
        )


@tagged("post_install", "-at_install")
class TestKpiYearsPage(HttpCase):
    def test_the_employee_form_shows_the_years(self):
        """The demo specialist rated not completed in 2025 (imported) and 2026,
        on the employee form (HR) and on the public profile (their unit head)."""
        employee = self.env.ref("kpi_civil_service.kpi_emp_org_specialist_3")
        assessment = self.env["kpi.assessment"].search([("employee_id", "=", employee.id), ("year", "=", 2026)])
        self.assertEqual(assessment.not_completed_years, "2025, 2026")
        head = self.env["res.users"].search([("login", "=", "truongphong")])
        self.assertFalse(head.has_group("hr.group_hr_user"))
        for login, url in (
            ("admin", f"/odoo/employees/{employee.id}"),
            ("truongphong", f"/odoo/action-hr.hr_employee_public_action/{employee.id}"),
        ):
            with self.subTest(login=login):
                self.open_the_years(url, login)

    def open_the_years(self, url, login):
        self.browser_js(
            url,
            page_check(
                """
                (await waitFor(".o_notebook_headers a[name='kpi_years']")).click();
                const rows = await until(() => {
                    const found = document.querySelectorAll("div[name='kpi_year_result_ids'] .o_data_row");
                    return found.length === 2 && found;
                }, 30, () => "the two years do not show");
                const text = [...rows].map((row) => row.textContent).join(" | ");
                if (!text.includes("2025") || !text.includes("46") || !text.includes("2026")) {
                    throw new Error(text);
                }
                """
            ),
            login=login,
        )
