import base64
import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round

from ..xlsx_builder import Column, ascii_name, build_workbook

HR_OFFICER = "kpi_civil_service.group_kpi_hr_officer"
# the kept files are written by the export only (as the system)
NATIONAL_FILE_FIELDS = {
    "national_xlsx",
    "national_xlsx_name",
    "national_json",
    "national_json_name",
    "national_export_date",
}
# how each value is written in the XLSX file
SOURCE_KINDS = {
    "year": "integer",
    "months_worked": "integer",
    "total_score": "number",
    "decision_date": "date",
    "notice_date": "date",
}
FORMAT = "kpi-national-results/1"
NAMES_SHOWN = 10


def _names(records):
    names = records[:NAMES_SHOWN].mapped("employee_id.name")
    more = len(records) - NAMES_SHOWN
    return ", ".join(names) + (f" (+{more})" if more > 0 else "")


class KpiAssessmentCampaign(models.Model):
    """A decided campaign is sent to the national database of cadres, civil
    servants and public employees (Decree 27/2026): one record per person, in
    the columns of the agency's list (kpi.national.field), as XLSX and JSON.
    The files of the last export stay on the campaign, for HR only."""

    _inherit = "kpi.assessment.campaign"

    national_xlsx = fields.Binary(
        string="National File (XLSX)", attachment=True, readonly=True, copy=False, groups=HR_OFFICER
    )
    national_xlsx_name = fields.Char(string="National XLSX File Name", readonly=True, copy=False, groups=HR_OFFICER)
    national_json = fields.Binary(
        string="National File (JSON)", attachment=True, readonly=True, copy=False, groups=HR_OFFICER
    )
    national_json_name = fields.Char(string="National JSON File Name", readonly=True, copy=False, groups=HR_OFFICER)
    national_export_date = fields.Datetime(
        string="Exported to the National Database On", readonly=True, copy=False, groups=HR_OFFICER
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_national_files_untouched(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_national_files_untouched(vals)
        return super().write(vals)

    def _check_national_files_untouched(self, vals):
        if NATIONAL_FILE_FIELDS & vals.keys() and not self.env.su:
            raise AccessError(self.env._("The national database files are written by the export only."))

    def action_export_national(self):
        """Writes the national file of the campaign (XLSX and JSON), keeps both
        on the campaign, logs the export and downloads the XLSX file."""
        self.ensure_one()
        if not self.env.user.has_group(HR_OFFICER):
            raise AccessError(self.env._("Only an HR officer exports the results to the national database."))
        self.check_access("write")
        columns = self.env["kpi.national.field"]._for_agency(self.company_id)
        assessments = self._national_assessments(columns)
        records = self._national_records(columns, assessments)
        base = f"national_{self.year}_{ascii_name(self.company_id.kpi_national_code)}"
        xlsx = self._national_xlsx(columns, records)
        content = json.dumps(
            {
                "format": FORMAT,
                "agency_code": self.company_id.kpi_national_code,
                "agency": self.company_id.name,
                "year": self.year,
                "decision_number": self.decision_number,
                "decision_date": self.decision_date.isoformat(),
                "exported_at": fields.Datetime.now().isoformat(timespec="seconds") + "Z",
                "count": len(records),
                "records": records,
            },
            ensure_ascii=False,
            indent=1,
        ).encode()
        self.sudo().write(
            {
                "national_xlsx": base64.b64encode(xlsx),
                "national_xlsx_name": f"{base}.xlsx",
                "national_json": base64.b64encode(content),
                "national_json_name": f"{base}.json",
                "national_export_date": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=self.env._(
                "Exported to the national database: %(count)s people, decision %(number)s of %(date)s "
                "(SHA-256 of the JSON file: %(sha)s).",
                count=len(records),
                number=self.decision_number,
                date=self.decision_date.strftime("%d/%m/%Y"),
                sha=hashlib.sha256(content).hexdigest(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/kpi.assessment.campaign/{self.id}/national_xlsx/{base}.xlsx?download=true",
            "target": "self",
        }

    def _national_assessments(self, columns):
        """The people to send, once everything the file needs is there: every
        assessment decided (or notified; the cancelled left out), the decision's
        number and date, the agency's code and each person's identifier."""
        if not columns:
            raise UserError(self.env._("No column is set for the national database file (KPI > Configuration)."))
        assessments = self.sudo().assessment_ids.filtered(lambda a: a.state != "cancelled")
        if not assessments:
            raise UserError(self.env._("The campaign has no assessment to export."))
        undecided = assessments.filtered(lambda a: a.state not in ("decided", "notified"))
        if undecided:
            raise UserError(
                self.env._(
                    "%(count)s assessments are not decided yet: %(names)s. Export the campaign once every "
                    "assessment is decided.",
                    count=len(undecided),
                    names=_names(undecided),
                )
            )
        if not (self.decision_number or "").strip() or not self.decision_date:
            raise UserError(self.env._("Enter the number and date of the decision on the campaign first."))
        if not (self.company_id.kpi_national_code or "").strip():
            raise UserError(
                self.env._(
                    "Enter the code of %s in the national database on the agency's form first.",
                    self.company_id.name,
                )
            )
        if "national_id" in columns.mapped("source"):
            missing = assessments.filtered(lambda a: not a.employee_id.kpi_national_id)
            if missing:
                raise UserError(
                    self.env._(
                        "%(count)s people have no national identifier: %(names)s. Enter it on the KPI tab of "
                        "their employee form.",
                        count=len(missing),
                        names=_names(missing),
                    )
                )
            seen, twice = {}, self.env["kpi.assessment"]
            for assessment in assessments:
                first = seen.setdefault(assessment.employee_id.kpi_national_id, assessment)
                if first != assessment:
                    twice |= first | assessment
            if twice:
                raise UserError(
                    self.env._(
                        "The same national identifier is on several people: %(names)s. One person has one identifier.",
                        names=_names(twice),
                    )
                )
        return assessments.sorted(lambda a: (a.department_id.complete_name or "", a.employee_id.name or "", a.id))

    def _national_records(self, columns, assessments):
        """One dict per person, keyed by the columns' JSON keys: texts in
        Vietnamese, scores as numbers, dates as ISO dates."""
        assessments = assessments.with_context(lang="vi_VN")
        vi = assessments.env
        levels = dict(vi["kpi.assessment"]._fields["final_level"]._description_selection(vi))
        not_classified = vi["kpi.assessment"]._fields["not_classified"]._description_string(vi)
        categories = dict(vi["hr.employee"]._fields["kpi_staff_category"]._description_selection(vi))
        company = self.company_id
        records = []
        for assessment in assessments:
            employee = assessment.employee_id
            level = "not_classified" if assessment.not_classified else assessment.final_level
            notified = assessment.date_notified and company._kpi_local_date(assessment.date_notified)
            values = {
                "national_id": employee.kpi_national_id,
                "employee_name": employee.name,
                "staff_category": categories.get(employee.kpi_staff_category),
                "job": assessment.job_id.name,
                "department": assessment.department_id.name,
                "agency_code": company.kpi_national_code,
                "agency_name": company.name,
                "year": assessment.year,
                "months_worked": assessment.months_worked,
                "total_score": float_round(assessment.total_score, precision_digits=2),
                "level_code": level,
                "level_label": not_classified if level == "not_classified" else levels.get(level),
                "decision_number": self.decision_number,
                "decision_date": self.decision_date.isoformat(),
                "notice_number": assessment.notice_number,
                "notice_date": notified.isoformat() if notified else None,
            }
            records.append({column.key: values[column.source] or _empty(column.source) for column in columns})
        return records

    def _national_xlsx(self, columns, records):
        table = [
            Column(column.name, 14 if SOURCE_KINDS.get(column.source) else 24, SOURCE_KINDS.get(column.source, "text"))
            for column in columns
        ]
        rows = [
            [
                fields.Date.to_date(record[column.key]) if table[index].kind == "date" else record[column.key]
                for index, column in enumerate(columns)
            ]
            for record in records
        ]
        return build_workbook(self.env._("National database"), [], table, rows)


def _empty(source):
    """What an empty value is in the file: 0 for a number, else null."""
    return 0 if SOURCE_KINDS.get(source) in ("integer", "number") else None
