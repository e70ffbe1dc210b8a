"""What is attached to a diary line under review or approved,
or to a decided assessment, no longer changes, whoever may write the record."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestAttachmentLock(KpiCase):
    def evidence(self, user, line, name="bien-ban.pdf"):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": name, "raw": b"%PDF-1.4 evidence", "res_model": line._name, "res_id": line.id})
        )

    def test_evidence_is_locked_from_submission(self):
        line = self.line(self.staff, date(2026, 9, 7), self.item_doc, 2, 2, state="draft")
        evidence = self.evidence(self.staff_user, line)  # a draft takes evidence
        line.with_user(self.staff_user).action_submit()
        for user in (self.staff_user, self.head_user):
            with self.assertRaisesRegex(AccessError, "cannot be added, changed or removed"):
                self.evidence(user, line, "them.pdf")
            with self.assertRaises(AccessError):
                evidence.with_user(user).write({"raw": b"%PDF-1.4 other"})
            with self.assertRaises(AccessError):
                evidence.with_user(user).unlink()
        line.with_user(self.head_user).action_approve()
        with self.assertRaises(AccessError):
            self.evidence(self.staff_user, line, "sau-duyet.pdf")
        # and the evidence cannot be moved onto another line either
        other = self.line(self.staff, date(2026, 9, 8), self.item_doc, 1, 1, state="draft")
        with self.assertRaises(AccessError):
            evidence.with_user(self.staff_user).write({"res_id": other.id})
        self.assertEqual(evidence.raw, b"%PDF-1.4 evidence")
        self.assertEqual(
            self.env["ir.attachment"].search([("res_model", "=", line._name), ("res_id", "=", line.id)]), evidence
        )

    def test_a_rejected_line_takes_evidence_again(self):
        line = self.line(self.staff, date(2026, 9, 7), self.item_doc, 2, 2, state="draft")
        line.with_user(self.staff_user).action_submit()
        line.with_user(self.head_user).action_reject(reason="Thiếu biên bản")
        self.assertTrue(self.evidence(self.staff_user, line))
