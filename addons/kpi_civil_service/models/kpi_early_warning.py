from odoo import fields, models, tools
from odoo.tools import SQL


class KpiEarlyWarning(models.Model):
    """Early warning during the year, per person (SPEC §3): the annual level
    projected from the periods so far, missing declarations and chronic
    over-long days, from the period scores in one SQL view."""

    _name = "kpi.early.warning"
    _description = "Early Warning"
    _auto = False
    _depends = {
        "kpi.score": [
            "employee_id",
            "user_id",
            "company_id",
            "department_id",
            "date_from",
            "total_score",
            "days_missing",
            "days_over_limit",
        ],
    }
    _order = "projected_score, employee_id"

    employee_id = fields.Many2one("hr.employee", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", string="Agency", readonly=True)
    department_id = fields.Many2one("hr.department", string="Unit", readonly=True)
    year = fields.Integer(readonly=True)
    periods = fields.Integer(string="Periods Scored", readonly=True)
    projected_score = fields.Float(
        readonly=True, digits=(16, 2), help="The mean period total so far, projected on the year."
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
                    SELECT MIN(s.id) AS id, s.employee_id, s.user_id, s.company_id,
                           (ARRAY_AGG(s.department_id ORDER BY s.date_from DESC))[1] AS department_id,
                           EXTRACT(YEAR FROM s.date_from)::int AS year,
                           COUNT(*) AS periods,
                           AVG(s.total_score) AS projected_score,
                           SUM(s.days_missing) AS days_missing,
                           SUM(s.days_over_limit) AS days_over_limit,
                           COUNT(*) >= 2 AND 2 * COUNT(*) FILTER (WHERE s.days_over_limit > 0) >= COUNT(*)
                               AS chronic_over_limit
                      FROM kpi_score s
                  GROUP BY s.employee_id, s.user_id, s.company_id, EXTRACT(YEAR FROM s.date_from)
                )""",
                SQL.identifier(self._table),
            )
        )
