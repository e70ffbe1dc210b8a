"""One gatekeeper per workflow: the button a person sees (can_<step>) is
shown exactly when the server lets that person take the step, in every
state, for every role."""

import inspect
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.kpi_assessment import TRANSITIONS as ASSESSMENT_STEPS
from ..models.kpi_assignment import TRANSITIONS as ASSIGNMENT_STEPS
from ..models.kpi_breakthrough_task import TRANSITIONS as TASK_STEPS
from ..models.kpi_diary_line import TRANSITIONS as DIARY_STEPS
from ..models.kpi_period import TRANSITIONS as PERIOD_STEPS
from .test_assessment import AssessmentCase


@tagged("post_install", "-at_install")
class TestButtonsFollowTheServer(AssessmentCase):
    def roles(self):
        return {
            "staff": self.staff_user,
            "head": self.head_user,
            "officer": self.officer_user,
            "party": self.party_user,
            "decider": self.decider_user,
        }

    def assertButtonsAgree(self, record, steps, prepare, button=lambda step: f"can_{step}"):
        """For each role and step: the button shows iff the action takes the
        step (tried, then rolled back)."""
        roles = self.roles() | {"admin": self.admin_user}
        for role, user in roles.items():
            mine = record.with_user(user)
            for step in steps:
                shown = mine[button(step)]
                with self.cr.savepoint() as savepoint:  # the state set by the test is flushed first
                    prepare(record)
                    action = getattr(mine, f"action_{step}")
                    kwargs = {"reason": "Kiểm tra"} if "reason" in inspect.signature(action).parameters else {}
                    before = record.state
                    try:
                        action(**kwargs)
                        done = record.state != before  # a selection it does not apply to is left as it is
                    except (AccessError, UserError):
                        done = False
                    savepoint.rollback()
                self.env.invalidate_all()
                self.assertEqual(shown, done, f"{record._name} {record.state}: {step} for {role}")

    def test_every_assessment_state(self):
        assessment = self.assessment(self.staff)

        def prepare(record):
            record.sudo().write(
                {
                    "self_level": "good",
                    "proposed_level": "good",
                    "meeting_date": date(2026, 12, 1),
                    "meeting_minutes": "Biên bản họp",
                    "party_opinion": "Nhất trí",
                }
            )

        for state in ("draft", "self_assessed", "manager_reviewed", "unit_reviewed", "decided", "cancelled"):
            assessment.sudo().state = state
            if state == "decided":
                assessment.sudo().final_level = "good"
            self.assertButtonsAgree(assessment, [s for s in ASSESSMENT_STEPS if s != "notify"], prepare)
        # somebody sees each step's button in its state: the staff self-assesses, the decider decides
        assessment.sudo().write({"state": "draft", "final_level": False})
        self.assertTrue(assessment.with_user(self.staff_user).can_self_assess)
        self.assertFalse(assessment.with_user(self.head_user).can_self_assess)
        assessment.sudo().state = "unit_reviewed"
        self.assertTrue(assessment.with_user(self.decider_user).can_decide)
        self.assertFalse(assessment.with_user(self.officer_user).can_decide)

    def test_every_breakthrough_task_state(self):
        self.nd335.sudo().breakthrough_party_approval = True
        task = (
            self.env["kpi.breakthrough.task"]
            .with_user(self.head_user)
            .create(
                {
                    "employee_id": self.head.id,
                    "year": 2026,
                    "name": "Số hóa hồ sơ",
                    "expected_product": "Hồ sơ điện tử",
                    "success_measure": "100% hồ sơ",
                    "date_deadline": date(2026, 12, 31),
                }
            )
        )

        def prepare(record):
            record.sudo().write({"result": "done", "result_evidence": "Báo cáo"})

        for state in ("draft", "submitted", "party_reviewed", "approved", "evaluated", "cancelled"):
            task.sudo().state = state
            self.assertButtonsAgree(task, list(TASK_STEPS), prepare)

    def test_every_diary_line_state(self):
        """The staff member's line: submitted by them, reviewed by their head,
        withdrawn by them, reopened once approved by a KPI administrator only."""
        line = self.line(self.staff, date(2026, 9, 7), self.item_doc, 2, 2, state="draft")
        buttons = {"approve": "can_review", "reject": "can_review"}
        for state in ("draft", "submitted", "approved", "rejected"):
            line.sudo().state = state
            self.assertButtonsAgree(
                line, list(DIARY_STEPS), lambda record: None, lambda step: buttons.get(step, f"can_{step}")
            )
        line.sudo().state = "approved"
        self.assertFalse(line.with_user(self.staff_user).can_reset_to_draft)
        self.assertTrue(line.with_user(self.admin_user).can_reset_to_draft)

    def test_every_assignment_state(self):
        """The head's task for the staff member: the staff member starts and
        finishes it, never cancels it; the head does all three."""
        task = (
            self.env["kpi.assignment"]
            .with_user(self.head_user)
            .create(
                {
                    "name": "Soạn báo cáo chuyên đề",
                    "employee_id": self.staff.id,
                    "assigner_id": self.head_user.id,
                    "work_item_id": self.item_report.id,
                    "planned_quantity": 1,
                    "date_assigned": date(2026, 9, 1),
                    "date_deadline": date(2026, 9, 30),
                    "expected_product": "Báo cáo chuyên đề",
                }
            )
        )
        for state in ("assigned", "in_progress", "done", "cancelled"):
            task.sudo().state = state
            self.assertButtonsAgree(task, list(ASSIGNMENT_STEPS), lambda record: None)

    def test_every_period_state(self):
        """The HR officer closes an open period; only a KPI administrator reopens it."""
        period = self.period(dates=(date(2026, 10, 1), date(2026, 10, 31)))
        for state in ("open", "closed"):
            period.sudo().state = state
            steps = [step for step in PERIOD_STEPS if PERIOD_STEPS[step][1]]  # computing changes no state
            self.assertButtonsAgree(period, steps, lambda record: None)
        self.assertTrue(period.with_user(self.admin_user).can_reopen)
        self.assertFalse(period.with_user(self.officer_user).can_reopen)
        period.sudo().state = "open"
        self.assertTrue(period.with_user(self.officer_user).can_compute_scores)
        self.assertFalse(period.with_user(self.head_user).can_compute_scores)
