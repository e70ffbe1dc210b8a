import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import page_check


@tagged("post_install", "-at_install")
class TestKpiUi(HttpCase):
    def test_kpi_menu_tour(self):
        """An administrator logs in, opens the KPI app and its sectors."""
        self.start_tour("/odoo", "kpi_menu_tour", login="admin")

    def test_diary_tour(self):
        """An employee enters two lines for today and submits; the manager approves them."""
        company = self.env.ref("base.main_company")
        manager_user = new_test_user(
            self.env,
            login="tour_manager",
            groups="kpi_civil_service.group_kpi_manager",
            company_ids=[Command.set(company.ids)],
            company_id=company.id,
        )
        employee_user = new_test_user(
            self.env,
            login="tour_employee",
            groups="kpi_civil_service.group_kpi_user",
            company_ids=[Command.set(company.ids)],
            company_id=company.id,
        )
        manager = self.env["hr.employee"].create(
            {"name": "Trưởng phòng Tour", "user_id": manager_user.id, "kpi_staff_category": "civil_servant"}
        )
        employee = self.env["hr.employee"].create(
            {
                "name": "Chuyên viên Tour",
                "user_id": employee_user.id,
                "parent_id": manager.id,
                "kpi_staff_category": "civil_servant",
            }
        )
        self.env["kpi.work.item"].create(
            {
                "code": "TOUR.1",
                "name": "Soạn thảo công văn tour",
                "uom_name": "văn bản",
                "standard_minutes": 60,
                "company_id": company.id,
            }
        )
        self.start_tour("/odoo", "kpi_diary_employee_tour", login="tour_employee")
        lines = self.env["kpi.diary.line"].search([("employee_id", "=", employee.id)])
        self.assertEqual(len(lines), 2)
        self.assertEqual(set(lines.mapped("state")), {"submitted"})
        self.start_tour("/odoo", "kpi_diary_manager_tour", login="tour_manager")
        self.assertEqual(set(lines.mapped("state")), {"approved"})

    def test_assessment_five_steps_tour(self):
        """The demo head of unit goes through the five steps with the demo users:
        himself, the director (his manager, then the decider), the HR officer
        and the party committee."""
        # the demo campaign of 2026 is decided but for this head, who has not self-assessed yet
        head = self.env.ref("kpi_civil_service.kpi_user_unit_head")
        assessment = self.env["kpi.assessment"].search([("user_id", "=", head.id), ("year", "=", 2026)])
        self.assertEqual((assessment.state, assessment.computed_level), ("draft", "good"))
        self.assertTrue(assessment.party_review_required, "a head goes through the party committee")
        url = f"/odoo/action-kpi_civil_service.kpi_assessment_action/{assessment.id}"
        prepare = {
            "self_assess": {"self_level": "good", "self_comment": "Hoàn thành tốt nhiệm vụ"},
            "manager_review": {"proposed_level": "good", "manager_comment": "Đồng ý"},
            "unit_review": {
                "meeting_date": "2026-12-01",
                "meeting_attendees": 6,
                "votes_good": 6,
                "meeting_minutes": "Biên bản họp phòng",
            },
            "party_review": {"party_opinion": "Nhất trí"},
            "decide": {"decision_note": "Nhất trí với đề xuất của Hội nghị đánh giá"},
            "notify": {},
        }
        actors = {
            "self_assess": "truongphong",
            "manager_review": "giamdoc",
            "unit_review": "tochuc",
            "party_review": "capuy",
            "decide": "giamdoc",
            "notify": "tochuc",
        }
        for step, values in prepare.items():
            user = self.env["res.users"].search([("login", "=", actors[step])])
            if values:
                assessment.with_user(user).write(values)
            self.start_tour(url, f"kpi_assessment_{step}_tour", login=actors[step])
        self.assertEqual(assessment.state, "notified")
        self.assertEqual(assessment.final_level, "good")

    def test_a_score_is_named_after_its_person_and_period(self):
        """The demo HR officer, who reads Vietnamese, opens a period score: the
        breadcrumb names the person and the month, never "kpi.score,15"."""
        officer = self.env["res.users"].search([("login", "=", "tochuc")])
        score = self.env["kpi.score"].search([("company_id", "=", officer.company_id.id)], limit=1)
        period = score.period_id
        self.assertEqual(
            score.with_context(lang="vi_VN").display_name,
            f"{score.employee_id.name} – Tháng {period.date_from.month:02d}/{period.date_from.year}",
        )
        self.start_tour(
            f"/odoo/action-kpi_civil_service.kpi_score_action/{score.id}", "kpi_score_name_tour", login="tochuc"
        )


