from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKpiUi(HttpCase):
    def test_kpi_menu_tour(self):
        """An administrator logs in, opens the KPI app and its sectors."""
        self.start_tour("/odoo", "kpi_menu_tour", login="admin")

    def test_diary_tour(self):
        """An employee enters two lines for today and submits; the manager approves them."""
        company = self.env.ref("base.main_company")
        manager_user = new_test_user(
            self.env,
            login="tour_manager",
            groups="kpi_civil_service.group_kpi_manager",
            company_ids=[Command.set(company.ids)],
            company_id=company.id,
        )
        employee_user = new_test_user(
            self.env,
            login="tour_employee",
            groups="kpi_civil_service.group_kpi_user",
            company_ids=[Command.set(company.ids)],
            company_id=company.id,
        )
        manager = self.env["hr.employee"].create({"name": "Trưởng phòng Tour", "user_id": manager_user.id})
        employee = self.env["hr.employee"].create(
            {"name": "Chuyên viên Tour", "user_id": employee_user.id, "parent_id": manager.id}
        )
        self.env["kpi.work.item"].create(
            {
                "code": "TOUR.1",
                "name": "Soạn thảo công văn tour",
                "uom_name": "văn bản",
                "standard_minutes": 60,
                "company_id": company.id,
            }
        )
        self.start_tour("/odoo", "kpi_diary_employee_tour", login="tour_employee")
        lines = self.env["kpi.diary.line"].search([("employee_id", "=", employee.id)])
        self.assertEqual(len(lines), 2)
        self.assertEqual(set(lines.mapped("state")), {"submitted"})
        self.start_tour("/odoo", "kpi_diary_manager_tour", login="tour_manager")
        self.assertEqual(set(lines.mapped("state")), {"approved"})
