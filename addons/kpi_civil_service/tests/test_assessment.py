from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KpiCase, month_bounds


@tagged("post_install", "-at_install")
class AssessmentCase(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.decider_user, cls.director = cls._create_person("giamdoc_a", "Phạm Văn Giám", cls.head_job, "decider")
        cls.party_user, cls.deputy = cls._create_person("capuy_a", "Lê Thị Ủy", None, "party_committee")
        cls.head.parent_id = cls.director
        cls.group = cls.env["kpi.task.group"].create({"name": "Chuyên viên", "company_id": cls.company.id})
        cls.campaign = cls.env["kpi.assessment.campaign"].create(
            {
                "year": 2026,
                "company_id": cls.company.id,
                "rule_set_id": cls.nd335.id,
                "responsible_id": cls.officer_user.id,
                "party_user_id": cls.party_user.id,
                "decider_id": cls.decider_user.id,
            }
        )

    def assessment(self, employee, **values):
        """An assessment as the campaign leaves it, on a year of period scores
        (year_scored): by default twelve months worked at general 30 +
        task 65 = 95 (the band "excellent"), so that any level may be decided
        (lower ones with the reason given here). not_classified=True: no
        period worked; months=N: the first N months scored so (0: the
        scores the test made itself)."""
        general = values.pop("period_general_mean", 30)
        task = values.pop("period_task_mean", 65)
        months = values.pop("months", 0 if values.pop("not_classified", False) else 12)
        for figure in ("periods_worked", "months_worked", "months_employed"):
            values.pop(figure, None)
        state = values.pop("state", "draft")
        values = {"decision_note": "Theo kết quả họp đơn vị", **values}
        assessment = (
            self.env["kpi.assessment"]
            .sudo()
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "employee_id": employee.id,
                    "company_id": self.company.id,
                    "year": 2026,
                    "rule_set_id": self.nd335.id,
                    "task_group_id": self.group.id,
                    **values,
                }
            )
        )
        self.year_scored(employee, general, task, months, assessment.is_leader)
        assessment._kpi_refresh()
        if state != "draft":  # the figures of a decided assessment are those it was decided on
            assessment.state = state
        return assessment.sudo(False)

    def year_scored(self, employee, general, task, months=12, is_leader=False):
        """The person's period scores of the first `months` months of 2026,
        each with expected working time and the given general and task
        scores, as a compute would leave them (the months' periods are the
        agency's, created where missing)."""
        scores = self.env["kpi.score"].sudo()
        for month in range(1, months + 1):
            period = self.period(dates=month_bounds(2026, month))
            scores.search([("period_id", "=", period.id), ("employee_id", "=", employee.id)]).unlink()
            total = general + task
            scores.create(
                {
                    "period_id": period.id,
                    "employee_id": employee.id,
                    "is_leader": is_leader,
                    "expected_hours": 160,
                    "general_score": general,
                    "task_score": task,
                    "total_score": total,
                    "level": period.rule_set_id._level_for(total),
                }
            )

    def walk_to_decision(self, assessment):
        assessment.with_user(assessment.employee_id.user_id).write({"self_level": "good"})
        assessment.with_user(assessment.employee_id.user_id).action_self_assess()
        assessment.with_user(self.head_user).write({"proposed_level": "good"})
        assessment.with_user(self.head_user).action_manager_review()
        assessment.with_user(self.officer_user).write(
            {"meeting_date": date(2026, 12, 1), "meeting_minutes": "Biên bản họp", "votes_good": 5}
        )
        assessment.with_user(self.officer_user).action_unit_review()


