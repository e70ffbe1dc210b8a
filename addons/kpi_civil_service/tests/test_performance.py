from datetime import date

from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestComputePerformance(KpiCase):
    """Computing a period is one set-based pass: the number of queries does not
    grow with the number of employees."""

    def _agency_with(self, count, name):
        company = self._create_agency(name)
        employees = self.env["hr.employee"].create(
            [
                {
                    "name": f"Công chức {i:03d}",
                    "company_id": company.id,
                    "resource_calendar_id": self.calendar.id,
                    "kpi_staff_category": "civil_servant",
                }
                for i in range(count)
            ]
        )
        item = self.env["kpi.work.item"].create(
            {"code": "P.1", "name": "Việc", "uom_name": "việc", "standard_minutes": 60, "company_id": company.id}
        )
        self.env["kpi.diary.line"].create(
            [
                {
                    "employee_id": employee.id,
                    "date": date(2026, 9, day),
                    "work_item_id": item.id,
                    "quantity": 4,
                    "hours": 4,
                    "name": "Việc",
                    "error_count": employee.id % 2,
                }
                for employee in employees
                for day in (7, 8)
            ]
        ).sudo().write({"state": "approved"})
        # the year's assessments, whose annual figures each compute refreshes
        self.env["kpi.assessment.campaign"].create(
            {"year": 2026, "company_id": company.id, "rule_set_id": self.nd335.id}
        ).action_generate()
        return self.period(company=company)

    def _queries(self, period):
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        period.action_compute_scores()
        self.env.flush_all()
        return self.env.cr.sql_log_count - start

    def test_query_count_does_not_grow(self):
        """Past 1,000 people too: the ORM reads and writes by batches of 1,000
        (or 100), so a compute through it grows there; this one reads and
        writes the whole agency with the same queries, the refresh of the
        people's annual assessments included."""
        small = self._agency_with(10, "Agency of 10")
        large = self._agency_with(1100, "Agency of 1100")
        small_queries = self._queries(small)
        large_queries = self._queries(large)
        self.assertEqual(len(large.score_ids), 1100)
        refreshed = self.env["kpi.assessment"].search([("company_id", "=", large.company_id.id)])
        self.assertEqual(refreshed.mapped("periods_worked"), [1] * 1100, "every annual figure follows")
        self.assertLessEqual(large_queries, small_queries + 2, (small_queries, large_queries))
        # and a second run (nothing moved: nothing written) stays as lean
        self.assertLessEqual(self._queries(large), small_queries + 2)
        # so does a month of several agencies computed together (one pass over the lines)
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.env["kpi.scoring"]._score_periods(small | large)
        self.env.flush_all()
        self.assertLessEqual(self.env.cr.sql_log_count - start, 2 * small_queries)


@tagged("post_install", "-at_install")
class TestCampaignActivities(KpiCase):
    """A campaign schedules each person's first step in one batch of
    activities, and e-mails none of them one by one (a province's campaign
    would send 30,000 e-mails at once)."""

    def test_first_activities_in_one_batch_without_an_email_each(self):
        people = self.env["hr.employee"]
        for index in range(4):
            _user, employee = self._create_person(f"campaign_{index}", f"Công chức {index}", self.staff_job, "user")
            people |= employee
        campaign = self.env["kpi.assessment.campaign"].create(
            {"year": 2026, "company_id": self.company.id, "rule_set_id": self.nd335.id}
        )
        messages_before = self.env["mail.message"].search_count([("message_type", "=", "user_notification")])
        campaign.with_user(self.officer_user).action_generate()
        assessments = campaign.assessment_ids.filtered(lambda a: a.employee_id in people)
        self.assertEqual(len(assessments), 4)
        for assessment in assessments:
            activity = assessment.activity_ids
            self.assertEqual(activity.user_id, assessment.employee_id.user_id)
            self.assertIn(assessment.name, activity.summary)
            # the person follows their assessment, as an activity's assignee does
            self.assertIn(assessment.employee_id.user_id.partner_id, assessment.message_partner_ids)
        self.assertEqual(
            self.env["mail.message"].search_count([("message_type", "=", "user_notification")]), messages_before
        )

    def test_subscriptions_in_one_batch(self):
        """The people who act next follow their assessments with the default
        subtypes, subscribed in one batch: the queries do not grow with the
        number of people (mail would subscribe them one by one)."""
        people = self.env["hr.employee"]
        for index in range(8):
            people |= self._create_person(f"follower_{index}", f"Viên chức {index}", self.staff_job, "user")[1]
        campaign = self.env["kpi.assessment.campaign"].create(
            {"year": 2026, "company_id": self.company.id, "rule_set_id": self.nd335.id}
        )
        campaign.with_user(self.officer_user).action_generate()
        assessments = campaign.assessment_ids.filtered(lambda a: a.employee_id in people).sorted("id")
        default_subtypes = self.env["mail.message.subtype"].default_subtypes("kpi.assessment")[0]

        def queries_to_schedule(batch):
            self.env["mail.followers"].search(
                [("res_model", "=", "kpi.assessment"), ("res_id", "in", batch.ids)]
            ).unlink()
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            # as the campaign does: no e-mail for each first activity
            batch.with_context(mail_activity_quick_update=True)._schedule_next_activities()
            self.env.flush_all()
            return self.env.cr.sql_log_count - start

        two, six = queries_to_schedule(assessments[:2]), queries_to_schedule(assessments[2:])
        self.assertLessEqual(six, two, (two, six))
        for assessment in assessments:
            follower = assessment.message_follower_ids.filtered(
                lambda f, a=assessment: f.partner_id == a.employee_id.user_id.partner_id
            )
            self.assertEqual(follower.subtype_ids, default_subtypes)
            self.assertEqual(assessment.activity_ids.user_id, assessment.employee_id.user_id)
