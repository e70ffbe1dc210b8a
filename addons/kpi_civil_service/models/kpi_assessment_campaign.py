from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

BATCH_SIZE = 500


class KpiAssessmentCampaign(models.Model):
    """The year's assessment of an agency (or some of its units): it creates
    every eligible person's annual assessment, carries the deadline and says
    who acts at the HR, party committee and decision steps."""

    _name = "kpi.assessment.campaign"
    _inherit = ["mail.thread"]
    _description = "Annual Assessment Campaign"
    _order = "year desc, company_id"

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    company_id = fields.Many2one("res.company", string="Agency", required=True, default=lambda self: self.env.company)
    department_ids = fields.Many2many(
        "hr.department", string="Units", help="Leave empty for the whole agency (sub-units are included)."
    )
    rule_set_id = fields.Many2one("kpi.rule.set", required=True, default=lambda self: self.env.company.kpi_rule_set_id)
    date_deadline = fields.Date(
        string="Classification Deadline",
        required=True,
        default=lambda self: date(fields.Date.context_today(self).year, 12, 15),
        tracking=True,
    )
    responsible_id = fields.Many2one(
        "res.users", string="HR Officer", required=True, default=lambda self: self.env.user, tracking=True
    )
    agency_outstanding = fields.Boolean(
        string="Agency Recognised as Outstanding",
        tracking=True,
        help="Recognised as outstanding for this year: the rule set's higher quota of excellent applies to the "
        "agency's decisions of the year.",
    )
    party_user_id = fields.Many2one("res.users", string="Party Committee", tracking=True)
    decider_id = fields.Many2one("res.users", string="Competent Authority", tracking=True)
    assessment_ids = fields.One2many("kpi.assessment", "campaign_id", string="Assessments")
    assessment_count = fields.Integer(compute="_compute_assessment_count")
    progress = fields.Float(compute="_compute_assessment_count", help="Share of the assessments decided.")

    @api.depends("year", "company_id")
    def _compute_name(self):
        for campaign in self:
            campaign.name = f"{campaign.company_id.name} - {campaign.year}"

    def _compute_assessment_count(self):
        groups = self.env["kpi.assessment"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"]
        )
        counts, decided = {}, {}
        for campaign, state, count in groups:
            counts[campaign] = counts.get(campaign, 0) + count
            if state in ("decided", "notified"):
                decided[campaign] = decided.get(campaign, 0) + count
        for campaign in self:
            campaign.assessment_count = counts.get(campaign, 0)
            campaign.progress = 100.0 * decided.get(campaign, 0) / counts[campaign] if counts.get(campaign) else 0.0

    @api.model
    def _is_outstanding(self, company, year):
        """Whether the agency is recognised as outstanding for the year (by any of its campaigns of that year)."""
        return bool(
            self.sudo().search_count(
                [("company_id", "=", company.id), ("year", "=", year), ("agency_outstanding", "=", True)], limit=1
            )
        )

    def _agency_outstanding(self):
        self.ensure_one()
        return self._is_outstanding(self.company_id, self.year)

    def _eligible_employees(self):
        domain = Domain("company_id", "=", self.company_id.id)
        if self.department_ids:
            domain &= Domain("department_id", "child_of", self.department_ids.ids)
        return self.env["hr.employee"].search(domain)

    def action_generate(self):
        """Creates the assessments that do not exist yet, in batches, telling
        the user how far it got; running it again creates only what is missing
        (so an interrupted run resumes), then refreshes the period means."""
        if not self.env.user.has_group("kpi_civil_service.group_kpi_hr_officer"):
            raise AccessError(self.env._("Only an HR officer launches the annual assessment."))
        self.ensure_one()
        # the KPI HR officer need not be an HR user: read the employees as the system
        employees = self._eligible_employees().sudo()
        existing = (
            self.env["kpi.assessment"].sudo().search([("employee_id", "in", employees.ids), ("year", "=", self.year)])
        )
        todo = employees - existing.employee_id
        rule_sets = self.env["kpi.rule.set"]._by_employee(
            todo, self.company_id, date(self.year, 12, 31), self.rule_set_id
        )
        created = self.env["kpi.assessment"]
        for start in range(0, len(todo), BATCH_SIZE):
            batch = todo[start : start + BATCH_SIZE]
            created |= (
                self.env["kpi.assessment"]
                .sudo()
                .create([self._assessment_values(employee, rule_sets[employee.id]) for employee in batch])
            )
            self.env["bus.bus"]._sendone(
                self.env.user.partner_id,
                "simple_notification",
                {
                    "message": self.env._(
                        "%(done)s of %(total)s assessments created", done=start + len(batch), total=len(todo)
                    )
                },
            )
        (existing.filtered(lambda a: a.state == "draft") | created)._refresh_period_scores()
        created._schedule_next_activities()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%s assessments created.", len(created)),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _assessment_values(self, employee, rule_set):
        """An assessment under the person's rule set (the campaign's, or the one
        of their staff category), with its yearly criteria that apply to them."""
        applies = {"all", "leader"} if employee.kpi_is_leader else {"all", "staff"}
        criteria = rule_set.criterion_ids.filtered(lambda c: c.scored_in == "year")
        return {
            "campaign_id": self.id,
            "employee_id": employee.id,
            "company_id": self.company_id.id,
            "department_id": employee.department_id.id,
            "job_id": employee.job_id.id,
            "task_group_id": employee.kpi_task_group_id.id,
            "is_leader": employee.kpi_is_leader,
            "year": self.year,
            "rule_set_id": rule_set.id,
            "line_ids": [
                fields.Command.create({"criterion_id": criterion.id})
                for criterion in criteria
                if criterion.applies_to in applies
            ],
        }

    def action_view_assessments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kpi_civil_service.kpi_assessment_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        return action
