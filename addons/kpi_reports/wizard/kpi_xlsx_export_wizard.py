import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from ..xlsx_builder import Column, ascii_name, build_workbook

# The exports that read the KPI data of an agency, and what each one needs.
PERIOD_EXPORTS = ("period_scores", "diary_lines")
YEAR_EXPORTS = ("annual_results",)


class KpiXlsxExportWizard(models.TransientModel):
    """Exports KPI data to a formatted XLSX file that is downloaded at once.

    The data is read with the user's own rights; on top of the record rules, a
    user who is not an HR officer may only export the units he or she manages."""

    _name = "kpi.xlsx.export.wizard"
    _inherit = ["kpi.input.guard.mixin"]
    _description = "Export KPI data to Excel"
    _check_company_auto = True

    export_type = fields.Selection(
        [
            ("sectors", "Sectors"),
            ("period_scores", "Period Scores"),
            ("annual_results", "Annual Results"),
            ("diary_lines", "Work Diary Lines"),
        ],
        string="Export",
        required=True,
        default="sectors",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    period_id = fields.Many2one(
        "kpi.period",
        default=lambda self: self._default_period(),
        domain="[('company_id', '=', company_id)]",
        check_company=True,
    )
    year = fields.Integer(default=lambda self: fields.Date.context_today(self).year)
    all_agencies = fields.Boolean(
        string="All Selected Agencies",
        help="HR officers: every agency selected in the company switcher, for the same months or year.",
    )
    department_ids = fields.Many2many(
        "hr.department",
        string="Units",
        domain="[('id', 'in', allowed_department_ids)]",
        help="Leave empty to export every unit you may see.",
    )
    allowed_department_ids = fields.Many2many(
        "hr.department", string="Units You May Export", compute="_compute_allowed_department_ids"
    )
    approved_only = fields.Boolean(string="Approved Lines Only", default=True)
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _default_period(self):
        return self.env["kpi.period"].search(
            [("company_id", "=", self.env.company.id), ("date_from", "<=", fields.Date.context_today(self))],
            order="date_from desc",
            limit=1,
        )

    @api.depends("company_id")
    @api.depends_context("uid")
    def _compute_allowed_department_ids(self):
        for wizard in self:
            wizard.allowed_department_ids = wizard._allowed_departments()

    @api.onchange("company_id")
    def _onchange_company_id(self):
        if self.period_id.company_id != self.company_id:
            self.period_id = self.env["kpi.period"].search(
                [("company_id", "=", self.company_id.id), ("date_from", "<=", fields.Date.context_today(self))],
                order="date_from desc",
                limit=1,
            )
        self.department_ids = self.department_ids & self._allowed_departments()

    @api.onchange("all_agencies")
    def _onchange_all_agencies(self):
        if self.all_agencies:
            self.department_ids = False  # units belong to one agency

    # ------------------------------------------------------------ rights

    def _is_hr_officer(self):
        return self.env.user.has_group("kpi_civil_service.group_kpi_hr_officer")

    def _allowed_departments(self):
        """The units of the agency the user may export: the units of the KPI
        overview (all for an HR officer, else the units the user manages, their
        sub-units and the units of the user's subordinates)."""
        departments = self.env["hr.department"]
        return departments.search(
            Domain("company_id", "in", [self.company_id.id, False]) & departments._kpi_my_units_domain()
        )

    def _agencies(self):
        """The agencies exported: the one chosen, or every agency selected in
        the company switcher."""
        return self.env.companies if self.all_agencies else self.company_id

    def _scope_domain(self):
        """What the chosen units let the user export, checked on the server."""
        if self._agencies() - self.env.user.company_ids:
            raise AccessError(self.env._("You cannot export the data of an agency you do not belong to."))
        if self.all_agencies:
            if not self._is_hr_officer():
                raise AccessError(self.env._("Only an HR officer exports several agencies at once."))
            if self.department_ids:
                raise UserError(self.env._("Units are chosen for one agency: clear them to export all agencies."))
            return Domain.TRUE
        if self.department_ids:
            refused = self.department_ids - self._allowed_departments()
            if refused:
                raise AccessError(
                    self.env._(
                        "You can only export the units you manage; %(units)s is not one of them.",
                        units=", ".join(refused.mapped("display_name")),
                    )
                )
            return Domain("department_id", "child_of", self.department_ids.ids)
        if self._is_hr_officer():
            return Domain.TRUE
        return Domain("employee_id", "any", self.env["hr.employee"]._kpi_subordinates_domain())

    def _scope_label(self):
        if self.all_agencies:
            return self.env._("All units of %s agencies", len(self._agencies()))
        if self.department_ids:
            return self.env._("Units: %s", ", ".join(self.department_ids.mapped("display_name")))
        if self._is_hr_officer():
            return self.env._("All units")
        return self.env._("Staff managed by %s", self.env.user.name)

    # ------------------------------------------------------------ export

    def action_export(self):
        self.ensure_one()
        if self.export_type in PERIOD_EXPORTS and not self.period_id:
            raise UserError(self.env._("Choose the period to export."))
        if self.export_type in YEAR_EXPORTS and not self.year:
            raise UserError(self.env._("Choose the year to export."))
        name, content = getattr(self, f"_export_{self.export_type}")()
        self.write({"file_data": base64.b64encode(content), "file_name": name})
        return {"type": "ir.actions.act_url", "url": f"/kpi_reports/xlsx/{self.id}", "target": "self"}

    def _take_file(self):
        """(content, file name) of the export, dropped from the record once
        taken: the file lives as long as its download. Only its author may
        take it (record rule)."""
        if len(self.exists()) != 1:
            return None, None
        self.check_access("read")
        if not self.file_data:
            return None, None
        content, name = base64.b64decode(self.file_data), self.file_name
        self.write({"file_data": False})
        return content, name

    def _search_data(self, model, domain, field_names, order):
        """The records to export, read in one query with the user's own rights."""
        agencies = self._agencies()
        domain = Domain.AND([Domain("company_id", "in", agencies.ids), domain, self._scope_domain()])
        records = (
            self.env[model]
            .with_context(allowed_company_ids=agencies.ids)
            .search_fetch(domain, field_names + (["company_id"] if self.all_agencies else []), order=order)
        )
        if not records:
            raise UserError(
                self.env._("Nothing to export: no record matches the agency, period or year and units chosen.")
            )
        return records

    def _title_lines(self, title, when):
        today = fields.Date.context_today(self)
        agency = self.env._("All agencies") if self.all_agencies else self.company_id.name
        return [
            f"{title} - {agency}",
            f"{when} - {self._scope_label()}",
            self.env._("Exported on %(date)s by %(user)s", date=today.strftime("%d/%m/%Y"), user=self.env.user.name),
        ]

    def _file_name(self, what, when):
        today = fields.Date.context_today(self)
        if self.all_agencies:
            agency = "all"
        else:
            agency = ascii_name(self.company_id._kpi_agency_code()) or str(self.company_id.id)
        return f"{what}_{ascii_name(when)}_{agency}_{today:%Y%m%d}.xlsx"

    def _with_agency(self, columns, rows, records):
        """With all agencies, an "Agency" column after the row number."""
        if not self.all_agencies:
            return columns, rows
        columns = [columns[0], Column(self.env._("Agency"), 28), *columns[1:]]
        rows = [(row[0], record.company_id.name, *row[1:]) for row, record in zip(rows, records, strict=True)]
        return columns, rows

    def _period_domain(self):
        """The chosen period, or with all agencies every period of the same dates."""
        if not self.all_agencies:
            return Domain("period_id", "=", self.period_id.id)
        return Domain("period_id.date_from", "=", self.period_id.date_from) & Domain(
            "period_id.date_to", "=", self.period_id.date_to
        )

    def _labels(self, model, field_name):
        return dict(self.env[model]._fields[field_name]._description_selection(self.env))

    def _export_sectors(self):
        sectors = self.env["kpi.sector"].search([("active", "=", True)])
        columns = [
            Column(self.env._("No."), 6, "integer"),
            Column(self.env._("Code"), 10),
            Column(self.env._("Sector"), 40),
        ]
        rows = [(index, sector.code, sector.name) for index, sector in enumerate(sectors, start=1)]
        today = fields.Date.context_today(self)
        content = build_workbook(
            self.env._("Sectors"),
            [self.env._("Sector catalogue"), self.env._("Exported on %s", today.strftime("%d/%m/%Y"))],
            columns,
            rows,
        )
        return f"sectors_{today:%Y%m%d}.xlsx", content

    def _export_period_scores(self):
        period = self.period_id
        scores = self._search_data(
            "kpi.score",
            self._period_domain(),
            [
                "employee_id",
                "department_id",
                "job_id",
                "is_leader",
                "quantity_percent",
                "quality_percent",
                "progress_percent",
                "unit_result_percent",
                "general_score",
                "task_score",
                "total_score",
                "level",
                "declared_hours",
                "expected_hours",
                "days_missing",
                "days_over_limit",
            ],
            "company_id, department_id, employee_id",
        )
        levels = self._labels("kpi.score", "level")
        columns = [
            Column(self.env._("No."), 6, "integer"),
            Column(self.env._("Employee"), 28),
            Column(self.env._("Unit"), 28),
            Column(self.env._("Job Position"), 20),
            Column(self.env._("Quantity % (a)"), 11, "percent", total="average"),
            Column(self.env._("Quality % (b)"), 11, "percent", total="average"),
            Column(self.env._("Progress % (c)"), 11, "percent", total="average"),
            Column(self.env._("Unit Results % (d)"), 11, "percent", total="average"),
            Column(self.env._("General Score"), 11, "number", total="average"),
            Column(self.env._("Task Score"), 11, "number", total="average"),
            Column(self.env._("Total Score"), 11, "number", total="average"),
            Column(self.env._("Level"), 24),
            Column(self.env._("Declared Hours"), 11, "number", total=True),
            Column(self.env._("Expected Hours"), 11, "number", total=True),
            Column(self.env._("Days without Declaration"), 13, "integer", total=True),
            Column(self.env._("Days over the Standard Hours"), 13, "integer", total=True),
        ]
        rows = [
            (
                index,
                score.employee_id.name,
                score.department_id.display_name,
                score.job_id.name,
                score.quantity_percent,
                score.quality_percent,
                score.progress_percent,
                score.unit_result_percent if score.is_leader else None,
                score.general_score,
                score.task_score,
                score.total_score,
                levels.get(score.level),
                score.declared_hours,
                score.expected_hours,
                score.days_missing,
                score.days_over_limit,
            )
            for index, score in enumerate(scores, start=1)
        ]
        columns, rows = self._with_agency(columns, rows, scores)
        title = self.env._("Period KPI Scores")
        content = build_workbook(
            title,
            self._title_lines(title, period.display_name),
            columns,
            rows,
            totals_label=self.env._("Total / Average"),
        )
        return self._file_name("period_scores", period.name), content

    def _export_annual_results(self):
        assessments = self._search_data(
            "kpi.assessment",
            Domain("year", "=", self.year) & Domain("state", "!=", "cancelled"),
            [
                "employee_id",
                "department_id",
                "job_id",
                "months_worked",
                "general_score",
                "task_score",
                "total_score",
                "self_level",
                "proposed_level",
                "final_level",
                "state",
                "not_classified",
            ],
            "company_id, department_id, employee_id",
        )
        levels = self._labels("kpi.assessment", "final_level")
        states = self._labels("kpi.assessment", "state")
        columns = [
            Column(self.env._("No."), 6, "integer"),
            Column(self.env._("Employee"), 28),
            Column(self.env._("Unit"), 28),
            Column(self.env._("Job Position"), 20),
            Column(self.env._("Months Worked"), 10, "integer", total="average"),
            Column(self.env._("General Score"), 11, "number", total="average"),
            Column(self.env._("Task Score"), 11, "number", total="average"),
            Column(self.env._("Total Score"), 11, "number", total="average"),
            Column(self.env._("Self-Proposed Level"), 24),
            Column(self.env._("Level Proposed by the Manager"), 24),
            Column(self.env._("Final Level"), 24),
            Column(self.env._("State"), 18),
            Column(self.env._("Not Classified"), 12),
        ]
        yes = self.env._("Yes")
        rows = [
            (
                index,
                assessment.employee_id.name,
                assessment.department_id.display_name,
                assessment.job_id.name,
                assessment.months_worked,
                assessment.general_score,
                assessment.task_score,
                assessment.total_score,
                levels.get(assessment.self_level),
                levels.get(assessment.proposed_level),
                levels.get(assessment.final_level),
                states.get(assessment.state),
                yes if assessment.not_classified else None,
            )
            for index, assessment in enumerate(assessments, start=1)
        ]
        columns, rows = self._with_agency(columns, rows, assessments)
        title = self.env._("Annual Assessment Results")
        content = build_workbook(
            title,
            self._title_lines(title, self.env._("Year %s", self.year)),
            columns,
            rows,
            totals_label=self.env._("Total / Average"),
        )
        return self._file_name("annual_results", str(self.year)), content

    def _export_diary_lines(self):
        period = self.period_id
        domain = Domain("date", ">=", period.date_from) & Domain("date", "<=", period.date_to)
        if self.approved_only:
            domain &= Domain("state", "=", "approved")
        lines = self._search_data(
            "kpi.diary.line",
            domain,
            [
                "date",
                "employee_id",
                "department_id",
                "work_item_id",
                "quantity",
                "hours",
                "converted_minutes",
                "state",
                "name",
                "evidence_ref",
            ],
            "company_id, department_id, employee_id, date, id",
        )
        states = self._labels("kpi.diary.line", "state")
        columns = [
            Column(self.env._("No."), 6, "integer"),
            Column(self.env._("Date"), 12, "date"),
            Column(self.env._("Employee"), 28),
            Column(self.env._("Unit"), 28),
            Column(self.env._("Work Item Code"), 12),
            Column(self.env._("Work Item"), 36),
            Column(self.env._("Quantity"), 10, "number", total=True),
            Column(self.env._("Hours"), 10, "number", total=True),
            Column(self.env._("Converted Minutes"), 12, "number", total=True),
            Column(self.env._("State"), 14),
            Column(self.env._("Description"), 48),
            Column(self.env._("Evidence Reference"), 20),
        ]
        rows = [
            (
                index,
                line.date,
                line.employee_id.name,
                line.department_id.display_name,
                line.work_item_id.code,
                line.work_item_id.name,
                line.quantity,
                line.hours,
                line.converted_minutes,
                states.get(line.state),
                line.name,
                line.evidence_ref,
            )
            for index, line in enumerate(lines, start=1)
        ]
        columns, rows = self._with_agency(columns, rows, lines)
        title = self.env._("Work Diary Lines")
        when = period.display_name
        if self.approved_only:
            when = self.env._("%s (approved lines)", when)
        content = build_workbook(title, self._title_lines(title, when), columns, rows, totals_label=self.env._("Total"))
        return self._file_name("diary_lines", period.name), content
