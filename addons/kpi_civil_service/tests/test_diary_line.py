from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestDiaryLine(KpiCase):
    def test_converted_minutes_freeze_the_norm(self):
        line = self.line(self.staff, date(2026, 9, 7), self.item_report, 2, 3, state="draft")
        self.assertEqual(line.converted_minutes, 360.0)  # 2 x 120 x 1.5
        self.item_report.standard_minutes = 200
        self.assertEqual(line.converted_minutes, 360.0, "a new time norm does not rewrite the past")

    def test_employee_writes_own_draft_lines(self):
        lines = self.env["kpi.diary.line"].with_user(self.staff_user)
        line = lines.create(
            {
                "date": date(2026, 9, 7),
                "work_item_id": self.item_doc.id,
                "quantity": 2,
                "hours": 2,
                "name": "Công văn trả lời Sở Tài chính",
            }
        )
        self.assertEqual(line.employee_id, self.staff)
        line.write({"quantity": 3})
        line.action_submit()
        self.assertEqual(line.state, "submitted")
        with self.assertRaises(UserError):
            line.write({"quantity": 4})
        with self.assertRaises(AccessError):
            line.write({"state": "approved"})
        draft = lines.create(
            {
                "date": date(2026, 9, 7),
                "work_item_id": self.item_doc.id,
                "quantity": 1,
                "hours": 1,
                "name": "Việc của tôi",
            }
        )
        with self.assertRaises(AccessError):
            draft.write({"employee_id": self.peer.id})

    def test_bad_input_is_refused(self):
        lines = self.env["kpi.diary.line"].with_user(self.staff_user)
        base = {"date": date(2026, 9, 7), "work_item_id": self.item_doc.id, "name": "x"}
        with self.assertRaises(ValidationError):
            lines.create({**base, "quantity": -1, "hours": 1})
        with self.assertRaises(ValidationError):
            lines.create({**base, "quantity": 1, "hours": 25})
        with self.assertRaises(ValidationError):
            lines.create({**base, "quantity": 1, "hours": 0})
        tomorrow = fields.Date.context_today(lines) + timedelta(days=1)
        with self.assertRaises(ValidationError):
            lines.create({**base, "date": tomorrow, "quantity": 1, "hours": 1})
        self.assertFalse(self.env["kpi.diary.line"].search_count([("employee_id", "=", self.staff.id)]))

    def test_a_day_over_24_hours_is_refused(self):
        self.line(self.staff, date(2026, 9, 8), self.item_doc, 1, 12, state="draft")
        self.line(self.staff, date(2026, 9, 8), self.item_doc, 1, 12, state="draft")
        with self.assertRaises(ValidationError):
            self.line(self.staff, date(2026, 9, 8), self.item_doc, 1, 0.5, state="draft")

    def test_a_day_over_8_hours_is_flagged_but_allowed(self):
        first = self.line(self.staff, date(2026, 9, 8), self.item_doc, 5, 5, state="draft")
        self.assertFalse(first.is_over_limit)
        second = self.line(self.staff, date(2026, 9, 8), self.item_doc, 4, 4, state="draft")
        first.invalidate_recordset()  # as the next screen would read it
        self.assertEqual(second.day_hours, 9.0)
        self.assertTrue(first.is_over_limit and second.is_over_limit)
        other_day = self.line(self.staff, date(2026, 9, 9), self.item_doc, 8, 8, state="draft")
        self.assertFalse(other_day.is_over_limit, "exactly 8 hours is not over")

    def test_nobody_approves_their_own_lines(self):
        head_line = self.line(self.head, date(2026, 9, 7), self.item_doc, 1, 1, state="submitted")
        with self.assertRaises(AccessError):
            head_line.with_user(self.head_user).action_approve()
        admin_emp = self.env["hr.employee"].create(
            {"name": "Quản trị", "user_id": self.admin_user.id, "company_id": self.company.id}
        )
        admin_line = self.line(admin_emp, date(2026, 9, 7), self.item_doc, 1, 1, state="submitted")
        with self.assertRaises(AccessError):
            admin_line.with_user(self.admin_user).action_approve()

    def test_manager_approves_and_rejects_with_reason(self):
        lines = self.env["kpi.diary.line"].with_user(self.staff_user)
        line1 = lines.create(
            {"date": date(2026, 9, 7), "work_item_id": self.item_doc.id, "quantity": 1, "hours": 1, "name": "Công văn"}
        )
        line2 = lines.create(
            {
                "date": date(2026, 9, 7),
                "work_item_id": self.item_doc.id,
                "quantity": 1,
                "hours": 1,
                "name": "Công văn 2",
            }
        )
        (line1 | line2).action_submit()
        activity_type = self.env.ref("kpi_civil_service.mail_activity_kpi_diary_approval")
        activities = self.staff.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activities.user_id, self.head_user, "one activity for the manager")
        as_head = (line1 | line2).with_user(self.head_user)
        as_head[0].write({"error_count": 1, "delay_count": 1})
        as_head[0].action_approve()
        self.assertEqual(line1.state, "approved")
        self.assertEqual(line1.approver_id, self.head_user)
        wizard_action = as_head[1].action_reject()
        self.assertEqual(wizard_action["res_model"], "kpi.reason.wizard")
        self.assertEqual(line2.state, "submitted", "no reason, no rejection")
        wizard = (
            self.env["kpi.reason.wizard"]
            .with_user(self.head_user)
            .with_context(**wizard_action["context"])
            .create({"reason": "Thiếu số văn bản"})
        )
        wizard.action_confirm()
        self.assertEqual(line2.state, "rejected")
        self.assertEqual(line2.reject_reason, "Thiếu số văn bản")
        self.assertIn("Thiếu số văn bản", line2.message_ids[0].body)
        self.assertFalse(
            self.staff.activity_ids.filtered(lambda a: a.activity_type_id == activity_type),
            "the approval activity is done once nothing is left to approve",
        )
        # approved lines are locked, even for their owner
        with self.assertRaises(UserError):
            line1.with_user(self.staff_user).write({"name": "changed"})

    def test_a_colleague_cannot_approve(self):
        line = self.line(self.staff, date(2026, 9, 7), self.item_doc, 1, 1, state="submitted")
        with self.assertRaises(AccessError):
            line.with_user(self.peer_user).action_approve()

    def test_submitted_lines_are_never_deleted(self):
        line = self.line(self.staff, date(2026, 9, 7), self.item_doc, 1, 1, state="draft")
        line.with_user(self.staff_user).action_submit()
        with self.assertRaises(UserError):
            line.with_user(self.staff_user).unlink()
        line.with_user(self.staff_user).action_reset_to_draft()
        with self.assertRaises(UserError):
            line.unlink()  # not even as superuser
        draft = self.line(self.staff, date(2026, 9, 7), self.item_doc, 1, 1, state="draft")
        draft.with_user(self.staff_user).unlink()
        self.assertFalse(draft.exists())

    def test_only_an_administrator_reopens_approved_lines_with_a_reason(self):
        line = self.line(self.staff, date(2026, 9, 7), self.item_doc, 1, 1, state="approved")
        with self.assertRaises(AccessError):
            line.with_user(self.head_user).action_reset_to_draft()
        action = line.with_user(self.admin_user).action_reset_to_draft()
        self.assertEqual(action["res_model"], "kpi.reason.wizard")
        self.assertEqual(line.state, "approved")
        line.with_user(self.admin_user).action_reset_to_draft(reason="Nhập nhầm số lượng")
        self.assertEqual(line.state, "draft")
        self.assertIn("Nhập nhầm số lượng", line.message_ids[0].body)

    def test_closed_period_is_read_only(self):
        period = self.period()
        line = self.line(self.staff, date(2026, 9, 7), self.item_doc, 1, 1, state="draft")
        period.with_user(self.officer_user).action_close()
        with self.assertRaises(UserError):
            line.with_user(self.staff_user).write({"quantity": 2})
        with self.assertRaises(UserError):
            line.with_user(self.staff_user).action_submit()
        with self.assertRaises(UserError):
            self.line(self.staff, date(2026, 9, 8), self.item_doc, 1, 1, state="draft")
        with self.assertRaises(UserError):
            line.unlink()
        # a date outside the period is free
        self.line(self.staff, date(2026, 10, 1), self.item_doc, 1, 1, state="draft")

    def test_copy_to_today_and_submit_week(self):
        yesterday = fields.Date.context_today(self.env["kpi.diary.line"]) - timedelta(days=1)
        source = self.line(self.staff, yesterday, self.item_doc, 2, 2, state="approved")
        copies = source.with_user(self.staff_user).action_copy_to_today()
        self.assertEqual(copies.state, "draft")
        self.assertEqual(copies.date, fields.Date.context_today(copies))
        self.assertEqual((copies.quantity, copies.work_item_id), (2, self.item_doc))
        with self.assertRaises(AccessError):
            source.with_user(self.peer_user).action_copy_to_today()
        self.env["kpi.diary.line"].with_user(self.staff_user).action_submit_week()
        self.assertEqual(copies.state, "submitted")

    def test_work_items_of_the_position_come_first(self):
        results = self.env["kpi.work.item"].with_context(kpi_employee_id=self.staff.id).name_search("T.0")
        self.assertEqual(results[0][0], self.item_report.id)
        self.assertIn(self.item_doc.id, [item_id for item_id, _name in results])
