"""The annual score, the leader's unit result and the decision as Decrees
335/233 write them (docs/rules.md). Every number is worked out by hand in the
docstring."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KpiCase
from .test_assessment import AssessmentCase

WHOLE_MONTH = 160.0  # expected hours of a month worked in full (any positive number will do)


def month(number):
    last = (date(2026, number % 12 + 1, 1) if number < 12 else date(2027, 1, 1)).toordinal() - 1
    return date(2026, number, 1), date.fromordinal(last)


class YearCase(AssessmentCase):
    def year_of_scores(self, employee, months):
        """Monthly periods of 2026 with the scores the compute would leave:
        `months` maps a month to (general, a = b = c, expected hours)."""
        for number, (general, percent, expected) in months.items():
            date_from, date_to = month(number)
            period = self.env["kpi.period"].search(
                [("company_id", "=", self.company.id), ("date_from", "=", date_from)]
            ) or self.period(dates=(date_from, date_to))
            self.env["kpi.score"].sudo().create(
                {
                    "period_id": period.id,
                    "employee_id": employee.id,
                    "general_score": general,
                    "quantity_percent": percent,
                    "quality_percent": percent,
                    "progress_percent": percent,
                    "expected_hours": expected,
                }
            )
            self.env["kpi.scoring"]._settle_period(period)  # the totals, as the compute leaves them

    def generated(self, employee):
        self.campaign.with_user(self.officer_user).action_generate()
        return self.campaign.assessment_ids.filtered(lambda a: a.employee_id == employee)


@tagged("post_install", "-at_install")
class TestPeriodsExpectedToWork(YearCase):
    """The annual score is the mean over the periods with expected working time
    (docs/rules.md, "Annual figures")."""

    def test_idle_months_count_with_task_zero(self):
        """Jan-Jun: general 30, a = b = c = 100, total 100. Jul-Dec: expected
        time but no approved work, general 20, task 0, total 20.
        general = (6 x 30 + 6 x 20) / 12 = 25; task = (6 x 70 + 6 x 0) / 12 = 35;
        total 60 -> completed (counting only the months with output gave 100)."""
        self.year_of_scores(
            self.staff,
            dict.fromkeys(range(1, 7), (30, 100, WHOLE_MONTH)) | dict.fromkeys(range(7, 13), (20, 0, WHOLE_MONTH)),
        )
        assessment = self.generated(self.staff)
        self.assertEqual((assessment.periods_worked, assessment.months_worked), (12, 12))
        self.assertEqual((assessment.general_score, assessment.task_score), (25.0, 35.0))
        self.assertEqual(assessment.total_score, 60.0)
        self.assertEqual(assessment.computed_level, "completed")

    def test_output_in_five_of_twelve_months_is_classified(self):
        """Output Jan-May only, all 12 months with expected time: classified,
        total = 30 + 5 x 70 / 12 = 30 + 29.1666 = 59.16 (truncated)."""
        self.year_of_scores(
            self.staff,
            dict.fromkeys(range(1, 6), (30, 100, WHOLE_MONTH)) | dict.fromkeys(range(6, 13), (30, 0, WHOLE_MONTH)),
        )
        assessment = self.generated(self.staff)
        self.assertFalse(assessment.not_classified)
        self.assertEqual(assessment.months_worked, 12)
        self.assertEqual(assessment.total_score, 59.16)
        self.assertEqual(assessment.computed_level, "completed")

    def test_maternity_leave_is_left_out(self):
        """Worked Jan-May at 80 (general 30 + a = b = c = 71.43 -> task 50.001,
        50.00), maternity leave Jun-Dec (no expected time): the mean runs over the
        5 months worked: 80 -> good. Employed all year (12 months >= 6):
        classified on the time actually worked (Decree 335 Art. 19(3))."""
        self.year_of_scores(
            self.staff, dict.fromkeys(range(1, 6), (30, 71.43, WHOLE_MONTH)) | dict.fromkeys(range(6, 13), (0, 0, 0))
        )
        assessment = self.generated(self.staff)
        self.assertEqual((assessment.periods_worked, assessment.months_worked), (5, 5))
        self.assertEqual(assessment.months_employed, 12)
        self.assertFalse(assessment.not_classified)
        self.assertEqual(assessment.total_score, 80.0)
        self.assertEqual(assessment.computed_level, "good")

    def test_employed_fewer_than_six_months_is_not_classified(self):
        """Hired 1 August 2026: 5 months employed < 6 -> not classified, and the
        decision gives no level."""
        self.staff.sudo().contract_date_start = date(2026, 8, 1)
        self.year_of_scores(self.staff, dict.fromkeys(range(8, 13), (30, 100, WHOLE_MONTH)))
        assessment = self.generated(self.staff)
        self.assertEqual(assessment.months_employed, 5)
        self.assertTrue(assessment.not_classified)


@tagged("post_install", "-at_install")
class TestOneRounding(YearCase):
    """The band is decided on exactly the number that is printed
    (docs/rules.md, "Rounding, bands and levels")."""

    def test_49_99_is_not_completed(self):
        """12 months, general 15; task 35 (a = b = c = 50) in 11 months and
        34.95 (a = b = c = 49.93: 34.951, truncated) in December.
        task mean = (11 x 35 + 34.95) / 12 = 34.99583; total 49.99583 -> 49.99:
        not completed (rounding the mean again gave 50.00, completed)."""
        self.year_of_scores(
            self.staff, dict.fromkeys(range(1, 12), (15, 50, WHOLE_MONTH)) | {12: (15, 49.93, WHOLE_MONTH)}
        )
        assessment = self.generated(self.staff)
        self.assertEqual((assessment.general_score, assessment.task_score, assessment.total_score), (15, 34.99, 49.99))
        self.assertEqual(assessment.computed_level, "not_completed")

    def test_89_99_is_good(self):
        """General 30; task 60.00 (a = b = c = 85.72: 60.004) in 11 months and
        59.95 (a = b = c = 85.65: 59.955) in December: total 89.99583 -> 89.99, good."""
        self.year_of_scores(
            self.staff, dict.fromkeys(range(1, 12), (30, 85.72, WHOLE_MONTH)) | {12: (30, 85.65, WHOLE_MONTH)}
        )
        assessment = self.generated(self.staff)
        self.assertEqual(assessment.total_score, 89.99)
        self.assertEqual(assessment.computed_level, "good")

    def test_the_rule_is_a_rule_set_setting(self):
        """The same year under "round half up": 49.99583 -> 50.00, completed."""
        self.nd335.score_rounding = "half_up"
        self.year_of_scores(
            self.staff, dict.fromkeys(range(1, 12), (15, 50, WHOLE_MONTH)) | {12: (15, 49.93, WHOLE_MONTH)}
        )
        self.assertEqual(self.generated(self.staff).total_score, 50.0)


@tagged("post_install", "-at_install")
class TestFreshAnnualFigures(YearCase):
    """The annual figures follow the period scores until the decision
    (docs/rules.md, "Annual figures")."""

    def test_a_month_computed_after_the_campaign(self):
        """Campaign on 1 December: Jan-Oct at 72 (general 30 + a = b = c = 60,
        task 42). November is computed later: no approved work, task 0; its
        general score 20 is entered after the compute.
        (10 x 72 + 20) / 11 = 67.2727 -> 67.27: completed (not 72, good).
        Deciding is refused until November is computed again."""
        self.year_of_scores(self.staff, dict.fromkeys(range(1, 11), (30, 60, WHOLE_MONTH)))
        assessment = self.generated(self.staff)
        self.assertEqual((assessment.total_score, assessment.computed_level), (72.0, "good"))
        november = self.period(dates=month(11))
        november.action_compute_scores()
        self.assertEqual(assessment.periods_worked, 11)
        self.assertEqual(assessment.total_score, 65.45, "(720 + 0) / 11 = 65.4545")
        self.score_of(november, self.staff).with_user(self.head_user).write({"general_score": 20})
        self.assertEqual(assessment.total_score, 67.27)
        self.assertEqual(assessment.computed_level, "completed")
        self.assertTrue(november.needs_recompute, "a general score entered after the compute")
        self.walk_to_decision(assessment)
        with self.assertRaisesRegex(UserError, "11/2026"):
            assessment.with_user(self.decider_user).action_decide()
        self.assertEqual(assessment.state, "unit_reviewed")
        november.action_compute_scores()
        assessment.with_user(self.decider_user).action_decide()
        self.assertEqual(assessment.final_level, "completed", "the manager proposed good: lowered to the band")

    def test_an_assignment_after_the_compute_marks_the_periods(self):
        """Under the assigned-work base, a task given in September raises the
        work assigned of September and of the months after it: given, then
        finished, each marks the computed periods; October, computed again in
        between, is marked anew."""
        september = self.period()
        october = self.period(dates=month(10))
        (september | october).action_compute_scores()
        task = (
            self.env["kpi.assignment"]
            .with_user(self.head_user)
            .create(
                {
                    "name": "Báo cáo chuyên đề quý III",
                    "employee_id": self.staff.id,
                    "assigner_id": self.head_user.id,
                    "work_item_id": self.item_report.id,
                    "planned_quantity": 4,
                    "date_assigned": date(2026, 9, 10),
                    "date_deadline": date(2026, 9, 30),
                    "expected_product": "Báo cáo",
                }
            )
        )
        self.assertEqual((september.needs_recompute, october.needs_recompute), (True, True))
        october.action_compute_scores()
        task.with_user(self.staff_user).action_done()
        self.assertTrue(october.needs_recompute)

    def test_approving_a_line_after_the_compute_marks_the_period(self):
        period = self.period()
        period.action_compute_scores()
        self.assertFalse(period.needs_recompute)
        line = self.line(self.staff, date(2026, 9, 7), self.item_doc, 8, 8, state="submitted")
        line.with_user(self.head_user).action_approve()
        self.assertTrue(period.needs_recompute)
        with self.assertRaises(AccessError):  # nobody clears the mark but the compute
            period.with_user(self.officer_user).write({"needs_recompute": False})
        with self.assertRaises(AccessError):
            self.env["kpi.period"].with_user(self.officer_user).create(
                {"date_from": date(2026, 10, 1), "date_to": date(2026, 10, 31), "date_computed": "2026-11-01 00:00:00"}
            )
        self.assertTrue(period.needs_recompute)
        period.action_compute_scores()
        self.assertFalse(period.needs_recompute)

    def test_decided_figures_stay(self):
        """After the decision the annual figures no longer move."""
        self.year_of_scores(self.staff, dict.fromkeys(range(1, 11), (30, 60, WHOLE_MONTH)))
        assessment = self.generated(self.staff)
        self.walk_to_decision(assessment)
        assessment.with_user(self.decider_user).action_decide()
        self.period(dates=month(11)).action_compute_scores()
        self.assertEqual(assessment.total_score, 72.0)


@tagged("post_install", "-at_install")
class TestDecisionWithinTheBand(AssessmentCase):
    """The decided level never exceeds the band of the score (docs/rules.md, "Decision ceiling")."""

    def test_proposed_excellent_at_75_is_decided_good(self):
        """Total 30 + 45 = 75.00 is in the band "good"; the manager proposed
        excellent. Deciding with no level gives good; asking for excellent is
        refused with the band named."""
        first = self.assessment(self.staff, state="unit_reviewed", period_task_mean=45, proposed_level="excellent")
        second = self.assessment(self.peer, state="unit_reviewed", period_task_mean=45, proposed_level="excellent")
        self.assertEqual((first.total_score, first.computed_level), (75.0, "good"))
        self.assertTrue(first.proposed_level_above_band)
        with self.assertRaisesRegex(ValidationError, "band Good"):
            first.with_user(self.decider_user).action_decide("excellent")
        with self.assertRaises(UserError):
            first.with_user(self.decider_user).action_decide("outstanding")
        self.assertEqual(first.state, "unit_reviewed")
        first.sudo().final_level = "excellent"  # chosen on the form: refused all the same
        with self.assertRaisesRegex(ValidationError, "cannot be higher"):
            first.with_user(self.decider_user).action_decide()
        first.sudo().final_level = False
        (first | second).with_user(self.decider_user).action_decide()
        self.assertEqual((first | second).mapped("final_level"), ["good", "good"])

    def test_lower_than_the_band_needs_a_reason(self):
        """Total 95 (excellent): the authority may decide good, with the reason written."""
        assessment = self.assessment(self.staff, state="unit_reviewed", decision_note=False)
        with self.assertRaisesRegex(UserError, "reason"):
            assessment.with_user(self.decider_user).action_decide("good")
        assessment.with_user(self.decider_user).write({"decision_note": "Chưa hoàn thành nhiệm vụ đột xuất"})
        assessment.with_user(self.decider_user).action_decide("good")
        self.assertEqual(assessment.final_level, "good")


@tagged("post_install", "-at_install")
class TestQuotaAudit(AssessmentCase):
    """The quota where the law has one, per year, checked again on a reopening
    (docs/rules.md, "Quota of excellent")."""

    def _decided(self, count, level, **values):
        employees = self.env["hr.employee"].create(
            [
                {"name": f"Công chức {level} {i}", "company_id": self.company.id, "kpi_staff_category": "civil_servant"}
                for i in range(count)
            ]
        )
        return self.env["kpi.assessment"].union(
            *(self.assessment(employee, state="decided", final_level=level, **values) for employee in employees)
        )

    def test_khanh_hoa_has_no_quota(self):
        """Khanh Hoa 1636 states no quota: 2 excellent beside 1 good are allowed
        (a 100 % quota would allow 1)."""
        self.assertFalse(self.kh1636.quota_enabled)
        self._decided(1, "good", rule_set_id=self.kh1636.id)
        pending = self._decided(2, "excellent", rule_set_id=self.kh1636.id)
        pending.sudo().write({"state": "unit_reviewed", "final_level": False})
        pending.with_user(self.decider_user).action_decide("excellent")
        self.assertEqual(pending.mapped("final_level"), ["excellent", "excellent"])

    def test_reopening_a_good_one_rechecks_the_quota(self):
        """10 good allow 2 excellent (20 %); taking one good back leaves 9,
        which allow 1 (1.8 rounded down): refused while 2 are excellent."""
        good = self._decided(10, "good")
        self._decided(2, "excellent")
        with self.assertRaisesRegex(ValidationError, "at most 1"):
            good[0].with_user(self.decider_user).action_reopen(reason="Xem xét lại")
        self.assertEqual(good[0].state, "decided")

    def test_outstanding_is_per_year(self):
        """Outstanding in 2025 says nothing of 2026: 12 good allow 2, not 3."""
        self.env["kpi.assessment.campaign"].create(
            {"year": 2025, "company_id": self.company.id, "rule_set_id": self.nd335.id, "agency_outstanding": True}
        )
        self._decided(12, "good")
        pending = self._decided(3, "excellent")
        pending.sudo().write({"state": "unit_reviewed", "final_level": False})
        with self.assertRaisesRegex(ValidationError, "at most 2"):
            pending.with_user(self.decider_user).action_decide("excellent")


@tagged("post_install", "-at_install")
class TestJoinersAndLeavers(KpiCase):
    """Expected time runs from the contract start date to its end date
    (docs/rules.md, "Expected time")."""

    def _employee(self, name, start, end=False):
        return self.env["hr.employee"].create(
            {
                "name": name,
                "company_id": self.company.id,
                "kpi_staff_category": "civil_servant",
                "department_id": self.unit.id,
                "parent_id": self.head.id,
                "resource_calendar_id": self.calendar.id,
                "contract_date_start": start,
                "contract_date_end": end,
            }
        )

    def test_hired_on_16_march(self):
        """March 2026 has 22 working days; hired on Monday 16 March, 12 of them:
        96 hours = 5760 minutes expected. 96 documents (5760 minutes) approved:
        a = 100 (not 5760 / 10560 = 54.55), b = c = 100, task 70."""
        hired = self._employee("Đặng Thị Mới", date(2026, 3, 16))
        for day in (16, 17, 18):
            self.line(hired, date(2026, 3, day), self.item_doc, 32, 8)
        period = self.period(dates=month(3))
        period.action_compute_scores()
        score = self.score_of(period, hired)
        self.assertEqual(score.expected_hours, 96.0)
        self.assertEqual(score.quantity_percent, 100.0)
        self.assertEqual(score.task_score, 70.0)
        self.assertEqual(score.days_missing, 9, "12 working days, 3 declared")

    def test_left_on_15_september_and_not_employed(self):
        """Left on 15 September: 1-15 September has 11 weekdays, 2 of them public
        holidays: 9 days, 72 hours. People whose contract ended in August or
        starts in October get no September score."""
        leaver = self._employee("Võ Văn Nghỉ", date(2020, 1, 1), date(2026, 9, 15))
        gone = self._employee("Lý Văn Đi", date(2020, 1, 1), date(2026, 8, 31))
        future = self._employee("Hồ Thị Đến", date(2026, 10, 1))
        period = self.period()
        period.action_compute_scores()
        self.assertEqual(self.score_of(period, leaver).expected_hours, 72.0)
        self.assertFalse(self.score_of(period, gone))
        self.assertFalse(self.score_of(period, future))


@tagged("post_install", "-at_install")
class TestUnitResult(KpiCase):
    """d of a leader (docs/rules.md, "Leader parts"), September 2026 (9600 expected minutes)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the peer works in another unit with nobody above: only the staff is under the head
        cls.peer.write({"parent_id": False, "department_id": cls.other_unit.id})
        cls.director_user, cls.director = cls._create_person(
            "giamdoc_d", "Phạm Văn Giám", cls.head_job, "decider", department=cls.other_unit
        )
        cls.head.parent_id = cls.director

    def _full_month(self, employee):
        for day in (7, 8, 9, 10, 11):  # 5 x 32 documents x 60 minutes = 9600
            self.line(employee, date(2026, 9, day), self.item_doc, 32, 8)

    def _sixty_percent(self, employee):
        for day in (7, 8, 9):  # 3 x 32 x 60 = 5760 = 60 %
            self.line(employee, date(2026, 9, day), self.item_doc, 32, 8)

    def test_d_follows_a_general_score_entered_after_the_compute(self):
        """H: a = b = c = 100, đ = e = 100. S: a = b = c = 60, task 42, total 42
        (not completed) -> H's d = 50: task (300 + 50 + 200) / 6 x 0.7 = 64.16.
        S's general 30 entered afterwards: total 72, good -> d = 100,
        H's task (300 + 100 + 200) / 6 x 0.7 = 70.00."""
        self._full_month(self.head)
        self._sixty_percent(self.staff)
        period = self.period()
        period.action_compute_scores()
        head = self.score_of(period, self.head)
        head.with_user(self.director_user).write({"organizing_percent": 100, "rallying_percent": 100})
        self.assertEqual(head.unit_result_percent, 50.0)
        self.assertEqual(head.task_score, 64.16)
        self.score_of(period, self.staff).with_user(self.head_user).write({"general_score": 30})
        self.assertEqual(self.score_of(period, self.staff).total_score, 72.0)
        self.assertEqual(head.unit_result_percent, 100.0)
        self.assertEqual(head.task_score, 70.0)

    def test_subordinate_on_leave_all_month_is_left_out(self):
        """S on leave for the whole of September: no expected time, left out;
        nobody else under H: d = 100."""
        self._full_month(self.head)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Nghỉ ốm",
                "calendar_id": self.calendar.id,
                "resource_id": self.staff.resource_id.id,
                "date_from": "2026-08-31 17:00:00",
                "date_to": "2026-09-30 16:59:59",
            }
        )
        period = self.period()
        period.action_compute_scores()
        self.assertEqual(self.score_of(period, self.staff).expected_hours, 0.0)
        self.assertEqual(self.score_of(period, self.head).unit_result_percent, 100.0)

    def test_the_whole_hierarchy_below_counts(self):
        """Head -> deputy -> staff. The deputy: a = b = c = 100, đ = e = 100,
        general 30; the staff below the deputy: 60 %, total 42, not completed.
        The deputy's own d = 50: task (300 + 50 + 200) / 6 x 0.7 = 64.16, total
        94.16 (excellent); the head's d is 50 all the same: the staff is under
        his management too, not only his direct reports."""
        deputy_job = self.env["hr.job"].create(
            {"name": "Phó Trưởng phòng", "kpi_position_type": "deputy", "company_id": self.company.id}
        )
        deputy_user, deputy = self._create_person("phophong_d", "Lê Thị Phó", deputy_job, "manager", self.head)
        self.staff.parent_id = deputy
        self._full_month(deputy)
        self._sixty_percent(self.staff)
        period = self.period()
        period.action_compute_scores()
        deputy_score = self.score_of(period, deputy)
        deputy_score.with_user(self.head_user).write(
            {"general_score": 30, "organizing_percent": 100, "rallying_percent": 100}
        )
        self.assertEqual(deputy_score.unit_result_percent, 50.0)
        self.assertEqual((deputy_score.total_score, deputy_score.level), (94.16, "excellent"))
        self.assertEqual(self.score_of(period, self.head).unit_result_percent, 50.0)
        self.assertTrue(deputy_user)


