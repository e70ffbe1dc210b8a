import calendar
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

SEPTEMBER = (date(2026, 9, 1), date(2026, 9, 30))


def month_bounds(year, month):
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


class KpiCase(TransactionCase):
    """An agency of its own (so demo data never interferes), with a Vietnamese
    office calendar (Mon-Fri 7:30-11:30, 13:30-17:30) whose September 2026 has
    22 weekdays, two of them public holidays (1 and 2 September): 160 hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nd335 = cls.env.ref("kpi_civil_service.kpi_rule_set_nd335")
        cls.kh1636 = cls.env.ref("kpi_civil_service.kpi_rule_set_kh1636")
        # b and c as the weighted mean over the work done (the rule sets' other base)
        cls.nd335_done = cls.nd335.copy({"code": "nd335_done", "quality_base": "done"})
        cls.company = cls.env["res.company"].create({"name": "Sở Nội vụ (kiểm thử)", "kpi_rule_set_id": cls.nd335.id})
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Giờ hành chính",
                "tz": "Asia/Ho_Chi_Minh",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create({"name": f"{day} {part}", "dayofweek": str(day), "hour_from": start, "hour_to": end})
                    for day in range(5)
                    for part, start, end in (("sáng", 7.5, 11.5), ("chiều", 13.5, 17.5))
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        # 1 and 2 September, local midnight to midnight (UTC+7); public holidays
        # are global leaves of the agency's calendar
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Quốc khánh",
                "calendar_id": cls.calendar.id,
                "date_from": "2026-08-31 17:00:00",
                "date_to": "2026-09-02 16:59:59",
            }
        )
        cls.unit = cls.env["hr.department"].create({"name": "Phòng Tổ chức - Biên chế", "company_id": cls.company.id})
        cls.other_unit = cls.env["hr.department"].create(
            {"name": "Phòng Công chức - Viên chức", "company_id": cls.company.id}
        )
        cls.head_job = cls.env["hr.job"].create(
            {"name": "Trưởng phòng", "kpi_position_type": "head", "company_id": cls.company.id}
        )
        cls.staff_job = cls.env["hr.job"].create(
            {"name": "Chuyên viên", "kpi_position_type": "staff", "company_id": cls.company.id}
        )
        cls.item_doc = cls.env["kpi.work.item"].create(
            {
                "code": "T.01",
                "name": "Soạn thảo công văn",
                "group": "B",
                "uom_name": "văn bản",
                "standard_minutes": 60,
                "coefficient": 1.0,
                "company_id": cls.company.id,
            }
        )
        cls.item_report = cls.env["kpi.work.item"].create(
            {
                "code": "T.02",
                "name": "Soạn thảo báo cáo chuyên đề",
                "group": "B",
                "uom_name": "báo cáo",
                "standard_minutes": 120,
                "coefficient": 1.5,
                "company_id": cls.company.id,
            }
        )
        cls.staff_job.kpi_work_item_ids = cls.item_report
        cls.head_user, cls.head = cls._create_person("truong", "Nguyễn Văn Trường", cls.head_job, "manager")
        cls.unit.manager_id = cls.head
        cls.staff_user, cls.staff = cls._create_person("binh", "Trần Thị Bình", cls.staff_job, "user", cls.head)
        cls.peer_user, cls.peer = cls._create_person("cuong", "Lê Văn Cường", cls.staff_job, "user", cls.head)
        cls.admin_user = cls._user("kpi_admin_t", "admin")
        cls.officer_user = cls._user("kpi_officer_t", "hr_officer")

    @classmethod
    def _user(cls, login, role, company=None, **values):
        """A user of one agency with one KPI group."""
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=f"kpi_civil_service.group_kpi_{role}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            **values,
        )

    @classmethod
    def _create_agency(cls, name):
        company = cls.env["res.company"].create(
            {"name": name, "resource_calendar_id": cls.calendar.id, "kpi_rule_set_id": cls.nd335.id}
        )
        return company

    @classmethod
    def _create_person(cls, login, name, job, role, manager=None, company=None, department=None):
        company = company or cls.company
        user = cls._user(login, role, company, name=name, tz="Asia/Ho_Chi_Minh")
        employee = cls.env["hr.employee"].create(
            {
                "name": name,
                "user_id": user.id,
                "company_id": company.id,
                "kpi_staff_category": "civil_servant",
                "department_id": (department or (cls.unit if company == cls.company else cls.env["hr.department"])).id,
                "job_id": job.id if job else False,
                "parent_id": manager.id if manager else False,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        return user, employee

    @classmethod
    def line(cls, employee, day, item, quantity, hours, state="approved", **extra):
        """A diary line in a given state, written as the system would (also in setUpClass)."""
        line = cls.env["kpi.diary.line"].create(
            {
                "employee_id": employee.id,
                "date": day,
                "work_item_id": item.id,
                "quantity": quantity,
                "hours": hours,
                "name": f"{item.name} {quantity}",
            }
        )
        if state != "draft" or extra:
            line.sudo().write({"state": state, "was_submitted": state != "draft", **extra})
        return line

    def period(self, rule_set=None, dates=SEPTEMBER, company=None):
        """The agency's open period of these dates under this rule set (created where missing)."""
        company, rule_set = company or self.company, rule_set or self.nd335
        period = self.env["kpi.period"].search(
            [("company_id", "=", company.id), ("date_from", "=", dates[0]), ("date_to", "=", dates[1])]
        )
        if period:
            if period.rule_set_id != rule_set:
                period.rule_set_id = rule_set
            return period
        return self.env["kpi.period"].create(
            {"company_id": company.id, "rule_set_id": rule_set.id, "date_from": dates[0], "date_to": dates[1]}
        )

    def score_of(self, period, employee):
        return period.score_ids.filtered(lambda s: s.employee_id == employee)


# A check run in the page by HttpCase.browser_js: `body` throws to fail and
# passes by ending. It has at hand `until(condition, seconds, why)` (the
# condition's first truthy value, polled; else it fails with `why()`),
# `visible(selector)` and `waitFor(selector, seconds)`.
PAGE_CHECK = """
(async () => {
    const until = async (condition, seconds, why) => {
        const deadline = Date.now() + seconds * 1000;
        for (;;) {
            const result = condition();
            if (result) {
                return result;
            }
            if (Date.now() > deadline) {
                throw new Error(`${why()} (after ${seconds} s)`);
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    };
    const visible = (selector) => [...document.querySelectorAll(selector)].find((el) => el.checkVisibility());
    const waitFor = (selector, seconds = 30) =>
        until(() => visible(selector), seconds, () => `nothing shows ${selector}`);
    try {
        BODY
        console.log("test successful");
    } catch (error) {
        console.error(error.message);
    }
})();
"""


def page_check(body):
    """The script of a check run in the page (PAGE_CHECK) with this body."""
    return PAGE_CHECK.replace("BODY", body)
