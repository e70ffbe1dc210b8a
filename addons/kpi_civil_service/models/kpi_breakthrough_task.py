from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .utils import check_create_fields, given_reason, in_language_of, serialize_on, state_label, written_fields

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("party_reviewed", "Approved by the Party Committee"),
    ("approved", "Approved"),
    ("evaluated", "Result Confirmed"),
    ("cancelled", "Cancelled"),
]
RESULTS = [("done", "Done"), ("partly", "Partly Done"), ("not_done", "Not Done")]
# what the leader writes: the registration while a draft, the result once approved
REGISTRATION_FIELDS = {"name", "expected_product", "date_deadline", "success_measure"}
RESULT_FIELDS = {"result", "result_evidence"}
PENDING_STATES = ("submitted", "party_reviewed", "approved")
# The workflow, one table: each step with the states it is taken from, the
# state it reaches and the right it needs (_user_may). The actions and the
# buttons (can_<step>) all ask the gatekeeper of kpi.workflow.mixin.
TRANSITIONS = {
    "submit": (("draft",), "submitted", "register"),
    "party_review": (("submitted",), "party_reviewed", "party_review"),
    "approve": (("submitted", "party_reviewed"), "approved", "approve"),
    "send_back": (("submitted", "party_reviewed"), "draft", "send_back"),
    "evaluate": (("approved",), "evaluated", "evaluate"),
    "reopen": (("evaluated",), "approved", "evaluate"),
    "cancel": (("draft", "submitted", "party_reviewed", "approved"), "cancelled", "cancel"),
}
DECIDER = "kpi_civil_service.group_kpi_decider"
PARTY = "kpi_civil_service.group_kpi_party_committee"
HR_OFFICER = "kpi_civil_service.group_kpi_hr_officer"


