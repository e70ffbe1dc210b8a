from odoo.tests import HttpCase, tagged

from .common import activate_vietnamese, pdf_to_text


@tagged("post_install", "-at_install")
class TestPdfReports(HttpCase):
    """Reports are rendered for real by wkhtmltopdf and read back with pdftotext."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_vietnamese(cls.env, "kpi_civil_service", "kpi_reports")
        cls.env.company.write({"name": "Sở Nội vụ tỉnh Khánh Hòa", "city": "Khánh Hòa"})
        cls.sectors = cls.env["kpi.sector"].create(
            [{"code": "NV1", "name": "Tổ chức bộ máy"}, {"code": "NV2", "name": "Công chức, viên chức"}]
        )

    def _render(self, report_ref, records, lang):
        report = self.env.ref(report_ref).with_context(force_report_rendering=True, lang=lang)
        content, content_type = report._render_qweb_pdf(report.report_name, records.ids)
        self.assertEqual(content_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return pdf_to_text(content)

    def test_sector_catalogue_in_vietnamese(self):
        text = self._render("kpi_reports.action_report_sector_catalogue", self.sectors, "vi_VN")
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
        self.assertIn("Độc lập - Tự do - Hạnh phúc", text)
        self.assertIn("SỞ NỘI VỤ TỈNH KHÁNH HÒA", text)
        self.assertIn("DANH MỤC NGÀNH, LĨNH VỰC", text)
        self.assertIn("Tổ chức bộ máy", text)
        self.assertIn("Công chức, viên chức", text)

    def test_state_heading_stays_vietnamese_in_english(self):
        text = self._render("kpi_reports.action_report_sector_catalogue", self.sectors, "en_US")
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
        self.assertIn("SECTOR CATALOGUE", text)
