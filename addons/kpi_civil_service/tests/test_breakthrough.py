"""Hai Duong (docs/rules.md, "Breakthrough tasks"): leaders register 1-2
breakthrough tasks a year; their confirmed results score a yearly criterion
and may cap the level."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .. import kpi_rules
from .test_assessment import AssessmentCase


@tagged("post_install", "-at_install")
class TestBreakthroughRules(AssessmentCase):
    def test_outcome_numbers(self):
        outcome = kpi_rules.breakthrough_outcome
        self.assertEqual(outcome(["done", "done"], 1, 50), (100.0, True))
        self.assertEqual(outcome(["done", "partly"], 1, 50), (75.0, True))  # (100 + 50) / 2
        self.assertEqual(outcome(["done", "not_done"], 1, 50), (50.0, False))
        self.assertEqual(outcome([], 1, 50), (0.0, False))  # one to register, none registered
        self.assertEqual(outcome(["done"], 2, 50), (50.0, False))  # two to register, one registered and done
        self.assertEqual(outcome(["partly"], 1, 40), (40.0, True))
        self.assertEqual(outcome([], 0, 50), (None, True))  # nothing required, nothing registered
        self.assertEqual(kpi_rules.breakthrough_points(10, 75.0), 7.5)
        self.assertEqual(kpi_rules.breakthrough_points(7, 100 / 3), 2.33)  # 2.333 truncated
        # the cap lowers the level of the band, never raises it
        bands = [("excellent", 90, True), ("good", 70, True), ("completed", 50, True)]
        self.assertEqual(
            # 25 + 65 = 90 is excellent; capped at completed
            kpi_rules.annual_totals(12, 25, 65, [], [], False, "truncate", bands, "completed")[3],
            "completed",
        )
        self.assertEqual(
            kpi_rules.annual_totals(12, 20, 25, [], [], False, "truncate", bands, "good")[3], "not_completed"
        )
        self.assertEqual(kpi_rules.annual_totals(12, 25, 65, [], [], False, "truncate", bands, None)[3], "excellent")


class BreakthroughCase(AssessmentCase):
    """Hai Duong's rule set for the test agency: heads and deputies register 1
    to 2 tasks, approved by the party committee then the competent authority;
    the yearly criterion DP (10 points) is scored from them, a task partly done
    counts 50%, a task not done caps the level at "completed". The head,
    Nguyễn Văn Trường, has period means 24 + 60 = 84."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hai_duong = cls.nd335.copy(
            {
                "code": "hd_breakthrough",
                "name": "Hải Dương - nhiệm vụ đột phá",
                "company_id": cls.company.id,
                "breakthrough_required": "leaders",
                "breakthrough_min_count": 1,
                "breakthrough_max_count": 2,
                "breakthrough_party_approval": True,
                "breakthrough_partly_percent": 50,
                "breakthrough_cap_level": "completed",
            }
        )
        cls.dp = cls.env["kpi.criterion"].create(
            {
                "rule_set_id": cls.hai_duong.id,
                "code": "DP",
                "name": "Kết quả nhiệm vụ đột phá, sáng tạo",
                "section": "task",
                "scored_in": "year",
                "max_points": 10,
                "applies_to": "leader",
            }
        )
        cls.hai_duong.breakthrough_criterion_id = cls.dp
        cls.company.kpi_rule_set_id = cls.hai_duong
        cls.campaign.rule_set_id = cls.hai_duong

    def leader_assessment(self):
        return self.assessment(
            self.head,
            rule_set_id=self.hai_duong.id,
            is_leader=True,
            period_general_mean=24,
            period_task_mean=60,
            line_ids=[Command.create({"criterion_id": self.dp.id})],
        )

    def register(self, name="Số hóa 100% hồ sơ thủ tục của phòng", user=None):
        return (
            self.env["kpi.breakthrough.task"]
            .with_user(user or self.head_user)
            .create(
                {
                    "employee_id": self.head.id,
                    "year": 2026,
                    "name": name,
                    "expected_product": "Toàn bộ hồ sơ tiếp nhận trực tuyến",
                    "success_measure": "Tỷ lệ hồ sơ trực tuyến đạt 100%",
                    "date_deadline": date(2026, 12, 31),
                }
            )
        )

    def approve(self, task):
        task.with_user(self.head_user).action_submit()
        task.with_user(self.party_user).action_party_review()
        task.with_user(self.decider_user).action_approve()

    def confirm(self, task, result):
        task.with_user(self.head_user).write({"result": result, "result_evidence": "Báo cáo số 12/BC-TCBC"})
        task.with_user(self.decider_user).action_evaluate()

    def points(self, assessment):
        return assessment.line_ids.filtered(lambda line: line.criterion_id == self.dp).final_score


