import base64
import datetime
import hashlib
import io
import json

import openpyxl
from psycopg2.errors import CheckViolation, UniqueViolation

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from . import test_pdf_reports

SHARED_KEYS = [
    "so_dinh_danh",
    "ho_ten",
    "ma_co_quan",
    "nam_danh_gia",
    "tong_diem",
    "ma_xep_loai",
    "xep_loai",
    "so_quyet_dinh",
    "ngay_quyet_dinh",
]


class NationalExportCase(test_pdf_reports.AssessmentPdfCase):
    """A decided campaign of the test agency sent to the national database:
    Cường excellent (29.5 + 65 = 94.5), Bình good and notified (28.5 + 60.25 =
    88.75), Trường not classified, Ủy's assessment cancelled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.kpi_national_code = "000.00.11.H34"
        cls.campaign.write({"decision_number": "125/QĐ-SNV", "decision_date": "2026-12-20"})
        for employee, national_id in (
            (cls.staff, "056186000123"),
            (cls.peer, "001086000456"),  # born in Hà Nội: the leading zeros are part of it
            (cls.head, "056075000789"),
            (cls.deputy, "056180000999"),
        ):
            employee.kpi_national_id = national_id

    def decide_all(self):
        peer = self.decided(self.peer, "excellent", 29.5, 65.0)
        staff = self.decided(self.staff)
        staff.sudo().write({"state": "notified", "notice_number": "2/TB-SNV", "date_notified": "2026-12-21 02:00:00"})
        head = self.decided(self.head, False)
        head.sudo().write({"not_classified": True, "final_level": False})
        deputy = self.assessment(self.deputy)
        deputy.sudo().state = "cancelled"
        return peer, staff, head

    def export(self, user=None):
        return self.campaign.with_user(user or self.officer_user).action_export_national()

    def files(self):
        campaign = self.campaign.with_user(self.officer_user)
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(campaign.national_xlsx))).active
        content = base64.b64decode(campaign.national_json)
        return sheet, content, json.loads(content)


@tagged("post_install", "-at_install")
class TestNationalExport(NationalExportCase):
    def test_a_decided_campaign_is_exported_and_read_back(self):
        _peer, _staff, head = self.decide_all()
        action = self.export()
        base = "national_2026_000-00-11-H34"
        self.assertEqual(
            action["url"],
            f"/web/content/kpi.assessment.campaign/{self.campaign.id}/national_xlsx/{base}.xlsx?download=true",
        )
        campaign = self.campaign.with_user(self.officer_user)
        self.assertEqual((campaign.national_xlsx_name, campaign.national_json_name), (f"{base}.xlsx", f"{base}.json"))
        sheet, content, data = self.files()
        self.assertEqual(data["format"], "kpi-national-results/1")
        self.assertEqual(
            {key: data[key] for key in ("agency_code", "year", "decision_number", "decision_date", "count")},
            {
                "agency_code": "000.00.11.H34",
                "year": 2026,
                "decision_number": "125/QĐ-SNV",
                "decision_date": "2026-12-20",
                "count": 3,  # the cancelled one is left out
            },
        )
        common = {
            "ma_co_quan": "000.00.11.H34",
            "nam_danh_gia": 2026,
            "so_quyet_dinh": "125/QĐ-SNV",
            "ngay_quyet_dinh": "2026-12-20",
        }
        self.assertEqual(
            data["records"],
            [
                # in the order of the names within the unit
                {
                    "so_dinh_danh": "001086000456",
                    "ho_ten": "Lê Văn Cường",
                    "tong_diem": 94.5,
                    "ma_xep_loai": "excellent",
                    "xep_loai": "Hoàn thành xuất sắc nhiệm vụ",
                    **common,
                },
                {
                    "so_dinh_danh": "056075000789",
                    "ho_ten": "Nguyễn Văn Trường",
                    "tong_diem": head.total_score,
                    "ma_xep_loai": "not_classified",
                    "xep_loai": "Không xếp loại",
                    **common,
                },
                # notified counts as decided
                {
                    "so_dinh_danh": "056186000123",
                    "ho_ten": "Trần Thị Bình",
                    "tong_diem": 88.75,
                    "ma_xep_loai": "good",
                    "xep_loai": "Hoàn thành tốt nhiệm vụ",
                    **common,
                },
            ],
        )
        self.assertEqual(list(data["records"][0]), SHARED_KEYS)  # in the order of the columns
        # the XLSX file: the header on the first row, then one row per person
        self.assertEqual(
            [cell.value for cell in sheet[1]],
            [
                "Số định danh cá nhân",
                "Họ và tên",
                "Mã cơ quan, đơn vị",
                "Năm đánh giá",
                "Tổng điểm",
                "Mã mức xếp loại",
                "Mức xếp loại chất lượng",
                "Số quyết định",
                "Ngày quyết định",
            ],
        )
        self.assertEqual(sheet.max_row, 4)
        first = [cell.value for cell in sheet[2]]
        self.assertEqual(
            first,
            [
                "001086000456",
                "Lê Văn Cường",
                "000.00.11.H34",
                2026,
                94.5,
                "excellent",
                "Hoàn thành xuất sắc nhiệm vụ",
                "125/QĐ-SNV",
                datetime.datetime(2026, 12, 20),
            ],
        )
        self.assertEqual(sheet.cell(2, 1).data_type, "s")  # the identifier is text, its zeros kept
        self.assertEqual(sheet.cell(4, 5).value, 88.75)
        # the export is logged with the fingerprint of the file sent
        message = self.campaign.message_ids[0]
        self.assertIn("3", message.body)
        self.assertIn(hashlib.sha256(content).hexdigest(), message.body)
        self.assertEqual(message.author_id, self.officer_user.partner_id)

    def test_an_undecided_campaign_is_refused_naming_who_is_waiting(self):
        self.decided(self.peer, "excellent", 29.5, 65.0)
        self.assessment(self.staff)  # a draft
        reviewed = self.assessment(self.head)
        reviewed.sudo().state = "unit_reviewed"
        with self.assertRaisesRegex(UserError, r"2 assessments are not decided yet: .*Trần Thị Bình"):
            self.export()
        with self.assertRaisesRegex(UserError, "Nguyễn Văn Trường"):
            self.export()
        self.assertFalse(self.campaign.sudo().national_export_date)
        self.assertFalse(self.campaign.sudo().national_xlsx)

    def test_what_the_file_needs_is_asked_for_first(self):
        self.decide_all()
        for values, message in (
            ({"decision_number": False}, "number and date of the decision"),
            ({"decision_number": "   "}, "number and date of the decision"),
            ({"decision_date": False}, "number and date of the decision"),
        ):
            with self.subTest(values=values):
                campaign = self.campaign.with_user(self.officer_user)
                kept = {"decision_number": campaign.decision_number, "decision_date": campaign.decision_date}
                campaign.write(values)
                with self.assertRaisesRegex(UserError, message):
                    self.export()
                campaign.write(kept)
        self.company.kpi_national_code = False
        with self.assertRaisesRegex(UserError, "code of Sở Nội vụ \\(kiểm thử\\) in the national database"):
            self.export()
        self.company.kpi_national_code = "000.00.11.H34"
        self.head.kpi_national_id = False
        with self.assertRaisesRegex(UserError, "1 people have no national identifier: Nguyễn Văn Trường"):
            self.export()
        self.head.kpi_national_id = "056186000123"  # Bình's
        with self.assertRaisesRegex(UserError, "same national identifier is on several people: .*Trường"):
            self.export()
        self.assertFalse(self.campaign.sudo().national_export_date)
        self.head.kpi_national_id = "056075000789"
        self.export()
        self.assertTrue(self.campaign.sudo().national_export_date)

    def test_only_the_agency_s_hr_officer_exports(self):
        self.decide_all()
        for user in (self.staff_user, self.head_user, self.decider_user, self.party_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.export(user)
        other_company = self.env["res.company"].create({"name": "Sở Tài chính (kiểm thử)"})
        other_officer = self._user("kpi_officer_other", "hr_officer", other_company)
        with self.assertRaises(AccessError):
            self.export(other_officer)
        self.assertFalse(self.campaign.sudo().national_export_date)
        # the kept files are the export's: nobody writes them, not even the HR officer
        self.export()
        forged = base64.b64encode(b"forged")
        for values in ({"national_json": forged}, {"national_xlsx_name": "x.xlsx"}, {"national_export_date": False}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                self.campaign.with_user(self.officer_user).write(values)
        with self.assertRaises(AccessError):
            self.env["kpi.assessment.campaign"].with_user(self.officer_user).create(
                {"year": 2025, "company_id": self.company.id, "rule_set_id": self.nd335.id, "national_json": forged}
            )
        # and they are HR's only: other people of the agency do not read them
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.head_user).read(["national_json"])
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "kpi.assessment.campaign"),
                    ("res_id", "=", self.campaign.id),
                    ("res_field", "!=", False),
                ]
            )
        )
        self.assertEqual(len(attachments), 2)
        with self.assertRaises(AccessError):
            attachments.with_user(self.head_user).read(["raw"])

    def test_an_agency_adapts_its_own_columns(self):
        self.decide_all()
        columns = self.env["kpi.national.field"].with_user(self.officer_user).with_company(self.company)
        shared = columns.search([("company_id", "=", False)])
        self.assertEqual(shared.mapped("key"), SHARED_KEYS)
        # the shared list is the administrator's
        with self.assertRaises(AccessError):
            shared[0].write({"name": "CCCD"})
        with self.assertRaises(AccessError):
            shared[0].write({"company_id": self.company.id})
        with self.assertRaises(AccessError):
            shared[0].unlink()
        # the agency copies two columns, renames one and adds three
        shared.filtered(lambda c: c.key in ("so_dinh_danh", "xep_loai")).action_copy_to_agency()
        own = columns.search([("company_id", "=", self.company.id)])
        self.assertEqual(own.mapped("key"), ["so_dinh_danh", "xep_loai"])
        own[0].name = "Số CCCD"
        columns.create(
            [
                {
                    "sequence": 100,
                    "key": "diem",
                    "name": "Điểm",
                    "source": "total_score",
                    "company_id": self.company.id,
                },
                {
                    "sequence": 110,
                    "key": "so_thong_bao",
                    "name": "Số thông báo",
                    "source": "notice_number",
                    "company_id": self.company.id,
                },
                {
                    "sequence": 120,
                    "key": "ngay_thong_bao",
                    "name": "Ngày thông báo",
                    "source": "notice_date",
                    "company_id": self.company.id,
                },
            ]
        )
        # copying the whole list adds only the seven columns the agency lacks: 5 + 7
        shared.action_copy_to_agency()
        self.assertEqual(len(columns.search([("company_id", "=", self.company.id)])), 12)
        columns.search(
            [
                ("company_id", "=", self.company.id),
                ("key", "not in", ["so_dinh_danh", "xep_loai", "diem", "so_thong_bao", "ngay_thong_bao"]),
            ]
        ).unlink()
        self.export()
        sheet, _content, data = self.files()
        self.assertEqual(
            [cell.value for cell in sheet[1]],
            ["Số CCCD", "Mức xếp loại chất lượng", "Điểm", "Số thông báo", "Ngày thông báo"],
        )
        self.assertEqual(
            data["records"][2],
            {
                "so_dinh_danh": "056186000123",
                "xep_loai": "Hoàn thành tốt nhiệm vụ",
                "diem": 88.75,
                "so_thong_bao": "2/TB-SNV",
                "ngay_thong_bao": "2026-12-21",
            },  # 09:00 in Vietnam
        )
        self.assertEqual(data["records"][0]["so_thong_bao"], None)  # decided, not notified yet
        self.assertEqual(sheet.cell(4, 5).value, datetime.datetime(2026, 12, 21))
        # the shared list is unchanged for every other agency
        self.assertEqual(shared.mapped("name")[0], "Số định danh cá nhân")
        other_company = self.env["res.company"].create({"name": "Sở Tài chính (kiểm thử)"})
        self.assertEqual(self.env["kpi.national.field"]._for_agency(other_company), shared)
        # a key that is not a JSON name, or twice in a list, is refused
        with mute_logger("odoo.sql_db"):
            with self.assertRaises(CheckViolation), self.cr.savepoint():
                columns.create({"key": "Số CCCD", "name": "x", "source": "national_id", "company_id": self.company.id})
                self.env.flush_all()
            with self.assertRaises(UniqueViolation), self.cr.savepoint():
                columns.create({"key": "diem", "name": "x", "source": "year", "company_id": self.company.id})
                self.env.flush_all()


@tagged("post_install", "-at_install")
class TestNationalExportOverHttp(NationalExportCase):
    def call(self, user, method):
        self.authenticate(user.login, user.login)
        response = self.url_open(
            f"/web/dataset/call_kw/kpi.assessment.campaign/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "kpi.assessment.campaign",
                        "method": method,
                        "args": [self.campaign.ids],
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_the_hr_officer_exports_and_downloads_others_cannot(self):
        self.decide_all()
        with mute_logger("odoo.http"):
            answer = self.call(self.head_user, "action_export_national")
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertFalse(self.campaign.sudo().national_export_date)
        url = self.call(self.officer_user, "action_export_national")["result"]["url"]
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("national_2026_000-00-11-H34.xlsx", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet.cell(2, 1).value, "001086000456")
        # the file is HR's: the unit head of the agency does not get it
        self.authenticate(self.head_user.login, self.head_user.login)
        with mute_logger("odoo.http"):
            self.assertIn(self.url_open(url).status_code, (403, 404))
