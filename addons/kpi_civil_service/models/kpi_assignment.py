from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import kpi_rules
from .utils import check_create_fields, written_fields

# What the assigner (or a manager above) sets; the state and the day done
# change with the buttons only, which check who acts (docs/rules.md, "Assignments").
# The workflow, one table: each step with the states it is taken from, the
# state it reaches and the right it needs (_rights_refusal); the actions and
# the buttons (can_<step>) ask the gatekeeper of kpi.workflow.mixin.
TRANSITIONS = {
    "start": (("assigned",), "in_progress", "act"),
    "done": (("assigned", "in_progress"), "done", "act"),
    "cancel": (("assigned", "in_progress"), "cancelled", "cancel"),
}
# What b and c of a period read of an assignment (its planned minutes, when
# it is due and done, whether it counts): a change marks the periods.
SCORED_FIELDS = {
    "employee_id",
    "work_item_id",
    "planned_quantity",
    "date_assigned",
    "date_deadline",
    "state",
    "date_done",
}
TASK_FIELDS = {
    "name",
    "employee_id",
    "assigner_id",
    "work_item_id",
    "planned_quantity",
    "date_assigned",
    "date_deadline",
    "expected_product",
    "is_breakthrough",
}


class KpiAssignment(models.Model):
    """A task assigned under the "5 clear" rule (5 rõ): clear person, task,
    deadline, responsibility and product."""

    _name = "kpi.assignment"
    _inherit = ["mail.thread", "mail.activity.mixin", "kpi.input.guard.mixin", "kpi.workflow.mixin"]
    _description = "Assignment"
    _order = "date_deadline, id"
    _check_company_auto = True
    _kpi_transitions = TRANSITIONS

    name = fields.Char(string="Task", required=True, tracking=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Assignee", required=True, index=True, tracking=True, check_company=True
    )
    assigner_id = fields.Many2one(
        "res.users", string="Assigned By", required=True, default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", string="Agency", related="employee_id.company_id", store=True, index=True, precompute=True
    )
    department_id = fields.Many2one(
        "hr.department", string="Unit", related="employee_id.department_id", store=True, index=True, precompute=True
    )
    work_item_id = fields.Many2one("kpi.work.item", required=True, check_company=True)
    planned_quantity = fields.Float(required=True, default=1.0, tracking=True)
    planned_minutes = fields.Float(
        string="Planned Converted Minutes", compute="_compute_planned_minutes", store=True, digits=(16, 2)
    )
    date_assigned = fields.Date(required=True, default=fields.Date.context_today)
    date_deadline = fields.Date(string="Deadline", required=True, index=True, tracking=True)
    expected_product = fields.Text(required=True, help="What is handed over when the task is done.")
    is_breakthrough = fields.Boolean(
        string="Breakthrough Task", tracking=True, help="Leaders register one or two breakthrough tasks a year."
    )
    state = fields.Selection(
        [("assigned", "Assigned"), ("in_progress", "In Progress"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="assigned",
        required=True,
        tracking=True,
        index=True,
    )
    # what the user may do now, from the workflow's gatekeeper (the buttons follow)
    can_start = fields.Boolean(compute="_compute_can_steps")
    can_done = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")
    date_done = fields.Date(string="Done On", tracking=True, copy=False)
    is_late = fields.Boolean(
        compute="_compute_is_late", store=True, help="Finished after the deadline: its diary lines count a delay."
    )
    diary_line_ids = fields.One2many("kpi.diary.line", "assignment_id", string="Diary Lines")

    _planned_quantity_positive = models.Constraint(
        "CHECK(planned_quantity > 0)", "The planned quantity must be greater than 0."
    )
    _deadline_after_assignment = models.Constraint(
        "CHECK(date_deadline >= date_assigned)", "The deadline cannot be before the assignment date."
    )

    @api.depends("planned_quantity", "work_item_id.standard_minutes", "work_item_id.coefficient")
    def _compute_planned_minutes(self):
        for assignment in self:
            item = assignment.work_item_id
            assignment.planned_minutes = kpi_rules.converted_minutes(
                assignment.planned_quantity, item.standard_minutes, item.coefficient
            )

    @api.depends("date_done", "date_deadline")
    def _compute_is_late(self):
        for assignment in self:
            assignment.is_late = bool(assignment.date_done and assignment.date_done > assignment.date_deadline)

    @api.model_create_multi
    def create(self, vals_list):
        check_create_fields(self, vals_list, TASK_FIELDS)
        assignments = super().create(vals_list)
        assignments._check_task_rights()
        assignments._mark_periods_changed()
        for assignment in assignments.filtered("employee_id.user_id"):
            assignment.activity_schedule(
                "kpi_civil_service.mail_activity_kpi_assignment",
                date_deadline=assignment.date_deadline,
                user_id=assignment.employee_id.user_id.id,
                summary=assignment.name,
            )
        return assignments

    def write(self, vals):
        fnames = written_fields(vals) if not self.env.su else set()
        if fnames - TASK_FIELDS:
            raise AccessError(self.env._("An assignment is started, done and cancelled with its buttons."))
        if fnames and self._assigned_to_me_by_another():
            raise AccessError(self.env._("The assignee reports progress; the task itself is changed by the assigner."))
        scored = bool(set(vals) & SCORED_FIELDS)
        if scored:
            self._mark_periods_changed()  # the periods of the task as it was
        result = super().write(vals)
        if fnames:
            self._check_task_rights()  # the rights hold after the change as well as before
        if scored:
            self._mark_periods_changed()  # and as it is now
        return result

    def _mark_periods_changed(self):
        """A task assigned, changed, finished or cancelled moves b and c of its
        assignee's periods from the day it was assigned on (what is assigned,
        overdue or late): the computed ones show uncomputed changes until they
        are computed again, as for the diary (docs/rules.md, "Period total")."""
        periods = self.env["kpi.period"].sudo()
        for company, tasks in self.grouped("company_id").items():
            dates = [day for day in tasks.mapped("date_assigned") if day]
            if company and dates:
                periods |= periods.search(
                    [
                        ("company_id", "=", company.id),
                        ("state", "=", "open"),
                        ("date_computed", "!=", False),
                        ("needs_recompute", "=", False),
                        ("date_to", ">=", min(dates)),
                    ]
                )
        periods.needs_recompute = True

    def _assigned_to_me_by_another(self):
        return any(a.employee_id.user_id == self.env.user and a.assigner_id != self.env.user for a in self)

    def _check_task_rights(self):
        """Who sets a task: the assigner is the user who sets it, and the
        assignee is one of their subordinates (any of the agency's people for
        an HR officer); the record rules hold on the task as it now is."""
        if self.env.su:
            return
        self.check_access("write")
        if self.filtered(lambda a: a.assigner_id != self.env.user):
            raise AccessError(self.env._("The assigner of a task is the user who assigns it."))
        if not self.env.user.has_group("kpi_civil_service.group_kpi_hr_officer"):
            if self.employee_id - self.employee_id._kpi_managed_by_user():
                raise AccessError(self.env._("A task is assigned only to one of your subordinates."))

    def _rights_refusal(self, right):
        """The assignee starts and finishes their task; the assigner, the
        managers above and the HR officer may too (whoever may write it), and
        only they cancel it."""
        if self.env.su:
            return None
        if not self.has_access("write"):
            return self.env._("You cannot change these assignments.")
        if right == "cancel" and self._assigned_to_me_by_another():
            return self.env._("An assignee does not cancel their own task; the assigner does.")
        return None

    def _state_refusal(self, step):
        wrong = self.filtered(lambda a: a.state not in TRANSITIONS[step][0])
        if wrong:
            return self.env._(
                "This action is not possible for assignments in state %(state)s: %(names)s",
                state=dict(self._fields["state"]._description_selection(self.env))[wrong[0].state],
                names=", ".join(wrong.mapped("name")),
            )
        return None

    def action_start(self):
        self._check_transition("start")
        self.sudo().write({"state": TRANSITIONS["start"][1]})

    def action_done(self):
        self._check_transition("done")
        self.sudo().write({"state": TRANSITIONS["done"][1], "date_done": fields.Date.context_today(self)})
        self.activity_feedback(["kpi_civil_service.mail_activity_kpi_assignment"])

    def action_cancel(self):
        self._check_transition("cancel")
        self.sudo().write({"state": TRANSITIONS["cancel"][1]})
        self.activity_unlink(["kpi_civil_service.mail_activity_kpi_assignment"])

    @api.ondelete(at_uninstall=False)
    def _unlink_only_without_diary(self):
        if self.diary_line_ids:
            raise UserError(self.env._("An assignment with diary lines cannot be deleted; cancel it instead."))
