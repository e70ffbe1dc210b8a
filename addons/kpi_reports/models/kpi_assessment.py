import hashlib

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from odoo.addons.kpi_civil_service.models.kpi_assessment import TRANSITIONS
from odoo.addons.kpi_civil_service.models.utils import given_reason

NOTICE_REPORT = "kpi_reports.action_report_classification_notice"
NOTICE_SEQUENCE_CODE = "kpi.classification.notice"
# A person's documents (notice, form, score sheet) are state documents: written
# in Vietnamese whoever prints them and whatever the database's language.
DOCUMENT_LANG = "vi_VN"


class KpiAssessment(models.Model):
    """Step 5 gives the classification notice its number, keeps the printed
    notice on the assessment and sends it to the person."""

    _inherit = "kpi.assessment"
    # the HR officer, who notifies, issues a notice again when its kept copy is wrong
    _kpi_transitions = {**TRANSITIONS, "reissue_notice": (("notified",), None, "notify")}

    notice_number = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The number of the classification notice, given when the person is notified.",
    )
    # the notice as sent at step 5: kept by the system, served again only if unchanged
    notice_attachment_id = fields.Many2one(
        "ir.attachment", string="Notice Sent", readonly=True, copy=False, ondelete="restrict"
    )
    notice_sha256 = fields.Char(
        string="Notice Fingerprint",
        readonly=True,
        copy=False,
        help="SHA-256 of the notice sent; the notice is printed again only if it still matches.",
    )

    can_reissue_notice = fields.Boolean(compute="_compute_can_steps")

    def _notify_now(self):
        result = super()._notify_now()
        self._kpi_number_notices()
        self._kpi_send_notices()
        return result

    def _kpi_number_notices(self):
        """Numbers run per agency and per year, without gaps: "12/TB-SNV"."""
        for company, assessments in self.grouped("company_id").items():
            sequence = self._kpi_notice_sequence(company)
            code = company._kpi_agency_code()
            for assessment in assessments.sorted(lambda a: (a.department_id.complete_name or "", a.employee_id.name)):
                number = sequence.next_by_id(sequence_date=company._kpi_local_date(assessment.date_notified))
                assessment.sudo().notice_number = f"{number}/TB-{code}"

    def _kpi_notice_sequence(self, company):
        sequences = self.env["ir.sequence"].sudo()
        return sequences.search(
            [("code", "=", NOTICE_SEQUENCE_CODE), ("company_id", "=", company.id)], limit=1
        ) or sequences.create(
            {
                "name": self.env._("Classification notices of %s", company.name),
                "code": NOTICE_SEQUENCE_CODE,
                "company_id": company.id,
                "implementation": "no_gap",
                "use_date_range": True,
                "padding": 0,
            }
        )

    def _kpi_notice_file_name(self):
        return f"TB-{(self.notice_number or str(self.id)).replace('/', '-')}.pdf"

    def _kpi_send_notices(self):
        """Renders every notice in one pass, keeps each on its assessment as a
        file of the system's with its fingerprint, and posts it to the person.
        The e-mails go through the mail queue, woken at once: sending is not
        part of this transaction, and a graceful restart in the middle of a
        province's sending resumes without sending any notice twice."""
        self._kpi_keep_notices()
        for assessment in self.with_context(mail_notify_force_send=False):
            lang_self = assessment.with_context(lang=self._kpi_employee_lang(assessment.employee_id))
            partner = assessment.employee_id.sudo().work_contact_id | assessment.employee_id.user_id.partner_id
            assessment.message_post(
                body=lang_self.env._(
                    "Your classification for %(year)s: %(level)s (notice %(number)s).",
                    year=assessment.year,
                    level=lang_self._kpi_level_label(assessment.final_level),
                    number=assessment.notice_number,
                ),
                attachment_ids=assessment.sudo().notice_attachment_id.ids,
                partner_ids=partner[:1].ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.env["mail.mail"]._kpi_wake_queue()

    def action_reissue_notice(self, reason=None):
        """A notice whose kept copy is wrong (printed before the agency's
        settings or the language were right) is issued again, with the same
        number, by the HR officer and with a reason that is logged. The copy
        sent before stays on the assessment under a name that says it was
        replaced; the new one is kept with its fingerprint and sent like the
        first."""
        self._check_transition("reissue_notice")
        reason = given_reason(self.env, reason)
        if reason is None:
            return self.env["kpi.reason.wizard"]._open_for(self, "reissue_notice", self.env._("Re-issue Notice"))
        replaced = self.with_context(lang=DOCUMENT_LANG).env._(
            "replaced on %s", fields.Date.context_today(self).strftime("%d-%m-%Y")
        )
        for assessment in self.sudo():
            old = assessment.notice_attachment_id
            if old:
                old.name = f"{old.name.removesuffix('.pdf')} ({replaced}).pdf"
        self.sudo().write({"notice_attachment_id": False, "notice_sha256": False})
        self._kpi_send_notices()
        for assessment in self:
            assessment.message_post(body=self.env._("Notice re-issued: %s", reason), subtype_xmlid="mail.mt_note")
        return True

    def _kpi_keep_notices(self):
        reports = self.env["ir.actions.report"].sudo()
        streams, report_type = reports._pre_render_qweb_pdf(NOTICE_REPORT, self.ids)
        if report_type != "pdf":
            return  # Odoo renders no PDF while installing or testing, unless forced
        for assessment in self:
            if not streams.get(assessment.id, {}).get("stream"):  # a PDF that could not be split
                streams.update(reports._pre_render_qweb_pdf(NOTICE_REPORT, assessment.ids)[0])
        pdfs = [streams[assessment.id]["stream"].getvalue() for assessment in self]
        attachments = (
            self.env["ir.attachment"]
            .with_user(SUPERUSER_ID)
            .create(
                [
                    {
                        "name": assessment._kpi_notice_file_name(),
                        "raw": pdf,
                        "mimetype": "application/pdf",
                        "res_model": self._name,
                        "res_id": assessment.id,
                        "company_id": assessment.company_id.id,
                    }
                    for assessment, pdf in zip(self, pdfs, strict=True)
                ]
            )
        )
        for assessment, attachment, pdf in zip(self, attachments, pdfs, strict=True):
            assessment.sudo().write(
                {"notice_attachment_id": attachment.id, "notice_sha256": hashlib.sha256(pdf).hexdigest()}
            )

    def _kpi_kept_notices(self):
        """{assessment id: the notice sent} of these assessments, each checked
        against its fingerprint: a notice changed after it was sent is refused."""
        kept = {}
        for assessment in self.sudo().filtered("notice_attachment_id"):
            raw = assessment.notice_attachment_id.raw
            if hashlib.sha256(raw).hexdigest() != assessment.notice_sha256:
                raise UserError(
                    self.env._(
                        "The notice sent to %s no longer matches its fingerprint: it was changed after step 5. "
                        "Ask the KPI administrator to check it.",
                        assessment.employee_id.name,
                    )
                )
            kept[assessment.id] = raw
        return kept

    # ------------------------------------------------------------ printing helpers

    @api.model
    def _kpi_lang(self):
        """The language of a person's documents."""
        return DOCUMENT_LANG

    @api.model
    def _kpi_employee_lang(self, employee):
        """The employee's language, in which the messages to them are written."""
        employee = employee.sudo()
        return employee.lang or employee.user_id.lang or self.env.lang or "vi_VN"

    def _kpi_category_label(self):
        category = self.employee_id.sudo().kpi_staff_category or "civil_servant"
        labels = dict(self.env["hr.employee"]._fields["kpi_staff_category"]._description_selection(self.env))
        return labels[category].lower()

    def _kpi_number(self, value):
        return formatLang(self.env, value, digits=2)

    def _kpi_notice_recipients(self):
        """ "Nơi nhận" before the archive line: the person, the unit and the
        agency's other recipients, each once."""
        lines = [f"- {self.employee_id.name};"]
        if self.department_id:
            lines.append(f"- {self.department_id.name};")
        for line in (self.company_id.kpi_notice_recipients or "").splitlines():
            if line.strip() and line.strip() not in lines:
                lines.append(line.strip())
        return lines

    def _kpi_signer(self):
        """The decider's name and title, for the signature block."""
        return self._kpi_user_signer(self.decider_id, self.company_id)

    @api.model
    def _kpi_user_signer(self, user, company):
        # users' employee_ids follow the current company: look in the agency's
        employee = (
            self.env["hr.employee"].sudo().search([("user_id", "=", user.id), ("company_id", "=", company.id)], limit=1)
            if user
            else self.env["hr.employee"]
        )
        return user.sudo().name or "", employee.job_title or employee.job_id.name or ""

    def _kpi_breakthrough_summary(self):
        """The breakthrough tasks of the year, each with its confirmed result
        (or its state until then), for the notice."""
        results = dict(self.env["kpi.breakthrough.task"]._fields["result"]._description_selection(self.env))
        states = dict(self.env["kpi.breakthrough.task"]._fields["state"]._description_selection(self.env))
        return "; ".join(
            f"{task.name} ({results[task.result] if task.state == 'evaluated' else states[task.state]})"
            for task in self.breakthrough_task_ids
            if task.state != "draft"
        )

    def _kpi_summary_level(self):
        """The decided level, or until the decision the one on the table."""
        if self.not_classified:
            return False
        if self.state in ("decided", "notified"):
            return self.final_level
        return self.proposed_level or self.self_level or self.computed_level
