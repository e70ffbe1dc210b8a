import pytz

from odoo import fields, models


class ResCompany(models.Model):
    """What an agency's printed documents need (Decree 30/2020): the body it
    reports to, its abbreviation in document numbers and who signs."""

    _inherit = "res.company"

    kpi_parent_body = fields.Char(
        string="Parent Body",
        help='Printed above the agency\'s name, e.g. "UBND TỈNH KHÁNH HÒA". '
        "Leave empty to print the parent company, if any.",
    )
    kpi_agency_code = fields.Char(
        string="Agency Code",
        help='The agency\'s abbreviation in document numbers, e.g. SNV in "Số: 12/TB-SNV".',
    )
    kpi_national_code = fields.Char(
        string="Code in the National Database",
        help="The agency's code in the national database of cadres, civil servants and public employees (its "
        'electronic identifier, e.g. "000.00.11.H34"), written in every record sent there.',
    )
    kpi_signature_mode = fields.Selection(
        [
            ("direct", "The head signs"),
            ("kt", "KT. - a deputy signs for the head"),
            ("tm", "TM. - signed on behalf of the collective"),
        ],
        string="Signature",
        default="direct",
        required=True,
        help="How the competent authority signs the notices (Decree 30/2020, Appendix I).",
    )
    kpi_signature_authority = fields.Char(
        string="Signing Authority",
        help='The head\'s title or the collective, e.g. "GIÁM ĐỐC" or "ỦY BAN NHÂN DÂN".',
    )
    kpi_notice_recipients = fields.Text(
        string="Other Recipients",
        help='One recipient per line, added to "Nơi nhận" after the person and the unit.',
    )
    kpi_archive_code = fields.Char(
        string="Archived by",
        help='The unit that keeps a copy besides the clerical office, e.g. TCCB in "Lưu: VT, TCCB."',
    )

    def _kpi_parent_body_name(self):
        self.ensure_one()
        return (self.kpi_parent_body or self.parent_id.name or "").upper()

    def _kpi_agency_code(self):
        self.ensure_one()
        return self.kpi_agency_code or "".join(word[0] for word in self.name.split() if word[:1].isalpha()).upper()

    def _kpi_handbook_jobs(self):
        """The agency's job positions that have work items, for its KPI handbook."""
        self.ensure_one()
        return self.env["hr.job"].search(
            [("company_id", "in", [self.id, False]), ("kpi_work_item_ids", "!=", False)], order="name"
        )

    def _kpi_handbook_breakthrough_tasks(self):
        """The breakthrough tasks the agency's leaders registered for this
        year (submitted or further, not cancelled), by unit and leader."""
        self.ensure_one()
        return (
            self.env["kpi.breakthrough.task"]
            .search(
                [
                    ("company_id", "=", self.id),
                    ("year", "=", self._kpi_local_date().year),
                    ("state", "not in", ("draft", "cancelled")),
                ]
            )
            .sorted(lambda task: (task.department_id.complete_name or "", task.employee_id.name or "", task.id))
        )

    def _kpi_local_date(self, moment=None):
        """The date of `moment` (UTC, default now) where the agency is: what a
        document it issues is dated (its calendar's time zone, else Vietnam's),
        whoever prints it."""
        self.ensure_one()
        tz = pytz.timezone(self.resource_calendar_id.tz or "Asia/Ho_Chi_Minh")
        return pytz.utc.localize(moment or fields.Datetime.now()).astimezone(tz).date()
