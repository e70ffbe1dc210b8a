import json
from datetime import date, timedelta

from odoo import Command
from odoo.fields import Domain
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.kpi_civil_service.tests.test_assessment import AssessmentCase

AUGUST = (date(2026, 8, 1), date(2026, 8, 31))
SEPTEMBER = (date(2026, 9, 1), date(2026, 9, 30))


@tagged("post_install", "-at_install")
class TestDashboards(AssessmentCase):
    """Scores made by hand under Decree 335 (staff formula): total = general +
    70 % of the mean of a, b and c, so with a = b = c = p the total is g + 0.7 p.

    Unit (head, staff, peer, director):
      August:    staff 80 (2 days without declaration), peer 80 (1 day over)
      September: head 95, staff 80, peer 55 (1 day over), director 38
    Other unit (other head, other staff):
      August:    other staff 73 (1 day over), other head 45
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_head_user, cls.other_head = cls._create_person(
            "khac_dash", "Đỗ Văn Khắc", cls.head_job, "manager", department=cls.other_unit
        )
        cls.other_unit.manager_id = cls.other_head
        cls.other_staff_user, cls.other_staff = cls._create_person(
            "dung_dash", "Vũ Thị Dung", cls.staff_job, "user", cls.other_head, department=cls.other_unit
        )
        period = cls.env["kpi.period"]
        cls.august = period.create(
            {"company_id": cls.company.id, "rule_set_id": cls.nd335.id, "date_from": AUGUST[0], "date_to": AUGUST[1]}
        )
        cls.september = period.create(
            {
                "company_id": cls.company.id,
                "rule_set_id": cls.nd335.id,
                "date_from": SEPTEMBER[0],
                "date_to": SEPTEMBER[1],
            }
        )
        cls._score(cls.august, cls.staff, cls.unit, 10, 100, days_missing=2)  # 80
        cls._score(cls.august, cls.peer, cls.unit, 10, 100, days_over_limit=1)  # 80
        cls._score(cls.september, cls.head, cls.unit, 25, 100)  # 95
        cls._score(cls.september, cls.staff, cls.unit, 10, 100)  # 80
        cls._score(cls.september, cls.peer, cls.unit, 20, 50, days_over_limit=1)  # 55
        cls._score(cls.september, cls.director, cls.unit, 10, 40)  # 38
        cls._score(cls.august, cls.other_staff, cls.other_unit, 24, 70, days_over_limit=1)  # 73
        cls._score(cls.august, cls.other_head, cls.other_unit, 10, 50)  # 45
        for period in (cls.august, cls.september):  # the totals, as the compute leaves them
            cls.env["kpi.scoring"]._settle_period(period)

    @classmethod
    def _score(cls, period, employee, unit, general, percent, **values):
        return (
            cls.env["kpi.score"]
            .sudo()
            .create(
                {
                    "period_id": period.id,
                    "employee_id": employee.id,
                    "department_id": unit.id,
                    "job_id": employee.job_id.id,
                    "general_score": general,
                    "quantity_percent": percent,
                    "quality_percent": percent,
                    "progress_percent": percent,
                    "expected_hours": 160.0,  # a month with working time: it counts in the projection
                    **values,
                }
            )
        )

    def overview(self, department):
        return {
            "period": department.kpi_period_id,
            "average": department.kpi_average_score,
            "people": department.kpi_people_count,
            "levels": (
                department.kpi_excellent_count,
                department.kpi_good_count,
                department.kpi_completed_count,
                department.kpi_not_completed_count,
            ),
            "warnings": department.kpi_warning_count,
        }

    def test_scores_made_by_hand(self):
        scores = self.env["kpi.score"].search([("department_id", "in", (self.unit | self.other_unit).ids)])
        self.assertEqual(sorted(scores.mapped("total_score")), [38.0, 45.0, 55.0, 73.0, 80.0, 80.0, 80.0, 95.0])

    def test_unit_overview_for_the_hr_officer(self):
        unit = self.unit.with_user(self.officer_user)
        other = self.other_unit.with_user(self.officer_user)
        # the unit's latest period is September: (95 + 80 + 55 + 38) / 4 = 67; one of each level;
        # warnings of 2026: staff (days without declaration), peer (over-long days in both
        # periods: chronic), director (projected 38 < 50); not the head (95, no issue)
        self.assertEqual(
            self.overview(unit),
            {"period": self.september, "average": 67.0, "people": 4, "levels": (1, 1, 1, 1), "warnings": 3},
        )
        self.assertEqual(unit.kpi_period_label, self.september.display_name)
        # the other unit only has August: (73 + 45) / 2 = 59; warnings: the other head (45 < 50);
        # not the other staff (one over-long day in one period is not chronic)
        self.assertEqual(
            self.overview(other),
            {"period": self.august, "average": 59.0, "people": 2, "levels": (0, 1, 0, 1), "warnings": 1},
        )

    def test_unit_without_scores(self):
        empty = self.env["hr.department"].create({"name": "Văn phòng", "company_id": self.company.id})
        empty = empty.with_user(self.officer_user)
        self.assertEqual(
            self.overview(empty),
            {"period": self.env["kpi.period"], "average": 0.0, "people": 0, "levels": (0, 0, 0, 0), "warnings": 0},
        )
        self.assertFalse(empty.kpi_period_label)
        self.assertFalse(self.env["kpi.score"].search(empty.action_kpi_open_scores()["domain"]))

    def test_manager_sees_only_their_units(self):
        action = self.env.ref("kpi_reports.kpi_department_overview_action")
        domain = safe_eval(action.domain)
        Department = self.env["hr.department"]
        self.assertEqual(Department.with_user(self.head_user).search(domain), self.unit)
        self.assertEqual(Department.with_user(self.other_head_user).search(domain), self.other_unit)
        self.assertEqual(Department.with_user(self.officer_user).search(domain), self.unit | self.other_unit)
        self.assertFalse(Department.with_user(self.staff_user).search(domain))
        self.assertTrue(self.unit.with_user(self.head_user).kpi_is_my_unit)
        self.assertFalse(self.other_unit.with_user(self.head_user).kpi_is_my_unit)

    def test_figures_follow_the_record_rules(self):
        # the head sees the whole unit...
        self.assertEqual(self.overview(self.unit.with_user(self.head_user))["average"], 67.0)
        # ...and nothing of a unit he does not manage, even when reading it directly
        other = self.overview(self.other_unit.with_user(self.head_user))
        self.assertEqual((other["people"], other["average"], other["warnings"]), (0, 0.0, 0))

    def test_overview_actions(self):
        unit = self.unit.with_user(self.head_user)
        action = unit.action_kpi_open_scores()
        self.assertEqual(action["res_model"], "kpi.score")
        scores = self.env["kpi.score"].with_user(self.head_user).search(action["domain"])
        self.assertEqual(scores.employee_id, self.head | self.staff | self.peer | self.director)
        self.assertEqual(scores.period_id, self.september)
        action = unit.action_kpi_open_warnings()
        self.assertEqual(action["res_model"], "kpi.early.warning")
        warnings = self.env["kpi.early.warning"].with_user(self.head_user).search(action["domain"])
        self.assertEqual(warnings.employee_id, self.staff | self.peer | self.director)
        self.assertEqual(len(warnings), unit.kpi_warning_count)
        # clicking a card calls the same method
        arch = self.env["hr.department"].get_views(
            [(self.env.ref("kpi_reports.hr_department_view_kanban_kpi_overview").id, "kanban")]
        )["views"]["kanban"]["arch"]
        self.assertIn('action="action_kpi_open_scores"', arch)

    def test_overview_query_count_does_not_grow_with_units(self):
        extra = self.env["hr.department"].create(
            [{"name": f"Phòng {index}", "company_id": self.company.id} for index in range(4)]
        )
        for index, unit in enumerate(extra):
            employee = self.env["hr.employee"].create(
                {
                    "name": f"Người {index}",
                    "company_id": self.company.id,
                    "department_id": unit.id,
                    "kpi_staff_category": "civil_servant",
                }
            )
            self._score(self.september if index % 2 else self.august, employee, unit, 20, 60 + index)
        few = (self.unit | self.other_unit).with_user(self.officer_user)
        many = (self.unit | self.other_unit | extra).with_user(self.officer_user)

        def queries(departments):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            departments.mapped("kpi_average_score")
            return self.env.cr.sql_log_count - before

        queries(many)  # warm the caches (groups, record rules)
        self.assertEqual(queries(few), queries(many))
        self.assertLessEqual(queries(many), 4)
        self.assertEqual(many.mapped("kpi_people_count"), [4, 2, 1, 1, 1, 1])

    def test_smart_buttons(self):
        today = date.today()
        last_month = today.replace(day=1) - timedelta(days=1)
        self.line(self.staff, today, self.item_doc, 2, 2, state="submitted")
        self.line(self.staff, today.replace(day=1), self.item_doc, 1, 1, state="submitted")
        self.line(self.staff, last_month, self.item_doc, 3, 3, state="submitted")
        self.line(self.peer, today, self.item_doc, 1, 1, state="submitted")
        assessment = self.assessment(self.staff, months=0)  # on August's and September's scores
        self.assessment(self.peer, months=0)
        staff = self.staff.with_user(self.head_user)
        public = self.env["hr.employee.public"].with_user(self.head_user).browse(self.staff.id)
        officer_view = self.staff.with_user(self.hr_user())
        for employee in (public, officer_view):
            self.assertEqual(
                (employee.kpi_diary_month_count, employee.kpi_score_count, employee.kpi_assessment_count),
                (2, 2, 1),
            )
        # the actions' domains give the same records
        diary = public.action_kpi_open_diary()
        self.assertEqual(diary["res_model"], "kpi.diary.line")
        lines = self.env["kpi.diary.line"].with_user(self.head_user).search(diary["domain"])
        self.assertEqual(len(lines), 2)
        self.assertEqual(lines.employee_id, self.staff)
        self.assertTrue(all(line.date.month == today.month for line in lines))
        scores = self.env["kpi.score"].with_user(self.head_user).search(staff.action_kpi_open_scores()["domain"])
        self.assertEqual(scores.period_id, self.august | self.september)
        self.assertEqual(scores.employee_id, self.staff)
        assessments = self.env["kpi.assessment"].search(officer_view.action_kpi_open_assessments()["domain"])
        self.assertEqual(assessments, assessment)
        # a manager counts only what the record rules show him
        other = self.env["hr.employee.public"].with_user(self.other_head_user).browse(self.staff.id)
        self.assertEqual((other.kpi_diary_month_count, other.kpi_score_count, other.kpi_assessment_count), (0, 0, 0))

    def hr_user(self):
        """An HR officer of the agency who also has the HR app's rights (reads hr.employee)."""
        return new_test_user(
            self.env,
            login="hr_dash",
            groups="hr.group_hr_user,kpi_civil_service.group_kpi_hr_officer",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )

    def test_buttons_are_for_managers(self):
        form = self.env["hr.employee"].with_user(self.hr_user()).get_views([(False, "form")])
        self.assertIn("action_kpi_open_scores", form["views"]["form"]["arch"])
        staff_form = self.env["hr.employee.public"].with_user(self.staff_user).get_views([(False, "form")])
        self.assertNotIn("action_kpi_open_scores", staff_form["views"]["form"]["arch"])
        manager_form = self.env["hr.employee.public"].with_user(self.head_user).get_views([(False, "form")])
        self.assertIn("action_kpi_open_diary", manager_form["views"]["form"]["arch"])
        self.assertNotIn("kpi_score_count", self.env["hr.employee.public"].with_user(self.staff_user).fields_get())

    def test_analysis_views_load(self):
        for xml_id, model, expected in (
            ("kpi_reports.kpi_score_analysis_action", "kpi.score", ["graph", "pivot", "list"]),
            ("kpi_reports.kpi_assessment_analysis_action", "kpi.assessment", ["graph", "pivot", "list"]),
        ):
            action = self.env.ref(xml_id)
            self.assertEqual(action.res_model, model)
            self.assertEqual(action.view_ids.mapped("view_mode"), expected)
            views = (
                self.env[model]
                .with_user(self.head_user)
                .get_views(
                    [(view.view_id.id, view.view_mode) for view in action.view_ids]
                    + [(action.search_view_id.id, "search")]
                )
            )
            self.assertEqual(set(views["views"]), {*expected, "search"})
        score_views = self.env["kpi.score"].get_views(
            [
                (self.env.ref("kpi_reports.kpi_score_view_graph").id, "graph"),
                (self.env.ref("kpi_reports.kpi_score_view_pivot_analysis").id, "pivot"),
                (self.env.ref("kpi_reports.kpi_score_view_search_analysis").id, "search"),
            ]
        )["views"]
        self.assertIn('interval="month"', score_views["pivot"]["arch"])
        group_bys = ["department_id", "job_id", "date_from:month", "level"]
        if self.env.user.has_group("base.group_multi_company"):
            group_bys.append("company_id")
        for group_by in group_bys:
            self.assertIn(f"'group_by': '{group_by}'", score_views["search"]["arch"])
        # the kpi_civil_service actions keep their own views
        self.assertFalse(self.env.ref("kpi_civil_service.kpi_score_action").view_ids)

    def test_analysis_figures(self):
        """The pivot's figures: average by unit and month, levels by unit."""
        groups = self.env["kpi.score"]._read_group(
            [("department_id", "=", self.unit.id)], ["date_from:month"], ["total_score:avg"]
        )
        self.assertEqual([(month.month, avg) for month, avg in groups], [(8, 80.0), (9, 67.0)])
        self.assessment(self.staff, department_id=self.unit.id).sudo().final_level = "good"
        self.assessment(self.peer, department_id=self.unit.id).sudo().final_level = "completed"
        self.assessment(self.head, department_id=self.unit.id, state="cancelled")
        action = self.env.ref("kpi_reports.kpi_assessment_analysis_action")
        domain = Domain(safe_eval(action.domain)) & Domain("department_id", "=", self.unit.id)
        levels = dict(self.env["kpi.assessment"]._read_group(domain, ["final_level"], ["__count"]))
        self.assertEqual(levels, {"good": 1, "completed": 1})