@tagged("post_install", "-at_install")
class TestStreamliningList(AssessmentCase):
    """Decree 154/2025 (docs/rules.md, "Uses of the results"): one year "not
    completed" proposes a person for streamlining, unless pregnant, raising a
    child under 36 months or under disciplinary review: then flagged and not
    proposed."""

    def test_protected_people_are_flagged_not_proposed(self):
        people = self.env["hr.employee"].create(
            [
                {"name": f"Công chức {i}", "company_id": self.company.id, "kpi_staff_category": "civil_servant"}
                for i in range(4)
            ]
        )
        people[1].kpi_pregnant = True
        people[2].kpi_youngest_child_birthday = date.today().replace(year=date.today().year - 2)  # 24 months
        people[3].kpi_youngest_child_birthday = date.today().replace(year=date.today().year - 4)  # 48 months
        assessments = self.env["kpi.assessment"].union(
            *(self.assessment(person, state="decided", final_level="not_completed") for person in people)
        )
        candidates = self.env["kpi.assessment"].search([("streamlining_candidate", "=", True)])
        protected = self.env["kpi.assessment"].search([("streamlining_protected", "=", True)])
        self.assertEqual(candidates & assessments, assessments[0] | assessments[3])
        self.assertEqual(protected & assessments, assessments[1] | assessments[2])
        self.assertEqual(assessments[1].streamlining_protection, "pregnant")
        self.assertEqual(assessments[2].streamlining_protection, "raising a child under 36 months")
        people[0].kpi_disciplinary_review = True
        self.assertTrue(assessments[0].streamlining_protected)


@tagged("post_install", "-at_install")
class TestRuleSetFollowsThePerson(YearCase):
    """In an agency of civil servants (Decree 335), a public employee is scored
    and classified under Decree 233 once it is in force (2026-07-01)
    (docs/rules.md, "Rule sets")."""

    def test_public_employee_in_a_mixed_agency(self):
        nd233 = self.env.ref("kpi_civil_service.kpi_rule_set_nd233")
        self.peer.kpi_staff_category = "public_employee"
        september = self.period()
        september.action_compute_scores()
        self.assertEqual(self.score_of(september, self.peer).rule_set_id, nd233)
        self.assertEqual(self.score_of(september, self.staff).rule_set_id, self.nd335)
        january = self.period(dates=month(1))
        january.action_compute_scores()
        self.assertEqual(self.score_of(january, self.peer).rule_set_id, self.nd335, "Decree 233 not yet in force")
        self.campaign.with_user(self.officer_user).action_generate()
        by_person = {a.employee_id: a.rule_set_id for a in self.campaign.assessment_ids}
        self.assertEqual(by_person[self.peer], nd233)
        self.assertEqual(by_person[self.staff], self.nd335)