# What the chatter of a record shows a person, read from the page once it holds
# every expected word; none of the unexpected may be there.
CHATTER = """
const text = () => document.querySelector(".o-mail-Chatter")?.innerText || "";
const present = %(present)s;
await until(() => present.every((words) => text().includes(words)), 30, () => `the chatter shows: ${text()}`);
const wrong = %(absent)s.filter((words) => text().includes(words));
if (wrong.length) {
    throw new Error(`the chatter says ${wrong.join(", ")}: ${text().slice(0, 1500)}`);
}
"""
ENGLISH_STATES = [
    "Self-Assessed",
    "Reviewed by the Manager",
    "Reviewed by the Unit",
    "Party Committee Opinion Given",
    "Decided",
    "Notified",
    "Excellent",
    "Good",
    "Not Completed",
]


@tagged("post_install", "-at_install")
class TestChatterInVietnamese(HttpCase):
    """The demo's chatter and activities, written while the demo was built,
    and a step taken now by a Vietnamese user, read in the browser by the
    demo HR officer: the states and activity summaries are Vietnamese."""

    def open_chatter(self, assessment, present, login="tochuc"):
        code = page_check(CHATTER % {"present": json.dumps(present), "absent": json.dumps(ENGLISH_STATES)})
        self.browser_js(
            f"/odoo/action-kpi_civil_service.kpi_assessment_action/{assessment.id}", code, login=login, timeout=60
        )

    def test_a_decided_assessment_of_the_demo(self):
        decided = self.env["kpi.assessment"].search(
            [("state", "in", ("decided", "notified")), ("year", "=", 2026)], limit=1
        )
        self.assertTrue(decided)
        # the states it went through, each in Vietnamese
        self.open_chatter(decided, ["Đã tự đánh giá", "Đã xếp loại"])

    def test_the_activity_of_the_next_step(self):
        users = self.env["res.users"]
        head = users.search([("login", "=", "truongphong")])
        waiting = self.env["kpi.assessment"].search([("user_id", "=", head.id), ("year", "=", 2026)])
        self.assertEqual(waiting.state, "draft")
        # as from the browser: the person's language in the context of each call
        in_vietnamese = waiting.with_user(head).with_context(lang=head.lang)
        in_vietnamese.write({"self_level": "good", "self_comment": "Hoàn thành tốt"})
        in_vietnamese.action_self_assess()
        activity = waiting.activity_ids
        self.assertTrue(activity)
        self.assertIn("Đã tự đánh giá", activity[0].summary)
        self.open_chatter(waiting, [activity[0].summary, "Đã tự đánh giá"])


@tagged("post_install", "-at_install")
class TestPeopleAssessed(HttpCase):
    """Only people in the scheme (with a staff category) are scored and
    classified: Odoo's own demo employees and the demo's contract driver are
    not; the KPI HR officer, who is not an Employees officer, brings the driver
    in from KPI > Configuration > People Assessed."""

    def test_the_hr_officer_brings_a_person_into_the_scheme(self):
        officer = self.env["res.users"].search([("login", "=", "tochuc")])
        self.assertFalse(officer.has_group("hr.group_hr_user"))
        driver = self.env.ref("kpi_civil_service.kpi_emp_driver")
        company = driver.company_id
        outside = (
            self.env["hr.employee"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id), ("kpi_staff_category", "=", False)])
        )
        self.assertIn(driver, outside)
        self.assertIn(self.env.ref("hr.employee_admin"), outside)  # Mitchell Admin
        # never scored nor classified
        self.assertFalse(self.env["kpi.score"].search_count([("employee_id", "in", outside.ids)]))
        self.assertFalse(self.env["kpi.assessment"].search_count([("employee_id", "in", outside.ids)]))
        period = self.env["kpi.period"].search([("company_id", "=", company.id)], order="date_from desc", limit=1)
        self.assertFalse(set(period._kpi_people()) & set(outside.ids))
        self.start_tour("/odoo/action-kpi_civil_service.kpi_person_action", "kpi_people_assessed_tour", login="tochuc")
        self.assertEqual(
            (driver.kpi_staff_category, driver.sudo().kpi_national_id), ("public_employee", "056186000123")
        )
        self.assertIn(driver.id, period._kpi_people())
        # the employee's record stays the Employees officers'; a staff member changes no one
        with self.assertRaises(AccessError):
            driver.with_user(officer).write({"job_title": "Trưởng phòng"})
        person = self.env["kpi.person"].browse(driver.id)
        with self.assertRaises(AccessError):
            person.with_user(officer).write({"name": "Nguyễn Văn Tài Hai"})
        with self.assertRaises(AccessError):
            person.with_user(self.env["res.users"].search([("login", "=", "chuyenvien")])).write(
                {"staff_category": "cadre"}
            )
        # nor the people of another agency
        other = self.env["res.company"].create({"name": "Sở Tư pháp (kiểm thử)"})
        stranger = self.env["hr.employee"].create({"name": "Người cơ quan khác", "company_id": other.id})
        self.assertFalse(self.env["kpi.person"].with_user(officer).search([("id", "=", stranger.id)]))
        with self.assertRaises(AccessError):
            self.env["kpi.person"].browse(stranger.id).with_user(officer).write({"staff_category": "cadre"})
        self.assertFalse(stranger.kpi_staff_category)