@tagged("post_install", "-at_install")
class TestAnnualScore(AssessmentCase):
    def test_one_period_worked_gives_that_period_total(self):
        """September only (the assigned-work base of Decree 335, 9600 minutes):
        a = 3600 / 9600 = 37.5; b = 330000 / 9600 = 34.38; c = 315000 / 9600 = 32.81;
        task = (37.5 + 34.38 + 32.81) / 3 x 0.7 = 24.42 (truncated); general 28:
        the annual total is that period's 52.42, completed. With no contract
        dates the person counts as employed all year: classified on the one
        period worked."""
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 10, 5, error_count=2)
        self.line(self.staff, date(2026, 9, 8), self.item_report, 10, 6, delay_count=1)
        self.line(
            self.staff, date(2026, 9, 9), self.item_doc, 20, 4, error_count=1, delay_count=1, objective_cause=True
        )
        period = self.period()
        period.action_compute_scores()
        self.score_of(period, self.staff).with_user(self.head_user).write({"general_score": 28})
        self.campaign.with_user(self.officer_user).action_generate()
        assessment = self.campaign.assessment_ids.filtered(lambda a: a.employee_id == self.staff)
        self.assertEqual(assessment.periods_worked, 1)
        self.assertAlmostEqual(assessment.total_score, 52.42)
        self.assertEqual(assessment.total_score, self.score_of(period, self.staff).total_score)
        self.assertEqual(assessment.computed_level, "completed")
        self.assertEqual(assessment.months_employed, 12)
        self.assertFalse(assessment.not_classified)
        self.assertFalse(assessment.line_ids, "Decree 335 scores everything per period")
        # a second run creates nothing
        count = len(self.campaign.assessment_ids)
        self.campaign.with_user(self.officer_user).action_generate()
        self.assertEqual(len(self.campaign.assessment_ids), count)
        self.assertEqual(count, self.env["hr.employee"].search_count([("company_id", "=", self.company.id)]))

    def test_khanh_hoa_yearly_criteria(self):
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 60, 8)  # 3600 of 9600 min: 37.5 %
        period = self.period(rule_set=self.kh1636)
        period.action_compute_scores()
        self.campaign.rule_set_id = self.kh1636
        self.campaign.with_user(self.officer_user).action_generate()
        staff = self.campaign.assessment_ids.filtered(lambda a: a.employee_id == self.staff)
        head = self.campaign.assessment_ids.filtered(lambda a: a.employee_id == self.head)
        self.assertEqual(sorted(staff.line_ids.criterion_id.mapped("code")), ["CCHC", "CTTT", "DDLS", "TPLL", "YTKL"])
        self.assertIn("NLLD", head.line_ids.criterion_id.mapped("code"), "leaders also get leadership capacity")
        for line, points in zip(staff.line_ids.sorted("sequence"), (4, 4, 5, 4, 8), strict=True):
            line.sudo().final_score = points
        # general 25 (yearly) + task 26.25 (37.5 % x 70) = 51.25
        self.assertAlmostEqual(staff.general_score, 25.0)
        self.assertAlmostEqual(staff.task_score, 26.25)
        self.assertEqual(staff.computed_level, "completed")
        with self.assertRaises(ValidationError):
            staff.line_ids[0].sudo().final_score = 6  # above the criterion's 5 points

    def test_level_boundaries_of_each_shipped_rule_set(self):
        expected = {
            "nd335_2025": ["not_completed", "completed", "completed", "good", "good", "good", "good", "excellent"],
            "nd233_2026": ["not_completed", "completed", "completed", "good", "good", "good", "good", "excellent"],
            "kh1636_2025": [
                "not_completed",
                "completed",
                "completed",
                "completed",
                "completed",
                "good",
                "good",
                "excellent",
            ],
        }
        scores = [49.99, 50, 69.99, 70, 80, 80.01, 89.99, 90]
        for code, levels in expected.items():
            rule_set = self.env["kpi.rule.set"].search([("code", "=", code)])
            self.assertEqual([rule_set._level_for(score) for score in scores], levels, code)

    def test_overrides_force_not_completed(self):
        for flag in ("disciplined", "degraded", "unit_violation"):
            _user, employee = self._create_person(f"override_{flag}", f"Công chức {flag}", None, "user", self.head)
            assessment = self.assessment(employee, is_leader=True)
            self.assertEqual(assessment.computed_level, "excellent")
            assessment.sudo().write({flag: True})
            self.assertEqual(assessment.computed_level, "not_completed", flag)
            self.walk_to_decision(assessment)
            assessment.sudo().state = "party_reviewed"
            assessment.with_user(self.decider_user).action_decide("excellent")
            self.assertEqual(assessment.final_level, "not_completed", flag)

    def test_corruption_in_the_unit_is_an_override_for_leaders_only(self):
        """Decree 335: the unit's corruption or waste forces "not completed" on
        the people who lead it, not on its staff."""
        staff = self.assessment(self.staff, unit_violation=True)
        self.assertEqual(staff.computed_level, "excellent")
        leader = self.assessment(self.head, is_leader=True, unit_violation=True)
        self.assertEqual(leader.computed_level, "not_completed")


