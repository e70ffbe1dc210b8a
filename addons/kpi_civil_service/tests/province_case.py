"""A province of three agencies with people in every category, leadership
and level, over two years (2025 imported, 2026 decided in the product). The
figures, worked out by hand:

2026, Sở Tư pháp (9): Hùng cadre leader completed 65; five civil servants
good (85, 80, 75, 72, 88) and An excellent 93, all in the group "Chuyên
viên"; Tâm not completed 45; Lan not classified (employed 4 months).
  excellent 1, good 5, completed 1, not completed 1, not classified 1;
  shares 11.11 / 55.56 / 11.11 / 11.11 / 11.11 %.
  Quota (Chuyên viên): 5 good, 1 excellent, 20 % of 5 = 1 allowed: within.
2026, Bệnh viện Đa khoa tỉnh (3): public employees; Mai leader excellent 95,
  Hoa good 82, Nga completed 60 (no group): 1 good, 1 excellent, 0 allowed:
  over the quota. Shares 33.33 each.
2026, UBND huyện Diên Khánh (1 decided, 1 open): Phúc cadre good 78; Quân's
  assessment still a draft at the deadline (1 December): late.
Province 2026 (13): excellent 2, good 7, completed 2, not completed 1, not
  classified 1; shares 15.38 / 53.85 / 15.38 / 7.69 / 7.69 %.
2025, imported for Sở Tư pháp: Tâm not completed 48 and Bình good 80 (decision
  15/QĐ-STP of 20 December 2025). So Tâm is not completed in 2025 and 2026:
  two consecutive years, the rule sets' default.
"""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from .common import KpiCase


class ProvinceCase(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.justice = cls._create_agency("Sở Tư pháp")
        cls.hospital = cls._create_agency("Bệnh viện Đa khoa tỉnh")
        cls.district = cls._create_agency("UBND huyện Diên Khánh")
        cls.agencies = cls.justice | cls.hospital | cls.district
        cls.nd233 = cls.env.ref("kpi_civil_service.kpi_rule_set_nd233")
        cls.hospital.kpi_rule_set_id = cls.nd233
        cls.group = cls.env["kpi.task.group"].create({"name": "Chuyên viên", "company_id": cls.justice.id})
        cls.campaigns = {
            company: cls.env["kpi.assessment.campaign"].create(
                {
                    "company_id": company.id,
                    "year": 2026,
                    "rule_set_id": company.kpi_rule_set_id.id,
                    "date_deadline": date(2026, 12, 1) if company == cls.district else date(2026, 12, 15),
                    "decision_number": f"{number}/QĐ-{code}",
                    "decision_date": date(2026, 12, 10),
                }
            )
            for company, number, code in ((cls.justice, 30, "STP"), (cls.hospital, 12, "BV"), (cls.district, 7, "UBND"))
        }
        people = {}
        for key, company, name, category, leader, group, level, total in (
            ("hung", cls.justice, "Trần Văn Hùng", "cadre", True, False, "completed", 65.0),
            ("binh2", cls.justice, "Lê Thị Bình", "civil_servant", False, True, "good", 85.0),
            ("khoa", cls.justice, "Phạm Văn Khoa", "civil_servant", False, True, "good", 80.0),
            ("linh", cls.justice, "Đỗ Thùy Linh", "civil_servant", False, True, "good", 75.0),
            ("son", cls.justice, "Vũ Ngọc Sơn", "civil_servant", False, True, "good", 72.0),
            ("thao", cls.justice, "Hoàng Thu Thảo", "civil_servant", False, True, "good", 88.0),
            ("an", cls.justice, "Nguyễn Bình An", "civil_servant", False, True, "excellent", 93.0),
            ("tam", cls.justice, "Lý Minh Tâm", "civil_servant", False, True, "not_completed", 45.0),
            ("lan", cls.justice, "Tạ Ngọc Lan", "civil_servant", False, True, False, 0.0),
            ("mai", cls.hospital, "Bùi Thị Mai", "public_employee", True, False, "excellent", 95.0),
            ("hoa", cls.hospital, "Đinh Thị Hoa", "public_employee", False, False, "good", 82.0),
            ("nga", cls.hospital, "Cao Thị Nga", "public_employee", False, False, "completed", 60.0),
            ("phuc", cls.district, "Trương Văn Phúc", "cadre", False, False, "good", 78.0),
            ("quan", cls.district, "Ngô Văn Quân", "cadre", False, False, None, 0.0),
        ):
            employee = cls.env["hr.employee"].create(
                {
                    "name": name,
                    "company_id": company.id,
                    "kpi_staff_category": category,
                    "kpi_is_leader": leader,
                    "kpi_task_group_id": cls.group.id if group else False,
                    "resource_calendar_id": cls.calendar.id,
                }
            )
            people[key] = employee
            campaign = cls.campaigns[company]
            values = {
                "campaign_id": campaign.id,
                "employee_id": employee.id,
                "company_id": company.id,
                "task_group_id": employee.kpi_task_group_id.id,
                "is_leader": leader,
                "year": 2026,
                "rule_set_id": campaign.rule_set_id.id,
                "total_score": total,
                "months_worked": 12,
                "periods_worked": 12,
                "months_employed": 12.0,
            }
            if level is None:  # still open
                values["state"] = "draft"
            elif level is False:  # not classified: employed 4 months
                values.update(
                    state="decided", not_classified=True, months_worked=4, periods_worked=4, months_employed=4.0
                )
            else:
                values.update(state="decided", final_level=level, computed_level=level)
            cls.env["kpi.assessment"].sudo().create(values)
        cls.people = people
        cls.env["kpi.past.result"].create(
            [
                {
                    "employee_id": people[key].id,
                    "year": 2025,
                    "total_score": total,
                    "level": level,
                    "months_worked": 12,
                    "decision_number": "15/QĐ-STP",
                    "decision_date": date(2025, 12, 20),
                }
                for key, total, level in (("tam", 48.0, "not_completed"), ("binh2", 80.0, "good"))
            ]
        )
        cls.province_user = new_test_user(
            cls.env,
            login="province_officer",
            name="Chuyên viên Sở Nội vụ",
            groups="kpi_civil_service.group_kpi_province_officer",
            company_id=cls.justice.id,
            company_ids=[Command.set(cls.agencies.ids)],
        )
        cls.justice_hr = cls._user("justice_hr", "hr_officer", cls.justice)
