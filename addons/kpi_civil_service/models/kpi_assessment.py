from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .. import kpi_rules
from .hr_employee import STAFF_CATEGORIES
from .kpi_assessment_line import SCORE_COLUMNS
from .kpi_classification_band import LEVEL_SELECTION
from .utils import given_reason, in_language_of, number, serialize_on, state_label, written_fields

STATES = [
    ("draft", "Draft"),
    ("self_assessed", "Self-Assessed"),
    ("manager_reviewed", "Reviewed by the Manager"),
    ("unit_reviewed", "Reviewed by the Unit"),
    ("party_reviewed", "Party Committee Opinion Given"),
    ("decided", "Decided"),
    ("notified", "Notified"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("draft", "self_assessed", "manager_reviewed", "unit_reviewed", "party_reviewed")
# The workflow, one table: each step with the states it is taken from, the
# state it reaches (None: worked out per assessment) and the right it needs
# (_user_may). The actions, write and the buttons (can_<step>) all ask the
# gatekeeper of kpi.workflow.mixin.
TRANSITIONS = {
    "self_assess": (("draft",), "self_assessed", "self_assess"),
    "manager_review": (("self_assessed",), "manager_reviewed", "manager_review"),
    "unit_review": (("manager_reviewed",), "unit_reviewed", "unit_review"),
    "party_review": (("unit_reviewed",), "party_reviewed", "party_review"),
    "decide": (("unit_reviewed", "party_reviewed"), "decided", "decide"),
    "notify": (("decided",), "notified", "notify"),
    "send_back": (("self_assessed", "manager_reviewed", "unit_reviewed", "party_reviewed"), None, "send_back"),
    "reopen": (("decided", "notified"), None, "reopen"),
    "cancel": (OPEN_STATES, "cancelled", "cancel"),
}
# Who holds the form in a state, so may send it back: the person of the next step.
HOLDER_STEP = {
    "self_assessed": "manager_review",
    "manager_reviewed": "unit_review",
    "unit_reviewed": "decide",  # or the party committee, where it gives its opinion
    "party_reviewed": "decide",
}
# Where sending back takes the form: the state the step that reached it was taken from.
PREVIOUS_STATE = {
    target: sources[0] for sources, target, _right in TRANSITIONS.values() if target in TRANSITIONS["send_back"][0]
}
LOCKED_STATES = ("decided", "notified", "cancelled")
ACTIVITY_TYPE = "kpi_civil_service.mail_activity_kpi_assessment"
# What forces "not completed" whatever the score (the scoring engine reads them).
OVERRIDE_FIELDS = {"disciplined", "degraded", "unit_violation"}
# What each step writes, and the states in which it may be written (also on the server).
STEP_FIELDS = {
    "self_assess": ({"self_level", "self_comment"}, ("draft",)),
    "manager_review": ({"proposed_level", "manager_comment"}, ("self_assessed",)),
    "unit_review": (
        {
            "meeting_date",
            "meeting_attendees",
            "votes_excellent",
            "votes_good",
            "votes_completed",
            "votes_not_completed",
            "meeting_minutes",
        },
        ("manager_reviewed",),
    ),
    "party_review": ({"party_opinion"}, ("unit_reviewed",)),
    "decide": (
        {
            "final_level",
            "decision_note",
            "disciplined",
            "disciplined_note",
            "degraded",
            "degraded_note",
            "unit_violation",
            "unit_violation_note",
        },
        OPEN_STATES,
    ),
}


def not_classified_reason(env, periods_worked, months_employed, rule_set):
    """Why a person is not classified, in the user's language (False when
    classified): the assessment and each person's years say it the same way."""
    minimum = rule_set.min_months_classified
    cause = kpi_rules.not_classified_cause(periods_worked, months_employed, minimum)
    if cause == "no_period":
        return env._("No period with working time in the year")
    if cause == "few_months":
        return env._(
            "Employed %(months)s months, fewer than %(minimum)s",
            months=number(env, months_employed, 1),
            minimum=minimum,
        )
    return False


class KpiAssessment(models.Model):
    """The annual assessment and classification (đánh giá, xếp loại chất lượng
    hằng năm) of one person, through the five steps of the procedure."""

    _name = "kpi.assessment"
    _inherit = ["mail.thread", "mail.activity.mixin", "kpi.input.guard.mixin", "kpi.workflow.mixin"]
    _description = "Annual Assessment"
    _order = "year desc, department_id, employee_id"
    _check_company_auto = True
    _kpi_transitions = TRANSITIONS

    name = fields.Char(compute="_compute_name", store=True)
    campaign_id = fields.Many2one("kpi.assessment.campaign", index=True, ondelete="restrict")
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True, readonly=True)
    user_id = fields.Many2one("res.users", related="employee_id.user_id", store=True, index=True, string="User")
    company_id = fields.Many2one("res.company", string="Agency", required=True, index=True, readonly=True)
    department_id = fields.Many2one("hr.department", string="Unit", readonly=True, index=True)
    job_id = fields.Many2one("hr.job", string="Job Position", readonly=True)
    task_group_id = fields.Many2one("kpi.task.group", string="Group of Similar Tasks", readonly=True, index=True)
    is_leader = fields.Boolean(string="Leader", readonly=True)
    # the person's category that year (the province's report splits by it)
    staff_category = fields.Selection(STAFF_CATEGORIES, compute="_compute_staff_category", store=True, index=True)
    year = fields.Integer(required=True, index=True, readonly=True)
    rule_set_id = fields.Many2one("kpi.rule.set", required=True, readonly=True)
    state = fields.Selection(STATES, default="draft", required=True, index=True, tracking=True, copy=False)
    line_ids = fields.One2many("kpi.assessment.line", "assessment_id", string="Yearly Criteria")
    # the periods of the year
    periods_worked = fields.Integer(
        readonly=True,
        help="Periods of the year in which the person had expected working time; the means run over them.",
    )
    months_worked = fields.Integer(readonly=True, help="The months of those periods (a quarter counts three).")
    months_employed = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="Months of the year from the contract start date to its end date, approved leave included; "
        "fewer than the rule set's minimum and the person is not classified.",
    )
    # kept unrounded: the annual total is rounded once, from them
    period_general_mean = fields.Float(string="Mean Period General Score", readonly=True)
    period_task_mean = fields.Float(string="Mean Period Task Score", readonly=True)
    not_classified = fields.Boolean(
        readonly=True,
        help="Employed fewer months in the year than the rule set requires, or no period with expected working "
        "time: the person is not classified.",
    )
    not_classified_reason = fields.Char(string="Reason Not Classified", compute="_compute_not_classified_reason")
    # the annual score
    # written by the scoring engine (kpi.scoring), like the figures above
    general_score = fields.Float(readonly=True, digits=(16, 2))
    task_score = fields.Float(readonly=True, digits=(16, 2))
    total_score = fields.Float(readonly=True, digits=(16, 2))
    computed_level = fields.Selection(LEVEL_SELECTION, readonly=True)
    # overrides that force "not completed"
    disciplined = fields.Boolean(
        string="Disciplined (Reprimand or Above)", tracking=True, help="Disciplined at reprimand level or above."
    )
    disciplined_note = fields.Char(string="Discipline Decision")
    degraded = fields.Boolean(
        string="Degradation Concluded",
        tracking=True,
        help="A concluded finding of degradation in political ideology, ethics or lifestyle.",
    )
    degraded_note = fields.Char(string="Degradation Conclusion")
    unit_violation = fields.Boolean(
        string="Unit Involved in Corruption or Waste",
        tracking=True,
        help="For leaders: the unit they lead was involved in corruption or waste and handled under the law.",
    )
    unit_violation_note = fields.Char(string="Unit Violation Decision")
    # step 1
    self_comment = fields.Text(string="Self-Assessment Report")
    self_level = fields.Selection(LEVEL_SELECTION, string="Self-Proposed Level", tracking=True)
    self_level_above_band = fields.Boolean(compute="_compute_levels_above_band")
    # step 2
    manager_comment = fields.Text(string="Manager's Review")
    proposed_level = fields.Selection(LEVEL_SELECTION, string="Level Proposed by the Manager", tracking=True)
    proposed_level_above_band = fields.Boolean(compute="_compute_levels_above_band")
    meeting_date = fields.Date(string="Unit Meeting Date", tracking=True)
    meeting_attendees = fields.Integer(string="Attendees")
    votes_excellent = fields.Integer()
    votes_good = fields.Integer()
    votes_completed = fields.Integer()
    votes_not_completed = fields.Integer()
    meeting_minutes = fields.Text(string="Minutes of the Unit Meeting")
    # step 3
    party_opinion = fields.Text(string="Party Committee Opinion")
    party_review_required = fields.Boolean(compute="_compute_party_review_required")
    # step 4
    final_level = fields.Selection(LEVEL_SELECTION, tracking=True, copy=False)
    # Hai Duong: the leader's breakthrough tasks of the year (the scoring engine keeps the flag current)
    breakthrough_task_ids = fields.One2many(
        "kpi.breakthrough.task", compute="_compute_breakthrough_task_ids", string="Breakthrough Tasks"
    )
    breakthrough_unfulfilled = fields.Boolean(
        string="Breakthrough Task Not Done",
        readonly=True,
        copy=False,
        tracking=True,
        help="A breakthrough task of the year is not done, not confirmed yet or not registered: the rule set caps "
        "the level.",
    )
    decision_note = fields.Text(string="Comments of the Competent Authority")
    decider_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    date_decided = fields.Datetime(string="Decided On", readonly=True, copy=False)
    # step 5
    date_notified = fields.Datetime(string="Notified On", readonly=True, copy=False)
    date_deadline = fields.Date(related="campaign_id.date_deadline", string="Deadline")
    # uses of the result (Decree 154/2025)
    streamlining_candidate = fields.Boolean(
        compute="_compute_streamlining",
        search="_search_streamlining_candidate",
        help='Decided "not completed": proposed for streamlining (one such year is enough).',
    )
    streamlining_protected = fields.Boolean(
        string="Not Proposed for Streamlining",
        compute="_compute_streamlining",
        search="_search_streamlining_protected",
        help='Decided "not completed" but pregnant, raising a child under 36 months or under disciplinary '
        "review: flagged and not proposed.",
    )
    streamlining_protection = fields.Char(string="Reason Not Proposed", compute="_compute_streamlining")
    not_completed_years = fields.Char(
        string="Consecutive Years Not Completed",
        compute="_compute_not_completed_years",
        help="Not completed in as many consecutive years as the rule set sets, up to this one (imported years "
        "included): the years.",
    )
    repeated_not_completed = fields.Boolean(
        string="Not Completed in Consecutive Years",
        compute="_compute_not_completed_years",
        search="_search_repeated_not_completed",
    )
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    # what the user may do now, from the workflow's gatekeeper (the buttons follow)
    can_self_assess = fields.Boolean(compute="_compute_can_steps")
    can_manager_review = fields.Boolean(compute="_compute_can_steps")
    can_unit_review = fields.Boolean(compute="_compute_can_steps")
    can_party_review = fields.Boolean(compute="_compute_can_steps")
    can_decide = fields.Boolean(compute="_compute_can_steps")
    can_notify = fields.Boolean(compute="_compute_can_steps")
    can_send_back = fields.Boolean(compute="_compute_can_steps")
    can_reopen = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")

    _counts_not_negative = models.Constraint(
        "CHECK(COALESCE(meeting_attendees, 0) >= 0 AND COALESCE(votes_excellent, 0) >= 0 "
        "AND COALESCE(votes_good, 0) >= 0 AND COALESCE(votes_completed, 0) >= 0 "
        "AND COALESCE(votes_not_completed, 0) >= 0)",
        "Attendees and votes cannot be negative.",
    )
    # a cancelled assessment is replaced by a new one for the same year (docs/rules.md, "Annual procedure")
    _employee_year_unique_open = models.UniqueIndex(
        "(employee_id, year) WHERE state != 'cancelled'",
        "An employee has one annual assessment per year, besides the cancelled ones.",
    )

    def init(self):
        # every month's compute rewrites the annual figures of everyone: room on
        # each page lets PostgreSQL update them in place (HOT), without a new
        # entry in each of the table's many indexes (3 x faster on a province's 30,000 assessments)
        self.env.cr.execute("ALTER TABLE kpi_assessment SET (fillfactor = 50)")
        # the uniqueness of before, which counted the cancelled ones too
        self.env.cr.execute("ALTER TABLE kpi_assessment DROP CONSTRAINT IF EXISTS kpi_assessment_employee_year_unique")

    # ------------------------------------------------------------ computes

    @api.constrains("meeting_attendees", "votes_excellent", "votes_good", "votes_completed", "votes_not_completed")
    def _check_votes_within_attendees(self):
        for assessment in self:
            votes = (
                assessment.votes_excellent
                + assessment.votes_good
                + assessment.votes_completed
                + assessment.votes_not_completed
            )
            if assessment.meeting_attendees and votes > assessment.meeting_attendees:
                raise ValidationError(
                    self.env._(
                        "%(votes)s votes were counted but only %(attendees)s people attended the meeting.",
                        votes=votes,
                        attendees=assessment.meeting_attendees,
                    )
                )

    @api.depends("employee_id", "year")
    def _compute_name(self):
        for assessment in self:
            assessment.name = f"{assessment.employee_id.name} - {assessment.year}"

    @api.depends("employee_id", "year")
    def _compute_breakthrough_task_ids(self):
        tasks = self.env["kpi.breakthrough.task"].search(
            [
                ("employee_id", "in", self.employee_id.ids),
                ("year", "in", list(set(self.mapped("year")))),
                ("state", "!=", "cancelled"),
            ]
        )
        for assessment in self:
            assessment.breakthrough_task_ids = tasks.filtered(
                lambda t, a=assessment: t.employee_id == a.employee_id and t.year == a.year
            )

    def _check_breakthrough_settled(self):
        """No decision while a breakthrough task of the person's year waits
        for its approval or the confirmation of its result (for the people the
        rule set asks to register: for the others it counts for nothing)."""
        # the assessment's own position and leadership, read by any decider
        # (the employee's job is on hr.version, which only HR users read)
        scored = self.filtered(
            lambda a: a.rule_set_id._must_register_breakthrough(a.is_leader, a.job_id.sudo().kpi_position_type)
        )
        if not scored:
            return
        pending = (
            self.env["kpi.breakthrough.task"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", scored.employee_id.ids),
                    ("year", "in", list(set(scored.mapped("year")))),
                    ("state", "in", ("submitted", "party_reviewed", "approved")),
                ]
            )
        )
        pending = pending.filtered(lambda t: any(a.employee_id == t.employee_id and a.year == t.year for a in scored))
        if pending:
            raise UserError(
                self.env._(
                    "%(leader)s: the breakthrough task “%(task)s” waits for its approval or the confirmation of its "
                    "result; settle it before the decision.",
                    leader=pending[0].employee_id.name,
                    task=pending[0].name,
                )
            )

    def _overridden(self):
        """Disciplined or degraded; for leaders also their unit's corruption or waste."""
        self.ensure_one()
        return self.disciplined or self.degraded or (self.unit_violation and self.is_leader)

    @api.depends("self_level", "proposed_level", "computed_level")
    def _compute_levels_above_band(self):
        for assessment in self:
            band = assessment.computed_level
            assessment.self_level_above_band = bool(band and assessment.self_level) and (
                kpi_rules.LEVEL_RANK[assessment.self_level] > kpi_rules.LEVEL_RANK[band]
            )
            assessment.proposed_level_above_band = bool(band and assessment.proposed_level) and (
                kpi_rules.LEVEL_RANK[assessment.proposed_level] > kpi_rules.LEVEL_RANK[band]
            )

    @api.depends("is_leader", "rule_set_id.party_review_staff")
    def _compute_party_review_required(self):
        for assessment in self:
            assessment.party_review_required = assessment.is_leader or assessment.rule_set_id.party_review_staff

    @api.depends("date_deadline", "state")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for assessment in self:
            assessment.is_late = bool(
                assessment.date_deadline and assessment.date_deadline <= today and assessment.state not in LOCKED_STATES
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on late assessments."))
        late = Domain("campaign_id.date_deadline", "<=", fields.Date.context_today(self)) & Domain(
            "state", "not in", LOCKED_STATES
        )
        return late if (operator == "=") == value else ~late

    @api.depends("employee_id")
    def _compute_staff_category(self):
        for assessment in self:
            assessment.staff_category = assessment.employee_id.sudo().kpi_staff_category

    @api.depends("not_classified", "periods_worked", "months_employed", "rule_set_id.min_months_classified")
    @api.depends_context("lang")
    def _compute_not_classified_reason(self):
        for assessment in self:
            assessment.not_classified_reason = assessment.not_classified and not_classified_reason(
                self.env, assessment.periods_worked, assessment.months_employed, assessment.rule_set_id
            )

    @api.depends("final_level", "state", "year", "rule_set_id.streamlining_consecutive_years")
    def _compute_not_completed_years(self):
        decided = self.filtered(lambda a: a.state in ("decided", "notified") and a.final_level == "not_completed")
        runs = {}
        if decided:
            results = self.env["kpi.year.result"].sudo().search([("assessment_id", "in", decided.ids)])
            runs = {
                results.browse(result_id).assessment_id.id: run
                for result_id, run in results._repeated_not_completed_years().items()
            }
        for assessment in self:
            run = runs.get(assessment.id)
            assessment.not_completed_years = ", ".join(map(str, run)) if run else False
            assessment.repeated_not_completed = bool(run)

    def _search_repeated_not_completed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on consecutive years not completed."))
        candidates = self.search(
            [("final_level", "=", "not_completed"), ("state", "in", ("decided", "notified"))]
        ).filtered("repeated_not_completed")
        domain = Domain("id", "in", candidates.ids)
        return domain if (operator == "=") == value else ~domain

    def _compute_streamlining(self):
        today = fields.Date.context_today(self)
        for assessment in self:
            reasons = assessment.employee_id._kpi_streamlining_protections(today)
            not_completed = assessment.state in ("decided", "notified") and assessment.final_level == "not_completed"
            assessment.streamlining_protection = ", ".join(reasons) if not_completed else False
            assessment.streamlining_protected = not_completed and bool(reasons)
            assessment.streamlining_candidate = not_completed and not reasons

    def _search_streamlining_candidate(self, operator, value):
        return self._search_streamlining(operator, value, protected=False)

    def _search_streamlining_protected(self, operator, value):
        return self._search_streamlining(operator, value, protected=True)

    def _search_streamlining(self, operator, value, protected):
        """Decided "not completed", of a protected person or not."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on streamlining candidates."))
        people = (
            self.env["hr.employee"]
            .sudo()
            ._search(self.env["hr.employee"]._kpi_streamlining_protected_domain(fields.Date.context_today(self)))
        )
        of_protected = Domain("employee_id", "in", people)
        domain = (
            Domain("final_level", "=", "not_completed")
            & Domain("state", "in", ("decided", "notified"))
            & (of_protected if protected else ~of_protected)
        )
        return domain if (operator == "=") == value else ~domain

    # ------------------------------------------------------------ the periods

    def _kpi_refresh(self):
        """The annual figures of these assessments, from the facts of their year (the scoring engine)."""
        self.env["kpi.scoring"]._refresh_annual(self)

    def _kpi_attachments_locked(self):
        """Decided, notified or cancelled: what is attached stays (ir.attachment)."""
        return self.filtered(lambda assessment: assessment.state in LOCKED_STATES)

    # ------------------------------------------------------------ rights

    def _is_managed_by_user(self):
        return self.employee_id <= self.employee_id._kpi_managed_by_user()

    def _user_may(self, step):
        """Whether the user is the person who takes `step` on all these
        assessments (docs/rules.md, "Annual procedure")."""
        user = self.env.user
        if self.env.su or user.has_group("kpi_civil_service.group_kpi_admin"):
            return True
        own = any(assessment.employee_id.user_id == user for assessment in self)
        if step == "send_back":  # the holder of each form, at its step
            return all(assessment._user_may(assessment._holder_step()) for assessment in self)
        return {
            "self_assess": lambda: all(assessment.employee_id.user_id == user for assessment in self),
            "manager_review": lambda: (
                not own and user.has_group("kpi_civil_service.group_kpi_manager") and self._is_managed_by_user()
            ),
            "unit_review": lambda: (
                not own
                and (
                    user.has_group("kpi_civil_service.group_kpi_hr_officer")
                    or (user.has_group("kpi_civil_service.group_kpi_manager") and self._is_managed_by_user())
                )
            ),
            "party_review": lambda: not own and user.has_group("kpi_civil_service.group_kpi_party_committee"),
            "decide": lambda: not own and user.has_group("kpi_civil_service.group_kpi_decider"),
            "notify": lambda: user.has_group("kpi_civil_service.group_kpi_hr_officer"),
            "reopen": lambda: not own and user.has_group("kpi_civil_service.group_kpi_decider"),
            "cancel": lambda: not own and user.has_group("kpi_civil_service.group_kpi_hr_officer"),
        }[step]()

    def _check_step_allowed(self, step):
        if not self._user_may(step):
            raise AccessError(self._not_your_step())

    def _holder_step(self):
        """The step of the person who holds the form now."""
        self.ensure_one()
        if self.state == "unit_reviewed" and self.party_review_required:
            return "party_review"
        return HOLDER_STEP.get(self.state, "decide")

    def _check_can_score(self, column):
        step = {"self_score": "self_assess", "manager_score": "manager_review", "final_score": "decide"}[column]
        states = SCORE_COLUMNS[column]
        if self.state not in ((states,) if isinstance(states, str) else states):
            raise UserError(self.env._("These points cannot be changed at this step of the assessment."))
        self._check_step_allowed(step)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("Annual assessments are created by their campaign (Create Assessments), not one by one.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if self.filtered(lambda a: a.state in LOCKED_STATES):
                raise UserError(
                    self.env._("A decided or cancelled assessment is read-only; a decider can reopen it with a reason.")
                )
            self._check_fields_writable(set(vals))
        result = super().write(vals)
        if set(vals) & OVERRIDE_FIELDS:
            self._kpi_refresh()
        return result

    def _check_fields_writable(self, fnames):
        fnames = written_fields(fnames)
        unknown = fnames - set().union(*(names for names, _states in STEP_FIELDS.values()))
        if unknown:
            raise AccessError(
                self.env._("These fields of an assessment are not written by hand: %s", ", ".join(sorted(unknown)))
            )
        for step, (names, states) in STEP_FIELDS.items():
            if fnames & names:
                self._check_step_allowed(step)
                if self.filtered(lambda a, allowed=states: a.state not in allowed):
                    raise UserError(self.env._("These fields cannot be changed at this step of the assessment."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never_once_started(self):
        if self.filtered(lambda a: a.state != "draft"):
            raise UserError(self.env._("An assessment under way or decided is never deleted; cancel it instead."))

    # ------------------------------------------------------------ workflow

    def _state_refusal(self, step):
        """Why one of these assessments cannot take `step` in its state, or None."""
        sources = self._kpi_transitions[step][0]
        for assessment in self:
            if assessment.state not in sources:
                special = {
                    "send_back": self.env._("This assessment cannot be sent back from its current step."),
                    "reopen": self.env._("Only a decided assessment is reopened."),
                    "cancel": self.env._("A decided assessment is reopened, not cancelled."),
                }
                return special.get(step) or self.env._(
                    "%(name)s is not at the right step for this action (%(state)s).",
                    name=assessment.name,
                    state=state_label(assessment),
                )
            if step == "decide" and assessment.state == "unit_reviewed" and assessment.party_review_required:
                return self.env._("%s needs the opinion of the party committee first.", assessment.employee_id.name)
            if step == "party_review" and not assessment.party_review_required:
                return self.env._(
                    "%s is decided without the opinion of the party committee.", assessment.employee_id.name
                )
        return None

    def _not_your_step(self):
        return self.env._("You are not the person who takes this step of the assessment.")

    def _advance(self, step, vals=None):
        self._check_transition(step)
        target = TRANSITIONS[step][1]
        self.sudo().write({"state": target, **(vals or {})})
        for assessment in self:
            assessment._message_log(
                body=self.env._("%(step)s by %(user)s", step=state_label(assessment), user=self.env.user.name)
            )
        self._schedule_next_activities()

    def action_self_assess(self):
        self._check_transition("self_assess")
        missing = self.filtered(lambda a: not a.self_level)
        if missing:
            raise UserError(self.env._("Propose your own level before sending the self-assessment."))
        self._advance("self_assess")

    def action_manager_review(self):
        self._check_transition("manager_review")
        missing = self.filtered(lambda a: not a.proposed_level)
        if missing:
            raise UserError(self.env._("Propose a level before sending the review."))
        self._advance("manager_review")
        for points, lines in self.line_ids.sudo().grouped("manager_score").items():
            lines.write({"final_score": points})

    def action_unit_review(self):
        self._check_transition("unit_review")
        missing = self.filtered(lambda a: not a.meeting_date or not a.meeting_minutes)
        if missing:
            raise UserError(self.env._("Record the date and the minutes of the unit meeting first."))
        self._advance("unit_review")

    def action_party_review(self):
        self._check_transition("party_review")
        if self.filtered(lambda a: not a.party_opinion):
            raise UserError(self.env._("Write the opinion of the party committee first."))
        self._advance("party_review")

    def action_decide(self, level=None):
        """Step 4: the competent authority decides the level: the one given, or
        the one already chosen on the form, or else the manager's proposal within
        the band of the score. Never above the band; below it only with the
        reason in the decision's comments; then the overrides, the quota and the
        head's cap."""
        self._check_transition("decide")
        if level and level not in kpi_rules.LEVELS:
            raise UserError(self.env._("Unknown level: %s", level))
        self._check_periods_computed()
        self._check_breakthrough_settled()
        decisions = {a: a._decided_level(level or a.final_level or a._default_decision()) for a in self}
        self._check_decision_rules(decisions)
        for assessment, decided in decisions.items():
            assessment._advance(
                "decide",
                {"final_level": decided, "decider_id": self.env.uid, "date_decided": fields.Datetime.now()},
            )

    def _default_decision(self):
        """The manager's proposal, lowered to the band of the score if above it."""
        band = self.computed_level
        if not self.proposed_level or not band:
            return band
        return kpi_rules.lowest_level(self.proposed_level, band)

    def _decided_level(self, level):
        if self.not_classified:
            return False
        band = kpi_rules.decision_ceiling(self.computed_level, self._overridden())
        if band == "not_completed":
            return band
        if kpi_rules.LEVEL_RANK[level] > kpi_rules.LEVEL_RANK[band]:
            uncapped = self.rule_set_id._level_for(self.total_score)
            if self.breakthrough_unfulfilled and kpi_rules.LEVEL_RANK[level] <= kpi_rules.LEVEL_RANK[uncapped]:
                raise ValidationError(
                    self.env._(
                        "%(employee)s: a breakthrough task of the year is not done, not confirmed or not "
                        "registered; the rule set caps the level at %(cap)s, so the decision cannot be higher.",
                        employee=self.employee_id.name,
                        cap=self._kpi_level_label(band),
                    )
                )
            raise ValidationError(
                self.env._(
                    "%(employee)s: a total of %(score)s is in the band %(band)s; the decision cannot be higher "
                    "than %(band)s.",
                    employee=self.employee_id.name,
                    score=number(self.env, self.total_score),
                    band=self._kpi_level_label(band),
                )
            )
        if level != band and not (self.decision_note or "").strip():
            raise UserError(
                self.env._(
                    "%(employee)s: deciding %(level)s, below the band of the score (%(band)s), needs the reason "
                    "in the comments of the competent authority.",
                    employee=self.employee_id.name,
                    level=self._kpi_level_label(level),
                    band=self._kpi_level_label(band),
                )
            )
        return level

    def _kpi_level_label(self, level):
        """A level's name in the language of this environment."""
        return dict(self._fields["final_level"]._description_selection(self.env)).get(level, "")

    def _check_periods_computed(self):
        """No decision on stale figures: refused while a period of the year is
        open with changes made after its last compute."""
        for company, year in {(a.company_id, a.year) for a in self}:
            stale = (
                self.env["kpi.period"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("state", "=", "open"),
                        ("needs_recompute", "=", True),
                        ("date_from", "<=", f"{year}-12-31"),
                        ("date_to", ">=", f"{year}-01-01"),
                    ]
                )
            )
            if stale:
                raise UserError(
                    self.env._(
                        "%(periods)s of %(agency)s changed after its scores were computed: compute it again "
                        "before deciding, so the annual scores are current.",
                        periods=", ".join(stale.mapped("display_name")),
                        agency=company.name,
                    )
                )

    def _check_decision_rules(self, decisions):
        """The quota of excellent per agency and group of similar tasks, and a
        head's level capped by the unit's; the numbers are in the error."""
        heads = [a for a in decisions if a.rule_set_id.head_capped_by_unit and a.job_id.kpi_position_type == "head"]
        if heads:
            units = self.env["hr.department"].sudo().search([("manager_id", "in", [a.employee_id.id for a in heads])])
            results = (
                self.env["kpi.unit.result"]
                .sudo()
                .search([("department_id", "in", units.ids), ("year", "in", [a.year for a in heads])])
            )
            for assessment in heads:
                for result in results.filtered(
                    lambda r, a=assessment: r.year == a.year and r.department_id.manager_id == a.employee_id
                ):
                    level = decisions[assessment]
                    if level and kpi_rules.lowest_level(level, result.level) != level:
                        raise ValidationError(
                            self.env._(
                                "%(employee)s heads %(unit)s, classified %(unit_level)s for %(year)s: "
                                "the head cannot be rated higher.",
                                employee=assessment.employee_id.name,
                                unit=result.department_id.name,
                                unit_level=dict(self._fields["final_level"]._description_selection(self.env))[
                                    result.level
                                ],
                                year=assessment.year,
                            )
                        )
        for (company, group, year), batch in self._group_for_quota(decisions).items():
            batch[0]._check_quota(company, group, year, {a: decisions[a] for a in batch})

    def _check_quota(self, company, group, year, changes):
        """The quota of excellent in one agency, group of similar tasks and year,
        if the assessments of `changes` took their levels (False: undecided)."""
        rule_set = self.rule_set_id
        if not rule_set.quota_enabled:
            return
        # another decider of the agency may be deciding at this very moment
        serialize_on(self.env, "res_company", company.ids)
        decided = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("task_group_id", "=", group.id),
                ("year", "=", year),
                ("state", "in", ("decided", "notified")),
                ("id", "not in", [a.id for a in changes]),
            ]
        )
        levels = decided.mapped("final_level") + [level for level in changes.values() if level]
        outstanding = self.env["kpi.assessment.campaign"]._is_outstanding(company, year)
        excellent, allowed = kpi_rules.quota_exceeded(
            levels, rule_set._quota_percent(outstanding), rule_set.quota_rounding
        )
        if excellent > allowed:
            raise ValidationError(
                self.env._(
                    "Quota exceeded for %(agency)s (%(group)s, %(year)s): %(excellent)s rated excellent, "
                    "but at most %(allowed)s are allowed (%(percent)s %% of %(good)s rated good).",
                    agency=company.name,
                    group=group.name or self.env._("no group"),
                    year=year,
                    excellent=excellent,
                    allowed=allowed,
                    percent=number(self.env, rule_set._quota_percent(outstanding)),
                    good=levels.count("good"),
                )
            )

    def _group_for_quota(self, decisions):
        groups = {}
        for assessment, level in decisions.items():
            if level in ("excellent", "good"):
                groups.setdefault((assessment.company_id, assessment.task_group_id, assessment.year), []).append(
                    assessment
                )
        return groups

    def action_notify(self):
        """Step 5. Many notices at once are sent by a background job, which
        the requester watches; the checks are made now, for all of them."""
        self._check_transition("notify")
        pending = self.env["kpi.job"]._notices_pending(self)
        if pending:
            raise UserError(
                self.env._("The notice of %s is already being sent by a background job.", pending[0].display_name)
            )
        if len(self) > self.env["kpi.job"]._inline_notices_limit():
            return self.env["kpi.job"]._queue_notify(self)._queued_action()
        self._notify_now()
        return True

    def _notify_now(self):
        self._advance("notify", {"date_notified": fields.Datetime.now()})

    def action_send_back(self, reason=None):
        """Whoever holds the form at a step before the decision can send it
        back one step, with a reason."""
        self._check_transition("send_back")
        reason = given_reason(self.env, reason)
        if reason is None:
            return self.env["kpi.reason.wizard"]._open_for(self, "send_back", self.env._("Send Back"))
        for assessment in self:
            assessment.sudo().write({"state": PREVIOUS_STATE[assessment.state]})
            assessment.message_post(body=self.env._("Sent back: %s", reason), subtype_xmlid="mail.mt_note")
            assessment._schedule_next_activities()
        return True

    def action_reopen(self, reason=None):
        """After the decision only a decider reopens, with a reason that is logged."""
        self._check_transition("reopen")
        reason = given_reason(self.env, reason)
        if reason is None:
            return self.env["kpi.reason.wizard"]._open_for(self, "reopen", self.env._("Reopen Assessment"))
        # taking back a "good" lowers the number of excellent the others may keep
        for (company, group, year), batch in self._group_for_quota({a: a.final_level for a in self}).items():
            batch[0]._check_quota(company, group, year, dict.fromkeys(batch, False))
        for assessment in self:
            target = "party_reviewed" if assessment.party_review_required else "unit_reviewed"
            assessment.sudo().write({"state": target, "final_level": False, "date_notified": False})
            assessment.message_post(body=self.env._("Reopened: %s", reason), subtype_xmlid="mail.mt_note")
            assessment._schedule_next_activities()
        self._kpi_refresh()  # the figures follow the periods again until the new decision
        return True

    def action_cancel(self, reason=None):
        """An assessment not yet decided is cancelled by an HR officer with a
        reason that is logged (a person who left, one created by mistake); the
        campaign creates a new one for the same year when needed."""
        self._check_transition("cancel")
        reason = given_reason(self.env, reason)
        if reason is None:
            return self.env["kpi.reason.wizard"]._open_for(self, "cancel", self.env._("Cancel Assessment"))
        self.sudo().write({"state": "cancelled"})
        for assessment in self:
            assessment.message_post(body=self.env._("Cancelled: %s", reason), subtype_xmlid="mail.mt_note")
        self.activity_unlink([ACTIVITY_TYPE])
        return True

    # ------------------------------------------------------------ activities

    def _next_actors(self):
        """Who acts next, by state (each looked up only for its own state)."""
        self.ensure_one()
        campaign = self.campaign_id
        return {
            "draft": lambda: self.employee_id.user_id,
            "self_assessed": lambda: self.employee_id.sudo()._kpi_approver_users(),
            "manager_reviewed": lambda: campaign.responsible_id,
            "unit_reviewed": lambda: campaign.party_user_id if self.party_review_required else campaign.decider_id,
            "party_reviewed": lambda: campaign.decider_id,
            "decided": lambda: campaign.responsible_id,
        }.get(self.state, lambda: self.env["res.users"])()

    def _schedule_next_activities(self):
        """One activity for each person who takes the next step, created in one
        batch (a campaign schedules thousands at once), each summary in its
        reader's language."""
        self.activity_unlink([ACTIVITY_TYPE])
        activity_type = self.env.ref(ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = []
        for assessment in self:
            for user in assessment._next_actors():
                theirs = in_language_of(assessment, user)
                vals_list.append(
                    {
                        "activity_type_id": activity_type.id,
                        "res_model_id": model_id,
                        "res_id": assessment.id,
                        "user_id": user.id,
                        "automated": True,
                        "date_deadline": assessment.date_deadline or today,
                        "summary": theirs.env._(
                            "Assessment %(name)s: %(state)s", name=assessment.name, state=state_label(theirs)
                        ),
                    }
                )
        self._kpi_add_followers({(vals["res_id"], vals["user_id"]) for vals in vals_list})
        self.env["mail.activity"].with_context(kpi_followers_added=True).create(vals_list)

    def _kpi_add_followers(self, pairs):
        """Each (assessment id, user id) pair's partner follows the assessment
        with the default subtypes, as an activity would subscribe them, but in
        one batch: mail subscribes the users of new activities one by one."""
        if not pairs:
            return
        self.env["mail.followers"].flush_model(["res_model", "res_id", "partner_id"])
        users = self.env["res.users"].sudo().browse({user_id for _res_id, user_id in pairs})
        partner_of = {user.id: user.partner_id.id for user in users}
        following = self.env.execute_query(
            SQL(
                "SELECT res_id, partner_id FROM mail_followers WHERE res_model = %s AND res_id = ANY(%s)",
                self._name,
                list({res_id for res_id, _user_id in pairs}),
            )
        )
        new = {(res_id, partner_of[user_id]) for res_id, user_id in pairs} - set(following)
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(self._name)
        shared = set(users.partner_id.filtered("partner_share").ids)
        self.env["mail.followers"].sudo().create(
            [
                {
                    "res_model": self._name,
                    "res_id": res_id,
                    "partner_id": partner_id,
                    "subtype_ids": [fields.Command.set((external if partner_id in shared else default).ids)],
                }
                for res_id, partner_id in sorted(new)
            ]
        )

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if self.env.context.get("kpi_followers_added"):
            return True  # the new activities' users were subscribed in one batch (_kpi_add_followers)
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)