@tagged("post_install", "-at_install")
class TestBreakthroughAssessment(BreakthroughCase):
    def test_two_tasks_done_give_the_full_points(self):
        assessment = self.leader_assessment()
        first, second = self.register(), self.register("Rút ngắn 30% thời gian giải quyết hồ sơ")
        # registered and waiting: counts as missing (0 points, capped): 84, good capped to completed
        self.approve(first)
        self.assertEqual(first.state, "approved")
        self.assertEqual(first.approver_id, self.decider_user)
        self.assertEqual(first.party_reviewer_id, self.party_user)
        self.assertTrue(assessment.breakthrough_unfulfilled)
        self.assertEqual((self.points(assessment), assessment.total_score), (0.0, 84.0))
        self.assertEqual(assessment.computed_level, "completed")
        self.approve(second)
        self.confirm(first, "done")
        self.confirm(second, "done")
        # 24 + 60 + 10 x 100% = 94: excellent
        self.assertEqual(first.state, "evaluated")
        self.assertEqual(self.points(assessment), 10.0)
        self.assertFalse(assessment.breakthrough_unfulfilled)
        self.assertEqual((assessment.total_score, assessment.computed_level), (94.0, "excellent"))
        self.assertEqual(assessment.breakthrough_task_ids, first | second)

    def test_partly_done_counts_half_and_does_not_cap(self):
        assessment = self.leader_assessment()
        first, second = self.register(), self.register("Rút ngắn 30% thời gian giải quyết hồ sơ")
        self.approve(first)
        self.approve(second)
        self.confirm(first, "done")
        self.confirm(second, "partly")
        # 10 x (100 + 50) / 2 = 7.5; 84 + 7.5 = 91.5: excellent
        self.assertEqual((self.points(assessment), assessment.total_score), (7.5, 91.5))
        self.assertEqual(assessment.computed_level, "excellent")
        self.assertFalse(assessment.breakthrough_unfulfilled)

    def test_a_task_not_done_caps_the_level(self):
        assessment = self.leader_assessment()
        first, second = self.register(), self.register("Rút ngắn 30% thời gian giải quyết hồ sơ")
        self.approve(first)
        self.approve(second)
        self.confirm(first, "done")
        self.confirm(second, "not_done")
        # 10 x (100 + 0) / 2 = 5; 84 + 5 = 89 is good, capped at completed
        self.assertEqual((self.points(assessment), assessment.total_score), (5.0, 89.0))
        self.assertTrue(assessment.breakthrough_unfulfilled)
        self.assertEqual(assessment.computed_level, "completed")
        # the decision follows: good is above what the cap allows
        self.walk_leader(assessment)
        with self.assertRaisesRegex(ValidationError, "cannot be higher"):
            assessment.with_user(self.decider_user).action_decide("good")
        assessment.with_user(self.decider_user).action_decide("completed")
        self.assertEqual(assessment.final_level, "completed")
        # reopening the result afterwards changes nothing decided
        second.with_user(self.decider_user).action_reopen(reason="Bổ sung minh chứng")
        self.assertEqual(second.state, "approved")
        self.assertEqual(assessment.final_level, "completed")
        self.assertEqual(self.points(assessment), 5.0)

    def test_none_registered_by_someone_who_must(self):
        """The campaign gives the head the criterion DP at 0 and the cap; staff get neither."""
        self.campaign.with_user(self.officer_user).action_generate()
        head = self.campaign.assessment_ids.filtered(lambda a: a.employee_id == self.head)
        staff = self.campaign.assessment_ids.filtered(lambda a: a.employee_id == self.staff)
        self.assertIn(self.dp, head.line_ids.criterion_id)
        self.assertNotIn(self.dp, staff.line_ids.criterion_id)
        self.assertTrue(head.breakthrough_unfulfilled)
        self.assertFalse(staff.breakthrough_unfulfilled)
        self.assertEqual(self.points(head), 0.0)
        # then registered, approved and done: the open assessment follows
        task = self.register()
        self.approve(task)
        self.confirm(task, "done")
        self.assertEqual(self.points(head), 10.0)
        self.assertFalse(head.breakthrough_unfulfilled)

    def test_no_decision_while_a_task_waits(self):
        assessment = self.leader_assessment()
        task = self.register()
        self.approve(task)
        self.walk_leader(assessment)
        with self.assertRaisesRegex(UserError, "waits for its approval or the confirmation of its result"):
            assessment.with_user(self.decider_user).action_decide("completed")
        self.assertEqual(assessment.state, "party_reviewed")

    def walk_leader(self, assessment):
        """The head's own steps: the director reviews, the HR officer records the meeting."""
        assessment.with_user(self.head_user).write({"self_level": "good"})
        assessment.with_user(self.head_user).action_self_assess()
        assessment.with_user(self.decider_user).write({"proposed_level": "completed"})
        assessment.with_user(self.decider_user).action_manager_review()
        assessment.with_user(self.officer_user).write(
            {"meeting_date": date(2026, 12, 1), "meeting_minutes": "Biên bản họp", "votes_completed": 5}
        )
        assessment.with_user(self.officer_user).action_unit_review()
        assessment.with_user(self.party_user).write({"party_opinion": "Nhất trí"})
        assessment.with_user(self.party_user).action_party_review()