# Read in the page at 1440 px: no name or level cut, the entered column marked,
# a red row only for a period not completed, and the legend in the headers.
SCORE_LIST = """
const cut = (cell) => [cell, ...cell.querySelectorAll("*")].some((el) => el.scrollWidth > el.clientWidth + 1);
if (%(open_group)s) {
    (await waitFor(".o_group_name")).click();
}
await waitFor(".o_data_row");
await new Promise((resolve) => setTimeout(resolve, 500));
const rows = [...document.querySelectorAll(".o_data_row")];
for (const row of rows) {
    for (const name of %(uncut)s) {
        const cell = row.querySelector(`.o_data_cell[name=${name}]`);
        if (!cell || cut(cell)) {
            throw new Error(`${name} is cut: ${cell && cell.innerText}`);
        }
    }
    const level = row.querySelector(".o_data_cell[name=level]").innerText.trim();
    if (row.classList.contains("text-danger") !== (level === %(not_completed)s)) {
        throw new Error(`a row coloured for something else than its level: ${row.innerText}`);
    }
}
const legend = document.querySelector("th[data-name=level] [data-tooltip-info]").dataset.tooltipInfo;
if (!legend.includes(%(legend)s)) {
    throw new Error(`no legend on the level's header: ${legend}`);
}
if (%(entered)s) {
    const label = document.querySelector("th[data-name=general_score] span.text-truncate");
    if (!getComputedStyle(label, "::before").content.includes("\\uf040")) {
        throw new Error("the general score's header has no pencil");
    }
    const cell = rows[0].querySelector(".o_data_cell[name=general_score]");
    if (getComputedStyle(cell).backgroundColor === getComputedStyle(rows[0]).backgroundColor) {
        throw new Error("the general score a head enters is not shaded");
    }
}
"""


@tagged("post_install", "-at_install")
class TestScoreListsAt1440(HttpCase):
    browser_size = "1440x900"

    def read_list(self, action, login, uncut, entered):
        code = page_check(
            SCORE_LIST
            % {
                "open_group": json.dumps(entered),
                "uncut": json.dumps(uncut),
                "not_completed": json.dumps("Không hoàn thành nhiệm vụ"),
                "legend": json.dumps("Màu xanh"),
                "entered": json.dumps(entered),
            }
        )
        self.browser_js(f"/odoo/action-kpi_civil_service.{action}", code, login=login, timeout=60)

    def test_team_scores(self):
        team = self.env["kpi.score"].search([("employee_id.parent_id.user_id.login", "=", "truongphong")])
        self.assertIn("not_completed", team.mapped("level"))  # a red row to read
        self.read_list("kpi_score_action_team", "truongphong", ["employee_id", "level"], True)

    def test_my_scores(self):
        self.read_list("kpi_score_action_mine", "chuyenvien", ["period_id", "level"], False)


@tagged("post_install", "-at_install")
class TestNumbersInTheBrowser(HttpCase):
    def test_a_refusal_prints_numbers_as_the_screen_does(self):
        """The demo head types "30,5" as a general score of at most 30: the
        refusal in the dialog reads "(30,5)", and nothing is written."""
        head = self.env["res.users"].search([("login", "=", "truongphong")])
        team = self.env["kpi.score"].search([("employee_id.parent_id.user_id", "=", head.id)])
        self.assertEqual(set(team.mapped("general_max")), {30})
        before = team.mapped("general_score")
        self.start_tour(
            "/odoo/action-kpi_civil_service.kpi_score_action_team", "kpi_number_in_refusal_tour", login="truongphong"
        )
        team.invalidate_recordset()
        self.assertEqual(team.mapped("general_score"), before)
