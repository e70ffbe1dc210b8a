from odoo import fields, models, tools
from odoo.tools import SQL


class KpiEarlyWarning(models.Model):
    """Early warning during the year, per person (docs/rules.md, "Early warning"): the annual score
    projected from the periods so far the way the rule set scores the year,
    missing declarations and chronic over-long days, from the period scores in
    one SQL view."""

    _name = "kpi.early.warning"
    _description = "Early Warning"
    _auto = False
    _depends = {
        "kpi.score": [
            "employee_id",
            "user_id",
            "company_id",
            "department_id",
            "rule_set_id",
            "date_from",
            "is_leader",
            "expected_hours",
            "total_score",
            "days_missing",
            "days_over_limit",
        ],
        "kpi.criterion": ["rule_set_id", "scored_in", "applies_to", "max_points"],
        "kpi.classification.band": ["rule_set_id", "level", "min_score", "min_inclusive"],
    }
    _order = "projected_score, employee_id"

    employee_id = fields.Many2one("hr.employee", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", string="Agency", readonly=True)
    department_id = fields.Many2one("hr.department", string="Unit", readonly=True)
    rule_set_id = fields.Many2one("kpi.rule.set", readonly=True)
    year = fields.Integer(readonly=True)
    periods = fields.Integer(string="Periods Scored", readonly=True, help="Periods with expected working time.")
    projected_score = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="The mean period total so far over the periods with expected working time, plus the points of the "
        "criteria the rule set scores once a year (counted in full until the annual form is filled).",
    )
    warning_threshold = fields.Float(
        string="Completed from", readonly=True, digits=(16, 2), help='The lowest score of the band "completed".'
    )
    below_completed = fields.Boolean(
        string="Projected below Completed", readonly=True, help='The projected score is below the band "completed".'
    )
    days_missing = fields.Integer(string="Days without Declaration", readonly=True)
    days_over_limit = fields.Integer(string="Days over the Standard Hours", readonly=True)
    chronic_over_limit = fields.Boolean(
        readonly=True, help="Days over the standard hours in at least half of the periods (two or more)."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    WITH per_person AS (
                        SELECT MIN(s.id) AS id, s.employee_id, s.user_id, s.company_id,
                               (ARRAY_AGG(s.department_id ORDER BY s.date_from DESC))[1] AS department_id,
                               (ARRAY_AGG(s.rule_set_id ORDER BY s.date_from DESC))[1] AS rule_set_id,
                               (ARRAY_AGG(s.is_leader ORDER BY s.date_from DESC))[1] AS is_leader,
                               EXTRACT(YEAR FROM s.date_from)::int AS year,
                               COUNT(*) FILTER (WHERE s.expected_hours > 0) AS periods,
                               AVG(s.total_score) FILTER (WHERE s.expected_hours > 0) AS mean_total,
                               SUM(s.days_missing) AS days_missing,
                               SUM(s.days_over_limit) AS days_over_limit,
                               COUNT(*) >= 2 AND 2 * COUNT(*) FILTER (WHERE s.days_over_limit > 0) >= COUNT(*)
                                   AS chronic_over_limit
                          FROM kpi_score s
                      GROUP BY s.employee_id, s.user_id, s.company_id, EXTRACT(YEAR FROM s.date_from)
                    ),
                    yearly AS (
                        SELECT rule_set_id,
                               SUM(max_points) FILTER (WHERE applies_to IN ('all', 'staff')) AS staff_points,
                               SUM(max_points) FILTER (WHERE applies_to IN ('all', 'leader')) AS leader_points
                          FROM kpi_criterion
                         WHERE scored_in = 'year'
                      GROUP BY rule_set_id
                    ),
                    projected AS (
                        SELECT pp.*,
                               pp.mean_total + COALESCE(
                                   CASE WHEN pp.is_leader THEN y.leader_points ELSE y.staff_points END, 0
                               ) AS projected_score,
                               COALESCE(b.min_score, 50) AS warning_threshold,
                               COALESCE(b.min_inclusive, TRUE) AS threshold_inclusive
                          FROM per_person pp
                     LEFT JOIN yearly y ON y.rule_set_id = pp.rule_set_id
                     LEFT JOIN kpi_classification_band b
                            ON b.rule_set_id = pp.rule_set_id AND b.level = 'completed'
                    )
                    SELECT id, employee_id, user_id, company_id, department_id, rule_set_id, year, periods,
                           projected_score, warning_threshold,
                           COALESCE(CASE WHEN threshold_inclusive THEN projected_score < warning_threshold
                                         ELSE projected_score <= warning_threshold END, FALSE) AS below_completed,
                           days_missing, days_over_limit, chronic_over_limit
                      FROM projected
                )""",
                SQL.identifier(self._table),
            )
        )
