from odoo import fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .hr_employee import STAFF_CATEGORIES

# What the KPI HR officer keeps of a person, and where the employee holds it.
EMPLOYEE_FIELDS = {
    "staff_category": "kpi_staff_category",
    "national_id": "kpi_national_id",
    "is_leader": "kpi_is_leader",
    "task_group_id": "kpi_task_group_id",
}


class KpiPerson(models.Model):
    """An employee as the KPI HR officer keeps them (KPI > Configuration >
    People Assessed): in the scheme or not (the staff category), the national
    identifier, the leader flag and the group of similar tasks. A view of the
    employees, so that the KPI HR officer need not be an Employees officer:
    they read and change these fields here, and nothing else of the employee;
    what they write goes to the employee, with its checks."""

    _name = "kpi.person"
    _description = "Person Assessed by KPI"
    _auto = False
    _order = "staff_category desc, name"

    employee_id = fields.Many2one("hr.employee", readonly=True)
    name = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", string="Agency", readonly=True)
    active = fields.Boolean(readonly=True)
    department_id = fields.Many2one("hr.department", string="Unit", compute="_compute_position", compute_sudo=True)
    job_id = fields.Many2one("hr.job", string="Job Position", compute="_compute_position", compute_sudo=True)
    staff_category = fields.Selection(
        STAFF_CATEGORIES,
        help="Only people with a category are scored and classified. Empty: outside the scheme (contract workers, "
        "the system's own users).",
    )
    national_id = fields.Char(
        string="National Identifier",
        groups="hr.group_hr_user,kpi_civil_service.group_kpi_hr_officer",
        help="The person's 12-digit identifier in the national database, leading zeros kept.",
    )
    is_leader = fields.Boolean(string="Leader")
    task_group_id = fields.Many2one("kpi.task.group", string="Group of Similar Tasks")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT e.id, e.id AS employee_id, e.name, e.company_id, e.active,
                           e.kpi_staff_category AS staff_category, e.kpi_national_id AS national_id,
                           e.kpi_is_leader AS is_leader, e.kpi_task_group_id AS task_group_id
                      FROM hr_employee e
                )
                """,
                SQL.identifier(self._table),
            )
        )

    def _compute_position(self):
        for person in self:
            person.department_id = person.employee_id.department_id
            person.job_id = person.employee_id.job_id

    def write(self, vals):  # pylint: disable=method-required-super
        # a view: what is written goes to the employee, once the user may write these people
        unknown = set(vals) - set(EMPLOYEE_FIELDS)
        if unknown:
            raise AccessError(self.env._("Only the KPI fields of a person are changed here."))
        self.check_access("write")
        self.employee_id.sudo().write({EMPLOYEE_FIELDS[name]: value for name, value in vals.items()})
        self.invalidate_recordset()
        return True
