from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestPeriodScores(KpiCase):
    """Decree 335 and Khanh Hoa 1636 scores for September 2026 (160 expected hours = 9600 minutes)."""

    def _staff_month(self):
        # 600 min with 2 errors; 1800 min with 1 delay; 1200 min with 1 error and 1 delay
        # but an objective cause; a draft and a rejected line that do not count.
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 10, 5, error_count=2)
        self.line(self.staff, date(2026, 9, 8), self.item_report, 10, 6, delay_count=1)
        self.line(
            self.staff, date(2026, 9, 9), self.item_doc, 20, 4, error_count=1, delay_count=1, objective_cause=True
        )
        self.line(self.staff, date(2026, 9, 10), self.item_doc, 50, 3, state="draft")
        self.line(self.staff, date(2026, 9, 11), self.item_doc, 50, 3, state="rejected")

    def test_expected_hours_exclude_the_public_holidays(self):
        period = self.period()
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        self.assertEqual(score.expected_hours, 160.0)  # 22 weekdays - 2 holidays = 20 days x 8 h

    def test_staff_a_b_c_and_task_score(self):
        """Base "work done": b and c are weighted means over the approved work."""
        self._staff_month()
        period = self.period(rule_set=self.nd335_done)
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        self.assertEqual(score.approved_minutes, 3600.0)
        self.assertAlmostEqual(score.quantity_percent, 37.5)  # 3600 / 9600
        self.assertAlmostEqual(score.quality_percent, 91.67)  # (600x50 + 1800x100 + 1200x100) / 3600
        self.assertAlmostEqual(score.progress_percent, 87.5)  # (600x100 + 1800x75 + 1200x100) / 3600
        self.assertAlmostEqual(score.task_score, 50.55)  # (37.5 + 91.67 + 87.5) / 3 x 0.7 = 50.5567, truncated
        self.assertEqual(score.declared_hours, 18.0, "draft lines are declared, rejected ones are not")
        score.with_user(self.head_user).write({"general_score": 28})
        self.assertAlmostEqual(score.total_score, 78.55)
        self.assertEqual(score.level, "good")

    def test_staff_b_and_c_against_the_work_assigned(self):
        """Decree 335 Art. 14 (the default base of the shipped 335 rule set), the
        same month: 9600 minutes assigned (no assignment, so the expected time).
        a = 3600 / 9600 = 37.5
        b = (600 x 50 + 1800 x 100 + 1200 x 100) / 9600 = 330000 / 9600 = 34.375 -> 34.38
        c = (600 x 100 + 1800 x 75 + 1200 x 100) / 9600 = 315000 / 9600 = 32.8125 -> 32.81
        task = (37.5 + 34.38 + 32.81) / 3 x 0.7 = 24.4277 -> 24.42 (truncated)."""
        self.assertEqual(self.nd335.quality_base, "assigned")
        self._staff_month()
        period = self.period()
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        self.assertAlmostEqual(score.quantity_percent, 37.5)
        self.assertAlmostEqual(score.quality_percent, 34.38)
        self.assertAlmostEqual(score.progress_percent, 32.81)
        self.assertAlmostEqual(score.task_score, 24.42)

    def test_half_the_expected_work_without_error(self):
        """4800 of 9600 minutes approved, no error or delay (docs/rules.md, "Period percents").
        Base assigned: a = b = c = 50, task = 50 x 0.7 = 35.00.
        Base done: a = 50, b = c = 100, task = 250 / 3 x 0.7 = 58.33."""
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 80, 8)  # 80 x 60 = 4800 minutes
        assigned = self.period()
        assigned.action_compute_scores()
        score = self.score_of(assigned, self.staff)
        self.assertEqual((score.quantity_percent, score.quality_percent, score.progress_percent), (50, 50, 50))
        self.assertAlmostEqual(score.task_score, 35.0)
        assigned.rule_set_id = self.nd335_done
        assigned.action_compute_scores()
        self.assertAlmostEqual(score.task_score, 58.33)

    def test_assignments_larger_than_the_expected_time(self):
        """Assigned 200 documents (200 x 60 = 12000 minutes) due 30 September,
        done on time with 160 documents written (9600 minutes), no error:
        the work assigned is max(9600, 12000) = 12000, so
        a = min(100, 9600 / 9600) = 100, b = c = 9600 / 12000 = 80,
        task = (100 + 80 + 80) / 3 x 0.7 = 60.666 -> 60.66."""
        assignment = self.env["kpi.assignment"].create(
            {
                "name": "Rà soát văn bản quy phạm",
                "employee_id": self.staff.id,
                "work_item_id": self.item_doc.id,
                "planned_quantity": 200,
                "date_assigned": date(2026, 9, 1),
                "date_deadline": date(2026, 9, 30),
                "expected_product": "Báo cáo rà soát",
            }
        )
        assignment.write({"state": "done", "date_done": date(2026, 9, 30)})
        for day in (7, 8, 9, 10, 11):
            self.line(self.staff, date(2026, 9, day), self.item_doc, 32, 8, assignment_id=assignment.id)
        period = self.period()
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        self.assertEqual((score.quantity_percent, score.quality_percent, score.progress_percent), (100, 80, 80))
        self.assertAlmostEqual(score.task_score, 60.66)

    def test_no_approved_line_gives_zero(self):
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 10, 5, state="submitted")
        period = self.period()
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        self.assertEqual((score.quantity_percent, score.quality_percent, score.progress_percent), (0, 0, 0))
        self.assertEqual(score.level, "not_completed")

    def test_late_and_overdue_assignments_count_delays(self):
        done_late = self.env["kpi.assignment"].create(
            {
                "name": "Báo cáo quý",
                "employee_id": self.staff.id,
                "work_item_id": self.item_doc.id,
                "planned_quantity": 1,
                "date_assigned": date(2026, 9, 1),
                "date_deadline": date(2026, 9, 4),
                "expected_product": "Báo cáo",
            }
        )
        done_late.write({"state": "done", "date_done": date(2026, 9, 8)})
        self.env["kpi.assignment"].create(
            {
                "name": "Kế hoạch tuyển dụng",
                "employee_id": self.staff.id,
                "work_item_id": self.item_doc.id,
                "planned_quantity": 2,
                "date_assigned": date(2026, 9, 1),
                "date_deadline": date(2026, 9, 10),
                "expected_product": "Kế hoạch",
            }
        )
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 10, 5)  # 600 min on time
        self.line(self.staff, date(2026, 9, 8), self.item_doc, 10, 5, assignment_id=done_late.id)  # 600, late
        period = self.period(rule_set=self.nd335_done)
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        # base done: c = (600 x 100 + 600 x 75 + 120 x 75 overdue) / 1320 = 114000 / 1320
        self.assertAlmostEqual(score.progress_percent, 86.36)
        self.assertAlmostEqual(score.quality_percent, 100.0)
        # base assigned: 60 + 120 minutes of assignments < 9600 expected, so 9600 assigned;
        # the overdue one counts at 0 %: c = (600 x 100 + 600 x 75) / 9600 = 10.9375 -> 10.94,
        # b = 1200 / 9600 = 12.5
        period.rule_set_id = self.nd335
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        self.assertAlmostEqual(score.progress_percent, 10.94)
        self.assertAlmostEqual(score.quality_percent, 12.5)

    def test_leader_d_is_50_when_a_subordinate_is_under_50(self):
        self._staff_month()
        self.line(self.head, date(2026, 9, 14), self.item_doc, 96, 8)  # 5760 min = 60 %
        period = self.period(rule_set=self.nd335_done)
        period.action_compute_scores()
        head_score = self.score_of(period, self.head)
        self.assertTrue(head_score.is_leader)
        # the peer has no approved line: not completed
        self.assertEqual(self.score_of(period, self.peer).level, "not_completed")
        self.assertEqual(head_score.unit_result_percent, 50.0)
        director_user, director = self._create_person(
            "giamdoc_t", "Phạm Văn Giám", self.head_job, "decider", department=self.other_unit
        )
        self.head.parent_id = director
        head_score.with_user(director_user).write({"organizing_percent": 80, "rallying_percent": 90})
        # (60 + 100 + 100 + 50 + 80 + 90) / 6 x 0.7 = 56
        self.assertAlmostEqual(head_score.task_score, 56.0)
        # every subordinate at least completed -> d = 100
        self.line(self.peer, date(2026, 9, 14), self.item_doc, 160, 8)
        for score in period.score_ids.filtered(lambda s: s.employee_id in self.staff | self.peer):
            score.with_user(self.head_user).write({"general_score": 30})
        period.action_compute_scores()
        self.assertEqual(head_score.unit_result_percent, 100.0)
        self.assertAlmostEqual(head_score.task_score, 61.83)  # (60 + 100 + 100 + 100 + 80 + 90) / 6 x 0.7 = 61.833
        self.assertEqual(
            (head_score.organizing_percent, head_score.rallying_percent),
            (80, 90),
            "recomputing keeps what the evaluator entered",
        )

    def test_khanh_hoa_method(self):
        self._staff_month()
        self.line(self.head, date(2026, 9, 14), self.item_doc, 96, 8)
        period = self.period(rule_set=self.kh1636)
        period.action_compute_scores()
        self.assertAlmostEqual(self.score_of(period, self.staff).task_score, 26.25)  # 37.5 % x 70
        self.assertAlmostEqual(self.score_of(period, self.head).task_score, 30.0)  # 60 % x 50
        self.assertEqual(self.kh1636.period_general_max, 0.0, "general criteria are scored once a year")
        with self.assertRaises(ValidationError):
            self.score_of(period, self.staff).with_user(self.head_user).write({"general_score": 5})

    def test_recompute_is_stable_and_keeps_entered_scores(self):
        self._staff_month()
        period = self.period()
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        score.with_user(self.head_user).write({"general_score": 27.5})
        before = score.read(["quantity_percent", "quality_percent", "progress_percent", "task_score", "total_score"])
        period.action_compute_scores()
        self.assertEqual(len(period.score_ids.filtered(lambda s: s.employee_id == self.staff)), 1)
        self.assertEqual(score.general_score, 27.5)
        self.assertEqual(score.read(list(before[0]))[0], before[0])

    def test_days_over_limit_and_missing(self):
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 5, 5)
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 4, 4)  # 9 h: over 8
        self.line(self.staff, date(2026, 9, 8), self.item_doc, 8, 8)  # 8 h: not over
        period = self.period()
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        self.assertEqual(score.days_over_limit, 1)
        self.assertEqual(score.days_missing, 18)  # 20 working days, 2 declared

    def test_full_general_marks_for_those_without_issue(self):
        self._staff_month()
        period = self.period()
        period.action_compute_scores()
        scores = period.score_ids.filtered(lambda s: s.employee_id in self.staff | self.peer)
        self.score_of(period, self.peer).sudo().write({"days_missing": 0, "days_over_limit": 0})
        scores.with_user(self.head_user).action_full_general_marks()
        self.assertEqual(self.score_of(period, self.peer).general_score, 30.0)
        self.assertEqual(self.score_of(period, self.staff).general_score, 0.0, "missing days: left for review")

    def test_refusals(self):
        period = self.period()
        with self.assertRaises(AccessError):
            period.with_user(self.head_user).action_compute_scores()
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        with self.assertRaises(ValidationError):
            score.with_user(self.head_user).write({"general_score": 31})
        with self.assertRaises(AccessError):
            score.with_user(self.staff_user).write({"general_score": 30})
        with self.assertRaises(AccessError):
            score.with_user(self.head_user).write({"quantity_percent": 100})
        own = self.score_of(period, self.head)
        with self.assertRaises(AccessError):
            own.with_user(self.head_user).write({"general_score": 30})
        period.with_user(self.officer_user).action_close()
        with self.assertRaises(UserError):
            period.action_compute_scores()
        with self.assertRaises(UserError):
            score.with_user(self.head_user).write({"general_score": 20})
        with self.assertRaises(AccessError):
            period.with_user(self.officer_user).action_reopen(reason="x")
        period.with_user(self.admin_user).action_reopen(reason="Bổ sung nhật ký")
        self.assertEqual(period.state, "open")
        self.assertTrue(any("Bổ sung nhật ký" in message.body for message in period.message_ids))

    def test_a_score_belongs_to_the_agency_of_its_period(self):
        """The company check of scores runs in one query (a period creates
        thousands); it still refuses a person of another agency."""
        period = self.period()
        other = self._create_agency("UBND xã Vạn Ninh")
        outsider = self.env["hr.employee"].create({"name": "Người xã khác", "company_id": other.id})
        with self.assertRaisesRegex(UserError, "Người xã khác"):
            self.env["kpi.score"].sudo().create({"period_id": period.id, "employee_id": outsider.id})

    def test_periods_of_a_year(self):
        periods = self.env["kpi.period"]._generate(self.company, 2026, self.nd335)
        self.assertEqual(len(periods), 12)
        self.assertEqual(periods[0].display_name, "Month 01/2026")
        self.assertEqual(periods[0].name, "01/2026")
        self.assertFalse(self.env["kpi.period"]._generate(self.company, 2026, self.nd335), "no duplicates")
        quarterly = self._create_agency("UBND xã Vĩnh Lương")
        self.nd335.copy({"code": "nd335_q", "period_type": "quarter"})
        quarters = self.env["kpi.period"]._generate(
            quarterly, 2026, self.env["kpi.rule.set"].search([("code", "=", "nd335_q")])
        )
        self.assertEqual([(q.date_from, q.date_to) for q in quarters][1], (date(2026, 4, 1), date(2026, 6, 30)))
        with self.assertRaises(ValidationError):
            self.period(company=quarterly, dates=(date(2026, 5, 1), date(2026, 5, 31)))
