"""The guided first steps. Each role's tour runs by itself against
the demo database, as the demo user of that role, in Vietnamese; a tour
never starts by itself, and one done (or skipped) is recorded. The
decider's tour ends by printing the notice, so it is tested in kpi_reports."""

from odoo.tests import HttpCase, tagged

from ..models.web_tour_tour import KPI_TOURS


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
        # the menu starts each by its address, for the roles it is for
        self.assertEqual(
            self.env.ref("kpi_civil_service.kpi_tour_decider_action").url, "/odoo?tour=kpi_onboarding_decider"
        )
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
