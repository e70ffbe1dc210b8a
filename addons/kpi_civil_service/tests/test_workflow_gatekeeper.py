"""One gatekeeper per workflow: the button a person sees (can_<step>) is
shown exactly when the server lets that person take the step, in every
state, for every role."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.kpi_assessment import TRANSITIONS as ASSESSMENT_STEPS
from ..models.kpi_breakthrough_task import TRANSITIONS as TASK_STEPS
from .test_assessment import AssessmentCase

REASONED = {"send_back", "reopen", "cancel"}


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

    def assertButtonsAgree(self, record, steps, prepare):
        """For each role and step: the button shows iff the action goes through (tried and rolled back)."""
        for role, user in self.roles().items():
            mine = record.with_user(user)
            for step in steps:
                shown = mine[f"can_{step}"]
                with self.cr.savepoint(flush=False) as savepoint:
                    prepare(record)
                    kwargs = {"reason": "Kiểm tra"} if step in REASONED else {}
                    try:
                        getattr(mine, f"action_{step}")(**kwargs)
                        done = True
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
