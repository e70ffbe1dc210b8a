"""Breakthrough tasks as a new agency meets them: its own copy of the Decree
335 rule set asking the heads (then heads and deputies, then nobody) to
register, the party committee approving, and a director who decides without
being an HR user; each step by the role with the fewest rights that takes it. Every figure comes
from the periods computed by the HR officer and the campaign's refresh,
never from numbers written on the assessment (docs/rules.md, "Breakthrough
tasks" and "Annual figures")."""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .. import kpi_rules
from .common import month_bounds
from .test_assessment import AssessmentCase

OCTOBER = month_bounds(2026, 10)
# October 2026: 22 weekdays of 8 hours, 10,560 minutes to work
OCTOBER_MINUTES = 22 * 8 * 60


@tagged("post_install", "-at_install")
class TestBreakthroughForHeads(AssessmentCase):
    """Every head's October: a = b = c = 100 (the whole month's work
    approved, no error, no delay), d = 100 (everyone below at least
    completed), đ = e = 100, general 5: task (6 x 100) / 6 x 70 / 100 = 70,
    total 5 + 70 = 75.00, "good". October is the one period worked, so the
    annual total is 75.00 plus the yearly criteria: the breakthrough
    criterion BT (10 points) alone gives anything, and only to those who
    must register."""

    REQUIRED = "heads"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.heads_rule_set = cls.nd335.copy(
            {
                "code": f"nd335_{cls.REQUIRED}",
                "name": "Nghị định 335 - lãnh đạo đăng ký nhiệm vụ đột phá",
                "company_id": cls.company.id,
                "breakthrough_required": cls.REQUIRED,
                "breakthrough_min_count": 1,
                "breakthrough_max_count": 2,
                "breakthrough_party_approval": True,
                "breakthrough_cap_level": "completed",
            }
        )
        # the copy's other yearly criteria give nothing here
        cls.heads_rule_set.criterion_ids.filtered(lambda c: c.scored_in == "year").unlink()
        cls.bt = cls.env["kpi.criterion"].create(
            {
                "rule_set_id": cls.heads_rule_set.id,
                "code": "BT",
                "name": "Nhiệm vụ đột phá",
                "section": "task",
                "scored_in": "year",
                "max_points": 10,
                "applies_to": "leader",
            }
        )
        cls.heads_rule_set.breakthrough_criterion_id = cls.bt
        cls.company.kpi_rule_set_id = cls.heads_rule_set
        cls.campaign.rule_set_id = cls.heads_rule_set
        # the director heads the agency from its board, above the unit
        cls.director.department_id = cls.env["hr.department"].create(
            {"name": "Ban Giám đốc", "company_id": cls.company.id, "manager_id": cls.director.id}
        )
        cls.unit.parent_id = cls.director.department_id

    def setUp(self):
        super().setUp()
        for user in (self.decider_user, self.head_user, self.officer_user, self.party_user):
            self.assertFalse(user.has_group("hr.group_hr_user"), f"{user.name} is not an HR user")
        self.assertEqual(self.officer_user.company_ids, self.company, "the HR officer is of one agency")
        self.october = self.period(rule_set=self.heads_rule_set, dates=OCTOBER)
        for employee in (self.head, self.staff, self.peer, self.deputy):  # everyone of the unit
            self.line(employee, date(2026, 10, 1), self.item_doc, OCTOBER_MINUTES / 60, 8)
        self.october.with_user(self.officer_user).action_compute_scores()
        head_score = self.score_of(self.october, self.head)
        head_score.with_user(self.decider_user).write(
            {"general_score": 5, "organizing_percent": 100, "rallying_percent": 100}
        )
        self.october.with_user(self.officer_user).action_compute_scores()
        self.assertEqual(
            head_score.read(["quantity_percent", "quality_percent", "progress_percent", "unit_result_percent"])[0],
            {
                "id": head_score.id,
                "quantity_percent": 100.0,
                "quality_percent": 100.0,
                "progress_percent": 100.0,
                "unit_result_percent": 100.0,
            },
        )
        self.assertEqual((head_score.task_score, head_score.total_score, head_score.level), (70.0, 75.0, "good"))

    def generate(self):
        """The HR officer creates the year's assessments; the head's."""
        self.campaign.with_user(self.officer_user).action_generate()
        return self.campaign.assessment_ids.filtered(lambda a: a.employee_id == self.head)

    def register(self, name):
        return (
            self.env["kpi.breakthrough.task"]
            .with_user(self.head_user)
            .create(
                {
                    "employee_id": self.head.id,
                    "year": 2026,
                    "name": name,
                    "expected_product": "Quy trình mới được ban hành",
                    "success_measure": "Thời gian xử lý giảm 30%",
                    "date_deadline": date(2026, 12, 15),
                }
            )
        )

    def finish(self, task, result):
        task.with_user(self.head_user).action_submit()
        task.with_user(self.party_user).action_party_review()
        task.with_user(self.decider_user).action_approve()
        task.with_user(self.head_user).write({"result": result, "result_evidence": "Báo cáo số 45/BC-TCBC"})
        task.with_user(self.decider_user).action_evaluate()

    def walk(self, assessment):
        """The head's steps, each by its person, up to the decision."""
        assessment.with_user(self.head_user).write({"self_level": "good"})
        assessment.with_user(self.head_user).action_self_assess()
        assessment.with_user(self.decider_user).write({"proposed_level": "good"})
        assessment.with_user(self.decider_user).action_manager_review()
        assessment.with_user(self.officer_user).write(
            {"meeting_date": date(2026, 12, 1), "meeting_minutes": "Biên bản họp", "votes_good": 5}
        )
        assessment.with_user(self.officer_user).action_unit_review()
        assessment.with_user(self.party_user).write({"party_opinion": "Nhất trí"})
        assessment.with_user(self.party_user).action_party_review()

    def must(self, position="head"):
        return kpi_rules.must_register_breakthrough(self.REQUIRED, True, position)

    def assertFigures(self, assessment, total, level, unfulfilled=True):
        """The figures of someone who must register; for the others the
        breakthrough counts nothing: 75.00 and "good" (the band of 75)."""
        expected = (total, level, unfulfilled) if self.must() else (75.0, "good", False)
        self.assertEqual(
            (assessment.total_score, assessment.computed_level, assessment.breakthrough_unfulfilled), expected
        )

    def test_no_task_registered_is_capped_on_every_refresh(self):
        """75.00 + 0 for the missing task: "good", capped at "completed" after
        the campaign, after a recompute of October and at the decision."""
        head = self.generate()
        self.assertFigures(head, 75.0, "completed")
        self.october.with_user(self.officer_user).action_compute_scores()
        self.assertFigures(head, 75.0, "completed")
        self.walk(head)
        self.assertFigures(head, 75.0, "completed")
        if self.must():
            with self.assertRaisesRegex(ValidationError, "caps the level at Completed"):
                head.with_user(self.decider_user).action_decide("good")
            head.with_user(self.decider_user).action_decide("completed")
            self.assertEqual((head.state, head.final_level), ("decided", "completed"))
        else:
            head.with_user(self.decider_user).action_decide("good")
            self.assertEqual((head.state, head.final_level), ("decided", "good"))

    def test_one_task_not_done_stays_capped(self):
        """One done, one not done: 75 + 10 x (100 + 0) / 2 / 100 = 80.00,
        "good", capped at "completed", also after October is recomputed."""
        head = self.generate()
        self.finish(self.register("Số hóa hồ sơ công chức"), "done")
        self.finish(self.register("Rút gọn thủ tục tuyển dụng"), "not_done")
        self.assertFigures(head, 80.0, "completed")
        self.october.with_user(self.officer_user).action_compute_scores()
        self.assertFigures(head, 80.0, "completed")
        self.walk(head)
        if self.must():
            with self.assertRaisesRegex(ValidationError, "caps the level at Completed"):
                head.with_user(self.decider_user).action_decide("good")
            self.assertEqual(head.state, "party_reviewed")

    def test_a_decider_who_is_not_an_hr_user_decides(self):
        """The check of the waiting tasks reads the head's position without HR rights."""
        head = self.generate()
        self.finish(self.register("Số hóa hồ sơ công chức"), "done")
        # 75 + 10 = 85.00, good, no cap
        self.assertFigures(head, 85.0, "good", unfulfilled=False)
        self.walk(head)
        head.with_user(self.decider_user).action_decide("good")
        self.assertEqual((head.state, head.final_level), ("decided", "good"))

    def test_two_required_tasks_both_done_score_in_full(self):
        """At least and at most 2, the criterion at 20 points, both done:
        20 x (100 + 100) / 2 / 100 = 20 points, no cap: 95.00, excellent."""
        self.bt.sudo().max_points = 20
        self.heads_rule_set.sudo().write({"breakthrough_min_count": 2, "breakthrough_max_count": 2})
        head = self.generate()
        self.finish(self.register("Số hóa hồ sơ công chức"), "done")
        self.finish(self.register("Rút gọn thủ tục tuyển dụng"), "done")
        if self.must():
            line = head.line_ids.filtered(lambda x: x.criterion_id == self.bt)
            self.assertEqual(line.final_score, 20.0)
        else:
            self.assertNotIn(self.bt, head.line_ids.criterion_id)
        self.assertFigures(head, 95.0, "excellent", unfulfilled=False)

    def test_a_deputy_registers_only_under_heads_and_deputies(self):
        """The same person as a deputy: under "heads" the breakthrough counts
        nothing; under "heads and deputies", nothing registered caps the level."""
        self.head.job_id.sudo().kpi_position_type = "deputy"
        head = self.generate()
        must = self.must("deputy")
        self.assertEqual(self.bt in head.line_ids.criterion_id, must)
        self.assertEqual(
            (head.total_score, head.computed_level, head.breakthrough_unfulfilled),
            (75.0, "completed", True) if must else (75.0, "good", False),
        )


@tagged("post_install", "-at_install")
class TestBreakthroughForLeaders(TestBreakthroughForHeads):
    REQUIRED = "leaders"
    allow_inherited_tests_method = True  # Odoo runs only a class's own test methods otherwise


@tagged("post_install", "-at_install")
class TestBreakthroughForNobody(TestBreakthroughForHeads):
    REQUIRED = "nobody"
    allow_inherited_tests_method = True
