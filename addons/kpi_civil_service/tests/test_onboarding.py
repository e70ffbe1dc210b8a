"""The guided first steps. Each role's tour runs by itself against
the demo database, as the demo user of that role, in Vietnamese; a tour
never starts by itself, and one done (or skipped) is recorded. The
decider's tour ends by printing the notice, so it is tested in kpi_reports."""

import json

from odoo.tests import HttpCase, tagged

from ..models.web_tour_tour import KPI_TOURS
from .common import page_check


@tagged("post_install", "-at_install")
class TestOnboardingTours(HttpCase):
    def user(self, login):
        return self.env["res.users"].search([("login", "=", login)])

    def test_staff_writes_and_submits_a_day(self):
        staff = self.user("chuyenvien")
        self.assertEqual(staff.lang, "vi_VN")
        self.start_tour("/odoo", "kpi_onboarding_staff", login="chuyenvien")
        line = self.env["kpi.diary.line"].search(
            [("employee_id.user_id", "=", staff.id), ("evidence_ref", "=", "125/SNV-TCBC")]
        )
        self.assertEqual(len(line), 1)
        self.assertEqual((line.quantity, line.hours, line.state), (2, 2, "submitted"))
        self.assertTrue(line.work_item_id)  # the first item the search for "công văn" offered

    def test_unit_head_rejects_approves_and_scores(self):
        head = self.user("truongphong")
        waiting = (
            self.env["kpi.diary.line"]
            .with_user(head)
            .search([("state", "=", "submitted"), ("employee_id.user_id", "!=", head.id)])
        )
        self.assertTrue(waiting)
        self.start_tour("/odoo", "kpi_onboarding_unit_head", login="truongphong")
        rejected = waiting.filtered(lambda line: line.state == "rejected")
        self.assertEqual(len(rejected), 1)
        self.assertEqual(rejected.reject_reason, "Chưa ghi số văn bản trên E-Office")
        person = rejected.employee_id
        self.assertEqual(
            set(waiting.filtered(lambda line: line.employee_id == person).mapped("state")) - {"rejected"}, {"approved"}
        )
        scored = self.env["kpi.score"].search(
            [("general_score", "=", 27), ("employee_id.parent_id.user_id", "=", head.id)]
        )
        self.assertTrue(scored)

    def test_hr_officer_visits_the_set_up(self):
        before = self.env["kpi.period"].search_count([])
        officer = self.user("tochuc")
        assessments = self.env["kpi.assessment"].search_count([])
        self.start_tour("/odoo", "kpi_onboarding_hr_officer", login="tochuc")
        # Create Assessments on the demo campaign: everyone has theirs already
        self.assertEqual(self.env["kpi.assessment"].search_count([]), assessments)
        self.assertEqual(self.env["kpi.period"].search_count([]), before)
        # the catalogue the tour imported, in the officer's agency, with its time norms
        imported = self.env["kpi.work.item"].search([("code", "in", ("KTH.01", "KTH.02"))], order="code")
        self.assertEqual(imported.mapped("standard_minutes"), [15, 90])
        self.assertEqual(imported.mapped("coefficient"), [1, 1.2])
        self.assertEqual(imported.company_id, officer.company_id)

    def test_a_tour_never_starts_by_itself_and_is_recorded_when_done(self):
        tours = self.env["web_tour.tour"]
        staff = self.user("chuyenvien")
        self.assertEqual(set(tours.search([("name", "in", KPI_TOURS)]).mapped("custom")), {True})
        staff.tour_enabled = True  # what starting a tour by its menu does
        current = tours.with_user(staff).get_current_tour()
        self.assertFalse(current and current["name"] in KPI_TOURS)
        # the end of a tour: recorded, onboarding off again, no other app's tour chained
        self.assertFalse(tours.with_user(staff).consume("kpi_onboarding_staff"))
        self.assertIn(staff, tours.search([("name", "=", "kpi_onboarding_staff")]).user_consumed_ids)
        self.assertFalse(staff.tour_enabled)
        # skipping marks them all done
        head = self.user("truongphong")
        action = tours.with_user(head).kpi_skip_tours()
        self.assertEqual(action["tag"], "reload")
        for tour in tours.search([("name", "in", KPI_TOURS)]):
            self.assertIn(head, tour.user_consumed_ids)
        # the menu starts each where the person is, for the roles it is for
        action = self.env.ref("kpi_civil_service.kpi_tour_decider_start_action")
        self.assertEqual((action.tag, action.params["tour"]), ("kpi_start_tour", "kpi_onboarding_decider"))
        self.assertEqual(
            self.env.ref("kpi_civil_service.menu_kpi_tour_decider").group_ids,
            self.env.ref("kpi_civil_service.group_kpi_decider"),
        )

    def test_the_skip_menu_runs_for_a_plain_user(self):
        staff = self.user("chuyenvien")
        action = self.env.ref("kpi_civil_service.kpi_tour_skip_action").with_user(staff).run()
        self.assertEqual(action["tag"], "reload")
        self.assertIn(staff, self.env.ref("kpi_civil_service.kpi_tour_staff").user_consumed_ids)

    def test_every_list_says_what_to_do_when_empty(self):
        data = self.env["ir.model.data"].search(
            [("module", "in", ("kpi_civil_service", "kpi_reports")), ("model", "=", "ir.actions.act_window")]
        )
        actions = (
            self.env["ir.actions.act_window"]
            .browse(data.mapped("res_id"))
            .filtered(lambda action: action.target != "new")
        )
        self.assertGreater(len(actions), 20)
        for action in actions:
            with self.subTest(action=action.name):
                self.assertIn("o_view_nocontent", action.help or "")
        vi = self.env.ref("kpi_civil_service.kpi_diary_line_action_my").with_context(lang="vi_VN")
        self.assertIn("Xem hướng dẫn từng bước", vi.help)


