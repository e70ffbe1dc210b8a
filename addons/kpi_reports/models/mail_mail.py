from odoo import api, fields, models
from odoo.fields import Domain


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model
    def process_email_queue(self, email_ids=(), batch_size=1000):
        """One batch of the queue per run, as Odoo does; when the run came
        from the queue's scheduled action, sent something and left e-mails
        due, the action is woken again. Odoo 19's queue does not report its
        progress to the scheduler, which then waits an hour between batches:
        a province's 30,000 notices would take 30 hours. Woken rather than
        looping inside one run, so that a graceful stop of the server waits
        for one batch, not for ten."""
        from_cron = not email_ids and self.env.context.get("cron_id")
        due = Domain("state", "=", "outgoing") & (
            Domain("scheduled_date", "=", False) | Domain("scheduled_date", "<=", fields.Datetime.now())
        )
        before = self.search_count(due) if from_cron else 0
        result = super().process_email_queue(email_ids=email_ids, batch_size=batch_size)
        if from_cron:
            left = self.search_count(due)
            if left and left < before:
                self._kpi_wake_queue()
        return result

    @api.model
    def _kpi_wake_queue(self):
        """The queue's scheduled action, run as soon as a cron worker is free."""
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
