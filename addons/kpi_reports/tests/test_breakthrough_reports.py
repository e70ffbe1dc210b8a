"""A leader's breakthrough tasks on the notice, the unit summary and the KPI
handbook (docs/rules.md, "Breakthrough tasks")."""

from odoo.tests import tagged

from odoo.addons.kpi_civil_service.tests import test_breakthrough

from . import test_pdf_reports
from .common import pdf_to_text


@tagged("post_install", "-at_install")
class TestBreakthroughReports(test_breakthrough.BreakthroughCase, test_pdf_reports.AssessmentPdfCase):
    def test_the_notice_the_unit_summary_and_the_handbook_show_them(self):
        dropped = self.register("Ý tưởng thay bằng nhiệm vụ khác")
        dropped.with_user(self.head_user).action_cancel(reason="Thay bằng nhiệm vụ khác")
        done = self.register()
        partly = self.register("Rút ngắn 30% thời gian giải quyết hồ sơ")
        self.approve(done)
        self.approve(partly)
        self.confirm(done, "done")
        self.confirm(partly, "partly")
        assessment = self.decided(self.head, "excellent", 24.0, 67.5)
        assessment.with_user(self.officer_user).with_context(force_report_rendering=True).action_notify()
        notice = pdf_to_text(assessment.notice_attachment_id.raw)
        flat = " ".join(notice.split())
        # the label wraps in its narrow column: "Nhiệm vụ đột ... phá:"
        self.assertIn("Nhiệm vụ đột", flat)
        self.assertIn("Số hóa 100% hồ sơ thủ tục của phòng (Hoàn thành); Rút ngắn 30% thời gian giải quyết hồ", flat)
        self.assertIn("sơ (Hoàn thành một phần)", flat)
        self.assertNotIn("Ý tưởng thay bằng nhiệm vụ khác", flat)
        summary = " ".join(self.render("kpi_reports.action_report_unit_summary", self.campaign).split())
        self.assertIn("Nhiệm vụ đột phá của cán bộ lãnh đạo", summary)
        self.assertRegex(summary, "Nguyễn Văn Trường Số hóa 100% hồ sơ thủ tục của phòng Hoàn thành")
        handbook = " ".join(self.render("kpi_reports.action_report_kpi_handbook", self.company).split())
        self.assertIn("Nhiệm vụ đột phá đã đăng ký", handbook)
        self.assertIn("Số hóa 100% hồ sơ thủ tục", handbook)  # the columns wrap their text
        self.assertIn("Tỷ lệ hồ sơ trực", handbook)
        self.assertIn("31/12/2026", handbook)
        self.assertNotIn("Ý tưởng thay bằng nhiệm vụ khác", handbook)
