from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestKpiSector(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(cls.env, login="sector_officer", groups="kpi_civil_service.group_kpi_hr_officer")
        cls.employee = new_test_user(cls.env, login="sector_employee", groups="kpi_civil_service.group_kpi_user")

    def test_hr_officer_manages_sectors(self):
        sector = self.env["kpi.sector"].with_user(self.officer).create({"code": "TC", "name": "Tài chính"})
        sector.write({"name": "Tài chính - Kế hoạch"})
        self.assertEqual(sector.name, "Tài chính - Kế hoạch")

    def test_employee_reads_but_cannot_change_sectors(self):
        sector = self.env["kpi.sector"].create({"code": "TP", "name": "Tư pháp"})
        self.assertEqual(sector.with_user(self.employee).name, "Tư pháp")
        with self.assertRaises(AccessError):
            sector.with_user(self.employee).write({"name": "Other"})
        with self.assertRaises(AccessError):
            self.env["kpi.sector"].with_user(self.employee).create({"code": "X", "name": "X"})

    @mute_logger("odoo.sql_db")
    def test_code_is_unique(self):
        self.env["kpi.sector"].create({"code": "XD", "name": "Xây dựng"})
        with self.assertRaises(UniqueViolation):
            self.env["kpi.sector"].create({"code": "XD", "name": "Xây dựng 2"})
            self.env.flush_all()
