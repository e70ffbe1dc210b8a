from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .. import kpi_rules
from .utils import check_create_fields, given_reason, in_language_of, number, serialize_on, written_fields

MAX_HOURS_PER_DAY = 24.0
# What the owner of a draft line may change; state and approval go through the actions.
OWNER_FIELDS = {"date", "work_item_id", "assignment_id", "quantity", "hours", "name", "evidence_ref", "employee_id"}
# What the approving manager may set on a submitted line.
MANAGER_FIELDS = {"error_count", "delay_count", "objective_cause"}
# The workflow, one table: each step with the states it is taken from, the
# state it reaches and the right it needs (_rights_refusal). The actions ask
# the gatekeeper of kpi.workflow.mixin; the review buttons follow can_review.
TRANSITIONS = {
    "submit": (("draft",), "submitted", "own"),
    "approve": (("submitted",), "approved", "review"),
    "reject": (("submitted",), "rejected", "review"),
    "reset_to_draft": (("submitted", "rejected", "approved"), "draft", "reset"),
}


class KpiDiaryLine(models.Model):
    """One piece of work in a work diary (nhật ký công việc), timesheet style.

    draft -> submitted -> approved | rejected; rejected or withdrawn lines go
    back to draft. Approved lines and lines of a closed period are read-only;
    a line once submitted is never deleted."""

    _name = "kpi.diary.line"
    _inherit = ["mail.thread", "kpi.input.guard.mixin", "kpi.workflow.mixin"]
    _description = "Work Diary Line"
    _order = "date desc, employee_id, id"
    _check_company_auto = True
    _kpi_transitions = TRANSITIONS

    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        default=lambda self: self.env.user.employee_id,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users", related="employee_id.user_id", store=True, index=True, string="User", precompute=True
    )
    company_id = fields.Many2one(
        "res.company", string="Agency", related="employee_id.company_id", store=True, index=True, precompute=True
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        compute="_compute_department_id",
        store=True,
        index=True,
        precompute=True,
        help="The employee's unit when the line was written.",
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    work_item_id = fields.Many2one("kpi.work.item", required=True, index=True, check_company=True)
    assignment_id = fields.Many2one(
        "kpi.assignment",
        index="btree_not_null",
        domain="[('employee_id', '=', employee_id), ('state', 'in', ('assigned', 'in_progress', 'done'))]",
        check_company=True,
    )
    uom_name = fields.Char(related="work_item_id.uom_name", string="Unit of Product")
    quantity = fields.Float(required=True, default=1.0, digits=(16, 2), aggregator=None)
    hours = fields.Float(required=True, default=1.0, help="Time actually spent, in hours.")
    name = fields.Char(string="Description", required=True)
    evidence_ref = fields.Char(
        string="Evidence Reference", help="Number and sign of the document in the E-Office system."
    )
    standard_minutes = fields.Float(
        compute="_compute_norm",
        store=True,
        precompute=True,
        help="The work item's time norm when the line was written.",
    )
    coefficient = fields.Float(compute="_compute_norm", store=True, precompute=True, digits=(16, 2))
    converted_minutes = fields.Float(compute="_compute_converted_minutes", store=True, precompute=True, digits=(16, 2))
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="draft",
        required=True,
        index=True,
        copy=False,
    )
    was_submitted = fields.Boolean(copy=False, readonly=True, help="Submitted at least once: never deleted.")
    error_count = fields.Integer(string="Major Errors", copy=False)
    delay_count = fields.Integer(string="Delays", copy=False)
    objective_cause = fields.Boolean(
        copy=False, help="The competent person confirmed an objective cause: no deduction for errors or delays."
    )
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)
    day_hours = fields.Float(string="Hours that Day", compute="_compute_day_hours")
    is_over_limit = fields.Boolean(
        string="Over the Standard Hours",
        compute="_compute_day_hours",
        help="The day declares more than the standard hours.",
    )
    is_locked = fields.Boolean(compute="_compute_is_locked", help="Approved, or in a closed period.")
    # what the user may do now, from the workflow's gatekeeper (the buttons follow)
    can_submit = fields.Boolean(compute="_compute_can_steps")
    can_review = fields.Boolean(compute="_compute_can_steps", help="Approve or reject.")
    can_reset_to_draft = fields.Boolean(compute="_compute_can_steps")

    _employee_date_index = models.Index("(employee_id, date)")
    _company_date_state_index = models.Index("(company_id, date, state)")

    # ------------------------------------------------------------ computes

    @api.depends("employee_id")
    def _compute_department_id(self):
        for line in self:
            line.department_id = line.employee_id.department_id

    @api.depends("work_item_id")
    def _compute_norm(self):
        for line in self:
            line.standard_minutes = line.work_item_id.standard_minutes
            line.coefficient = line.work_item_id.coefficient

    @api.depends("quantity", "standard_minutes", "coefficient")
    def _compute_converted_minutes(self):
        for line in self:
            line.converted_minutes = kpi_rules.converted_minutes(line.quantity, line.standard_minutes, line.coefficient)

    @api.depends("employee_id", "date", "hours", "state")
    def _compute_day_hours(self):
        totals = self._day_totals()
        for line in self:
            line.day_hours = totals.get((line.employee_id.id, line.date), 0.0)
            line.is_over_limit = line.day_hours > line.company_id._kpi_standard_hours() + 1e-6

    @api.depends("state", "date", "company_id")
    def _compute_is_locked(self):
        closed = self._closed_lines()
        for line in self:
            line.is_locked = line.state == "approved" or line in closed

    @api.depends_context("uid")
    @api.depends("employee_id", "state")
    def _compute_can_steps(self):
        """The gatekeeper's answers, set-based: the Diaries to Approve list
        shows a page of lines at once, reviewed with one look-up of whom the
        user manages."""
        reviewable = self._reviewable_by_user()
        for line in self:
            line.can_submit = not line._transition_refusal("submit")
            line.can_review = line.state in TRANSITIONS["approve"][0] and line in reviewable
            line.can_reset_to_draft = line.state != "draft" and not line._transition_refusal("reset_to_draft")

    def _day_totals(self):
        """Hours declared per (employee, day) around these lines, in one query."""
        lines = self.filtered(lambda line: line.employee_id and line.date)
        if not lines:
            return {}
        per_employee = self._kpi_hours_by_employee_day(
            lines.employee_id, min(lines.mapped("date")), max(lines.mapped("date"))
        )
        return {(employee_id, day): hours for employee_id, days in per_employee.items() for day, hours in days.items()}

    # ------------------------------------------------------------ constraints

    @api.constrains("quantity", "hours", "error_count", "delay_count")
    def _check_amounts(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(self.env._("The quantity must be greater than 0 (%s).", line.quantity))
            if line.hours <= 0 or line.hours > MAX_HOURS_PER_DAY:
                raise ValidationError(
                    self.env._("The hours of a line must be greater than 0 and at most 24 (%s).", line.hours)
                )
            if line.error_count < 0 or line.delay_count < 0:
                raise ValidationError(self.env._("Errors and delays cannot be negative."))

    @api.constrains("date")
    def _check_date_not_future(self):
        for line in self:
            if line.date > fields.Date.context_today(line):
                raise ValidationError(
                    self.env._("A diary line cannot be dated in the future (%s).", line.date.strftime("%d/%m/%Y"))
                )

    @api.constrains("date", "hours", "employee_id", "state")
    def _check_day_total(self):
        # the day's other lines may be saved at this very moment (another tab)
        serialize_on(self.env, "hr_employee", set(self.employee_id.ids))
        for (employee_id, day), hours in self._day_totals().items():
            if hours > MAX_HOURS_PER_DAY + 1e-6:
                employee = self.env["hr.employee"].browse(employee_id)
                raise ValidationError(
                    self.env._(
                        "%(employee)s would declare %(hours)s hours on %(date)s: a day has at most 24 hours.",
                        employee=employee.name,
                        hours=number(self.env, hours),
                        date=day.strftime("%d/%m/%Y"),
                    )
                )

    @api.constrains("assignment_id", "employee_id")
    def _check_assignment_employee(self):
        for line in self.filtered("assignment_id"):
            if line.assignment_id.employee_id != line.employee_id:
                raise ValidationError(self.env._("A diary line can only refer to an assignment of the same employee."))

    # ------------------------------------------------------------ locks

    def _periods_holding(self, domain):
        """{period: its lines}: the periods matching `domain` of these lines'
        agencies that hold some of them, in one query."""
        lines = self.filtered(lambda line: line.date and line.company_id)
        if not lines:
            return {}
        periods = (
            self.env["kpi.period"]
            .sudo()
            .search(
                Domain(domain)
                & Domain("company_id", "in", lines.company_id.ids)
                & Domain("date_from", "<=", max(lines.mapped("date")))
                & Domain("date_to", ">=", min(lines.mapped("date")))
            )
        )
        held = {}
        for period in periods:
            inside = lines.filtered(
                lambda line, p=period: line.company_id == p.company_id and p.date_from <= line.date <= p.date_to
            )
            if inside:
                held[period] = inside
        return held

    def _closed_lines(self):
        """The lines dated in a closed period of their agency."""
        return self.browse().union(*self._periods_holding([("state", "=", "closed")]).values())

    def _mark_periods_changed(self):
        """Approved work came or went: the computed periods of these lines show
        uncomputed changes until they are computed again."""
        periods = self._periods_holding(
            [("state", "=", "open"), ("date_computed", "!=", False), ("needs_recompute", "=", False)]
        )
        self.env["kpi.period"].sudo().union(*periods).needs_recompute = True

    def _check_period_open(self):
        closed = self._closed_lines()
        if closed:
            raise UserError(
                self.env._(
                    "The period of %(date)s is closed for %(agency)s: its diary lines can no longer change.",
                    date=closed[0].date.strftime("%d/%m/%Y"),
                    agency=closed[0].company_id.name,
                )
            )

    def _reviewable_by_user(self):
        """The lines the current user may approve or reject: a subordinate's,
        never the user's own; a KPI administrator may review anyone else's."""
        own = self.filtered(lambda line: line.employee_id.user_id == self.env.user)
        others = self - own
        if self.env.user.has_group("kpi_civil_service.group_kpi_admin"):
            return others
        if not self.env.user.has_group("kpi_civil_service.group_kpi_manager"):
            return self.browse()
        managed = others.employee_id._kpi_managed_by_user()
        return others.filtered(lambda line: line.employee_id in managed)

    def _check_reviewable(self):
        message = self._rights_refusal("review")
        if message:
            raise AccessError(message)

    def _rights_refusal(self, right):
        """Why the user may not take a step of these lines: the owner writes,
        submits and withdraws their own; a manager reviews a subordinate's,
        never their own; only a KPI administrator reopens an approved line."""
        if self.env.su:
            return None
        admin = self.env.user.has_group("kpi_civil_service.group_kpi_admin")
        if right == "reset" and not admin and self.filtered(lambda line: line.state == "approved"):
            return self.env._("Only a KPI administrator can reopen approved diary lines.")
        if right in ("own", "reset"):
            if not admin and any(line.employee_id.user_id != self.env.user for line in self):
                return self.env._("You can only write in your own work diary.")
            return None
        if any(line.employee_id.user_id == self.env.user for line in self):
            return self.env._("Nobody approves or rejects their own diary lines.")
        refused = self - self._reviewable_by_user()
        if refused:
            return self.env._(
                "Only the manager of %(employee)s can approve or reject these diary lines.",
                employee=refused[0].employee_id.name,
            )
        return None

    def _state_refusal(self, step):
        if step in ("approve", "reject") and self.filtered(lambda line: line.state != "submitted"):
            return self.env._("Only submitted diary lines can be approved or rejected.")
        return super()._state_refusal(step)

    # ------------------------------------------------------------ ORM

    @api.model_create_multi
    def create(self, vals_list):
        # the owner writes the work; the state, the approval and the norms are the product's
        check_create_fields(self, vals_list, OWNER_FIELDS | {"state"})
        lines = super(KpiDiaryLine, self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)).create(
            vals_list
        )
        lines._check_period_open()
        if not self.env.su:
            lines._check_owner_can_edit()
            if any(line.state != "draft" for line in lines):
                raise AccessError(self.env._("New diary lines start as drafts; submit them with the button."))
        return lines.with_env(self.env)

    def write(self, vals):
        self._check_period_open()
        if not self.env.su:
            self._check_write_allowed(set(vals))
        was_approved = self.filtered(lambda line: line.state == "approved") if "state" in vals else self.browse()
        result = super().write(vals)
        if "state" in vals:
            (was_approved | self.filtered(lambda line: line.state == "approved"))._mark_periods_changed()
        if {"date", "employee_id"} & set(vals):
            self._check_period_open()
        if "employee_id" in vals and not self.env.su:
            self._check_owner_can_edit()  # a line cannot be handed to someone else
        return result

    def _kpi_attachments_locked(self):
        """Under review or approved: the evidence attached stays (ir.attachment)."""
        return self.filtered(lambda line: line.state in ("submitted", "approved"))

    def _check_owner_can_edit(self):
        """A person writes only their own diary, unless a KPI administrator."""
        message = self._rights_refusal("own")
        if message:
            raise AccessError(message)

    def _check_write_allowed(self, fnames):
        fnames = written_fields(fnames)
        if not fnames:
            return
        if fnames - OWNER_FIELDS - MANAGER_FIELDS:
            raise AccessError(self.env._("The state and approval of diary lines change only through their buttons."))
        if fnames & MANAGER_FIELDS:
            if self.filtered(lambda line: line.state != "submitted"):
                raise UserError(self.env._("Errors, delays and objective causes are set while a line awaits approval."))
            self._check_reviewable()
        if fnames & OWNER_FIELDS:
            if self.filtered(lambda line: line.state != "draft"):
                raise UserError(
                    self.env._(
                        "Only draft diary lines can be changed; reset a submitted or rejected line to draft first."
                    )
                )
            self._check_owner_can_edit()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_never_submitted(self):
        if self.filtered("was_submitted"):
            raise UserError(self.env._("A diary line that was submitted is never deleted."))
        self._check_period_open()

    # ------------------------------------------------------------ actions

    def action_submit(self):
        lines = self.filtered(lambda line: line.state == "draft")  # what is already submitted stays so
        lines._check_transition("submit")
        lines._check_period_open()
        lines.sudo().write({"state": TRANSITIONS["submit"][1], "was_submitted": True})
        lines._schedule_approval_activities()
        return True

    def action_submit_week(self):
        """Submits the current user's draft lines of this week up to today
        (whatever lines are selected: the button is always shown)."""
        today = fields.Date.context_today(self)
        monday = today - timedelta(days=today.weekday())
        lines = self.search(
            [("user_id", "=", self.env.uid), ("state", "=", "draft"), ("date", ">=", monday), ("date", "<=", today)]
        )
        lines.action_submit()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if lines else "info",
                "message": self.env._("%s diary lines submitted for approval.", len(lines)),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_approve(self):
        self._check_transition("approve")
        self._check_period_open()
        self.sudo().write(
            {"state": TRANSITIONS["approve"][1], "approver_id": self.env.uid, "date_approved": fields.Datetime.now()}
        )
        self._close_approval_activities()
        return True

    def action_reject(self, reason=None):
        """Returns the lines with a reason (required); without one, opens the
        dialog that asks for it."""
        self._check_transition("reject")
        reason = given_reason(self.env, reason)
        if reason is None:
            return self.env["kpi.reason.wizard"]._open_for(self, "reject", self.env._("Reject Diary Lines"))
        lines = self
        lines._check_period_open()
        lines.sudo().write({"state": TRANSITIONS["reject"][1], "reject_reason": reason})
        for line in lines:
            line.message_post(
                body=self.env._("Rejected: %s", reason), message_type="comment", subtype_xmlid="mail.mt_note"
            )
        lines._close_approval_activities()
        for employee, employee_lines in lines.grouped("employee_id").items():
            if employee.user_id:
                employee.sudo().activity_schedule(
                    "kpi_civil_service.mail_activity_kpi_diary_rejected",
                    user_id=employee.user_id.id,
                    summary=in_language_of(self, employee.user_id).env._(
                        "%s diary lines returned", len(employee_lines)
                    ),
                    note=reason,
                )
        return True

    def action_reset_to_draft(self, reason=None):
        """Back to draft: the owner withdraws a submitted line or takes back a
        rejected one; an approved line is reopened only by a KPI administrator,
        with a reason that is logged."""
        lines = self.filtered(lambda line: line.state != "draft")  # what is a draft stays so
        lines._check_transition("reset_to_draft")
        approved = lines.filtered(lambda line: line.state == "approved")
        others = lines - approved
        if approved:
            reason = given_reason(self.env, reason)
            if reason is None:
                return self.env["kpi.reason.wizard"]._open_for(self, "reopen", self.env._("Reopen Diary Lines"))
        lines._check_period_open()
        lines.sudo().write({"state": TRANSITIONS["reset_to_draft"][1], "approver_id": False, "date_approved": False})
        for line in approved:
            line.message_post(
                body=self.env._("Reopened by %(user)s: %(reason)s", user=self.env.user.name, reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        others._close_approval_activities()
        return True

    def action_copy_to_today(self):
        """Copies these lines (one's own) into today's diary as drafts."""
        self._check_owner_can_edit()
        today = fields.Date.context_today(self)
        return self.create(self.copy_data({"date": today}))

    # ------------------------------------------------------------ activities

    def _schedule_approval_activities(self):
        """One open "diary to approve" activity per employee and approver."""
        activity_type = self.env.ref("kpi_civil_service.mail_activity_kpi_diary_approval")
        by_employee = self.grouped("employee_id")
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "hr.employee"),
                    ("res_id", "in", list(map(int, by_employee))),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        for employee in by_employee:
            approvers = employee.sudo()._kpi_approver_users()
            for approver in approvers:
                if existing.filtered(lambda a, e=employee, u=approver: a.res_id == e.id and a.user_id == u):
                    continue
                employee.sudo().activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=approver.id,
                    summary=in_language_of(self, approver).env._("Work diary of %s to approve", employee.name),
                )

    def _close_approval_activities(self):
        """Marks the approval activity done once an employee has nothing left to approve."""
        employees = self.employee_id
        pending = (
            self.env["kpi.diary.line"]
            .sudo()
            ._read_group([("employee_id", "in", employees.ids), ("state", "=", "submitted")], ["employee_id"])
        )
        done = employees - self.env["hr.employee"].union(*(employee for (employee,) in pending))
        if done:
            done.sudo().activity_feedback(["kpi_civil_service.mail_activity_kpi_diary_approval"])

    # ------------------------------------------------------------ aggregates

    @api.model
    def _kpi_hours_by_employee_day(self, employees, date_from, date_to):
        """{employee_id: {day: hours}} of declared (not rejected) lines, one query."""
        return {
            employee_id: {date_from + timedelta(days=offset): hours for offset, hours in zip(*days, strict=True)}
            for employee_id, days in self._kpi_declared_days(employees, date_from, date_to).items()
        }

    @api.model
    def _kpi_declared_days(self, employees, date_from, date_to):
        """{employee_id: (days, hours)} of declared (not rejected) lines, in one
        query: the days each person declared, as offsets from `date_from`, and
        the hours of each of those days (arrays are cheap to read by the
        hundred thousand; dates one by one are not)."""
        self.flush_model(["employee_id", "date", "hours", "state"])
        return {
            employee_id: (offsets, hours)
            for employee_id, offsets, hours in self.env.execute_query(
                SQL(
                    """
                    SELECT employee_id, array_agg(date - %s::date), array_agg(hours)
                      FROM (SELECT employee_id, date, SUM(hours) AS hours FROM kpi_diary_line
                             WHERE employee_id = ANY(%s) AND date BETWEEN %s AND %s AND state != 'rejected'
                          GROUP BY employee_id, date) AS days
                  GROUP BY employee_id
                    """,
                    date_from,
                    employees.ids,
                    date_from,
                    date_to,
                )
            )
        }