# Run in the page as a person does it: the Getting Started menu (under "+"
# when the menu bar is full), then the tour's entry; then nothing but waiting
# for the pointer, 10 s at most, at the first step's menu.
START_BY_HAND = """
await waitFor(".o_menu_sections", 30);
const section = '.o_menu_sections [data-menu-xmlid="kpi_civil_service.menu_kpi_getting_started"]';
(visible(section) || (await waitFor(".o_menu_sections_more button", 5))).click();
(await waitFor('.dropdown-item[data-menu-xmlid="kpi_civil_service.%(menu)s"]', 10)).click();
// the pointer comes to the first step's menu, 10 s at most after the click
const anchor = await waitFor('[data-menu-xmlid="kpi_civil_service.%(first)s"]', 10);
const pointsAtAnchor = () => {
    const pointer = visible(".o_tour_pointer");
    if (!pointer) {
        return false;
    }
    const [at, to] = [pointer.getBoundingClientRect(), anchor.getBoundingClientRect()];
    return Math.abs(at.x + at.width / 2 - (to.x + to.width / 2)) < to.width / 2 + 20 && at.y < to.bottom + 40;
};
await until(pointsAtAnchor, 10, () => {
    const where = visible(".o_tour_pointer")?.getBoundingClientRect();
    return `no pointer at the first step's menu: ${JSON.stringify(where)}`;
});
const config = odoo.loader.modules.get("@web_tour/js/tour_state").tourState.getCurrentConfig();
if (config.rainbowManMessage !== %(message)s) {
    throw new Error(`the tour ends saying ${JSON.stringify(config.rainbowManMessage)}`);
}
"""


