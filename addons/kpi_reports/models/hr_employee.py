from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

MANAGER = "kpi_civil_service.group_kpi_manager"


def month_domain(env):
    """Diary lines of the current month."""
    first = fields.Date.context_today(env.user).replace(day=1)
    last = first + relativedelta(day=31)
    return Domain("date", ">=", fields.Date.to_string(first)) & Domain("date", "<=", fields.Date.to_string(last))


def assign_kpi_counts(employees):
    """Sets the smart-button counts of these employees (or public profiles):
    one query per model, with the user's rights (a manager counts what the
    record rules show)."""
    of_employees = Domain("employee_id", "in", employees.ids)
    for model, domain, fname in (
        ("kpi.diary.line", of_employees & month_domain(employees.env), "kpi_diary_month_count"),
        ("kpi.score", of_employees, "kpi_score_count"),
        ("kpi.assessment", of_employees, "kpi_assessment_count"),
    ):
        groups = employees.env[model]._read_group(domain, ["employee_id"], ["__count"])
        counts = {employee.id: count for employee, count in groups}
        for employee in employees:
            employee[fname] = counts.get(employee.id, 0)


def years_of(env, employee_ids):
    """(years, breakthrough tasks, the last 12 period scores) of each of these
    people, {employee id: records}: one query per model, with the user's
    rights (a unit head reads their subordinates', the HR officer the agency's)."""
    of_them = Domain("employee_id", "in", list(employee_ids))
    years = env["kpi.year.result"].search(of_them, order="year")
    tasks = env["kpi.breakthrough.task"].search(of_them & Domain("state", "!=", "cancelled"), order="year, id")
    scores = env["kpi.score"].search(of_them, order="date_from desc")
    years, tasks, scores = (
        {employee.id: records for employee, records in found.grouped("employee_id").items()}
        for found in (years, tasks, scores)
    )
    nothing = env["kpi.year.result"], env["kpi.breakthrough.task"], env["kpi.score"]
    return {
        employee_id: (
            years.get(employee_id, nothing[0]),
            tasks.get(employee_id, nothing[1]),
            scores.get(employee_id, nothing[2])[:12].sorted("date_from"),
        )
        for employee_id in employee_ids
    }


def assign_kpi_years(employees):
    """Sets the "KPI Years" page of these employees (or public profiles)."""
    found = years_of(employees.env, employees.ids)
    for employee in employees:
        employee.kpi_year_result_ids, employee.kpi_breakthrough_task_ids, employee.kpi_score_ids = found[employee.id]


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    # The smart buttons of the employee form (HR users and managers with HR rights).
    kpi_diary_month_count = fields.Integer(
        string="Diary Lines This Month", compute="_compute_kpi_counts", groups=MANAGER
    )
    kpi_score_count = fields.Integer(string="KPI Scores", compute="_compute_kpi_counts", groups=MANAGER)
    kpi_assessment_count = fields.Integer(string="Annual Assessments", compute="_compute_kpi_counts", groups=MANAGER)
    # the person's years (the "KPI Years" page and its one-page print)
    kpi_year_result_ids = fields.Many2many(
        "kpi.year.result", string="KPI Years", compute="_compute_kpi_years", groups=MANAGER
    )
    kpi_breakthrough_task_ids = fields.Many2many(
        "kpi.breakthrough.task", string="Breakthrough Tasks", compute="_compute_kpi_years", groups=MANAGER
    )
    kpi_score_ids = fields.Many2many("kpi.score", string="Period Scores", compute="_compute_kpi_years", groups=MANAGER)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kpi_counts(self):
        assign_kpi_counts(self)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kpi_years(self):
        assign_kpi_years(self)

    def _kpi_action(self, xml_id, name, domain):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(xml_id)
        action.update(
            {
                "name": name,
                "domain": list(Domain("employee_id", "=", self.id) & domain),
                "context": {"create": False},
            }
        )
        return action

    def action_kpi_open_diary(self):
        """This month's diary lines of the employee."""
        return self._kpi_action(
            "kpi_civil_service.kpi_diary_line_action_all",
            self.env._("Diary of %(employee)s This Month", employee=self.name),
            month_domain(self.env),
        )

    def action_kpi_open_scores(self):
        return self._kpi_action(
            "kpi_civil_service.kpi_score_action",
            self.env._("Scores of %(employee)s", employee=self.name),
            Domain.TRUE,
        )

    def action_kpi_open_assessments(self):
        return self._kpi_action(
            "kpi_civil_service.kpi_assessment_action",
            self.env._("Assessments of %(employee)s", employee=self.name),
            Domain.TRUE,
        )

    def action_kpi_print_years(self):
        """The person's years on one page (an appointment or rotation file)."""
        return self.env.ref("kpi_reports.action_report_employee_years").report_action(self, config=False)