@tagged("post_install", "-at_install")
class TestDecisionRules(AssessmentCase):
    def _decided(self, count, level):
        employees = self.env["hr.employee"].create(
            [
                {"name": f"Công chức {level} {i}", "company_id": self.company.id, "kpi_staff_category": "civil_servant"}
                for i in range(count)
            ]
        )
        for employee in employees:
            self.assessment(employee, state="decided", final_level=level)

    def _to_decide(self, count):
        employees = self.env["hr.employee"].create(
            [
                {"name": f"Ứng viên xuất sắc {i}", "company_id": self.company.id, "kpi_staff_category": "civil_servant"}
                for i in range(count)
            ]
        )
        return [self.assessment(employee, state="unit_reviewed", months_worked=12) for employee in employees]

    def test_quota_10_good_allows_2_excellent(self):
        self._decided(10, "good")
        first, second, third = self._to_decide(3)
        first.with_user(self.decider_user).action_decide("excellent")
        second.with_user(self.decider_user).action_decide("excellent")
        with self.assertRaisesRegex(ValidationError, "at most 2 are allowed"):
            third.with_user(self.decider_user).action_decide("excellent")
        self.assertEqual(third.state, "unit_reviewed")
        third.with_user(self.decider_user).action_decide("good")
        self.assertEqual(third.final_level, "good")

    def test_outstanding_agency_quota(self):
        self._decided(12, "good")
        candidates = self._to_decide(3)
        batch = self.env["kpi.assessment"].union(*candidates)
        with self.assertRaises(ValidationError):  # 20 % of 12 = 2.4 -> 2
            batch.with_user(self.decider_user).action_decide("excellent")
        self.campaign.agency_outstanding = True  # outstanding in 2026: 25 % of 12 = 3
        batch.with_user(self.decider_user).action_decide("excellent")
        self.assertEqual(set(batch.mapped("final_level")), {"excellent"})

    def test_head_capped_by_the_unit(self):
        self.env["kpi.unit.result"].create({"department_id": self.unit.id, "year": 2026, "level": "good"})
        assessment = self.assessment(
            self.head,
            state="party_reviewed",
            job_id=self.head_job.id,
            is_leader=True,
            months_worked=12,
            task_group_id=False,
        )
        with self.assertRaisesRegex(ValidationError, "cannot be rated higher"):
            assessment.with_user(self.decider_user).action_decide("excellent")
        assessment.with_user(self.decider_user).action_decide("good")
        self.assertEqual(assessment.final_level, "good")

    def test_not_classified_gets_no_level(self):
        assessment = self.assessment(self.peer, state="unit_reviewed", not_classified=True)
        assessment.with_user(self.decider_user).action_decide("good")
        self.assertFalse(assessment.final_level)


