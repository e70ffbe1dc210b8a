from odoo import fields, models, tools
from odoo.tools import SQL

from .kpi_classification_band import LEVEL_SELECTION


class KpiAssessmentPublication(models.Model):
    """What is published inside an agency once people are notified (step 5):
    name, unit, position and final level, and nothing more. A read-only view
    that every colleague of the agency reads; the assessment itself stays
    private."""

    _name = "kpi.assessment.publication"
    _description = "Published Assessment Result"
    _auto = False
    _depends = {
        "kpi.assessment": [
            "year",
            "company_id",
            "employee_id",
            "department_id",
            "job_id",
            "final_level",
            "not_classified",
            "state",
        ],
        "hr.employee": ["name"],
    }
    _order = "year desc, department_id, employee_name"

    year = fields.Integer(readonly=True)
    company_id = fields.Many2one("res.company", string="Agency", readonly=True)
    employee_name = fields.Char(string="Name", readonly=True)
    department_id = fields.Many2one("hr.department", string="Unit", readonly=True)
    job_id = fields.Many2one("hr.job", string="Job Position", readonly=True)
    final_level = fields.Selection(LEVEL_SELECTION, readonly=True)
    not_classified = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT a.id, a.year, a.company_id, e.name AS employee_name,
                           a.department_id, a.job_id, a.final_level, a.not_classified
                      FROM kpi_assessment a
                      JOIN hr_employee e ON e.id = a.employee_id
                     WHERE a.state = 'notified'
                )""",
                SQL.identifier(self._table),
            )
        )
