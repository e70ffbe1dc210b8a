import hashlib
import io
import re
from datetime import date

from odoo import SUPERUSER_ID, Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.kpi_civil_service.tests.test_assessment import AssessmentCase

from .common import activate_vietnamese, pdf_to_text, pdf_words, phrase_box

NOTICE = "kpi_reports.action_report_classification_notice"


class PdfCase(HttpCase):
    """Reports are rendered for real by wkhtmltopdf (which needs the test
    server for the assets) and read back with pdftotext."""

    def render(self, report_ref, records, lang="vi_VN", data=None):
        report = self.env.ref(report_ref)
        content, content_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, lang=lang)
            ._render_qweb_pdf(report.report_name, records.ids, data=data)
        )
        self.assertEqual(content_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return pdf_to_text(content)

    def assertStateHeading(self, text):
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
        self.assertIn("Độc lập - Tự do - Hạnh phúc", text)


@tagged("post_install", "-at_install")
class TestPdfReports(PdfCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_vietnamese(cls.env, "kpi_civil_service", "kpi_reports")
        cls.env.company.write({"name": "Sở Nội vụ tỉnh Khánh Hòa", "city": "Khánh Hòa"})
        cls.sectors = cls.env["kpi.sector"].create(
            [{"code": "NV1", "name": "Tổ chức bộ máy"}, {"code": "NV2", "name": "Công chức, viên chức"}]
        )

    def test_sector_catalogue_in_vietnamese(self):
        text = self.render("kpi_reports.action_report_sector_catalogue", self.sectors)
        self.assertStateHeading(text)
        self.assertIn("SỞ NỘI VỤ TỈNH KHÁNH HÒA", text)
        self.assertIn("DANH MỤC NGÀNH, LĨNH VỰC", text)
        self.assertIn("Tổ chức bộ máy", text)
        self.assertIn("Công chức, viên chức", text)

    def test_state_heading_stays_vietnamese_in_english(self):
        text = self.render("kpi_reports.action_report_sector_catalogue", self.sectors, "en_US")
        self.assertStateHeading(text)
        self.assertIn("SECTOR CATALOGUE", text)


class AssessmentPdfCase(AssessmentCase, PdfCase):
    """Assessments of the test agency, with the settings of its documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_vietnamese(cls.env, "kpi_civil_service", "kpi_reports")
        cls.company.write(
            {
                "city": "Khánh Hòa",
                "kpi_parent_body": "UBND tỉnh Khánh Hòa",
                "kpi_agency_code": "SNV",
                "kpi_signature_mode": "kt",
                "kpi_signature_authority": "Giám đốc",
                "kpi_archive_code": "TCCB",
                "kpi_notice_recipients": "- Giám đốc Sở (để báo cáo);",
            }
        )
        cls.director.job_title = "Phó Giám đốc"
        for employee in (cls.staff, cls.peer, cls.head):
            employee.lang = "vi_VN"

    def decided(self, employee, level="good", general=28.5, task=60.25, **values):
        """An assessment decided as the workflow leaves it: twelve months
        worked with these mean period scores."""
        assessment = self.assessment(employee, period_general_mean=general, period_task_mean=task, **values)
        assessment.sudo().write(
            {
                "department_id": employee.department_id.id,
                "job_id": employee.job_id.id,
                "proposed_level": level,
                "final_level": level,
                "state": "decided",
                "decider_id": self.decider_user.id,
                "date_decided": "2026-12-10 03:00:00",
            }
        )
        return assessment


@tagged("post_install", "-at_install")
class TestClassificationNotice(AssessmentPdfCase):
    def test_step_five_numbers_keeps_and_sends_the_notice(self):
        first = self.decided(self.staff)
        second = self.decided(self.peer, "excellent", 29.5, 65.0)
        self.staff.work_contact_id.email = "tran.thi.binh@snv.khanhhoa.example"
        mail_cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        triggers_before = self.env["ir.cron.trigger"].search([("cron_id", "=", mail_cron.id)])
        (first | second).with_user(self.officer_user).with_context(force_report_rendering=True).action_notify()
        # numbered per agency in the order of the units and names
        self.assertEqual(second.notice_number, "1/TB-SNV")  # Lê Văn Cường
        self.assertEqual(first.notice_number, "2/TB-SNV")  # Trần Thị Bình
        attachment = self.env["ir.attachment"].search([("res_model", "=", "kpi.assessment"), ("res_id", "=", first.id)])
        self.assertEqual(attachment.name, "TB-2-TB-SNV.pdf")
        text = pdf_to_text(attachment.raw)
        self.assertStateHeading(text)
        self.assertIn("UBND TỈNH KHÁNH HÒA", text)
        self.assertIn("SỞ NỘI VỤ (KIỂM THỬ)", text)
        self.assertIn("Số: 2/TB-SNV", text)
        self.assertIn("THÔNG BÁO", text)
        self.assertIn("Kết quả đánh giá, xếp loại chất lượng công chức năm 2026", text)
        self.assertIn("Trần Thị Bình", text)
        self.assertIn("88,75 / 100", text)  # 28.5 + 60.25, with the Vietnamese decimal comma
        self.assertIn("Hoàn thành tốt nhiệm vụ", text)
        self.assertIn("KT. GIÁM ĐỐC", text)
        self.assertIn("PHÓ GIÁM ĐỐC", text)
        self.assertIn("Phạm Văn Giám", text)
        self.assertIn("Nơi nhận:", text)
        self.assertIn("- Giám đốc Sở (để báo cáo);", text)
        self.assertIn("- Lưu: VT, TCCB.", text)
        # dated the day it is notified (step 5), in Vietnam
        day = fields.Datetime.context_timestamp(first.with_context(tz="Asia/Ho_Chi_Minh"), first.date_notified)
        self.assertIn(f"ngày {day.day} tháng {day.month} năm {day.year}", text.replace("  ", " "))
        # sent to the employee, with the notice
        message = first.message_ids.filtered(lambda m: m.attachment_ids)
        self.assertEqual(message.attachment_ids, attachment)
        self.assertIn(self.staff.work_contact_id | self.staff_user.partner_id, message.partner_ids)
        self.assertIn("Hoàn thành tốt nhiệm vụ", message.body)
        # the e-mail waits in the mail queue, woken now, rather than being sent by this transaction
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.attachment_ids, attachment)
        woken = self.env["ir.cron.trigger"].search([("cron_id", "=", mail_cron.id)]) - triggers_before
        self.assertTrue(woken and woken[0].call_at <= fields.Datetime.now())
        # printed again later, it is the same document
        self.assertEqual(first.notice_attachment_id, attachment)
        self.assertEqual(first.notice_sha256, hashlib.sha256(attachment.raw).hexdigest())
        self.assertIn("Số: 2/TB-SNV", self.render("kpi_reports.action_report_classification_notice", first))

    def test_the_notice_sent_cannot_be_replaced(self):
        """The notice is the system's file, kept with its
        fingerprint; a file of the same name is never served, and a kept notice
        changed behind the product's back is refused."""
        assessment = self.decided(self.staff)
        forged = {"name": "TB-1-TB-SNV.pdf", "raw": b"%PDF-1.4 forged", "res_model": assessment._name}
        forged["res_id"] = assessment.id
        attachments = self.env["ir.attachment"]
        for user in (self.staff_user, self.officer_user):
            with self.assertRaisesRegex(AccessError, "cannot be added"):
                attachments.with_user(user).create(forged)
        assessment.with_user(self.officer_user).with_context(force_report_rendering=True).action_notify()
        kept = assessment.notice_attachment_id
        self.assertEqual(kept.name, "TB-1-TB-SNV.pdf")
        self.assertEqual(kept.create_uid.id, SUPERUSER_ID)
        for user in (self.staff_user, self.officer_user):
            with self.assertRaises(AccessError):
                kept.with_user(user).write({"raw": b"%PDF-1.4 forged"})
            with self.assertRaises(AccessError):
                kept.with_user(user).unlink()
        self.assertTrue(pdf_to_text(kept.raw).count("Trần Thị Bình"))
        # a file of the same name slipped in anyhow is not what prints
        attachments.sudo().create(forged)
        self.assertIn("Số: 1/TB-SNV", self.render(NOTICE, assessment))
        # the kept notice changed in the database: refused, and said so
        kept.sudo().raw = b"%PDF-1.4 forged"
        with self.assertRaisesRegex(UserError, "Trần Thị Bình.*(fingerprint|dấu vân tay)"):
            self.render(NOTICE, assessment)

    def test_the_notice_is_vietnamese_whoever_prints_it(self):
        """A state document: in Vietnamese for a person and a printer who
        read English, in an English session."""
        self.peer.lang = "en_US"
        assessment = self.decided(self.peer, "excellent")
        self.officer_user.lang = "en_US"
        content, _type = (
            self.env["ir.actions.report"]
            .with_user(self.officer_user)
            .with_context(force_report_rendering=True, lang="en_US")
            ._render_qweb_pdf(NOTICE, assessment.ids)
        )
        text = pdf_to_text(content)
        self.assertStateHeading(text)
        for vietnamese in ("THÔNG BÁO", "Họ và tên:", "Xếp loại:", "Hoàn thành xuất sắc nhiệm vụ", "Nơi nhận:"):
            self.assertIn(vietnamese, text)
        for english in ("NOTICE", "Full name", "Excellent", "Recipients"):
            self.assertNotIn(english, text)
        self.assertIn("Số:", text)  # not numbered before step 5
        self.assertNotIn("TB-SNV\n", text.replace("Số:       /TB-SNV", ""))

    def test_the_notice_keeps_its_layout_however_the_server_is_reached(self):
        """Printed through the server while the public address in web.base.url
        answers nothing (a proxy, another port): nothing is fetched, so the
        heading's two columns stand side by side and the signature stays to
        the right of the recipients, as the PDF's word boxes show."""
        assessment = self.decided(self.staff)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", "http://127.0.0.1:9")  # nothing listens there
        params.set_param("report.url", False)
        self.authenticate(self.officer_user.login, self.officer_user.login)
        # wkhtmltopdf fetched nothing: it says so otherwise ("ConnectionRefusedError"), logged as a warning
        with self.assertNoLogs("odoo.addons.base.models.ir_actions_report", "WARNING"):
            response = self.url_open(
                f"/report/pdf/kpi_reports.report_classification_notice/{assessment.id}"
                '?context={"force_report_rendering": true}'
            )
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        words = pdf_words(response.content)
        agency = phrase_box(words, "SỞ NỘI VỤ (KIỂM THỬ)")
        nation = phrase_box(words, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        motto = phrase_box(words, "Độc lập - Tự do - Hạnh phúc")
        # side by side: the agency on the left half of the page, the nation on the right, on one band
        self.assertLess(agency[2], nation[0])
        self.assertLess(agency[2], 595 / 2)
        self.assertGreater(nation[0], 595 / 2 - 60)
        self.assertLess(abs(phrase_box(words, "UBND TỈNH KHÁNH HÒA")[1] - nation[1]), 3)
        self.assertLess(nation[3], motto[1] + 1)
        # the signature block right of "Nơi nhận", apart from every recipient line
        recipients = phrase_box(words, "Nơi nhận:")
        signature = phrase_box(words, "KT. GIÁM ĐỐC")
        self.assertLess(abs(recipients[1] - signature[1]), 3)
        archive = phrase_box(words, "- Lưu: VT, TCCB.")
        self.assertLess(archive[2], signature[0])
        self.assertGreater(signature[0], 595 / 2)
        # the title centred (between margins of 30 and 20 mm), in the style's size (14 pt)
        title = phrase_box(words, "THÔNG BÁO")
        self.assertLess(abs((title[0] + title[2]) / 2 - 595 / 2), 35)
        self.assertGreater(title[3] - title[1], 12)

    def test_the_hr_officer_reissues_a_wrong_notice_and_keeps_the_first(self):
        assessment = self.decided(self.staff)
        officer = assessment.with_user(self.officer_user).with_context(force_report_rendering=True)
        officer.action_notify()
        first = assessment.notice_attachment_id
        self.assertEqual((first.name, assessment.notice_number), ("TB-1-TB-SNV.pdf", "1/TB-SNV"))
        # nobody else re-issues; a blank reason, or a notice not yet sent, is refused
        for user in (self.staff_user, self.head_user, self.decider_user):
            with self.assertRaises(AccessError):
                assessment.with_user(user).action_reissue_notice(reason="Sai mẫu")
            self.assertFalse(assessment.with_user(user).can_reissue_notice)
        with self.assertRaisesRegex(UserError, "reason|lý do"):
            officer.action_reissue_notice(reason="  ")
        other = self.decided(self.peer)
        with self.assertRaises(UserError):
            other.with_user(self.officer_user).action_reissue_notice(reason="Sai mẫu")
        self.assertTrue(officer.can_reissue_notice)
        # the reason is asked in the dialog, then the notice is issued again with the same number
        dialog = officer.action_reissue_notice()
        self.assertEqual(dialog["res_model"], "kpi.reason.wizard")
        wizard = (
            self.env["kpi.reason.wizard"]
            .with_user(self.officer_user)
            .with_context(dialog["context"], force_report_rendering=True)
            .create({"reason": "Bản lưu in trước khi cài tiếng Việt"})
        )
        wizard.action_confirm()
        second = assessment.notice_attachment_id
        self.assertNotEqual(second, first)
        self.assertEqual(second.name, "TB-1-TB-SNV.pdf")
        self.assertEqual(assessment.notice_number, "1/TB-SNV")
        self.assertEqual(assessment.notice_sha256, hashlib.sha256(second.raw).hexdigest())
        self.assertIn("THÔNG BÁO", pdf_to_text(second.raw))
        # the copy sent first is still on the assessment, named as replaced
        self.assertTrue(first.exists())
        self.assertEqual((first.res_model, first.res_id), ("kpi.assessment", assessment.id))
        self.assertRegex(first.name, r"^TB-1-TB-SNV \(thay thế ngày \d\d-\d\d-\d{4}\)\.pdf$")
        # logged with its reason, and sent to the person again
        self.assertTrue(
            assessment.message_ids.filtered(lambda m: "Bản lưu in trước khi cài tiếng Việt" in (m.body or ""))
        )
        self.assertEqual(assessment.message_ids.filtered(lambda m: m.attachment_ids)[:1].attachment_ids, second)
        self.assertEqual(assessment.state, "notified")

    def test_notice_cites_the_decree_of_the_person(self):
        """A public employee of an agency of civil servants is classified under
        Decree 233, and the notice says so."""
        self.peer.kpi_staff_category = "public_employee"
        self.campaign.with_user(self.officer_user).action_generate()
        assessment = self.campaign.assessment_ids.filtered(lambda a: a.employee_id == self.peer)
        self.assertEqual(assessment.rule_set_id.code, "nd233_2026")
        flat = " ".join(self.render("kpi_reports.action_report_classification_notice", assessment).split())
        self.assertIn("Nghị định 233/2026/NĐ-CP", flat)
        self.assertNotIn("335/2025", flat)

    def test_the_head_signs_without_kt_and_recipients_appear_once(self):
        self.director.job_title = "Giám đốc Sở"
        self.company.kpi_notice_recipients = "- Giám đốc Sở (để báo cáo);\n- Phòng Tổ chức - Biên chế;"
        text = self.render("kpi_reports.action_report_classification_notice", self.decided(self.staff))
        self.assertIn("GIÁM ĐỐC SỞ", text)
        self.assertNotIn("KT.", text)
        self.assertEqual(text.count("- Phòng Tổ chức - Biên chế;"), 1)

    def test_a_unit_is_notified_by_a_job_with_the_set_ups_wkhtmltopdf(self):
        """20 notices at once, rendered by the wkhtmltopdf the set-up installs
        (Debian's, with an unpatched Qt, converts one document per run: the
        notices are laid out together and cut apart), sent by a background job
        of 10 per committed unit."""
        self.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.inline_notices_limit", "10")
        self.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.job_notices_per_unit", "10")
        employees = self.env["hr.employee"].create(
            [
                {
                    "name": f"Nguyễn Văn Số {index:02d}",
                    "company_id": self.company.id,
                    "department_id": self.unit.id,
                    "kpi_staff_category": "civil_servant",
                }
                for index in range(20)
            ]
        )
        assessments = self.env["kpi.assessment"]
        for employee in employees:
            assessments |= self.decided(employee, "completed", 25.0, 40.0)
        action = assessments.with_user(self.officer_user).action_notify()
        job = self.env["kpi.job"].browse(action["res_id"])
        self.assertEqual((action["res_model"], job.job_type, job.total), ("kpi.job", "notify_assessments", 2))
        self.assertEqual(set(assessments.mapped("state")), {"decided"}, "nothing sent before the job runs")
        # a second click while the job waits sends nothing twice
        with self.assertRaisesRegex(UserError, "Nguyễn Văn Số 00"):
            assessments[:3].with_user(self.officer_user).action_notify()
        job = job.with_context(force_report_rendering=True)
        job._run_unit()  # the cron commits after each unit
        self.assertEqual((job.state, job.progress), ("running", 50.0))
        self.assertEqual(assessments[:10].mapped("state"), ["notified"] * 10)
        self.assertEqual(assessments[10:].mapped("state"), ["decided"] * 10)
        job._run_unit()
        self.assertEqual((job.state, job.progress), ("done", 100.0))
        self.assertEqual(
            sorted(int(number.split("/")[0]) for number in assessments.mapped("notice_number")), list(range(1, 21))
        )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "kpi.assessment"), ("res_id", "in", assessments.ids)]
        )
        self.assertEqual(len(attachments), 20, "one notice kept per person")
        self.assertEqual(assessments.notice_attachment_id, attachments)
        # printed many per run and cut apart: each kept notice is one page, the person's own
        for index, assessment in enumerate(assessments):
            raw = assessment.notice_attachment_id.raw
            self.assertEqual(len(PdfFileReader(io.BytesIO(raw)).pages), 1)
            text = pdf_to_text(raw)
            self.assertEqual(text.count("THÔNG BÁO"), 1)
            self.assertEqual(set(re.findall(r"Nguyễn Văn Số \d\d", text)), {f"Nguyễn Văn Số {index:02d}"})
            self.assertIn("Hoàn thành nhiệm vụ", text)
            self.assertEqual(assessment.notice_sha256, hashlib.sha256(raw).hexdigest())
        # each person was sent their own, and the unit prints in one call
        sent = assessments[7].message_ids.filtered("attachment_ids")
        self.assertEqual(sent.attachment_ids, assessments[7].notice_attachment_id)
        self.assertEqual(sent.partner_ids, employees[7].work_contact_id)
        text = self.render("kpi_reports.action_report_classification_notice", assessments)
        self.assertEqual(text.count("THÔNG BÁO"), 20)
        self.assertEqual(text.count("Hoàn thành nhiệm vụ"), 20)

    def test_a_few_notices_are_sent_at_once(self):
        assessments = self.decided(self.staff) | self.decided(self.peer, "excellent", 29.5, 65.0)
        self.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.inline_notices_limit", "2")
        self.assertIs(assessments.with_user(self.officer_user).action_notify(), True)
        self.assertEqual(assessments.mapped("state"), ["notified", "notified"])
        self.assertFalse(self.env["kpi.job"].search([("job_type", "=", "notify_assessments")]))


