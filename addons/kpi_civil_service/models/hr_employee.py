from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

PROTECTION_GROUPS = "hr.group_hr_user"  # private data: HR users only (not on the public profile)
STAFF_CATEGORIES = [("civil_servant", "Civil Servant"), ("public_employee", "Public Employee"), ("cadre", "Cadre")]
CHILD_PROTECTED_MONTHS = 36


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    _kpi_national_id_digits = models.Constraint(
        "CHECK(kpi_national_id IS NULL OR kpi_national_id ~ '^[0-9]{12}$')",
        "The national identifier is 12 digits.",
    )
    # no `size`: the ORM would cut a 13-digit typing error into a valid-looking identifier

    kpi_national_id = fields.Char(
        string="National Identifier",
        index="btree_not_null",
        groups=PROTECTION_GROUPS,  # private (hr checks every field it fetches for the public profile)
        help="The person's 12-digit identifier in the national database of cadres, civil servants and public "
        "employees (Decree 27/2026), leading zeros kept.",
    )
    kpi_staff_category = fields.Selection(
        STAFF_CATEGORIES,
        string="Staff Category",
        index=True,
        help="Who is assessed by KPI: only people with a category are scored and classified. Empty: outside the "
        "scheme (contract workers, the system's own users).",
    )
    kpi_is_leader = fields.Boolean(
        string="Leader",
        compute="_compute_kpi_is_leader",
        store=True,
        readonly=False,
        help="Heads and deputies are scored with the leaders' formula. Follows the job position; can be set by hand.",
    )
    kpi_task_group_id = fields.Many2one(
        "kpi.task.group",
        string="Group of Similar Tasks",
    )
    # Decree 154/2025: people the streamlining list never proposes (sensitive: HR only)
    kpi_pregnant = fields.Boolean(string="Pregnant", groups=PROTECTION_GROUPS)
    kpi_youngest_child_birthday = fields.Date(
        string="Youngest Child Born On",
        groups=PROTECTION_GROUPS,
        help="People raising a child under 36 months are not proposed for streamlining (Decree 154/2025).",
    )
    kpi_disciplinary_review = fields.Boolean(string="Under Disciplinary Review", groups=PROTECTION_GROUPS)

    @api.depends("job_id.kpi_position_type")
    def _compute_kpi_is_leader(self):
        for employee in self:
            employee.kpi_is_leader = employee.job_id.kpi_position_type in ("head", "deputy")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kpi_clean_national_id(vals)
        employees = super().create(vals_list)
        # hr writes the job on the employee's version after the employee, and
        # some fields (work_email...) through inverses: the flag computed during
        # create cannot be trusted either way. Settle it from the job, or keep
        # what was given.
        employees._compute_kpi_is_leader()
        for employee, vals in zip(employees, vals_list, strict=True):
            if "kpi_is_leader" in vals:
                employee.kpi_is_leader = vals["kpi_is_leader"]
        return employees

    def write(self, vals):
        self._kpi_clean_national_id(vals)
        return super().write(vals)

    @api.model
    def _kpi_clean_national_id(self, vals):
        """ "056 186 000 123" as printed on the card is 056186000123; anything
        else than 12 digits is refused by the constraint."""
        if isinstance(vals.get("kpi_national_id"), str):
            vals["kpi_national_id"] = "".join(vals["kpi_national_id"].split()) or False

    @api.model
    def _kpi_subordinates_domain(self, user=None):
        """The people a user manages: everyone below the user's employees in the
        `parent_id` hierarchy, and everyone in the units (and sub-units) whose
        manager the user is. The record rules say the same in XML."""
        user = user or self.env.user
        return (
            Domain("parent_id", "child_of", user.employee_ids.ids)
            | Domain("department_id", "child_of", user.kpi_managed_department_ids.ids)
        ) & Domain("id", "not in", user.employee_ids.ids)

    def _kpi_managed_by_user(self):
        """The part of these employees that the current user manages."""
        return self.sudo().search(Domain("id", "in", self.ids) & self._kpi_subordinates_domain())

    def _kpi_employment_intervals(self):
        """{employee id: [(start, end)]}: when each person was employed, from the
        contract dates kept on their versions (end None while open). People with
        no contract dates at all are left out: they count as employed throughout,
        as Odoo's own working-time computation assumes."""
        versions = (
            self.env["hr.version"]
            .sudo()
            .search_fetch(
                [("employee_id", "in", self.ids), ("contract_date_start", "!=", False)],
                ["employee_id", "contract_date_start", "contract_date_end"],
            )
        )
        intervals = {}
        for version in versions:
            interval = (version.contract_date_start, version.contract_date_end or None)
            employee_intervals = intervals.setdefault(version.employee_id.id, [])
            if interval not in employee_intervals:
                employee_intervals.append(interval)
        return intervals

    @api.model
    def _kpi_streamlining_protected_domain(self, on_date):
        """Decree 154/2025: the people not proposed for streamlining on a date:
        pregnant, raising a child under 36 months, or under disciplinary review."""
        return (
            Domain("kpi_pregnant", "=", True)
            | Domain("kpi_disciplinary_review", "=", True)
            | Domain("kpi_youngest_child_birthday", ">", on_date - relativedelta(months=CHILD_PROTECTED_MONTHS))
        )

    def _kpi_streamlining_protections(self, on_date):
        """The reasons (translated labels) that keep this person off the streamlining list."""
        self.ensure_one()
        employee = self.sudo()
        reasons = []
        if employee.kpi_pregnant:
            reasons.append(self.env._("pregnant"))
        if employee.kpi_youngest_child_birthday and employee.kpi_youngest_child_birthday > on_date - relativedelta(
            months=CHILD_PROTECTED_MONTHS
        ):
            reasons.append(self.env._("raising a child under 36 months"))
        if employee.kpi_disciplinary_review:
            reasons.append(self.env._("under disciplinary review"))
        return reasons

    def _kpi_approver_users(self):
        """Who is asked to approve an employee's diary: the direct manager, or
        else the manager of the unit."""
        self.ensure_one()
        manager = self.parent_id if self.parent_id.user_id else self.department_id.manager_id
        return manager.user_id if manager != self else self.env["res.users"]
