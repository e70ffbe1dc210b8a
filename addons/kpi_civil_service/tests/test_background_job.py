from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KpiCase
from .test_assessment import AssessmentCase

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


@tagged("post_install", "-at_install")
class TestBackgroundJob(KpiCase):
    """Batch work above the inline limit goes to a background job, done one
    committed unit at a time (the cron commits after each `_run_unit`; a test
    cannot commit, so it runs the units itself)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line(cls.staff, date(2026, 9, 7), cls.item_doc, 4, 4)
        # 3 people in the agency: with a limit of 2, its periods go to a job
        cls.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.inline_people_limit", "2")

    def _queue(self, *periods):
        action = self.env["kpi.period"].union(*periods).with_user(self.officer_user).action_compute_scores()
        self.assertEqual(action["res_model"], "kpi.job")
        return self.env["kpi.job"].browse(action["res_id"])

    def test_small_agency_computes_at_once(self):
        self.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.inline_people_limit", "3")
        period = self.period()
        self.assertIs(period.with_user(self.officer_user).action_compute_scores(), True)
        self.assertEqual(len(period.score_ids), 3)
        self.assertFalse(self.env["kpi.job"].search([]))

    def test_large_agency_is_computed_by_a_job_one_period_per_unit(self):
        september, october = self.period(), self.period(dates=OCTOBER)
        cron = self.env.ref("kpi_civil_service.ir_cron_kpi_jobs")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        job = self._queue(september, october)
        # queued: nothing computed yet, the cron is woken up, the requester is known
        self.assertEqual((job.state, job.total, job.done_count, job.user_id), ("queued", 2, 0, self.officer_user))
        self.assertFalse(september.score_ids | october.score_ids)
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        # the first unit computes one period; the job goes on
        job._run_unit()
        self.assertEqual((job.state, job.done_count, job.progress), ("running", 1, 50.0))
        self.assertEqual(len(september.score_ids), 3)
        self.assertFalse(october.score_ids)
        self.assertEqual(job.pending_period_ids, october)
        # computed as the requester
        self.assertEqual(september.score_ids.mapped("write_uid"), self.officer_user)
        # what a restart finds: the job resumes from the period not done
        job.invalidate_recordset()
        job._run_unit()
        self.assertEqual((job.state, job.done_count, job.progress), ("done", 2, 100.0))
        self.assertEqual(len(october.score_ids), 3)
        self.assertTrue(job.date_finished)
        self.assertIn("done", job.message_ids[0].body)
        # the same numbers as a compute at once: 4 h of 160 h approved without error
        score = self.score_of(september, self.staff)
        self.assertEqual((score.quantity_percent, score.expected_hours), (2.5, 160.0))

    def test_a_period_closed_before_its_turn_is_left_as_it_was(self):
        september, october = self.period(), self.period(dates=OCTOBER)
        job = self._queue(september, october)
        october.action_close()
        job._run_unit()
        job._run_unit()
        self.assertEqual(job.state, "done")
        self.assertFalse(october.score_ids)
        self.assertTrue(job.message_ids.filtered(lambda m: "closed before its turn" in (m.body or "")))

    def test_a_failing_unit_writes_nothing_and_says_why(self):
        period = self.period()
        job = self._queue(period)
        # a time zone that does not exist (as a broken import could leave it)
        self.env.cr.execute("UPDATE resource_calendar SET tz = 'Mars/Olympus' WHERE id = %s", [self.calendar.id])
        self.calendar.invalidate_recordset()
        job._run_unit()
        self.assertEqual(job.state, "failed")
        self.assertIn("Mars/Olympus", job.error)
        self.assertFalse(period.score_ids)
        self.assertFalse(period.date_computed)

    def test_campaign_above_the_limit_is_generated_in_batches(self):
        campaign = self.env["kpi.assessment.campaign"].create(
            {"year": 2026, "company_id": self.company.id, "rule_set_id": self.kh1636.id}
        )
        self.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.campaign_batch_size", "2")
        action = campaign.with_user(self.officer_user).action_generate()
        job = self.env["kpi.job"].browse(action["res_id"])
        # 3 people in batches of 2, then the period means: 3 units
        self.assertEqual((job.job_type, job.total, len(campaign.assessment_ids)), ("generate_assessments", 3, 0))
        job._run_unit()
        self.assertEqual((len(campaign.assessment_ids), job.state, job.done_count), (2, "running", 1))
        job._run_unit()
        self.assertEqual(len(campaign.assessment_ids), 3)
        self.assertEqual(job.state, "running")
        job._run_unit()
        self.assertEqual((job.state, job.done_count), ("done", 3))
        self.assertEqual(len(campaign.assessment_ids), 3)
        # with the yearly criteria of Khanh Hoa 1636
        self.assertTrue(all(assessment.line_ids for assessment in campaign.assessment_ids))

    def test_jobs_are_made_and_changed_only_by_the_product(self):
        job = self._queue(self.period())
        for user in (self.officer_user, self.admin_user):
            with self.assertRaises(AccessError):
                self.env["kpi.job"].with_user(user).create({"name": "x", "job_type": "compute_scores"})
            with self.assertRaises(AccessError):
                job.with_user(user).write({"state": "done"})
        # a KPI user does not see them at all
        with self.assertRaises(AccessError):
            self.env["kpi.job"].with_user(self.staff_user).search([])
        self.assertEqual(job.state, "queued")

    def test_jobs_of_another_agency_are_not_seen(self):
        job = self._queue(self.period())
        other = self._create_agency("Sở Tư pháp (kiểm thử)")
        other_officer = self._user("officer_other_agency", "hr_officer", company=other)
        self.assertFalse(self.env["kpi.job"].with_user(other_officer).search([("id", "=", job.id)]))
        self.assertTrue(self.env["kpi.job"].with_user(self.officer_user).search([("id", "=", job.id)]))

    def test_an_officer_cannot_compute_another_agencys_period(self):
        other = self._create_agency("Sở Tư pháp (kiểm thử)")
        period = self.period(company=other)
        with self.assertRaises(AccessError):
            period.with_user(self.officer_user).action_compute_scores()
        self.assertFalse(period.score_ids)


@tagged("post_install", "-at_install")
class TestNoticeJob(AssessmentCase):
    """Step 5 on more assessments than the inline limit: a job sends the
    notices, a committed unit at a time."""

    def _decided(self, *employees):
        assessments = self.env["kpi.assessment"]
        for employee in employees:
            assessment = self.assessment(employee)
            assessment.sudo().write({"final_level": "good", "state": "decided", "decider_id": self.decider_user.id})
            assessments |= assessment
        return assessments

    def test_the_job_notifies_what_is_still_decided(self):
        self.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.inline_notices_limit", "2")
        self.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.job_notices_per_unit", "2")
        assessments = self._decided(self.staff, self.peer, self.head)
        # the checks are made when it is queued, for all of them
        with self.assertRaises(AccessError):
            assessments.with_user(self.staff_user).action_notify()
        with self.assertRaises(UserError):
            (assessments | self.assessment(self.director)).with_user(self.officer_user).action_notify()
        self.assertFalse(self.env["kpi.job"].search([("job_type", "=", "notify_assessments")]))
        action = assessments.with_user(self.officer_user).action_notify()
        job = self.env["kpi.job"].browse(action["res_id"])
        self.assertEqual((job.job_type, job.total, job.pending_assessment_ids), ("notify_assessments", 2, assessments))
        job._run_unit()
        self.assertEqual(assessments.mapped("state"), ["notified", "notified", "decided"])
        self.assertEqual((job.state, job.done_count), ("running", 1))
        # reopened while it waited: left for its new decision
        assessments[2].with_user(self.decider_user).action_reopen(reason="Xem lại phiếu bầu")
        job._run_unit()
        self.assertEqual(job.state, "done")
        self.assertEqual(assessments[2].state, "unit_reviewed")
        self.assertTrue(any("no longer decided" in body for body in job.message_ids.mapped("body")))
        # notified as the requester
        self.assertTrue(any(self.officer_user.name in body for body in assessments[0].message_ids.mapped("body")))