@tagged("post_install", "-at_install")
class TestAssessmentForm(AssessmentPdfCase):
    def test_form_with_criteria_levels_and_signatures(self):
        assessment = self.decided(self.staff, "good", 0.0, 0.0, rule_set_id=self.kh1636.id)
        criteria = self.kh1636.criterion_ids.filtered(lambda c: c.scored_in == "year")[:2]
        self.assertEqual(len(criteria), 2)
        self.env["kpi.assessment.line"].create(
            [
                {
                    "assessment_id": assessment.id,
                    "criterion_id": criterion.id,
                    "self_score": min(criterion.max_points, 5.0),
                    "manager_score": min(criterion.max_points, 4.0),
                    "final_score": min(criterion.max_points, 4.5),
                }
                for criterion in criteria
            ]
        )
        assessment.sudo().write({"self_level": "excellent", "self_comment": "Hoàn thành đúng hạn mọi việc được giao."})
        text = self.render("kpi_reports.action_report_assessment_form", assessment)
        self.assertStateHeading(text)
        self.assertIn("PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC NĂM 2026", " ".join(text.split()))
        self.assertIn("Trần Thị Bình", text)
        for criterion in criteria:
            self.assertIn(criterion.name[:30], " ".join(text.split()))
        self.assertIn("Hoàn thành đúng hạn mọi việc được giao.", text)
        # the self-proposed level is ticked in the self-assessment, the final one in the decision
        self.assertRegex(text, r"X\s+Hoàn thành xuất sắc nhiệm vụ")
        self.assertEqual(len(re.findall(r"X\s+Hoàn thành tốt nhiệm vụ", text)), 2)  # manager and decision
        self.assertIn("NGƯỜI TỰ ĐÁNH GIÁ", text)
        self.assertIn("CẤP CÓ THẨM QUYỀN ĐÁNH GIÁ", text)
        self.assertIn("Phạm Văn Giám", text)


