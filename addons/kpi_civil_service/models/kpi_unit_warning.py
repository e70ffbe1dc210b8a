from odoo import fields, models, tools
from odoo.tools import SQL


class KpiUnitWarning(models.Model):
    """Units whose average declared hours stand out from their peer units of
    the same agency and year: more than two standard deviations from the mean
    of the other units."""

    _name = "kpi.unit.warning"
    _description = "Unit Declared Hours Warning"
    _auto = False
    _depends = {"kpi.score": ["company_id", "department_id", "date_from", "declared_hours"]}
    _order = "year desc, deviation desc"

    company_id = fields.Many2one("res.company", string="Agency", readonly=True)
    department_id = fields.Many2one("hr.department", string="Unit", readonly=True)
    year = fields.Integer(readonly=True)
    average_hours = fields.Float(
        string="Average Declared Hours", readonly=True, digits=(16, 2), help="Per person and period."
    )
    peer_average_hours = fields.Float(string="Peer Units' Average", readonly=True, digits=(16, 2))
    deviation = fields.Float(
        string="Deviation (standard deviations)",
        readonly=True,
        digits=(16, 2),
        help="How far the unit stands from its peer units, in their standard deviations.",
    )
    is_outlier = fields.Boolean(string="Outlier", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The peers of a unit are the other units: their mean and standard
        # deviation come from the agency's sums less the unit itself.
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    WITH unit AS (
                        SELECT s.company_id, s.department_id, EXTRACT(YEAR FROM s.date_from)::int AS year,
                               AVG(s.declared_hours) AS hours
                          FROM kpi_score s
                         WHERE s.department_id IS NOT NULL
                      GROUP BY s.company_id, s.department_id, EXTRACT(YEAR FROM s.date_from)
                    ), agency AS (
                        SELECT company_id, year, COUNT(*) AS n, SUM(hours) AS total, SUM(hours * hours) AS squares
                          FROM unit GROUP BY company_id, year
                    ), peers AS (
                        SELECT u.company_id, u.department_id, u.year, u.hours,
                               (a.total - u.hours) / NULLIF(a.n - 1, 0) AS mean,
                               SQRT(GREATEST((a.squares - u.hours * u.hours) / NULLIF(a.n - 1, 0)
                                    - POWER((a.total - u.hours) / NULLIF(a.n - 1, 0), 2), 0)) AS sd
                          FROM unit u JOIN agency a ON a.company_id = u.company_id AND a.year = u.year
                    )
                    SELECT ROW_NUMBER() OVER (ORDER BY year, company_id, department_id) AS id,
                           company_id, department_id, year, hours AS average_hours, mean AS peer_average_hours,
                           CASE WHEN sd > 0 THEN ABS(hours - mean) / sd END AS deviation,
                           COALESCE(sd > 0 AND ABS(hours - mean) > 2 * sd, FALSE) AS is_outlier
                      FROM peers
                )""",
                SQL.identifier(self._table),
            )
        )
