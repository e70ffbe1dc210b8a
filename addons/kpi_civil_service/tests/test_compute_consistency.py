from datetime import date

from psycopg2 import errors

from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestComputeConsistency(KpiCase):
    """The set-based compute settles the same way whichever path runs, keeps
    the annual figures of everyone current, and leaves a clash with another
    user's edit to be retried."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the staff member: 3 days of 20 documents (60 min each), 3,600 of 9,600
        # expected minutes: a = b = c = 37.5, task 26.25; with the general 30,
        # 56.25: completed. The peer did nothing: 0, not completed.
        for day in (7, 8, 9):
            cls.line(cls.staff, date(2026, 9, day), cls.item_doc, 20, 8)

    def test_a_score_kept_from_an_earlier_compute_counts_for_d_on_every_path(self):
        period = self.period()
        period.action_compute_scores()
        self.score_of(period, self.staff).sudo().general_score = 30
        head = self.score_of(period, self.head)
        self.assertEqual(self.score_of(period, self.staff).level, "completed")
        self.assertEqual(head.unit_result_percent, 50.0, "the peer did not complete")
        # the peer leaves (archived, no contract dates): no longer scored, but the
        # score computed before is kept, and d goes on counting it
        self.peer.active = False
        period.action_compute_scores()
        self.assertEqual(head.unit_result_percent, 50.0)
        self.score_of(period, self.staff).sudo().general_score = 29
        self.assertEqual(head.unit_result_percent, 50.0)

    def test_a_recompute_refreshes_every_annual_figure(self):
        """Nothing moved in the scores, but the rule set's minimum months did:
        the recompute brings the assessments up to date."""
        rule_set = self.nd335_done
        period = self.period(rule_set=rule_set)
        period.action_compute_scores()
        campaign = self.env["kpi.assessment.campaign"].create(
            {"year": 2026, "company_id": self.company.id, "rule_set_id": rule_set.id}
        )
        campaign.with_user(self.officer_user).action_generate()
        assessment = campaign.assessment_ids.filtered(lambda a: a.employee_id == self.staff)
        self.assertFalse(assessment.not_classified)  # employed all year: no contract dates
        rule_set.min_months_classified = 13
        period.action_compute_scores()
        self.assertTrue(assessment.not_classified)

    def test_the_refresh_rebuilds_the_figures_from_the_facts(self):
        """The scoring engine writes the annual figures and totals in one
        statement, from the facts of the year alone: figures left behind are
        rebuilt as the steps left them. Khanh Hoa: the staff
        member's 3,600 of 9,600 minutes, 37.5 % x 70 = 26.25 of task, plus
        4 + 4 + 5 + 4 + 8 = 25 yearly points: 51.25, completed. The peer, who
        did nothing, is disciplined: not completed whatever the score."""
        period = self.period(rule_set=self.kh1636)
        period.action_compute_scores()
        campaign = self.env["kpi.assessment.campaign"].create(
            {"year": 2026, "company_id": self.company.id, "rule_set_id": self.kh1636.id}
        )
        campaign.with_user(self.officer_user).action_generate()
        staff = campaign.assessment_ids.filtered(lambda a: a.employee_id == self.staff)
        peer = campaign.assessment_ids.filtered(lambda a: a.employee_id == self.peer)
        for line, points in zip(staff.line_ids.sorted("sequence"), (4, 4, 5, 4, 8), strict=True):
            line.sudo().final_score = points
        peer.sudo().disciplined = True
        columns = ["periods_worked", "months_employed", "period_task_mean", "general_score", "task_score"]
        columns += ["total_score", "computed_level", "not_classified"]
        as_left = campaign.assessment_ids.sorted("id").read(columns)
        self.assertEqual(
            [staff.general_score, staff.task_score, staff.total_score, staff.computed_level],
            [25.0, 26.25, 51.25, "completed"],
        )
        self.assertEqual(peer.computed_level, "not_completed")
        # figures left behind (as before a month's compute), then the refresh
        self.env.cr.execute(
            "UPDATE kpi_assessment SET periods_worked = 0, months_employed = 0, period_task_mean = 0, "
            "general_score = 0, task_score = 0, total_score = 0, computed_level = NULL, not_classified = true "
            "WHERE id IN %s",
            [tuple(campaign.assessment_ids.ids)],
        )
        campaign.assessment_ids.invalidate_recordset()
        campaign.assessment_ids._kpi_refresh()
        self.assertEqual(campaign.assessment_ids.sorted("id").read(columns), as_left)

    def test_a_clash_with_another_edit_is_retried_not_failed(self):
        """A line of the period approved by someone else while the job computes
        it: the job's unit gives way to PostgreSQL's serialization error (the
        cron runs it again), instead of failing the job for good."""
        self.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.inline_people_limit", "0")
        # a period committed before this test (the demo's), changed by another transaction
        period = self.env["kpi.period"].search([("state", "=", "open")], limit=1)
        job = self.env["kpi.job"].browse(period.action_compute_scores()["res_id"])
        before = period.needs_recompute
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute("UPDATE kpi_period SET needs_recompute = NOT needs_recompute WHERE id = %s", [period.id])
        try:
            # the failing UPDATE is logged by odoo.sql_db: expected here
            with self.assertRaises(errors.SerializationFailure), mute_logger("odoo.sql_db"):
                job._run_unit()
            self.assertNotEqual(job.state, "failed")
        finally:
            with db_connect(self.env.cr.dbname).cursor() as other:
                other.execute("UPDATE kpi_period SET needs_recompute = %s WHERE id = %s", [before, period.id])