@tagged("post_install", "-at_install")
class TestUnitSummary(AssessmentPdfCase):
    def test_summary_counts_levels_and_checks_the_quota(self):
        _other_user, other = self._create_person(
            "dung", "Phạm Thị Dung", self.staff_job, "user", department=self.other_unit
        )
        self.decided(self.staff, "good")
        self.decided(self.peer, "good", 29.0, 63.0)
        self.decided(other, "excellent", 30.0, 65.0)
        self.assessment(self.head, proposed_level="completed")  # still in draft: the level on the table
        text = self.render("kpi_reports.action_report_unit_summary", self.campaign)
        flat = " ".join(text.split())
        self.assertStateHeading(text)
        self.assertIn("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2026", flat)
        for name in ("Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Nguyễn Văn"):  # names may wrap
            self.assertIn(name, flat)
        self.assertIn("Phòng Công chức - Viên chức", flat)
        self.assertIn("92,00", text)  # Lê Văn Cường: 29 + 63
        # 1 excellent, 2 good, 1 completed, of 4: 25 %, 50 %, 25 %
        self.assertRegex(flat, r"Hoàn thành xuất sắc nhiệm vụ 1 25,00")
        self.assertRegex(flat, r"Hoàn thành tốt nhiệm vụ 2 50,00")
        self.assertRegex(flat, r"Hoàn thành nhiệm vụ 1 25,00")
        # Decree 335: at most 20 % of the 2 rated good, rounded down: 0 allowed, 1 given
        self.assertRegex(flat, r"Chuyên viên 2 1 0 Vượt tỷ lệ")

    def test_unit_head_prints_only_their_unit(self):
        _other_user, other = self._create_person(
            "dung", "Phạm Thị Dung", self.staff_job, "user", department=self.other_unit
        )
        self.decided(self.staff, "good")
        self.decided(other, "good")
        report = self.env.ref("kpi_reports.action_report_unit_summary")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.head_user)
            ._render_qweb_html(report.report_name, self.campaign.ids)[0]
            .decode()
        )
        self.assertIn("Trần Thị Bình", html)
        self.assertNotIn("Phạm Thị Dung", html)
        # and the units asked for
        text = self.render(
            "kpi_reports.action_report_unit_summary", self.campaign, data={"department_ids": self.other_unit.ids}
        )
        self.assertIn("Phạm Thị", text)
        self.assertNotIn("Trần Thị", text)


