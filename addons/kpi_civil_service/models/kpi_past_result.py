from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .hr_employee import STAFF_CATEGORIES
from .kpi_classification_band import LEVEL_SELECTION

YEAR_LEVELS = [*LEVEL_SELECTION, ("not_classified", "Not Classified")]


class KpiPastResult(models.Model):
    """A year decided before the agency used the product, imported by its HR
    officer (year, person, total, level, decision): kept as it was decided,
    never recomputed. With the decided assessments it makes each person's
    history (kpi.year.result)."""

    _name = "kpi.past.result"
    _inherit = ["mail.thread", "kpi.input.guard.mixin"]
    _description = "Imported Annual Result"
    _order = "year desc, employee_id"
    _check_company_auto = True

    active = fields.Boolean(default=True, tracking=True)
    national_id = fields.Char(
        string="National Identifier",
        help="Finds the person when the file has no employee column: the 12-digit identifier in the national "
        "database, leading zeros kept.",
    )
    employee_id = fields.Many2one("hr.employee", index=True, check_company=True, ondelete="restrict", tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Agency", related="employee_id.company_id", store=True, index=True, precompute=True
    )
    year = fields.Integer(required=True, index=True, tracking=True)
    total_score = fields.Float(digits=(16, 2), tracking=True)
    level = fields.Selection(YEAR_LEVELS, required=True, tracking=True)
    months_worked = fields.Integer(tracking=True)
    decision_number = fields.Char(tracking=True)
    decision_date = fields.Date(tracking=True)
    note = fields.Char(help="Why the person was not classified, or anything the decision said.")
    # the person as they were that year (taken from the employee when imported)
    department_id = fields.Many2one(
        "hr.department", string="Unit", compute="_compute_snapshot", store=True, readonly=False, precompute=True
    )
    staff_category = fields.Selection(
        STAFF_CATEGORIES, compute="_compute_snapshot", store=True, readonly=False, precompute=True
    )
    is_leader = fields.Boolean(
        string="Leader", compute="_compute_snapshot", store=True, readonly=False, precompute=True
    )
    task_group_id = fields.Many2one(
        "kpi.task.group",
        string="Group of Similar Tasks",
        compute="_compute_snapshot",
        store=True,
        readonly=False,
        precompute=True,
    )

    _employee_year_unique = models.UniqueIndex(
        "(employee_id, year) WHERE active",
        "A person has one imported result per year.",
    )
    _total_range = models.Constraint(
        "CHECK(total_score >= 0 AND total_score <= 100)", "A total score is between 0 and 100."
    )
    _months_range = models.Constraint(
        "CHECK(months_worked >= 0 AND months_worked <= 12)", "The months worked are between 0 and 12."
    )

    @api.depends("employee_id")
    def _compute_snapshot(self):
        for result in self:
            employee = result.employee_id.sudo()
            result.department_id = employee.department_id
            result.staff_category = employee.kpi_staff_category
            result.is_leader = employee.kpi_is_leader
            result.task_group_id = employee.kpi_task_group_id

    @api.depends("employee_id", "year")
    def _compute_display_name(self):
        for result in self:
            result.display_name = f"{result.employee_id.name or ''} ({result.year})"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("employee_id"):
                vals["employee_id"] = self._employee_of_national_id(vals.get("national_id"))
        results = super().create(vals_list)
        results._check_not_decided_here()
        return results

    def write(self, vals):
        if "employee_id" in vals and not vals["employee_id"]:
            raise ValidationError(self.env._("An imported result needs its person."))
        result = super().write(vals)
        if {"employee_id", "year", "active"} & set(vals):
            self._check_not_decided_here()
        return result

    def _employee_of_national_id(self, national_id):
        """The person of the national identifier, among the employees of the
        user's agencies (the identifier is private: looked up, not shown)."""
        national_id = "".join((national_id or "").split())
        if not national_id:
            raise ValidationError(self.env._("Each row needs the employee or the national identifier."))
        employees = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search([("kpi_national_id", "=", national_id), ("company_id", "in", self.env.companies.ids)], limit=2)
        )
        if len(employees) != 1:
            raise ValidationError(
                self.env._("No single employee of your agencies has the national identifier %s.", national_id)
            )
        return employees.id

    def _check_not_decided_here(self):
        """A year the product decided is never also imported: the history
        would hold two results for it."""
        results = self.filtered("active")
        if not results:
            return
        decided = (
            self.env["kpi.assessment"]
            .sudo()
            ._read_group(
                [
                    ("employee_id", "in", results.employee_id.ids),
                    ("year", "in", list(set(results.mapped("year")))),
                    ("state", "!=", "cancelled"),
                ],
                ["employee_id", "year"],
            )
        )
        clash = {(employee.id, year) for employee, year in decided}
        for result in results:
            if (result.employee_id.id, result.year) in clash:
                raise ValidationError(
                    self.env._(
                        "%(employee)s already has an assessment for %(year)s in the product: that year is not "
                        "imported.",
                        employee=result.employee_id.name,
                        year=result.year,
                    )
                )
            if result.year >= fields.Date.context_today(self).year:
                raise ValidationError(
                    self.env._(
                        "Only earlier years are imported; %(year)s is assessed in the product.", year=result.year
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An imported result is never deleted; archive it instead."))
