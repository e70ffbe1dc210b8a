from odoo import api, fields, models
from odoo.fields import Domain


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    kpi_staff_category = fields.Selection(
        [("civil_servant", "Civil Servant"), ("public_employee", "Public Employee"), ("cadre", "Cadre")],
        string="Staff Category",
        default="civil_servant",
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

    @api.depends("job_id.kpi_position_type")
    def _compute_kpi_is_leader(self):
        for employee in self:
            employee.kpi_is_leader = employee.job_id.kpi_position_type in ("head", "deputy")

    @api.model_create_multi
    def create(self, vals_list):
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

    def _kpi_approver_users(self):
        """Who is asked to approve an employee's diary: the direct manager, or
        else the manager of the unit."""
        self.ensure_one()
        manager = self.parent_id if self.parent_id.user_id else self.department_id.manager_id
        return manager.user_id if manager != self else self.env["res.users"]