@tagged("post_install", "-at_install")
class TestToursStartWhereThePersonIs(HttpCase):
    """Each role starts its tour by hand from KPI > Getting Started (in
    manual mode, as a person, not as the test runner) and sees the first
    pointer within 10 s without another click; Odoo's onboarding mode is off
    again, and the tour will end with its Vietnamese message."""

    def start_by_hand(self, login, menu, first, message):
        user = self.env["res.users"].search([("login", "=", login)])
        code = page_check(START_BY_HAND % {"menu": menu, "first": first, "message": json.dumps(message)})
        self.browser_js("/odoo", code, login=login, timeout=90)
        user.invalidate_recordset(["tour_enabled"])
        self.assertFalse(user.tour_enabled)

    def test_staff(self):
        self.start_by_hand(
            "chuyenvien",
            "menu_kpi_tour_staff",
            "menu_kpi_my_work",
            "Bạn đã ghi và gửi ngày làm việc đầu tiên. Hãy làm như vậy mỗi ngày làm việc: điểm hằng tháng "
            "của bạn được tính từ đó.",
        )

    def test_unit_head(self):
        self.start_by_hand(
            "truongphong",
            "menu_kpi_tour_unit_head",
            "menu_kpi_approvals",
            "Nhật ký của đơn vị đã được duyệt và điểm chung đã được chấm. Bộ phận tổ chức cán bộ tính điểm "
            "tháng từ đó.",
        )

    def test_hr_officer(self):
        self.start_by_hand(
            "tochuc",
            "menu_kpi_tour_hr_officer",
            "menu_kpi_configuration",
            "Cơ quan của bạn đã được thiết lập: danh mục, kỳ đánh giá và đợt đánh giá năm. Hằng tháng, hãy "
            "tính điểm từ menu Kỳ đánh giá.",
        )

    def test_decider(self):
        self.start_by_hand(
            "giamdoc",
            "menu_kpi_tour_decider",
            "menu_kpi_assessment_root",
            "Mức xếp loại đã được quyết định và thông báo đã được in. Bộ phận tổ chức cán bộ thông báo cho mọi "
            "người ở bước 5.",
        )


# Where a person lands after logging in, as the page shows it (the breadcrumb).
LANDING = """
const shown = () => document.querySelector(".o_control_panel .o_last_breadcrumb_item")?.textContent.trim() || "";
await until(() => shown() === %(expected)s, 30, () => `landed on "${shown()}" (${location.pathname})`);
"""


@tagged("post_install", "-at_install")
class TestKpiUsersLandOnKpi(HttpCase):
    """Staff land on My Diary, heads on Diaries to Approve, the HR officer on
    Periods, deciders on the assessments waiting for their decision."""

    def test_each_role_lands_on_its_work(self):
        homes = {
            "chuyenvien": "kpi_civil_service.kpi_diary_line_action_my",
            "truongphong": "kpi_civil_service.kpi_diary_line_action_approve",
            "tochuc": "kpi_civil_service.kpi_period_action",
            "giamdoc": "kpi_civil_service.kpi_assessment_action_to_decide",
        }
        home_action = self.env.ref("kpi_civil_service.kpi_home_action")
        for login, xml_id in homes.items():
            with self.subTest(login=login):
                user = self.env["res.users"].search([("login", "=", login)])
                self.assertEqual(user.action_id.id, home_action.id)
                self.assertEqual(user.with_user(user)._kpi_home_action()["id"], self.env.ref(xml_id).id)
                name = self.env.ref(xml_id).with_context(lang="vi_VN").name
                code = page_check(LANDING % {"expected": json.dumps(name)})
                self.browser_js("/odoo", code, login=login, timeout=60)

    def test_a_new_kpi_user_gets_the_kpi_home_and_a_chosen_home_stays(self):
        users = self.env["res.users"]
        kpi_user = self.env.ref("kpi_civil_service.group_kpi_user")
        staff = users.create({"name": "Lê Thị Mai", "login": "mai_t", "group_ids": [(4, kpi_user.id)]})
        self.assertEqual(staff.action_id.id, self.env.ref("kpi_civil_service.kpi_home_action").id)
        other = users.create({"name": "Kế toán", "login": "ketoan_t"})
        self.assertFalse(other.action_id)
        own = self.env.ref("kpi_civil_service.kpi_period_action")
        other.action_id = own.id
        other.group_ids = [(4, self.env.ref("kpi_civil_service.group_kpi_hr_officer").id)]
        self.assertEqual(other.action_id.id, own.id)