@tagged("post_install", "-at_install")
class TestWorkflow(AssessmentCase):
    def test_five_steps_with_the_right_people(self):
        assessment = self.assessment(self.staff, months_worked=12)
        staff = assessment.with_user(self.staff_user)
        with self.assertRaises(AccessError):
            assessment.with_user(self.peer_user).action_self_assess()
        with self.assertRaises(UserError):
            staff.action_self_assess()  # no level proposed yet
        staff.write({"self_level": "good", "self_comment": "Hoàn thành tốt các nhiệm vụ được giao"})
        with self.assertRaises(UserError):
            assessment.with_user(self.head_user).action_manager_review()  # wrong state
        staff.action_self_assess()
        self.assertEqual(assessment.state, "self_assessed")
        self.assertEqual(assessment.activity_ids.user_id, self.head_user)
        with self.assertRaises(AccessError):
            assessment.with_user(self.peer_user).action_manager_review()
        assessment.with_user(self.head_user).write({"proposed_level": "good"})
        assessment.with_user(self.head_user).action_manager_review()
        with self.assertRaises(UserError):
            assessment.with_user(self.officer_user).action_unit_review()  # no minutes
        assessment.with_user(self.officer_user).write(
            {"meeting_date": date(2026, 12, 1), "meeting_attendees": 7, "votes_good": 7, "meeting_minutes": "Biên bản"}
        )
        with self.assertRaises(AccessError):
            assessment.with_user(self.staff_user).action_unit_review()
        assessment.with_user(self.officer_user).action_unit_review()
        self.assertEqual(assessment.activity_ids.user_id, self.decider_user, "staff: no party step by default")
        with self.assertRaises(AccessError):
            assessment.with_user(self.head_user).action_decide()
        with self.assertRaises(AccessError):
            assessment.with_user(self.party_user).action_decide()
        assessment.with_user(self.decider_user).action_decide()
        self.assertEqual((assessment.state, assessment.final_level), ("decided", "good"))
        self.assertEqual(assessment.decider_id, self.decider_user)
        with self.assertRaises(AccessError):
            assessment.with_user(self.staff_user).action_notify()
        assessment.with_user(self.officer_user).action_notify()
        self.assertEqual(assessment.state, "notified")
        steps = assessment.message_ids.filtered(lambda m: " by " in (m.body or ""))
        self.assertEqual(len(steps), 5, "every step shows in the chatter, with who took it")
        self.assertIn(self.decider_user.name, steps.mapped("body")[1])

    def test_leaders_need_the_party_committee(self):
        assessment = self.assessment(self.head, is_leader=True, state="unit_reviewed", months_worked=12)
        with self.assertRaises(UserError):
            assessment.with_user(self.decider_user).action_decide()
        with self.assertRaises(AccessError):
            assessment.with_user(self.head_user).action_party_review()
        assessment.with_user(self.party_user).write({"party_opinion": "Nhất trí"})
        assessment.with_user(self.party_user).action_party_review()
        assessment.with_user(self.decider_user).action_decide("good")
        self.assertEqual(assessment.state, "decided")

    def test_decided_is_read_only_and_reopening_is_logged(self):
        assessment = self.assessment(self.staff, state="unit_reviewed", proposed_level="good", months_worked=12)
        assessment.with_user(self.decider_user).action_decide()
        with self.assertRaises(UserError):
            assessment.with_user(self.decider_user).write({"decision_note": "sửa"})
        with self.assertRaises(UserError):
            assessment.with_user(self.officer_user).action_cancel()
        with self.assertRaises(AccessError):
            assessment.with_user(self.officer_user).action_reopen(reason="x")
        action = assessment.with_user(self.decider_user).action_reopen()
        self.assertEqual(action["res_model"], "kpi.reason.wizard")
        assessment.with_user(self.decider_user).action_reopen(reason="Bổ sung kết luận kỷ luật")
        self.assertEqual(assessment.state, "unit_reviewed")
        self.assertFalse(assessment.final_level)
        self.assertTrue(any("Bổ sung kết luận kỷ luật" in (m.body or "") for m in assessment.message_ids))
        with self.assertRaises(UserError):
            assessment.unlink()

    def test_send_back_one_step_with_a_reason(self):
        assessment = self.assessment(self.staff, state="self_assessed", self_level="good")
        with self.assertRaises(AccessError):
            assessment.with_user(self.peer_user).action_send_back(reason="x")
        assessment.with_user(self.head_user).action_send_back(reason="Bổ sung báo cáo tự đánh giá")
        self.assertEqual(assessment.state, "draft")
        self.assertEqual(assessment.activity_ids.user_id, self.staff_user)
        self.assertTrue(any("Bổ sung báo cáo" in (m.body or "") for m in assessment.message_ids))

    def test_points_by_step(self):
        criterion = self.env["kpi.criterion"].create(
            {"rule_set_id": self.nd335.id, "code": "Y1", "name": "Năm", "scored_in": "year", "max_points": 10}
        )
        assessment = self.assessment(self.staff, line_ids=[(0, 0, {"criterion_id": criterion.id})])
        line = assessment.line_ids
        line.with_user(self.staff_user).self_score = 8
        with self.assertRaises(UserError):
            line.with_user(self.head_user).manager_score = 7  # not at the manager's step yet
        assessment.sudo().state = "self_assessed"
        with self.assertRaises(AccessError):
            line.with_user(self.staff_user).manager_score = 9
        with self.assertRaises(UserError):
            line.with_user(self.staff_user).self_score = 9  # sent already
        line.with_user(self.head_user).manager_score = 7
        self.assertIn("Y1", assessment.message_ids[0].body, "point changes show in the chatter")
        with self.assertRaises(ValidationError):
            line.with_user(self.head_user).manager_score = 11


