"""A dialog's records, the export's file above all, are its
author's only, and the file lives as long as its download."""

import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.kpi_civil_service.tests.common import KpiCase


@tagged("post_install", "-at_install")
class TestWizardPrivacy(HttpCase, KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_officer = cls._user("kpi_officer_khac", "hr_officer")

    def test_an_export_is_its_authors_only_and_downloaded_once(self):
        wizard = self.env["kpi.xlsx.export.wizard"].with_user(self.officer_user).create({"export_type": "sectors"})
        action = wizard.action_export()
        self.assertEqual(action["url"], f"/kpi_reports/xlsx/{wizard.id}")
        # another officer of the same agency finds it neither by search nor by id
        others = self.env["kpi.xlsx.export.wizard"].with_user(self.other_officer)
        self.assertFalse(others.search_read([], ["file_data", "file_name"]))
        with self.assertRaises(AccessError):
            others.browse(wizard.id).read(["file_data"])
        # nor over HTTP
        self.authenticate(self.other_officer.login, self.other_officer.login)
        with mute_logger("odoo.http"):  # the refusal is logged as a warning
            self.assertEqual(self.url_open(action["url"]).status_code, 403)
        # the author downloads the file once; then it is gone from the record
        self.authenticate(self.officer_user.login, self.officer_user.login)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn(wizard.file_name or "sectors_", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual([cell.value for cell in sheet[4]], ["No.", "Code", "Sector"])
        self.assertEqual(self.url_open(action["url"]).status_code, 404)
        self.assertFalse(wizard.sudo().file_data)

    def test_a_reason_is_its_authors_only(self):
        line = self.line(self.staff, "2026-09-07", self.item_doc, 1, 1, state="submitted")
        wizard = (
            self.env["kpi.reason.wizard"]
            .with_user(self.head_user)
            .create(
                {
                    "res_model": "kpi.diary.line",
                    "res_ids": line.ids,
                    "action": "reject",
                    "reason": "Sai số lượng văn bản",
                }
            )
        )
        for user in (self.staff_user, self.officer_user):
            reasons = self.env["kpi.reason.wizard"].with_user(user)
            self.assertFalse(reasons.search_read([], ["reason", "res_ids"]), user.login)
            with self.assertRaises(AccessError):
                reasons.browse(wizard.id).read(["reason"])
        self.assertEqual(wizard.with_user(self.head_user).reason, "Sai số lượng văn bản")

    def test_a_period_generation_is_its_authors_only(self):
        wizard = (
            self.env["kpi.period.generate.wizard"]
            .with_user(self.officer_user)
            .create({"company_id": self.company.id, "year": 2027, "rule_set_id": self.nd335.id})
        )
        others = self.env["kpi.period.generate.wizard"].with_user(self.other_officer)
        self.assertFalse(others.search([]))
        with self.assertRaises(AccessError):
            others.browse(wizard.id).write({"year": 2030})
        self.assertEqual(wizard.year, 2027)
