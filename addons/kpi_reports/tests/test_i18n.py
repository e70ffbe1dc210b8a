from odoo.tests import TransactionCase, tagged

from odoo.addons.kpi_civil_service.tests.i18n_check import untranslated_terms


@tagged("post_install", "-at_install")
class TestVietnameseTranslation(TransactionCase):
    def test_every_term_has_a_vietnamese_translation(self):
        missing = untranslated_terms(self.env, "kpi_reports")
        self.assertFalse(
            missing,
            "Terms without a translation in kpi_reports/i18n/vi.po "
            "(run `make i18n` and translate them):\n" + "\n".join(missing),
        )
