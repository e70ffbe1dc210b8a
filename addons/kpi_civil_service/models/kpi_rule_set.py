from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import kpi_rules
from .kpi_classification_band import LEVEL_SELECTION

# What the annual figures of the rule set's assessments depend on (kpi.scoring).
ANNUAL_FIELDS = {
    "min_months_classified",
    "score_rounding",
    "band_ids",
    "breakthrough_required",
    "breakthrough_min_count",
    "breakthrough_partly_percent",
    "breakthrough_criterion_id",
    "breakthrough_cap_level",
}


class KpiRuleSet(models.Model):
    """A regulation profile (bộ tiêu chí): how an agency's staff are scored and
    classified. Shipped as data (Decree 335/2025, Decree 233/2026, Khanh Hoa
    1636/2025); HR copies and edits them in forms."""

    _name = "kpi.rule.set"
    _inherit = ["mail.thread", "kpi.checked.write.mixin", "kpi.input.guard.mixin"]
    _description = "KPI Rule Set"
    _order = "sequence, id"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, tracking=True, copy=False)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Agency", index=True, help="Leave empty to share the rule set with every agency."
    )
    legal_basis = fields.Char(help="The regulation this rule set follows, e.g. Decree 335/2025/NĐ-CP.")
    applies_to = fields.Selection(
        [("civil_servant", "Civil Servants"), ("public_employee", "Public Employees"), ("all", "All Staff")],
        default="all",
        required=True,
    )
    date_start = fields.Date(string="In Force From")
    scoring_method = fields.Selection(
        [("nd335", "Decree 335: (a + b + c) / 3"), ("kh1636", "Khanh Hoa 1636: KPI %")],
        required=True,
        default="nd335",
        tracking=True,
    )
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter")], required=True, default="month", tracking=True
    )
    general_max = fields.Float(string="General Criteria (max)", default=30.0, tracking=True)
    task_max = fields.Float(string="Task Results (max)", default=70.0, tracking=True)
    leader_kpi_points = fields.Float(
        string="Leaders' KPI Points",
        default=50.0,
        tracking=True,
        help="Khanh Hoa 1636 only: a leader's period task score is KPI % x these points / 100; "
        "the rest of the task results is the yearly leadership capacity criterion.",
    )
    deduction_percent = fields.Float(
        string="Deduction per Error or Delay (%)",
        default=25.0,
        tracking=True,
        help="Each major error takes this much off the item's quality, each delay off its progress.",
    )
    quota_enabled = fields.Boolean(
        string="Quota of Excellent",
        default=True,
        tracking=True,
        help="Decrees 335 and 233 cap the number rated excellent; Khanh Hoa 1636 states no quota.",
    )
    quota_percent = fields.Float(
        string="Quota of Excellent (%)",
        default=20.0,
        tracking=True,
        help="At most this share of the number rated good may be rated excellent, per agency and group.",
    )
    quota_percent_outstanding = fields.Float(string="Quota for Outstanding Agencies (%)", default=25.0, tracking=True)
    standard_hours_per_day = fields.Float(
        string="Standard Hours per Day",
        default=8.0,
        tracking=True,
        help="A day whose diary declares more is flagged (but allowed); more than 24 hours is refused.",
    )
    party_review_staff = fields.Boolean(
        string="Party Committee Reviews Staff Too",
        help="The party committee gives its opinion on leaders always, on staff only when this is set.",
    )
    quota_rounding = fields.Selection(
        [("down", "Round Down"), ("nearest", "Round to Nearest"), ("up", "Round Up")],
        default="down",
        required=True,
        help="How the quota of excellent is rounded when it is not a whole number.",
    )
    head_capped_by_unit = fields.Boolean(
        string="Head Capped by the Unit's Level",
        default=True,
        help="A head's level may not exceed the level of the unit he or she heads.",
    )
    min_months_classified = fields.Integer(
        string="Minimum Months to Be Classified",
        default=6,
        help="People employed in the year (from the contract start date to its end date) for fewer months "
        "are not classified. Months on approved leave count as employed: such people are classified on the "
        "periods they actually worked.",
    )
    streamlining_consecutive_years = fields.Integer(
        string="Consecutive Years Not Completed",
        default=kpi_rules.CONSECUTIVE_YEARS_NOT_COMPLETED,
        tracking=True,
        help="A person rated not completed in this many consecutive years is flagged on the streamlining list, "
        "with the years (the Law on Cadres and Civil Servants provides for dismissal after two).",
    )
    score_rounding = fields.Selection(
        [("truncate", "Truncate to 2 Decimals"), ("half_up", "Round Half Up to 2 Decimals")],
        default="truncate",
        required=True,
        tracking=True,
        help="Applied once to each score, and the level is decided on exactly the rounded number that is "
        "shown and printed. Truncating never lifts anyone into a higher band (49.996 stays 49.99).",
    )
    quality_base = fields.Selection(
        [("assigned", "Work Assigned"), ("done", "Work Done")],
        string="Base of Quality and Progress",
        default="assigned",
        required=True,
        tracking=True,
        help="Work Assigned (Decree 335 Art. 14): b and c are the converted work done to the required quality "
        "or on time, over the converted work assigned in the period (the larger of the expected time and the "
        "period's assignments); an overdue assignment not done counts at 0 %. "
        "Work Done: the average over the approved work, weighted by converted minutes.",
    )
    band_ids = fields.One2many("kpi.classification.band", "rule_set_id", string="Classification Bands", copy=True)
    criterion_ids = fields.One2many("kpi.criterion", "rule_set_id", string="Criteria", copy=True)
    period_general_max = fields.Float(
        string="General Points per Period",
        compute="_compute_period_general_max",
        help="The points of the general criteria scored per period, which the manager gives each period.",
    )
    note = fields.Html()
    # Hai Duong: leaders register breakthrough, creative tasks for the year
    breakthrough_required = fields.Selection(
        [("nobody", "Nobody"), ("heads", "Heads"), ("leaders", "Heads and Deputies")],
        string="Must Register Breakthrough Tasks",
        default="nobody",
        required=True,
        tracking=True,
        help="Who registers breakthrough tasks each year; their results count in that person's assessment.",
    )
    breakthrough_min_count = fields.Integer(string="Breakthrough Tasks (at least)", default=1, tracking=True)
    breakthrough_max_count = fields.Integer(string="Breakthrough Tasks (at most)", default=2, tracking=True)
    breakthrough_party_approval = fields.Boolean(
        string="Party Committee Approves Breakthrough Tasks",
        tracking=True,
        help="A registration goes to the party committee before the competent authority.",
    )
    breakthrough_criterion_id = fields.Many2one(
        "kpi.criterion",
        copy=False,
        tracking=True,
        domain="[('rule_set_id', '=', id), ('scored_in', '=', 'year')]",
        help="The yearly criterion scored from the breakthrough tasks: its maximum points for every task done, "
        "a share for a task partly done, none for a task not done or missing.",
    )
    breakthrough_partly_percent = fields.Float(string="A Task Partly Done Counts (%)", default=50.0, tracking=True)
    breakthrough_cap_level = fields.Selection(
        LEVEL_SELECTION,
        string="Highest Level When a Task Is Not Done",
        tracking=True,
        help="Empty: no cap. A task not done, or not registered by someone who must, caps the level here.",
    )

    _code_company_unique = models.UniqueIndex(
        "(code, COALESCE(company_id, 0))", "A rule set with this code already exists for this agency."
    )
    _streamlining_years_positive = models.Constraint(
        "CHECK(streamlining_consecutive_years >= 1)", "The consecutive years not completed are at least one."
    )
    _maxima_positive = models.Constraint(
        "CHECK(general_max >= 0 AND task_max > 0 AND leader_kpi_points >= 0)",
        "The maximum points must be positive.",
    )
    _deduction_range = models.Constraint(
        "CHECK(deduction_percent >= 0 AND deduction_percent <= 100)",
        "The deduction per error or delay is a percentage between 0 and 100.",
    )
    _quota_range = models.Constraint(
        "CHECK(quota_percent >= 0 AND quota_percent <= 100 "
        "AND quota_percent_outstanding >= 0 AND quota_percent_outstanding <= 100)",
        "Quotas are percentages between 0 and 100.",
    )
    _standard_hours_range = models.Constraint(
        "CHECK(standard_hours_per_day > 0 AND standard_hours_per_day <= 24)",
        "The standard hours per day must be between 0 and 24.",
    )

    _breakthrough_counts = models.Constraint(
        "CHECK(breakthrough_min_count >= 0 AND breakthrough_max_count >= 1 AND breakthrough_max_count <= 10 "
        "AND breakthrough_min_count <= breakthrough_max_count "
        "AND breakthrough_partly_percent >= 0 AND breakthrough_partly_percent <= 100)",
        "Breakthrough tasks: at least 0 and at most 1 to 10 tasks, the least not above the most; a task partly "
        "done counts between 0 and 100%.",
    )

    @api.constrains("breakthrough_criterion_id")
    def _check_breakthrough_criterion(self):
        for rule_set in self:
            criterion = rule_set.breakthrough_criterion_id
            if criterion and (criterion.rule_set_id != rule_set or criterion.scored_in != "year"):
                raise ValidationError(
                    self.env._("The breakthrough criterion is one of the rule set's yearly criteria.")
                )

    def copy(self, default=None):
        copies = super().copy(default=default)
        for rule_set, copied in zip(self, copies, strict=True):
            code = rule_set.breakthrough_criterion_id.code
            if code:
                copied.breakthrough_criterion_id = copied.criterion_ids.filtered(lambda c, code=code: c.code == code)
        return copies

    def write(self, vals):
        result = super().write(vals)
        if set(vals) & ANNUAL_FIELDS:
            self._kpi_refresh_assessments()
        return result

    def _kpi_refresh_assessments(self):
        """The open annual assessments under these rule sets follow a change of what their figures depend on."""
        self.env["kpi.scoring"]._refresh_annual(
            self.env["kpi.assessment"].sudo().search([("rule_set_id", "in", self.ids)])
        )

    def _must_register_breakthrough(self, is_leader, position_type):
        """Whether a person (a leader or not, of a position type) registers breakthrough tasks under this rule set."""
        self.ensure_one()
        return kpi_rules.must_register_breakthrough(self.breakthrough_required, is_leader, position_type)

    @api.depends("criterion_ids.section", "criterion_ids.scored_in", "criterion_ids.max_points", "general_max")
    def _compute_period_general_max(self):
        for rule_set in self:
            general = rule_set.criterion_ids.filtered(lambda c: c.section == "general")
            if not general:
                rule_set.period_general_max = rule_set.general_max
            else:
                rule_set.period_general_max = sum(
                    general.filtered(lambda c: c.scored_in == "period").mapped("max_points")
                )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for rule_set, vals in zip(self, vals_list, strict=True):
            vals.setdefault("name", self.env._("%s (copy)", rule_set.name))
            vals.setdefault("code", f"{rule_set.code}_copy")
            # a shared rule set is adapted by an agency in a copy of its own
            shared = not rule_set.company_id and "company_id" not in (default or {})
            if shared and not self.env.user.has_group("kpi_civil_service.group_kpi_admin"):
                vals["company_id"] = self.env.company.id
        return vals_list

    @staticmethod
    def _category_applied(category):
        """Cadres are assessed with civil servants (Decree 335)."""
        return "civil_servant" if category == "cadre" else category

    def _applies_to_person(self, category, on_date):
        self.ensure_one()
        return self.applies_to in ("all", self._category_applied(category)) and (
            not self.date_start or self.date_start <= on_date
        )

    @api.model
    def _for_category(self, company, category, on_date, preferred):
        """The rule set under which a person of a staff category is scored on
        `on_date`: the agency's (`preferred`) when it applies to them, else one
        written for their category and in force then (the agency's own before a
        shared one, the latest first), else the agency's all the same. Cadres are
        assessed with civil servants (Decree 335)."""
        if not preferred or preferred._applies_to_person(category, on_date):
            return preferred
        candidates = self.search(
            [("company_id", "in", [company.id, False]), ("applies_to", "=", self._category_applied(category))]
        ).filtered(lambda rs: not rs.date_start or rs.date_start <= on_date)
        candidates = candidates.sorted(lambda rs: (bool(rs.company_id), rs.date_start or date.min), reverse=True)
        return candidates[:1] or preferred

    @api.model
    def _by_employee(self, employees, company, on_date, preferred):
        """{employee id: rule set} for these people, one search per staff category."""
        return self._by_category(
            {employee.id: employee.kpi_staff_category for employee in employees}, company, on_date, preferred
        )

    @api.model
    def _by_category(self, categories, company, on_date, preferred):
        """{employee id: rule set} from {employee id: staff category}, one search per category."""
        by_category = {
            category: self._for_category(company, category, on_date, preferred) for category in set(categories.values())
        }
        return {employee_id: by_category[category] for employee_id, category in categories.items()}

    def _bands(self):
        """(level, min_score, min_inclusive) triples for kpi_rules.level_for."""
        self.ensure_one()
        return [(band.level, band.min_score, band.min_inclusive) for band in self.band_ids]

    def _totals_params(self):
        """What kpi_rules.period_totals needs of this rule set, after the scores' numbers."""
        self.ensure_one()
        return (
            self.scoring_method,
            self.task_max,
            self.leader_kpi_points,
            self.score_rounding or "truncate",
            self._bands(),
        )

    def _annual_params(self):
        """What kpi_rules.annual_figures needs of this rule set."""
        self.ensure_one()
        return {
            "min_months": self.min_months_classified,
            "rounding": self.score_rounding or "truncate",
            "bands": self._bands(),
            "breakthrough_required": self.breakthrough_required,
            "breakthrough_min_count": self.breakthrough_min_count,
            "breakthrough_partly_percent": self.breakthrough_partly_percent,
            "breakthrough_cap_level": self.breakthrough_cap_level or None,
        }

    def _period_totals(self, is_leader, percents, general):
        """(task score, total, level) of a period score under this rule set."""
        method, task_max, points, rounding, bands = self._totals_params()
        return kpi_rules.period_totals(method, is_leader, percents, general, task_max, points, rounding, bands)

    def _level_for(self, score):
        return kpi_rules.level_for(score, self._bands())

    def _round(self, value):
        """A score to the 2 decimals that are printed, by this rule set's rule."""
        return kpi_rules.round_score(value, self.score_rounding or "truncate")

    def _quota_percent(self, outstanding):
        """The quota of excellent (% of those rated good) for an agency, outstanding that year or not."""
        return self.quota_percent_outstanding if outstanding else self.quota_percent

    def _max_excellent(self, good_count, outstanding):
        """How many of the agency's group may be rated excellent when so many are rated good;
        None when the rule set has no quota."""
        if not self.quota_enabled:
            return None
        return kpi_rules.max_excellent(good_count, self._quota_percent(outstanding), self.quota_rounding)
