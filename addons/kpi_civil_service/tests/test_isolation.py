from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestIsolation(KpiCase):
    """Who sees whose diary: two employees, two units, two agencies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_head_user, cls.other_head = cls._create_person(
            "dung", "Phạm Thị Dung", cls.head_job, "manager", department=cls.other_unit
        )
        cls.other_unit.manager_id = cls.other_head
        cls.other_staff_user, cls.other_staff = cls._create_person(
            "em", "Vũ Văn Em", cls.staff_job, "user", cls.other_head, department=cls.other_unit
        )
        cls.agency_b = cls._create_agency("UBND phường Nha Trang")
        cls.b_user, cls.b_staff = cls._create_person("giang", "Đỗ Thị Giang", None, "user", company=cls.agency_b)
        cls.b_officer = cls._user("officer_b", "hr_officer", cls.agency_b)

    def setUp(self):
        super().setUp()
        day = date(2026, 9, 7)
        self.staff_line = self.line(self.staff, day, self.item_doc, 1, 1, state="submitted")
        self.peer_line = self.line(self.peer, day, self.item_doc, 1, 1, state="submitted")
        self.other_line = self.line(self.other_staff, day, self.item_doc, 1, 1, state="submitted")
        item_b = self.env["kpi.work.item"].create(
            {
                "code": "B.X",
                "name": "Tiếp công dân",
                "uom_name": "buổi",
                "standard_minutes": 240,
                "company_id": self.agency_b.id,
            }
        )
        self.b_line = self.line(self.b_staff, day, item_b, 1, 1, state="submitted")
        self.all_lines = self.staff_line | self.peer_line | self.other_line | self.b_line

    def visible(self, user):
        return self.env["kpi.diary.line"].with_user(user).search([("id", "in", self.all_lines.ids)])

    def test_two_employees(self):
        self.assertEqual(self.visible(self.staff_user), self.staff_line)
        with self.assertRaises(AccessError):
            self.peer_line.with_user(self.staff_user).read(["name"])
        with self.assertRaises(AccessError):
            self.peer_line.with_user(self.staff_user).write({"name": "x"})

    def test_two_units(self):
        self.assertEqual(self.visible(self.head_user), self.staff_line | self.peer_line)
        self.assertEqual(self.visible(self.other_head_user), self.other_line)
        with self.assertRaises(AccessError):
            self.staff_line.with_user(self.other_head_user).action_approve()
        self.staff_line.with_user(self.head_user).action_approve()
        self.assertEqual(self.staff_line.state, "approved")

    def test_two_agencies(self):
        self.assertEqual(self.visible(self.officer_user), self.staff_line | self.peer_line | self.other_line)
        self.assertEqual(self.visible(self.b_officer), self.b_line)
        self.assertEqual(self.visible(self.b_user), self.b_line)
        with self.assertRaises(AccessError):
            self.staff_line.with_user(self.b_officer).read(["name"])
        # the HR officer reads but does not approve or change
        with self.assertRaises(AccessError):
            self.staff_line.with_user(self.officer_user).write({"error_count": 1})

    def test_scores_follow_the_same_rules(self):
        period = self.period()
        period.action_compute_scores()
        scores = self.env["kpi.score"]
        self.assertEqual(scores.with_user(self.staff_user).search([]).employee_id, self.staff)
        self.assertEqual(
            scores.with_user(self.head_user).search([("period_id", "=", period.id)]).employee_id,
            self.head | self.staff | self.peer,
        )
        self.assertFalse(scores.with_user(self.b_officer).search([("period_id", "=", period.id)]))

    def test_assignments_only_to_subordinates(self):
        values = {
            "name": "Rà soát hồ sơ",
            "work_item_id": self.item_doc.id,
            "planned_quantity": 2,
            "date_assigned": date(2026, 9, 1),
            "date_deadline": date(2026, 9, 30),
            "expected_product": "Báo cáo",
        }
        assignments = self.env["kpi.assignment"].with_user(self.head_user)
        mine = assignments.create({**values, "employee_id": self.staff.id})
        self.assertEqual(mine.assigner_id, self.head_user)
        with self.assertRaises(AccessError):
            assignments.create({**values, "employee_id": self.other_staff.id})
        self.assertFalse(self.env["kpi.assignment"].with_user(self.peer_user).search([("id", "=", mine.id)]))
        self.assertEqual(self.env["kpi.assignment"].with_user(self.staff_user).search([("id", "=", mine.id)]), mine)
