from psycopg2.errors import CheckViolation, UniqueViolation

from odoo.service.model import call_kw
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_open

from .common import KpiCase

FIELDS = ["code", "name", "group", "uom_name", "standard_minutes", "coefficient"]
OPTIONS = {"quoting": '"', "separator": ",", "has_headers": True}


@tagged("post_install", "-at_install")
class TestWorkItem(KpiCase):
    def _import(self, content):
        importer = (
            self.env["base_import.import"]
            .with_user(self.officer_user)
            .create(
                {"res_model": "kpi.work.item", "file": content, "file_type": "text/csv", "file_name": "danh_muc.csv"}
            )
        )
        return importer.execute_import(FIELDS, FIELDS, OPTIONS)

    def test_import_a_catalogue_from_csv(self):
        content = (
            "code,name,group,uom_name,standard_minutes,coefficient\n"
            "C.01,Thẩm định hồ sơ tuyển dụng,C,hồ sơ,120,1.2\n"
            "C.02,Tổng hợp số lượng công chức,C,báo cáo,240,1\n"
        ).encode()
        result = self._import(content)
        self.assertFalse(result["messages"], result["messages"])
        items = self.env["kpi.work.item"].browse(result["ids"])
        self.assertEqual(items.mapped("code"), ["C.01", "C.02"])
        self.assertEqual(items[0].minutes_per_unit, 144.0)
        self.assertEqual(items.company_id, self.company)

    def test_a_malformed_file_writes_nothing(self):
        before = self.env["kpi.work.item"].search_count([])
        content = (
            "code,name,group,uom_name,standard_minutes,coefficient\nC.03,Đúng,C,hồ sơ,30,1\nC.04,Âm,C,hồ sơ,-30,1\n"
        ).encode()
        with mute_logger("odoo.sql_db"):
            result = self._import(content)
        self.assertTrue(result["messages"])
        self.assertFalse(result["ids"])
        self.assertEqual(self.env["kpi.work.item"].search_count([]), before)

    def test_import_template_is_served(self):
        # called as the import page calls it: on the model, with no records
        template = call_kw(self.env["kpi.work.item"], "get_import_templates", [], {})[0]["template"]
        with file_open(template.lstrip("/"), "rb") as xlsx:
            self.assertEqual(xlsx.read(2), b"PK")  # an XLSX (zip) file

    @mute_logger("odoo.sql_db")
    def test_codes_unique_per_agency_and_shared(self):
        shared = self.env["kpi.work.item"].create(
            {"code": "S.01", "name": "Việc dùng chung", "uom_name": "việc", "standard_minutes": 10, "company_id": False}
        )
        self.assertFalse(shared.company_id)
        other = self._create_agency("UBND xã Cam Hải")
        self.env["kpi.work.item"].create(
            {
                "code": "T.01",
                "name": "Cùng mã ở cơ quan khác",
                "uom_name": "việc",
                "standard_minutes": 10,
                "company_id": other.id,
            }
        )
        with self.assertRaises(UniqueViolation):
            self.env["kpi.work.item"].create(
                {"code": "S.01", "name": "Trùng", "uom_name": "việc", "standard_minutes": 10, "company_id": False}
            )
            self.env.flush_all()

    @mute_logger("odoo.sql_db")
    def test_norm_must_be_positive(self):
        with self.assertRaises(CheckViolation):
            self.env["kpi.work.item"].create(
                {"code": "Z.9", "name": "Sai", "uom_name": "việc", "standard_minutes": 0, "company_id": self.company.id}
            )
            self.env.flush_all()

    def test_employee_reads_catalogue(self):
        items = self.env["kpi.work.item"].with_user(self.staff_user).search([("company_id", "=", self.company.id)])
        self.assertIn(self.item_doc, items)