@tagged("post_install", "-at_install")
class TestBreakthroughRefusals(BreakthroughCase):
    def test_who_registers_and_how_many(self):
        with self.assertRaisesRegex(ValidationError, "not a leader"):
            self.env["kpi.breakthrough.task"].with_user(self.staff_user).create(
                {
                    "employee_id": self.staff.id,
                    "year": 2026,
                    "name": "Việc đột phá",
                    "expected_product": "x",
                    "success_measure": "y",
                    "date_deadline": date(2026, 12, 31),
                }
            )
        with self.assertRaises(AccessError):  # a leader registers their own
            self.register(user=self.peer_user)
        self.register()
        self.register("Nhiệm vụ thứ hai")
        with self.assertRaisesRegex(ValidationError, "at most 2"):
            self.register("Nhiệm vụ thứ ba")
        with self.assertRaisesRegex(ValidationError, "deadline is in the year"):
            self.env["kpi.breakthrough.task"].with_user(self.head_user).create(
                {
                    "employee_id": self.head.id,
                    "year": 2027,
                    "name": "Năm sau",
                    "expected_product": "x",
                    "success_measure": "y",
                    "date_deadline": date(2026, 12, 31),
                }
            )
        with self.assertRaisesRegex(AccessError, "set by the workflow"):
            self.env["kpi.breakthrough.task"].with_user(self.head_user).create(
                {
                    "employee_id": self.head.id,
                    "year": 2026,
                    "name": "Tự duyệt",
                    "expected_product": "x",
                    "success_measure": "y",
                    "date_deadline": date(2026, 12, 31),
                    "state": "evaluated",
                    "result": "done",
                }
            )

    def test_each_step_by_its_person(self):
        task = self.register()
        with self.assertRaises(AccessError):
            task.with_user(self.head_user).write({"state": "approved"})
        with self.assertRaises(AccessError):
            task.with_user(self.head_user).write({"approver_id": self.head_user.id})
        with self.assertRaises(UserError):  # no result before the approval
            task.with_user(self.head_user).write({"result": "done"})
        task.with_user(self.head_user).action_submit()
        with self.assertRaisesRegex(UserError, "cannot take this step"):
            task.with_user(self.head_user).write({"name": "Đổi sau khi gửi"})
        with self.assertRaises(AccessError):  # the leader does not approve their own
            task.with_user(self.head_user).action_approve()
        with self.assertRaisesRegex(UserError, "party committee first"):
            task.with_user(self.decider_user).action_approve()
        with self.assertRaises(AccessError):
            task.with_user(self.peer_user).action_party_review()
        # sent back with a reason, changed and submitted again
        task.with_user(self.party_user).action_send_back(reason="Sản phẩm chưa đo lường được")
        self.assertEqual(task.state, "draft")
        self.assertTrue(any("Sản phẩm chưa đo lường được" in message.body for message in task.message_ids))
        task.with_user(self.head_user).write({"success_measure": "100% hồ sơ trực tuyến, khảo sát hài lòng ≥ 90%"})
        self.approve(task)
        with self.assertRaisesRegex(UserError, "reports the result with its evidence first"):
            task.with_user(self.decider_user).action_evaluate()
        task.with_user(self.head_user).write({"result": "done"})
        with self.assertRaisesRegex(UserError, "evidence"):
            task.with_user(self.decider_user).action_evaluate()
        task.with_user(self.head_user).write({"result_evidence": "Báo cáo số 12/BC-TCBC"})
        with self.assertRaises(AccessError):  # the leader does not confirm their own result
            task.with_user(self.head_user).action_evaluate()
        task.with_user(self.decider_user).action_evaluate()
        with self.assertRaises(UserError):
            task.with_user(self.head_user).write({"result": "not_done"})
        with self.assertRaises(UserError):  # confirmed: never deleted, never cancelled
            task.with_user(self.head_user).unlink()
        with self.assertRaises(UserError):
            task.with_user(self.officer_user).action_cancel(reason="Nhầm")
        # activities went to each next actor
        self.assertFalse(task.activity_ids)

    def test_the_points_are_the_tasks(self):
        assessment = self.leader_assessment()
        assessment.sudo().state = "manager_reviewed"
        line = assessment.line_ids.filtered(lambda x: x.criterion_id == self.dp)
        with self.assertRaisesRegex(UserError, "come from the breakthrough tasks"):
            line.with_user(self.decider_user).write({"final_score": 10})
        with self.assertRaises(AccessError):
            assessment.with_user(self.officer_user).write({"breakthrough_unfulfilled": False})
        self.assertEqual(line.final_score, 0.0)

    def test_the_criterion_belongs_to_the_rule_set(self):
        other = self.env["kpi.criterion"].create(
            {"rule_set_id": self.nd335.id, "code": "DPX", "name": "Khác", "scored_in": "year", "max_points": 5}
        )
        with self.assertRaisesRegex(ValidationError, "yearly criteria"), self.cr.savepoint():
            self.hai_duong.breakthrough_criterion_id = other
            self.env.flush_all()
        self.env.invalidate_all()
        # a copy keeps its own criterion
        copy = self.hai_duong.copy()
        self.assertEqual(copy.breakthrough_criterion_id.code, "DP")
        self.assertEqual(copy.breakthrough_criterion_id.rule_set_id, copy)

    def test_activities_follow_the_steps(self):
        task = self.register()
        task.with_user(self.head_user).action_submit()
        self.assertEqual(task.activity_ids.user_id, self.party_user)
        task.with_user(self.party_user).action_party_review()
        self.assertEqual(task.activity_ids.user_id, self.decider_user)
        task.with_user(self.decider_user).action_approve()
        self.assertEqual(task.activity_ids.user_id, self.head_user)
        self.assertEqual(task.activity_ids.date_deadline, date(2026, 12, 31))
