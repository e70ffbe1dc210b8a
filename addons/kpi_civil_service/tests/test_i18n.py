from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..models.utils import number
from .i18n_check import untranslated_terms


@tagged("post_install", "-at_install")
class TestVietnameseTranslation(TransactionCase):
    def test_every_term_has_a_vietnamese_translation(self):
        missing = untranslated_terms(self.env, "kpi_civil_service")
        self.assertFalse(
            missing,
            "Terms without a translation in kpi_civil_service/i18n/vi.po "
            "(run `make i18n` and translate them):\n" + "\n".join(missing),
        )


@tagged("post_install", "-at_install")
class TestNumbersInMessages(TransactionCase):
    def test_numbers_follow_the_language(self):
        """Messages print numbers as the screens do: "81,27", "25,5" and
        "1.260" in Vietnamese, "81.27" in English."""
        self.env["res.lang"]._activate_lang("vi_VN")
        vietnamese = self.env(context={"lang": "vi_VN"})
        self.assertEqual(
            [number(vietnamese, value) for value in (81.27, 25.5, 24, 1260, 0.004)],
            ["81,27", "25,5", "24", "1.260", "0"],
        )
        self.assertEqual(number(self.env(context={"lang": "en_US"}), 81.27), "81.27")

    def test_a_refusal_in_vietnamese(self):
        """Six and a half points on a criterion of five: the refusal reads "6,5" and "5"."""
        self.env["res.lang"]._activate_lang("vi_VN")
        rule_set = self.env.ref("kpi_civil_service.kpi_rule_set_kh1636")
        criterion = rule_set.criterion_ids.filtered(lambda c: c.scored_in == "year" and c.max_points == 5)[:1]
        employee = self.env["hr.employee"].create({"name": "Lý Thị Thử"})
        assessment = self.env["kpi.assessment"].create(
            {
                "employee_id": employee.id,
                "company_id": employee.company_id.id,
                "year": 2026,
                "rule_set_id": rule_set.id,
                "line_ids": [Command.create({"criterion_id": criterion.id})],
            }
        )
        with self.assertRaises(ValidationError) as refusal:
            assessment.line_ids.with_context(lang="vi_VN").write({"final_score": 6.5})
        self.assertIn("6,5", str(refusal.exception))
        self.assertNotIn("6.5", str(refusal.exception))
