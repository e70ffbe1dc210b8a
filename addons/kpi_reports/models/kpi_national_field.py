from odoo import api, fields, models

# What a column of the national file can hold: one value of a decided assessment.
SOURCES = [
    ("national_id", "National Identifier"),
    ("employee_name", "Full Name"),
    ("staff_category", "Staff Category"),
    ("job", "Job Position"),
    ("department", "Unit"),
    ("agency_code", "Agency Code in the National Database"),
    ("agency_name", "Agency"),
    ("year", "Year"),
    ("months_worked", "Months Worked"),
    ("total_score", "Total Score"),
    ("level_code", "Level Code"),
    ("level_label", "Level"),
    ("decision_number", "Decision No"),
    ("decision_date", "Decision Date"),
    ("notice_number", "Notice No"),
    ("notice_date", "Notice Date"),
]


class KpiNationalField(models.Model):
    """One column of the file an agency sends to the national database of
    cadres, civil servants and public employees: its header, its key in the
    JSON file and what it holds. The shared list (no agency) is shipped and
    changed by the KPI administrator; an agency that needs other columns copies
    it and adapts its own list, which then replaces the shared one for it."""

    _name = "kpi.national.field"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "Column of the National Database File"
    _order = "company_id, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Column Header", required=True)
    key = fields.Char(string="JSON Key", required=True, help="The field's name in the JSON file, e.g. so_dinh_danh.")
    source = fields.Selection(SOURCES, string="Value", required=True)
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        index=True,
        help="Empty: the shared list, used by every agency that has no list of its own.",
    )
    active = fields.Boolean(default=True)

    _key_format = models.Constraint(
        "CHECK(key ~ '^[a-z][a-z0-9_]*$')",
        "A JSON key is made of lower-case letters, digits and underscores, and starts with a letter.",
    )
    _key_company_unique = models.UniqueIndex(
        "(key, COALESCE(company_id, 0)) WHERE active", "This JSON key is already a column of this list."
    )

    @api.model
    def _for_agency(self, company):
        """The agency's own columns, or the shared list if it has none."""
        columns = self.sudo()
        return columns.search([("company_id", "=", company.id)]) or columns.search([("company_id", "=", False)])

    def action_copy_to_agency(self):
        """Copies the chosen shared columns into the current agency's own list
        (those whose key it already has are left out), to adapt them."""
        company = self.env.company
        taken = set(self.search([("company_id", "=", company.id)]).mapped("key"))
        todo = self.filtered(lambda column: not column.company_id and column.key not in taken)
        todo.copy({"company_id": company.id})
        action = self.env["ir.actions.act_window"]._for_xml_id("kpi_reports.kpi_national_field_action")
        action["domain"] = [("company_id", "=", company.id)]
        action["context"] = {"default_company_id": company.id}
        return action
