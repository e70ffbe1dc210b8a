from odoo import api, fields, models
from odoo.fields import Domain

# An early warning counts on the overview when the person's projected annual
# score is below the band "completed" of their rule set (the filter of the Early
# Warnings menu), or when they have days without declaration, or chronic
# over-long days.
LEVELS = ("excellent", "good", "completed", "not_completed")


class HrDepartment(models.Model):
    _inherit = "hr.department"

    # The managers' overview: figures of the unit's latest period with scores,
    # computed with the current user's rights (the record rules decide what
    # counts), for all the displayed units at once.
    kpi_is_my_unit = fields.Boolean(
        string="My KPI Unit",
        compute="_compute_kpi_is_my_unit",
        search="_search_kpi_is_my_unit",
        help="The units the user manages (and their sub-units, and the units of their subordinates); "
        "for HR officers, every unit of their agencies.",
    )
    kpi_period_id = fields.Many2one(
        "kpi.period",
        string="Latest Scored Period",
        compute="_compute_kpi_overview",
        groups="kpi_civil_service.group_kpi_manager",
    )
    kpi_period_label = fields.Char(
        string="Period", compute="_compute_kpi_overview", groups="kpi_civil_service.group_kpi_manager"
    )
    kpi_average_score = fields.Float(
        string="Average Score",
        compute="_compute_kpi_overview",
        digits=(16, 2),
        groups="kpi_civil_service.group_kpi_manager",
    )
    kpi_people_count = fields.Integer(
        string="People Scored", compute="_compute_kpi_overview", groups="kpi_civil_service.group_kpi_manager"
    )
    kpi_excellent_count = fields.Integer(
        string="Excellent", compute="_compute_kpi_overview", groups="kpi_civil_service.group_kpi_manager"
    )
    kpi_good_count = fields.Integer(
        string="Good", compute="_compute_kpi_overview", groups="kpi_civil_service.group_kpi_manager"
    )
    kpi_completed_count = fields.Integer(
        string="Completed", compute="_compute_kpi_overview", groups="kpi_civil_service.group_kpi_manager"
    )
    kpi_not_completed_count = fields.Integer(
        string="Not Completed", compute="_compute_kpi_overview", groups="kpi_civil_service.group_kpi_manager"
    )
    kpi_warning_count = fields.Integer(
        string="Early Warnings",
        compute="_compute_kpi_overview",
        groups="kpi_civil_service.group_kpi_manager",
        help="People of the unit, in the year of the latest period, whose projected annual score is below 50, "
        "who have days without declaration, or whose days over the standard hours are chronic.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kpi_is_my_unit(self):
        mine = self.search(Domain("id", "in", self.ids) & self._kpi_my_units_domain())
        for department in self:
            department.kpi_is_my_unit = department in mine

    def _search_kpi_is_my_unit(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._kpi_my_units_domain()

    @api.model
    def _kpi_my_units_domain(self):
        user = self.env.user
        if user.has_group("kpi_civil_service.group_kpi_hr_officer"):
            return Domain("company_id", "in", self.env.companies.ids)
        subordinates = self.env["hr.employee"]._kpi_subordinates_domain(user)
        unit_ids = self.env["hr.employee"].sudo().search(subordinates).department_id.ids
        return Domain("id", "child_of", user.kpi_managed_department_ids.ids) | Domain("id", "in", unit_ids)

    @api.model
    def _kpi_warning_domain(self):
        """The people who count as early warnings (kpi.early.warning)."""
        return (
            Domain("below_completed", "=", True)
            | Domain("days_missing", ">", 0)
            | Domain("chronic_over_limit", "=", True)
        )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kpi_overview(self):
        # one query for the scores: per unit, period and level, the count and sum
        groups = self.env["kpi.score"]._read_group(
            [("department_id", "in", self.ids)],
            ["department_id", "period_id", "level"],
            ["__count", "total_score:sum"],
        )
        latest = {}  # unit id -> its latest period with scores
        for department, period, _level, _count, _total in groups:
            current = latest.get(department.id)
            if not current or (period.date_from, period.id) > (current.date_from, current.id):
                latest[department.id] = period
        stats = {}  # unit id -> {level: count, "total": sum}
        for department, period, level, count, total in groups:
            if latest[department.id] == period:
                unit = stats.setdefault(department.id, dict.fromkeys((*LEVELS, "count", "total"), 0))
                if level:
                    unit[level] += count
                unit["count"] += count
                unit["total"] += total
        # one query for the early warnings of each unit's year
        years = {period.date_from.year for period in latest.values()}
        warnings = {}
        if years:
            warning_groups = self.env["kpi.early.warning"]._read_group(
                Domain("department_id", "in", list(latest))
                & Domain("year", "in", list(years))
                & self._kpi_warning_domain(),
                ["department_id", "year"],
                ["__count"],
            )
            warnings = {(department.id, year): count for department, year, count in warning_groups}
        for department in self:
            period = latest.get(department.id, self.env["kpi.period"])
            unit = stats.get(department.id, {})
            count = unit.get("count", 0)
            department.kpi_period_id = period
            department.kpi_period_label = period.display_name if period else False
            department.kpi_people_count = count
            department.kpi_average_score = unit["total"] / count if count else 0.0
            department.kpi_excellent_count = unit.get("excellent", 0)
            department.kpi_good_count = unit.get("good", 0)
            department.kpi_completed_count = unit.get("completed", 0)
            department.kpi_not_completed_count = unit.get("not_completed", 0)
            department.kpi_warning_count = warnings.get((department.id, period.date_from.year), 0) if period else 0

    def action_kpi_open_scores(self):
        """The unit's scores of its latest period (all of them when it has none)."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("kpi_civil_service.kpi_score_action")
        domain = Domain("department_id", "=", self.id)
        if self.kpi_period_id:
            domain &= Domain("period_id", "=", self.kpi_period_id.id)
        action.update(
            {
                "name": self.env._("Scores of %(unit)s", unit=self.display_name),
                "domain": list(domain),
                "context": {"search_default_group_level": 1} if self.kpi_period_id else {},
            }
        )
        return action

    def action_kpi_open_warnings(self):
        """The unit's early warnings of the year of its latest period."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("kpi_civil_service.kpi_early_warning_action")
        domain = Domain("department_id", "=", self.id)
        if self.kpi_period_id:
            domain &= Domain("year", "=", self.kpi_period_id.date_from.year)
        action.update(
            {
                "name": self.env._("Early Warnings of %(unit)s", unit=self.display_name),
                "domain": list(domain & self._kpi_warning_domain()),
                "context": {},
            }
        )
        return action