@tagged("post_install", "-at_install")
class TestServerSideChecks(AssessmentCase):
    def test_each_part_is_written_by_its_step(self):
        assessment = self.assessment(self.staff)
        with self.assertRaises(AccessError):
            assessment.with_user(self.staff_user).write({"proposed_level": "excellent"})
        with self.assertRaises(UserError):
            assessment.with_user(self.head_user).write({"proposed_level": "good"})  # not reviewed yet
        with self.assertRaises(AccessError):
            assessment.with_user(self.peer_user).write({"self_level": "excellent"})
        with self.assertRaises(AccessError):
            assessment.with_user(self.staff_user).write({"final_level": "excellent"})
        with self.assertRaises(AccessError):
            assessment.with_user(self.staff_user).write({"total_score": 100})
        with self.assertRaises(AccessError):
            assessment.with_user(self.staff_user).write({"disciplined": False})
        assessment.with_user(self.decider_user).write({"disciplined": True, "disciplined_note": "QĐ 12/QĐ-SNV"})
        self.assertTrue(assessment.disciplined)

    def test_late_assessments_stand_out(self):
        """The deadline is "before 15 December": on the deadline day itself the assessment is late."""
        self.campaign.date_deadline = date.today()
        late = self.assessment(self.staff)
        decided = self.assessment(self.peer, state="decided", final_level="good")
        self.assertTrue(late.is_late)
        self.assertFalse(decided.is_late)
        self.assertEqual(
            self.env["kpi.assessment"].search([("is_late", "=", True), ("id", "in", (late | decided).ids)]), late
        )

    def test_steps_refused_in_the_wrong_state(self):
        assessment = self.assessment(
            self.staff,
            self_level="good",
            proposed_level="good",
            meeting_date=date(2026, 12, 1),
            meeting_minutes="Biên bản",
            party_opinion="Nhất trí",
        )
        for action, user in (
            ("action_manager_review", self.head_user),
            ("action_unit_review", self.officer_user),
            ("action_party_review", self.party_user),
            ("action_decide", self.decider_user),
            ("action_notify", self.officer_user),
        ):
            with self.assertRaises(UserError, msg=action):
                getattr(assessment.with_user(user), action)()
        self.assertEqual(assessment.state, "draft")
