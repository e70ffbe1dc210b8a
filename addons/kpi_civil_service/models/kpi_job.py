import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from .utils import int_param

_logger = logging.getLogger(__name__)

# Above this many people the buttons hand the work to a background job
# (setting kpi_civil_service.inline_people_limit).
INLINE_PEOPLE_LIMIT = 2000
# A background compute does periods of the same dates together, up to this many
# people per committed unit (setting kpi_civil_service.job_people_per_unit).
PEOPLE_PER_UNIT = 15000
# Step 5 renders a notice in about a tenth of a second (many per run of
# wkhtmltopdf, with kpi_reports): above this many at once the notices are sent
# by a background job (setting kpi_civil_service.inline_notices_limit), this
# many per committed unit (setting kpi_civil_service.job_notices_per_unit).
INLINE_NOTICES_LIMIT = 50
NOTICES_PER_UNIT = 200


class KpiJob(models.Model):
    """Batch work of a province run in the background: the scores of many
    periods, the assessments of a large campaign, or the notices of many
    decided assessments (step 5). The cron "KPI: run
    background jobs" does one unit at a time (a period, or a batch of
    assessments) and commits it with the job's progress, so nothing holds one
    transaction for a province, the requester watches the progress bar, and
    after a crash or a restart the job goes on from the first unit not
    committed."""

    _name = "kpi.job"
    _inherit = ["mail.thread"]
    _description = "KPI Background Job"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    job_type = fields.Selection(
        [
            ("compute_scores", "Compute Scores"),
            ("generate_assessments", "Generate Assessments"),
            ("notify_assessments", "Send Notices"),
        ],
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Requested By", required=True, readonly=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company", string="Agency", required=True, readonly=True, default=lambda self: self.env.company
    )
    period_ids = fields.Many2many("kpi.period", string="Periods", readonly=True)
    pending_period_ids = fields.Many2many(
        "kpi.period", "kpi_job_pending_period_rel", string="Periods Still to Compute", readonly=True
    )
    campaign_id = fields.Many2one("kpi.assessment.campaign", readonly=True)
    assessment_ids = fields.Many2many("kpi.assessment", string="Assessments", readonly=True)
    pending_assessment_ids = fields.Many2many(
        "kpi.assessment", "kpi_job_pending_assessment_rel", string="Assessments Still to Notify", readonly=True
    )
    total = fields.Integer(string="Units", readonly=True)
    done_count = fields.Integer(string="Units Done", readonly=True, default=0)
    progress = fields.Float(compute="_compute_progress")
    date_started = fields.Datetime(string="Started On", readonly=True)
    date_finished = fields.Datetime(string="Finished On", readonly=True)
    error = fields.Text(readonly=True)

    @api.depends("done_count", "total")
    def _compute_progress(self):
        for job in self:
            job.progress = 100.0 * job.done_count / job.total if job.total else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Background jobs are started by the buttons that need them."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("A background job is changed only by the job itself."))
        return super().write(vals)

    # ------------------------------------------------------------ queueing

    @api.model
    def _inline_people_limit(self):
        return int_param(self.env, "kpi_civil_service.inline_people_limit", INLINE_PEOPLE_LIMIT)

    @api.model
    def _queue(self, vals):
        """Creates the job for the current user and wakes the cron up."""
        job = self.sudo().create({"user_id": self.env.uid, "company_id": self.env.company.id} | vals)
        self.env.ref("kpi_civil_service.ir_cron_kpi_jobs").sudo()._trigger()
        return job

    @api.model
    def _queue_compute(self, periods):
        count = len(periods)
        # the job belongs to the agency computed, when there is one
        agency = periods.company_id if len(periods.company_id) == 1 else self.env.company
        return self._queue(
            {
                "company_id": agency.id,
                "name": self.env._("Compute the scores of %s periods", count),
                "job_type": "compute_scores",
                "period_ids": [fields.Command.set(periods.ids)],
                "pending_period_ids": [fields.Command.set(periods.ids)],
                "total": count,
            }
        )

    @api.model
    def _queue_generate(self, campaign, people):
        return self._queue(
            {
                "name": self.env._("Generate the assessments of %s", campaign.name),
                "job_type": "generate_assessments",
                "campaign_id": campaign.id,
                "company_id": campaign.company_id.id,
                "total": -(-people // campaign._batch_size()) + 1,
            }
        )

    @api.model
    def _inline_notices_limit(self):
        return int_param(self.env, "kpi_civil_service.inline_notices_limit", INLINE_NOTICES_LIMIT)

    @api.model
    def _queue_notify(self, assessments):
        per_unit = int_param(self.env, "kpi_civil_service.job_notices_per_unit", NOTICES_PER_UNIT)
        return self._queue(
            {
                "company_id": (assessments.company_id if len(assessments.company_id) == 1 else self.env.company).id,
                "name": self.env._("Send the notices of %s assessments", len(assessments)),
                "job_type": "notify_assessments",
                "assessment_ids": [fields.Command.set(assessments.ids)],
                "pending_assessment_ids": [fields.Command.set(assessments.ids)],
                "total": -(-len(assessments) // per_unit),
            }
        )

    @api.model
    def _notices_pending(self, assessments):
        """Those of these assessments that a job not finished will notify."""
        jobs = self.sudo().search(
            [
                ("job_type", "=", "notify_assessments"),
                ("state", "in", ("queued", "running")),
                ("pending_assessment_ids", "in", assessments.ids),
            ]
        )
        return assessments & jobs.pending_assessment_ids

    def _queued_action(self):
        """What a button returns once it queued the job: the job's form, to watch it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kpi.job",
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------ running

    @api.model
    def _cron_run_jobs(self):
        """The cron: every unit of every job not finished, oldest job first, each
        unit committed with its progress. When the cron's time is up it stops
        after a unit; the cron runs again at once for the rest."""
        cron = self.env["ir.cron"]
        jobs = self.sudo().search([("state", "in", ("queued", "running"))], order="id")
        cron._commit_progress(remaining=sum(max(job.total - job.done_count, 1) for job in jobs))
        for job in jobs:
            while job.state in ("queued", "running"):
                job._run_unit()
                if cron._commit_progress(1) <= 0:
                    return

    def _run_unit(self):
        """Does the job's next unit; a unit that fails is rolled back whole and
        the job is marked failed with the reason, for the requester to see."""
        self.ensure_one()
        job = self.sudo()
        if job.state == "queued":
            job.write({"state": "running", "date_started": fields.Datetime.now()})
        try:
            with self.env.cr.savepoint():
                finished = job._do_unit()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            # someone changed the same period meanwhile: not the job's fault;
            # the cron runs the unit again on its next turn
            raise
        except Exception as error:  # a failed unit must not stop the other jobs
            _logger.info("KPI background job %s failed: %s", job.id, error)
            job.write({"state": "failed", "error": str(error), "date_finished": fields.Datetime.now()})
            job._tell_user(self.env._("%(job)s failed: %(error)s", job=job.name, error=error), "danger")
            return
        if finished:
            job.write({"state": "done", "date_finished": fields.Datetime.now(), "done_count": job.total})
            job._tell_user(self.env._("%s: done.", job.name), "success")

    def _do_unit(self):
        """One unit, as the requester (with the system's rights, checked when the
        job was queued). Returns whether the job is finished."""
        as_requester = self.with_user(self.user_id).sudo()
        if self.job_type == "compute_scores":
            periods = self._next_periods()
            if not periods:
                return True
            as_requester.env["kpi.scoring"]._score_periods(periods.filtered(lambda p: p.state == "open"))
            for period in periods.filtered(lambda p: p.state == "closed"):
                self.message_post(
                    body=self.env._("%s was closed before its turn: left as it was.", period.display_name)
                )
            self.write(
                {
                    "pending_period_ids": [fields.Command.unlink(period.id) for period in periods],
                    "done_count": self.done_count + len(periods),
                }
            )
            return not self.pending_period_ids
        if self.job_type == "notify_assessments":
            return self._notify_unit(as_requester)
        remaining = self.campaign_id.with_env(as_requester.env)._generate_step()
        self.write({"done_count": min(self.done_count + 1, self.total - 1) if remaining else self.total})
        return not remaining

    def _notify_unit(self, as_requester):
        """The next assessments in the order they were chosen; one reopened
        meanwhile is left for its new decision."""
        per_unit = int_param(self.env, "kpi_civil_service.job_notices_per_unit", NOTICES_PER_UNIT)
        batch = self.pending_assessment_ids.sorted("id")[:per_unit]
        decided = batch.filtered(lambda a: a.state == "decided")
        for assessment in batch - decided:
            self.message_post(
                body=self.env._("%s was no longer decided at its turn: no notice sent.", assessment.display_name)
            )
        decided.with_env(as_requester.env)._notify_now()
        self.write(
            {
                "pending_assessment_ids": [fields.Command.unlink(assessment.id) for assessment in batch],
                "done_count": self.done_count + 1,
            }
        )
        return not self.pending_assessment_ids

    def _next_periods(self):
        """The next unit of a compute: pending periods of the same dates (read
        in one pass), together up to the people per unit (setting
        kpi_civil_service.job_people_per_unit); at least one period."""
        pending = self.pending_period_ids.sorted(lambda p: (p.date_from, p.date_to, p.id))
        first = pending[:1]
        same = pending.filtered(lambda p: (p.date_from, p.date_to) == (first.date_from, first.date_to))
        limit = int_param(self.env, "kpi_civil_service.job_people_per_unit", PEOPLE_PER_UNIT)
        counts = same._kpi_people_counts()
        unit, people = self.env["kpi.period"], 0
        for period in same:
            if unit and people + counts[period.id] > limit:
                break
            unit |= period
            people += counts[period.id]
        return unit

    def _tell_user(self, message, kind):
        self.message_post(body=message)
        self.env["bus.bus"]._sendone(
            self.user_id.partner_id,
            "simple_notification",
            {"type": kind, "message": message, "sticky": kind != "success"},
        )
