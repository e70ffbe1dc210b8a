import json
import math
from collections import defaultdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .kpi_diary_line import MAX_HOURS_PER_DAY
from .utils import int_param, serialize_on

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH_LIMIT = 1000  # setting kpi_civil_service.intake_batch_limit
STATUSES = ("processing", "done")
REQUIRED = ("external_id", "document_code", "document_type", "handler", "handled_at", "status")
ACCEPTED = ("created", "updated")
# hr_employee's column of each identifier rule (identification_id is on the version)
IDENTIFIER_SQL = {
    "work_email": SQL("lower(e.work_email)"),
    "barcode": SQL("lower(e.barcode)"),
    "identification_id": SQL("lower(v.identification_id)"),
}


class KpiIntakeEvent(models.Model):
    """The intake log of E-Office (docs/rules.md, "Technical names"): every "document handled" event
    received, whatever became of it. An accepted event made a draft diary line
    of the person who handled the document; the person reviews and submits it
    as usual. A rejected one keeps its reason and is replayed by the agency's
    HR officer once the cause (a mapping, an identifier) is fixed.

    A batch is one transaction: each event is checked against the batch's
    people, mappings, periods and day totals read in a few queries, and the
    accepted ones are written together; a rejected event writes only its log
    line. Batches of the same integration user run one after the other."""

    _name = "kpi.intake.event"
    _description = "E-Office Intake Event"
    _order = "id desc"
    _rec_name = "document_code"

    external_id = fields.Char(string="E-Office Document ID", required=True, readonly=True, index=True)
    document_code = fields.Char(string="Document Number", readonly=True)
    document_type = fields.Char(readonly=True)
    handler = fields.Char(readonly=True, help="The person's identifier as E-Office sent it.")
    handler_key = fields.Char(readonly=True, index=True)
    handled_at = fields.Datetime(readonly=True)
    status = fields.Selection([("processing", "Processing"), ("done", "Done")], string="Document Status", readonly=True)
    url = fields.Char(string="Link", readonly=True)
    state = fields.Selection(
        [("created", "Created"), ("updated", "Updated"), ("duplicate", "Duplicate"), ("rejected", "Rejected")],
        string="Result",
        required=True,
        readonly=True,
        index=True,
    )
    reason = fields.Char(readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True, index="btree_not_null")
    company_id = fields.Many2one("res.company", string="Agency", required=True, readonly=True, index=True)
    diary_line_id = fields.Many2one("kpi.diary.line", readonly=True, index="btree_not_null")
    integration_user_id = fields.Many2one("res.users", string="Sent By", required=True, readonly=True)
    payload = fields.Text(readonly=True, help="The event as it was received, for the replay.")
    date_replayed = fields.Datetime(string="Replayed On", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("The intake log is written by the intake only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("The intake log is written by the intake only."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise AccessError(self.env._("The intake log is kept: nothing received is deleted."))

    # ------------------------------------------------------------ the public method

    @api.model
    def receive(self, events):
        """POST /json/2/kpi.intake.event/receive {"events": [...]}: one result
        per event, in order (docs/rules.md, "Technical names")."""
        user = self.env.user
        if not user.has_group("kpi_civil_service.group_kpi_eoffice"):
            raise AccessError(self.env._("Only the E-Office integration user sends events."))
        if not isinstance(events, list):
            raise UserError(self.env._("“events” must be a list of events."))
        limit = int_param(self.env, "kpi_civil_service.intake_batch_limit", BATCH_LIMIT)
        if len(events) > limit:
            raise UserError(
                self.env._("A batch carries at most %(limit)s events, not %(count)s.", limit=limit, count=len(events))
            )
        serialize_on(self.env, "res_users", [user.id])  # a retried batch waits for the first
        results = self.sudo()._process(events, user)
        logs = self.sudo().create([{**result, "integration_user_id": user.id} for result in results])
        return [
            {
                "external_id": log.external_id,
                "status": log.state,
                "reason": log.reason or "",
                "diary_line_id": log.diary_line_id.id or False,
            }
            for log in logs
        ]

    def action_replay(self):
        """The HR officer sends rejected events through the intake again, with
        the mappings and identifiers as they are now."""
        if not self.env.user.has_group("kpi_civil_service.group_kpi_hr_officer"):
            raise AccessError(self.env._("Only an HR officer replays the intake log."))
        self.check_access("read")
        rejected = self.filtered(lambda event: event.state == "rejected")
        if rejected != self:
            raise UserError(self.env._("Only rejected events are replayed."))
        for user, events in rejected.sudo().grouped("integration_user_id").items():
            serialize_on(self.env, "res_users", [user.id])
            results = self.sudo()._process([json.loads(event.payload) for event in events], user)
            for event, result in zip(events, results, strict=True):
                event.write({**result, "date_replayed": fields.Datetime.now()})
        return True

    # ------------------------------------------------------------ processing

    def _process(self, events, user):
        """The log values of each event, in order; the accepted events' draft
        lines are created or updated on the way."""
        today = fields.Date.context_today(self.with_context(tz="Asia/Ho_Chi_Minh"))
        parsed = [self._parse(event, today) for event in events]
        valid = [event for event in parsed if not event.get("reason")]
        people = self._match_people(valid, user)
        for event in valid:
            match = people.get(event["handler_key"], [])
            if not match:
                event["reason"] = self.env._(
                    "No person of the agencies served has the identifier %s.", event["handler"]
                )
            elif len(match) > 1:
                event["reason"] = self.env._("Several people have the identifier %s.", event["handler"])
            elif not match[0].active:
                event["reason"] = self.env._("%s is archived.", match[0].name)
            else:
                event["employee_id"], event["company_id"] = match[0].id, match[0].company_id.id
        self._resolve(parsed, user)
        return [self._log_values(event, user) for event in parsed]

    def _parse(self, event, today):
        """The event's fields, checked one by one; "reason" says what is wrong."""
        if not isinstance(event, dict):
            return {
                "external_id": "?",
                "payload": json.dumps(event, default=str)[:2000],
                "reason": self.env._("An event is an object."),
            }
        values = {"payload": json.dumps(event, ensure_ascii=False, default=str)[:20000]}
        values["external_id"] = str(event.get("external_id") or "?")[:200]
        missing = [name for name in REQUIRED if event.get(name) in (None, "")]
        if missing:
            return values | {"reason": self.env._("Missing: %s.", ", ".join(missing))}
        texts = {name: event[name] for name in ("external_id", "document_code", "document_type", "handler")}
        if any(not isinstance(value, (str, int)) or isinstance(value, bool) for value in texts.values()):
            return values | {"reason": self.env._("Identifiers, codes and types are texts.")}
        texts = {name: str(value).strip()[:200] for name, value in texts.items()}
        values |= texts | {"handler_key": texts["handler"].lower()}
        url = event.get("url")
        if url is not None and not isinstance(url, str):
            return values | {"reason": self.env._("“url” is a text.")}
        values["url"] = (url or "")[:1000] or False
        if event["status"] not in STATUSES:
            return values | {"reason": self.env._("Unknown status %s.", event["status"])}
        values["status"] = event["status"]
        try:
            handled = datetime.fromisoformat(str(event["handled_at"]))
        except ValueError:
            return values | {"reason": self.env._("“handled_at” is not an ISO 8601 date and time.")}
        handled = handled.replace(tzinfo=VIETNAM) if handled.tzinfo is None else handled
        values["handled_at"] = handled.astimezone(UTC).replace(tzinfo=None)
        values["date"] = handled.astimezone(VIETNAM).date()
        if values["date"] > today:
            return values | {"reason": self.env._("Handled in the future (%s).", values["date"].strftime("%d/%m/%Y"))}
        if values["date"].year < 2000:
            return values | {"reason": self.env._("Handled too long ago (%s).", values["date"].year)}
        for name, default in (("quantity", 1.0), ("hours", None)):
            number = event.get(name, default)
            if number is None:
                values[name] = None
                continue
            if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
                return values | {"reason": self.env._("“%s” is a number.", name)}
            if not 0 < number <= (MAX_HOURS_PER_DAY if name == "hours" else 10000):
                return values | {
                    "reason": self.env._("“%(name)s” is out of range (%(value)s).", name=name, value=number)
                }
            values[name] = float(number)
        return values

    def _match_people(self, events, user):
        """{handler key: [employees]} in the agencies the integration user
        serves, each by its own rule, case-insensitively, archived included."""
        keys = list({event["handler_key"] for event in events})
        found = defaultdict(set)
        if not keys:
            return {}
        companies = user.company_ids
        for rule, agencies in companies.grouped("kpi_intake_identifier").items():
            if rule == "mapping":
                query = SQL(
                    "SELECT lower(handler), employee_id FROM kpi_intake_handler"
                    " WHERE company_id = ANY(%s) AND lower(handler) = ANY(%s)",
                    agencies.ids,
                    keys,
                )
            else:
                query = SQL(
                    "SELECT %s, e.id FROM hr_employee e LEFT JOIN hr_version v ON v.id = e.current_version_id"
                    " WHERE e.company_id = ANY(%s) AND %s = ANY(%s)",
                    IDENTIFIER_SQL[rule],
                    agencies.ids,
                    IDENTIFIER_SQL[rule],
                    keys,
                )
            for key, employee_id in self.env.execute_query(query):
                found[key].add(employee_id)
        employees = (
            self.env["hr.employee"]
            .with_context(active_test=False)
            .browse({employee_id for ids in found.values() for employee_id in ids})
        )
        by_id = {employee.id: employee for employee in employees}
        return {key: [by_id[employee_id] for employee_id in sorted(ids)] for key, ids in found.items()}

    def _resolve(self, parsed, user):
        """Decides each matched event in order: a new document makes a draft
        line, the same key and status again is a duplicate, a new status
        updates the draft (or is logged once the line left draft)."""
        events = [event for event in parsed if not event.get("reason")]
        if not events:
            return
        types = self._work_items(events)
        anchors = self._anchors(events)
        closed = self._closed_days(events)
        day_hours = self._day_hours(events)
        to_create = []
        for event in events:
            key = (event["external_id"], event["handler_key"], event["employee_id"])
            anchor = anchors.get(key)
            if isinstance(anchor, dict):  # the same new document earlier in this batch
                event["state"] = "duplicate"
                anchor.setdefault("followers", []).append(event)
                continue
            if anchor:
                line, last_status = anchor
                event["diary_line_id"] = line.id
                if last_status == event["status"]:
                    event["state"] = "duplicate"
                elif line.state != "draft":
                    event["state"] = "duplicate"
                    event["reason"] = self.env._("The diary line has left draft: left as it is.")
                else:
                    event["state"] = "updated"
                    line.write({"name": self._line_name(event, line.work_item_id)})
                    anchors[key] = (line, event["status"])
                continue
            item = types.get((event["company_id"], event["document_type"].lower()))
            if not item:
                event["reason"] = self.env._("No work item is mapped to the document type %s.", event["document_type"])
                continue
            if (event["company_id"], event["date"]) in closed:
                event["reason"] = self.env._("The period of %s is closed.", event["date"].strftime("%d/%m/%Y"))
                continue
            hours = event["hours"] or round(item.standard_minutes * event["quantity"] / 60.0, 2)
            day = (event["employee_id"], event["date"])
            if day_hours[day] + hours > MAX_HOURS_PER_DAY + 1e-6:
                event["reason"] = self.env._("%s would declare more than 24 hours that day.", event["handler"])
                continue
            day_hours[day] += hours
            event["state"] = "created"
            event["line_values"] = {
                "employee_id": event["employee_id"],
                "date": event["date"],
                "work_item_id": item.id,
                "quantity": event["quantity"],
                "hours": hours,
                "name": self._line_name(event, item),
                "evidence_ref": event["document_code"],
            }
            anchors[key] = event
            to_create.append(event)
        lines = self.env["kpi.diary.line"].sudo().create([event["line_values"] for event in to_create])
        for event, line in zip(to_create, lines, strict=True):
            event["diary_line_id"] = line.id
            for follower in event.get("followers", []):
                follower["diary_line_id"] = line.id
                if follower["status"] != event["status"]:
                    follower["state"] = "updated"
                    line.name = self._line_name(follower, line.work_item_id)

    def _line_name(self, event, item):
        status = dict(self._fields["status"]._description_selection(self.env))[event["status"]]
        return f"{item.name}: {event['document_type']} {event['document_code']} ({status})"[:1000]

    def _work_items(self, events):
        """{(agency, lower document type): work item} of the agencies concerned."""
        mappings = self.env["kpi.intake.document.type"].search(
            [("company_id", "in", list({event["company_id"] for event in events}))]
        )
        return {(mapping.company_id.id, mapping.code.lower()): mapping.work_item_id for mapping in mappings}

    def _anchors(self, events):
        """{(external id, handler key, employee): (line, last status)}: the
        documents already turned into a line."""
        accepted = self.search(
            [
                ("external_id", "in", list({event["external_id"] for event in events})),
                ("state", "in", ACCEPTED),
                ("diary_line_id", "!=", False),
            ],
            order="id",
        )
        anchors = {}
        for log in accepted:
            anchors[(log.external_id, log.handler_key, log.employee_id.id)] = (log.diary_line_id, log.status)
        return anchors

    def _closed_days(self, events):
        dates = [event["date"] for event in events]
        periods = self.env["kpi.period"].search(
            [
                ("company_id", "in", list({event["company_id"] for event in events})),
                ("state", "=", "closed"),
                ("date_from", "<=", max(dates)),
                ("date_to", ">=", min(dates)),
            ]
        )
        return {
            (event["company_id"], event["date"])
            for event in events
            for period in periods
            if period.company_id.id == event["company_id"] and period.date_from <= event["date"] <= period.date_to
        }

    def _day_hours(self, events):
        rows = self.env.execute_query(
            SQL(
                "SELECT employee_id, date, SUM(hours) FROM kpi_diary_line"
                " WHERE employee_id = ANY(%s) AND date = ANY(%s) AND state != 'rejected' GROUP BY employee_id, date",
                list({event["employee_id"] for event in events}),
                list({event["date"] for event in events}),
            )
        )
        totals = defaultdict(float)
        totals.update({(employee_id, day): hours for employee_id, day, hours in rows})
        return totals

    def _log_values(self, event, user):
        values = {
            name: event.get(name)
            for name in (
                "external_id",
                "document_code",
                "document_type",
                "handler",
                "handler_key",
                "handled_at",
                "status",
                "url",
                "payload",
                "employee_id",
                "diary_line_id",
            )
        }
        values = {name: value for name, value in values.items() if value is not None}
        values["state"] = event.get("state") if not event.get("reason") or event.get("state") else "rejected"
        values["reason"] = event.get("reason") or False
        values["company_id"] = event.get("company_id") or user.company_id.id
        return values