# Waits for a selector, clicks it when asked; any error in the page fails the test.
UI_STEPS = """
const waitFor = async (selector) => {
    for (let i = 0; i < 150; i++) {
        const element = document.querySelector(selector);
        if (element) {
            return element;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${selector} not found`);
};
(async () => {
    for (const [selector, click] of %s) {
        const element = await waitFor(selector);
        if (click) {
            element.click();
        }
    }
    console.log("test successful");
})().catch((error) => console.error(error.message));
"""


@tagged("post_install", "-at_install")
class TestDashboardsUi(HttpCase):
    """The dashboards render in the browser (on the demo data of the agency)."""

    def run_steps(self, url, steps):
        self.browser_js(url, UI_STEPS % json.dumps(steps), login="admin")

    def test_overview_kanban_opens_the_scores(self):
        self.run_steps(
            "/odoo/action-kpi_reports.kpi_department_overview_action",
            [
                [".o_kanban_record:not(.o_kanban_ghost) button[name='action_kpi_open_warnings']", False],
                [".o_kanban_record:not(.o_kanban_ghost) button[name='action_kpi_open_scores']", True],
                [".o_list_renderer", False],
            ],
        )

    def test_analysis_views(self):
        self.run_steps(
            "/odoo/action-kpi_reports.kpi_score_analysis_action",
            [[".o_graph_renderer canvas", False], [".o_switch_view.o_pivot", True], [".o_pivot table", False]],
        )
        self.run_steps(
            "/odoo/action-kpi_reports.kpi_assessment_analysis_action",
            [[".o_graph_renderer", False], [".o_switch_view.o_pivot", True], [".o_pivot table", False]],
        )

    def test_employee_smart_buttons(self):
        employee = self.env["kpi.score"].search([], limit=1).employee_id
        self.run_steps(
            f"/odoo/action-hr.open_view_employee_list_my/{employee.id}",
            [
                ["button[name='action_kpi_open_diary']", False],
                ["button[name='action_kpi_open_assessments']", False],
                ["button[name='action_kpi_open_scores']", True],
                [".o_list_renderer", False],
            ],
        )