@tagged("post_install", "-at_install")
class TestKpiSheetAndHandbook(AssessmentPdfCase):
    def test_monthly_kpi_sheet(self):
        self.line(self.staff, date(2026, 9, 7), self.item_doc, 10, 5)
        self.line(self.staff, date(2026, 9, 8), self.item_doc, 5, 3)
        self.line(self.staff, date(2026, 9, 9), self.item_report, 2, 4)
        self.line(self.staff, date(2026, 9, 10), self.item_report, 9, 8, state="submitted")  # not approved
        period = self.period()
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        text = self.render("kpi_reports.action_report_kpi_sheet", score)
        flat = " ".join(text.split())
        self.assertStateHeading(text)
        self.assertIn("PHIẾU KPI THÁNG 09/2026", flat)
        self.assertIn("Trần Thị Bình", text)
        # 15 documents of 60 minutes, 2 reports of 120 minutes at 1.5
        self.assertRegex(flat, r"T\.01 Soạn thảo công văn B văn bản 15,00 60,00 1,00 900,00")
        self.assertRegex(flat, r"T\.02 Soạn thảo báo cáo chuyên( đề)? B báo cáo 2,00 120,00 1,50 360,00")
        self.assertIn("1.260,00", text)
        # a = 1,260 of 9,600 minutes = 13.125 % (13.12); b and c against the work assigned (9,600 minutes),
        # no error: 13.12 % too. Task 13.12 x 0.7 = 9.184 -> 9.18, no general score yet
        self.assertRegex(flat, r"Số lượng \(a\) 13,12 % Chất lượng \(b\) 13,12 % Tiến độ \(c\) 13,12 %")
        self.assertRegex(flat, r"Tổng điểm 9,18 Xếp loại Không hoàn thành nhiệm vụ")
        self.assertIn("Số ngày không khai nhật ký", text)

    def test_kpi_handbook(self):
        self.head_job.write({"kpi_position_code": "TP01", "kpi_work_item_ids": [Command.set(self.item_doc.ids)]})
        text = self.render("kpi_reports.action_report_kpi_handbook", self.company)
        flat = " ".join(text.split())
        self.assertStateHeading(text)
        self.assertIn("SỔ TAY KPI", text)
        self.assertIn("Chuyên viên", text)
        self.assertIn("Trưởng phòng (TP01)", flat)
        self.assertRegex(flat, r"T\.02 Soạn thảo báo cáo chuyên đề B báo cáo 120,00 1,50")
        self.assertRegex(flat, r"T\.01 Soạn thảo công văn B văn bản 60,00 1,00")

    def test_publication_list(self):
        assessment = self.decided(self.staff, "good")
        assessment.with_user(self.officer_user).action_notify()
        published = self.env["kpi.assessment.publication"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(published), 1)
        text = self.render("kpi_reports.action_report_assessment_publication", published)
        flat = " ".join(text.split())
        self.assertStateHeading(text)
        self.assertIn("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2026", flat)
        self.assertRegex(flat, r"1 Trần Thị Bình Phòng Tổ chức - Biên chế Chuyên viên Hoàn thành tốt nhiệm vụ")
