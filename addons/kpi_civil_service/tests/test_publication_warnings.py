from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_assessment import AssessmentCase


@tagged("post_install", "-at_install")
class TestPublication(AssessmentCase):
    def test_colleagues_see_the_level_not_the_scores(self):
        assessment = self.assessment(
            self.staff,
            state="decided",
            final_level="good",
            department_id=self.unit.id,
            job_id=self.staff_job.id,
            period_general_mean=28,
            period_task_mean=50,
            periods_worked=12,
        )
        publications = self.env["kpi.assessment.publication"]
        self.assertFalse(publications.with_user(self.peer_user).search([]), "nothing before the notice")
        assessment.with_user(self.officer_user).action_notify()
        published = publications.with_user(self.peer_user).search([])
        self.assertEqual(
            published.read(["employee_name", "department_id", "job_id", "final_level"])[0],
            {
                "id": assessment.id,
                "employee_name": "Trần Thị Bình",
                "department_id": (self.unit.id, self.unit.name),
                "job_id": (self.staff_job.id, self.staff_job.name),
                "final_level": "good",
            },
        )
        self.assertNotIn("total_score", publications._fields)
        with self.assertRaises(AccessError):
            assessment.with_user(self.peer_user).read(["total_score"])
        # the person reads the whole assessment
        self.assertEqual(assessment.with_user(self.staff_user).total_score, 78.0)
        # another agency sees nothing
        agency_b = self._create_agency("UBND xã Ninh Hòa")
        outsider, _employee = self._create_person("ngoai", "Người ngoài", None, "user", company=agency_b)
        self.assertFalse(publications.with_user(outsider).search([]))


@tagged("post_install", "-at_install")
class TestEarlyWarnings(AssessmentCase):
    def test_projection_missing_days_and_chronic_over_limit(self):
        # September: the staff member declares 9 h on one day only (approved 540 min of 9600)
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 9, 9)
        september = self.period()
        october = self.period(dates=(date(2026, 10, 1), date(2026, 10, 31)))
        self.line(self.staff, date(2026, 10, 5), self.item_doc, 9, 9)
        for period in september | october:
            period.action_compute_scores()
        warnings = self.env["kpi.early.warning"].with_user(self.head_user)
        staff = warnings.search([("employee_id", "=", self.staff.id)])
        self.assertEqual(staff.periods, 2)
        self.assertLess(staff.projected_score, 50)
        self.assertEqual(staff.days_missing, 19 + 21)  # 20 - 1 in September, 22 - 1 in October
        self.assertEqual(staff.days_over_limit, 2)
        self.assertTrue(staff.chronic_over_limit)
        self.assertTrue(staff.below_completed)
        self.assertIn(staff, warnings.search([("below_completed", "=", True)]))
        with self.assertRaises(AccessError):  # plain users have no early warnings
            self.env["kpi.early.warning"].with_user(self.staff_user).search([])

    def test_khanh_hoa_projection_adds_the_yearly_points(self):
        """Khanh Hoa 1636 scores its general criteria (30) once a year: a
        September at a = 60 % (5760 of 9600 minutes) is a period total of
        60 x 0.7 = 42, projected 42 + 30 = 72, no warning (42 alone is below 50).
        Its "completed" band starts at 50, included."""
        for day in (7, 8, 9):
            self.line(self.staff, date(2026, 9, day), self.item_doc, 32, 8)
        self.period(rule_set=self.kh1636).action_compute_scores()
        staff = self.env["kpi.early.warning"].search([("employee_id", "=", self.staff.id)])
        self.assertEqual((staff.projected_score, staff.warning_threshold), (72.0, 50.0))
        self.assertFalse(staff.below_completed)
        # a leader adds the leadership capacity (20) on his own 50 KPI points: 0 + 30 + 20 = 50, completed
        head = self.env["kpi.early.warning"].search([("employee_id", "=", self.head.id)])
        self.assertEqual(head.projected_score, 50.0)
        self.assertFalse(head.below_completed)

    def test_unit_outlier_against_its_peers(self):
        # an agency of seven units, one person each, over 14 working days of September:
        # six declare 7 to 9 h a day (98 to 126 h, mean 112, sd 9), one declares 24 h in all
        agency = self._create_agency("Sở Tư pháp")
        item = self.env["kpi.work.item"].create(
            {"code": "U.1", "name": "Việc", "uom_name": "việc", "standard_minutes": 60, "company_id": agency.id}
        )
        units = self.env["hr.department"].create([{"name": f"Phòng {i}", "company_id": agency.id} for i in range(7)])
        working_days = [date(2026, 9, day) for day in range(3, 23) if date(2026, 9, day).weekday() < 5]
        for unit, hours in zip(units, (None, 7, 7.5, 8, 8, 8.5, 9), strict=True):
            employee = self.env["hr.employee"].create(
                {
                    "name": unit.name,
                    "company_id": agency.id,
                    "kpi_staff_category": "civil_servant",
                    "department_id": unit.id,
                    "resource_calendar_id": self.calendar.id,
                }
            )
            for day in working_days[:3] if hours is None else working_days:
                self.line(employee, day, item, 1, hours or 8)
        self.period(company=agency).action_compute_scores()
        warnings = self.env["kpi.unit.warning"].search([("department_id", "in", units.ids)])
        self.assertEqual(len(warnings), 7)
        self.assertEqual(warnings.filtered("is_outlier").department_id, units[0])
        first = warnings.filtered(lambda w: w.department_id == units[0])
        self.assertAlmostEqual(first.average_hours, 24.0)
        self.assertAlmostEqual(first.peer_average_hours, 112.0)