class KpiBreakthroughTask(models.Model):
    """A breakthrough, creative task a leader registers for the year (Hai
    Duong: every leader from deputy head up registers one or two). The
    competent authority (after the party committee where the rule set says so)
    approves it; at year end the leader reports the result with evidence and
    the authority confirms it, which scores the rule set's breakthrough
    criterion on the leader's assessment and may cap the level."""

    _name = "kpi.breakthrough.task"
    _inherit = ["mail.thread", "mail.activity.mixin", "kpi.input.guard.mixin", "kpi.workflow.mixin"]
    _description = "Breakthrough Task"
    _order = "year desc, employee_id, id"
    _check_company_auto = True
    _kpi_transitions = TRANSITIONS

    name = fields.Char(string="Task", required=True, tracking=True)
    employee_id = fields.Many2one(
        "hr.employee",
        string="Leader",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    company_id = fields.Many2one(
        "res.company", string="Agency", related="employee_id.company_id", store=True, index=True, precompute=True
    )
    department_id = fields.Many2one(
        "hr.department", string="Unit", related="employee_id.department_id", store=True, precompute=True
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True)
    expected_product = fields.Text(required=True, help="What the task delivers.")
    success_measure = fields.Text(string="Measure of Success", required=True, help="How its success is measured.")
    date_deadline = fields.Date(string="Deadline", required=True, tracking=True)
    rule_set_id = fields.Many2one("kpi.rule.set", compute="_compute_rule_set_id", store=True)
    party_approval_required = fields.Boolean(related="rule_set_id.breakthrough_party_approval")
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    party_reviewer_id = fields.Many2one("res.users", string="Party Committee", readonly=True, copy=False)
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False, tracking=True)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    result = fields.Selection(RESULTS, tracking=True, copy=False)
    result_evidence = fields.Text(string="Evidence", copy=False, help="What shows the result: documents, figures.")
    evaluator_id = fields.Many2one("res.users", string="Result Confirmed By", readonly=True, copy=False)
    date_evaluated = fields.Datetime(string="Result Confirmed On", readonly=True, copy=False)
    # what the user may do now, from the workflow's gatekeeper (the buttons follow)
    can_submit = fields.Boolean(compute="_compute_can_steps")
    can_party_review = fields.Boolean(compute="_compute_can_steps")
    can_approve = fields.Boolean(compute="_compute_can_steps")
    can_send_back = fields.Boolean(compute="_compute_can_steps")
    can_evaluate = fields.Boolean(compute="_compute_can_steps")
    can_reopen = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")

    @api.depends("employee_id", "year")
    def _compute_rule_set_id(self):
        for task in self:
            employee, company = task.employee_id, task.employee_id.company_id
            if not employee or not task.year:
                task.rule_set_id = False
                continue
            task.rule_set_id = self.env["kpi.rule.set"]._by_employee(
                employee, company, date(task.year, 12, 31), company.kpi_rule_set_id
            )[employee.id]

    @api.constrains("year", "date_deadline")
    def _check_deadline_in_year(self):
        for task in self:
            if task.date_deadline and task.date_deadline.year != task.year:
                raise ValidationError(
                    self.env._(
                        "%(task)s: the deadline is in the year registered (%(year)s).", task=task.name, year=task.year
                    )
                )

    # ------------------------------------------------------------ rights

    def _is_own(self):
        return all(task.employee_id.user_id == self.env.user for task in self)

    def _user_may(self, right):
        """Whether the user holds `right` on all these tasks."""
        user = self.env.user
        if self.env.su or user.has_group("kpi_civil_service.group_kpi_admin"):
            return True
        own = any(task.employee_id.user_id == user for task in self)
        return {
            "register": lambda: self._is_own() or user.has_group(HR_OFFICER),
            "party_review": lambda: not own and user.has_group(PARTY),
            "approve": lambda: not own and user.has_group(DECIDER),
            "send_back": lambda: not own and (user.has_group(DECIDER) or user.has_group(PARTY)),
            "report": lambda: self._is_own(),
            "evaluate": lambda: not own and user.has_group(DECIDER),
            "cancel": lambda: self._is_own() or (not own and user.has_group(HR_OFFICER)),
        }[right]()

    def _check_rights(self, right):
        """Each step is open only to the right person."""
        if not self._user_may(right):
            raise AccessError(self._not_your_step())

    def _not_your_step(self):
        return self.env._("You are not the person who takes this step of the breakthrough task.")

    def _state_refusal(self, step):
        message = super()._state_refusal(step)
        if message:
            return message
        if step == "party_review" and self.filtered(lambda task: not task.party_approval_required):
            return self.env._("The rule set does not ask the party committee to approve these tasks.")
        waiting = self.filtered(lambda task: task.party_approval_required and task.state == "submitted")
        if step == "approve" and waiting:
            return self.env._("%s needs the approval of the party committee first.", waiting[0].name)
        return None

    def _check_state(self, states):
        message = self._states_refusal(states)
        if message:
            raise UserError(message)

    @api.model_create_multi
    def create(self, vals_list):
        check_create_fields(self, vals_list, REGISTRATION_FIELDS | {"employee_id", "year"})
        tasks = super().create(vals_list)
        if not self.env.su:
            tasks._check_rights("register")
            tasks._check_registration()
        return tasks

    def write(self, vals):
        if not self.env.su:
            names = written_fields(vals)
            if names - REGISTRATION_FIELDS - RESULT_FIELDS:
                raise AccessError(self.env._("A breakthrough task changes through its buttons."))
            if names & REGISTRATION_FIELDS:
                self._check_state(("draft",))
                self._check_rights("register")
            if names & RESULT_FIELDS:
                self._check_state(("approved",))
                self._check_rights("report")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if not self.env.su and self.filtered(lambda task: task.state != "draft"):
            raise UserError(self.env._("A submitted breakthrough task is cancelled with a reason, not deleted."))

    def _check_registration(self):
        """A leader's tasks of a year: only leaders register, for this year
        or the next, and no more than the rule set allows (checked one
        registration after the other)."""
        serialize_on(self.env, "hr_employee", self.employee_id.ids)
        today = fields.Date.context_today(self)
        for task in self:
            if not task.employee_id.kpi_is_leader:
                raise ValidationError(
                    self.env._(
                        "%s is not a leader: breakthrough tasks are registered by leaders.", task.employee_id.name
                    )
                )
            if task.year not in (today.year, today.year + 1) and not self.env.user.has_group(HR_OFFICER):
                raise ValidationError(self.env._("Breakthrough tasks are registered for this year or the next."))
            most = task.rule_set_id.breakthrough_max_count or 2
            count = self.sudo().search_count(
                [("employee_id", "=", task.employee_id.id), ("year", "=", task.year), ("state", "!=", "cancelled")]
            )
            if count > most:
                raise ValidationError(
                    self.env._(
                        "%(leader)s registers at most %(most)s breakthrough tasks for %(year)s.",
                        leader=task.employee_id.name,
                        most=most,
                        year=task.year,
                    )
                )

    # ------------------------------------------------------------ workflow

    def action_submit(self):
        self._check_transition("submit")
        self._move("submit", {})

    def action_party_review(self):
        self._check_transition("party_review")
        self._move("party_review", {"party_reviewer_id": self.env.uid})

    def action_approve(self):
        self._check_transition("approve")
        self._move("approve", {"approver_id": self.env.uid, "date_approved": fields.Datetime.now()})

    def action_send_back(self, reason=None):
        """Back to the leader with a reason, to be changed and submitted again."""
        self._check_transition("send_back")
        reason = given_reason(self.env, reason)
        if reason is None:
            return self.env["kpi.reason.wizard"]._open_for(self, "send_back", self.env._("Send Back"))
        self._move("send_back", {"party_reviewer_id": False}, reason)

    def action_evaluate(self):
        """The competent authority confirms the result the leader reported."""
        self._check_transition("evaluate")
        for task in self:
            if not task.result or not (task.result_evidence or "").strip():
                raise UserError(self.env._("%s: the leader reports the result with its evidence first.", task.name))
        self._move("evaluate", {"evaluator_id": self.env.uid, "date_evaluated": fields.Datetime.now()})

    def action_reopen(self, reason=None):
        """A confirmed result is reopened by the competent authority with a reason."""
        self._check_transition("reopen")
        reason = given_reason(self.env, reason)
        if reason is None:
            return self.env["kpi.reason.wizard"]._open_for(self, "reopen", self.env._("Reopen"))
        self._move("reopen", {"evaluator_id": False, "date_evaluated": False}, reason)

    def action_cancel(self, reason=None):
        self._check_transition("cancel")
        reason = given_reason(self.env, reason)
        if reason is None:
            return self.env["kpi.reason.wizard"]._open_for(self, "cancel", self.env._("Cancel"))
        self._move("cancel", {}, reason)

    def _move(self, step, values, reason=None):
        self.sudo().write({"state": TRANSITIONS[step][1], **values})
        if reason:
            for task in self:
                task.message_post(body=self.env._("Reason: %s", reason), subtype_xmlid="mail.mt_note")
        self._schedule_next_activities()
        self.env["kpi.scoring"]._refresh_annual_of(self.employee_id.ids, set(self.mapped("year")))

    # ------------------------------------------------------------ activities

    def _next_actors(self):
        self.ensure_one()
        if self.state == "submitted":
            return self._users_of(PARTY) if self.party_approval_required else self._competent_authority()
        if self.state == "party_reviewed":
            return self._competent_authority()
        if self.state in ("draft", "approved"):
            return self.employee_id.user_id
        return self.env["res.users"]

    def _users_of(self, group_xmlid):
        """The agency's users given the role (not those who have it through the administrator's group)."""
        return (
            self.env.ref(group_xmlid)
            .sudo()
            .user_ids.filtered(lambda user: self.company_id in user.company_ids and user != self.employee_id.user_id)
        )

    def _competent_authority(self):
        """The leader's own manager where a decider, else the agency's deciders."""
        manager = self.employee_id.sudo().parent_id.user_id
        deciders = self._users_of(DECIDER)
        return manager if manager in deciders else deciders

    def _schedule_next_activities(self):
        activity_type = "kpi_civil_service.mail_activity_kpi_breakthrough"
        self.activity_unlink([activity_type])
        for task in self:
            deadline = task.date_deadline if task.state == "approved" else fields.Date.context_today(task)
            for user in task._next_actors():
                theirs = in_language_of(task, user)
                task.activity_schedule(
                    activity_type,
                    user_id=user.id,
                    date_deadline=deadline,
                    summary=theirs.env._(
                        "Breakthrough task %(name)s: %(state)s", name=task.name, state=state_label(theirs)
                    ),
                )
