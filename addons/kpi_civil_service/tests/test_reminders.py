from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestMissingDiaryReminders(KpiCase):
    def _reminders(self, employee):
        activity_type = self.env.ref("kpi_civil_service.mail_activity_kpi_missing_diary")
        return employee.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_one_reminder_per_person_kept_up_to_date(self):
        self.period()
        # 3-4 September are working days; the staff member declares the 3rd only
        self.line(self.staff, date(2026, 9, 3), self.item_doc, 1, 8, state="draft")
        with freeze_time("2026-09-05 01:00:00"):
            self.env["kpi.period"]._cron_remind_missing_diaries()
        reminder = self._reminders(self.staff)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.staff_user)
        self.assertIn("1 working days", reminder.summary)
        with freeze_time("2026-09-08 01:00:00"):  # Monday 7th is missing too
            self.env["kpi.period"]._cron_remind_missing_diaries()
        reminder = self._reminders(self.staff)
        self.assertEqual(len(reminder), 1, "one activity per person, not one per day")
        self.assertIn("2 working days", reminder.summary)
        # once everything is declared, the reminder goes
        self.line(self.staff, date(2026, 9, 4), self.item_doc, 1, 8, state="draft")
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 1, 8, state="draft")
        with freeze_time("2026-09-08 01:00:00"):
            self.env["kpi.period"]._cron_remind_missing_diaries()
        self.assertFalse(self._reminders(self.staff))
        self.assertEqual(len(self._reminders(self.peer)), 1)

    def test_approved_leave_is_not_expected(self):
        # what hr_holidays writes for an approved leave: a leave of the person's resource
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Nghỉ phép năm",
                "calendar_id": self.calendar.id,
                "resource_id": self.staff.resource_id.id,
                "date_from": "2026-09-13 17:00:00",
                "date_to": "2026-09-15 16:59:59",
            }
        )
        period = self.period()
        period.action_compute_scores()
        self.assertEqual(self.score_of(period, self.staff).expected_hours, 144.0)  # 160 - Mon 14 and Tue 15
        self.assertEqual(self.score_of(period, self.peer).expected_hours, 160.0)
