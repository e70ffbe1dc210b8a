"""The E-Office intake (docs/rules.md, "Technical names"), called as E-Office
calls it: POST /json/2/kpi.intake.event/receive over real HTTP with the API
key of the integration user."""

import json
from datetime import date, datetime, timedelta

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import KpiCase

SEPT_10 = "2026-09-10T09:30:00"


@tagged("post_install", "-at_install")
class TestIntake(HttpCase, KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eoffice = new_test_user(
            cls.env,
            login="eoffice_t",
            groups="kpi_civil_service.group_kpi_eoffice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.staff.work_email = "Binh.TT@snv.khanhhoa.gov.vn"
        cls.peer.work_email = "cuong.lv@snv.khanhhoa.gov.vn"
        cls.env["kpi.intake.document.type"].create(
            {"code": "CV_DEN", "name": "Công văn đến", "work_item_id": cls.item_doc.id, "company_id": cls.company.id}
        )
        cls.key = cls._key(cls.eoffice)

    @classmethod
    def _key(cls, user):
        return (
            user.with_user(user)
            .env["res.users.apikeys"]
            ._generate("rpc", "e-office", datetime.now() + timedelta(days=1))
        )

    def event(self, external_id="VB-001", handler="binh.tt@snv.khanhhoa.gov.vn", **values):
        return {
            "external_id": external_id,
            "document_code": f"{external_id[3:]}/EO-KT",
            "document_type": "CV_DEN",
            "handler": handler,
            "handled_at": SEPT_10,
            "status": "processing",
            **values,
        }

    def push(self, events, key=None, expect=200):
        response = self.url_open(
            "/json/2/kpi.intake.event/receive",
            data=json.dumps({"events": events}),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"bearer {key or self.key}",
                "X-Odoo-Database": self.env.cr.dbname,
            },
        )
        self.assertEqual(response.status_code, expect, response.text[:500])
        return response.json()

    def lines(self):
        return self.env["kpi.diary.line"].search([("evidence_ref", "like", "/EO-KT")])

    def test_a_document_becomes_one_draft_line(self):
        [result] = self.push([self.event()])
        line = self.env["kpi.diary.line"].browse(result["diary_line_id"])
        self.assertEqual(result, {"external_id": "VB-001", "status": "created", "reason": "", "diary_line_id": line.id})
        # the handler's, matched by work email whatever its case, on the mapped work item, a draft
        self.assertEqual((line.employee_id, line.work_item_id, line.state), (self.staff, self.item_doc, "draft"))
        self.assertEqual((line.date, line.quantity, line.hours), (date(2026, 9, 10), 1.0, 1.0))  # 60 min × 1
        self.assertEqual(line.evidence_ref, "001/EO-KT")
        # sent again (a retry after a timeout): nothing new
        [again] = self.push([self.event()])
        self.assertEqual((again["status"], again["diary_line_id"]), ("duplicate", line.id))
        self.assertEqual(self.lines(), line)
        # done: the draft follows
        [done] = self.push([self.event(status="done")])
        self.assertEqual((done["status"], done["diary_line_id"]), ("updated", line.id))
        self.assertIn("Done", line.name)
        # once submitted, a later status is logged and the line left as it is
        line.with_user(self.staff_user).action_submit()
        [late] = self.push([self.event(status="processing")])
        self.assertEqual(late["status"], "duplicate")
        self.assertIn("left draft", late["reason"])
        self.assertEqual(line.state, "submitted")
        # every event is in the log
        log = self.env["kpi.intake.event"].search([("external_id", "=", "VB-001")])
        self.assertEqual(sorted(log.mapped("state")), ["created", "duplicate", "duplicate", "updated"])

    def test_rejects_say_why_and_are_replayed(self):
        self.env["kpi.period"].create(
            {
                "company_id": self.company.id,
                "rule_set_id": self.nd335.id,
                "date_from": "2026-08-01",
                "date_to": "2026-08-31",
            }
        ).sudo().state = "closed"
        events = [
            self.event("VB-101", handler="nobody@snv.khanhhoa.gov.vn"),
            self.event("VB-102", document_type="TO_TRINH"),
            self.event("VB-103", handled_at="2026-08-12T10:00:00"),
            self.event("VB-104", handled_at=(datetime.now() + timedelta(days=3)).isoformat()),
            self.event("VB-105", status="archived"),
            self.event("VB-106", quantity="NaN"),
            self.event("VB-107", hours=25),
            {"external_id": "VB-108"},
            "not an event",
            self.event("VB-109", handled_at="hôm qua"),
        ]
        results = self.push(events)
        self.assertEqual([result["status"] for result in results], ["rejected"] * len(events))
        self.assertTrue(all(result["reason"] and not result["diary_line_id"] for result in results))
        self.assertFalse(self.lines())
        rejected = self.env["kpi.intake.event"].search([("state", "=", "rejected")])
        self.assertEqual(len(rejected), len(events))
        # the HR officer sees them, maps the type and replays: only that one goes through
        log = self.env["kpi.intake.event"].with_user(self.officer_user).search([("state", "=", "rejected")])
        self.assertEqual(log, rejected)
        self.env["kpi.intake.document.type"].with_user(self.officer_user).create(
            {"code": "TO_TRINH", "work_item_id": self.item_report.id}
        )
        log.with_user(self.officer_user).action_replay()
        replayed = log.filtered(lambda event: event.external_id == "VB-102")
        self.assertEqual(replayed.state, "created")
        self.assertEqual(replayed.diary_line_id.work_item_id, self.item_report)
        self.assertEqual(len(log.filtered(lambda event: event.state == "rejected")), len(events) - 1)
        self.assertEqual(self.lines(), replayed.diary_line_id)

    def test_people_are_matched_once_by_the_agencys_rule(self):
        self.peer.work_email = "BINH.TT@snv.khanhhoa.gov.vn"  # two people with the same email
        [twice] = self.push([self.event("VB-201")])
        self.assertEqual(twice["status"], "rejected")
        self.peer.work_email = False
        self.staff.active = False
        [archived] = self.push([self.event("VB-202")])
        self.assertIn(self.staff.name, archived["reason"])
        self.staff.active = True
        # by the mapping table
        self.company.kpi_intake_identifier = "mapping"
        self.env["kpi.intake.handler"].create(
            {"handler": "ttbinh", "employee_id": self.staff.id, "company_id": self.company.id}
        )
        [mapped] = self.push([self.event("VB-203", handler="TTBinh")])
        self.assertEqual(mapped["status"], "created")
        self.assertEqual(self.env["kpi.diary.line"].browse(mapped["diary_line_id"]).employee_id, self.staff)

    def test_the_day_limit_holds(self):
        self.line(self.staff, date(2026, 9, 10), self.item_doc, 1, 22, state="draft")
        results = self.push([self.event("VB-301", hours=1.5), self.event("VB-302", hours=1)])
        self.assertEqual([result["status"] for result in results], ["created", "rejected"])

    def test_a_batch_too_large_or_a_key_without_the_group_is_refused_whole(self):
        self.env["ir.config_parameter"].sudo().set_param("kpi_civil_service.intake_batch_limit", "3")
        with mute_logger("odoo.http"):
            body = self.push([self.event(f"VB-4{index:02d}") for index in range(4)], expect=422)
        self.assertIn("3", body["message"])
        with mute_logger("odoo.http"):
            self.push([self.event("VB-501")], key=self._key(self.officer_user), expect=403)
        self.assertFalse(self.env["kpi.intake.event"].search([]))
        self.assertFalse(self.lines())
        # and the integration user can do nothing else
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/json/2/kpi.diary.line/search_read",
                data=json.dumps({"domain": [], "fields": ["name"]}),
                headers={"Content-Type": "application/json", "Authorization": f"bearer {self.key}"},
            )
        self.assertEqual(response.status_code, 403)

    def test_ten_thousand_events_twice_give_one_line_each(self):
        people = self.env["hr.employee"].create(
            [
                {"name": f"Người {index}", "company_id": self.company.id, "work_email": f"nguoi{index}@snv.vn"}
                for index in range(100)
            ]
        )
        events = [
            self.event(
                f"VB-{number:05d}",
                handler=f"nguoi{number % 100}@snv.vn",
                handled_at=f"2026-09-{1 + number % 28:02d}T08:00:00",
                hours=0.05,
            )
            for number in range(10000)
        ]
        for _pass in range(2):
            for start in range(0, len(events), 1000):
                results = self.push(events[start : start + 1000])
                self.assertEqual(len(results), 1000)
        lines = self.env["kpi.diary.line"].search([("employee_id", "in", people.ids)])
        self.assertEqual(len(lines), 10000)
        self.assertEqual(len(set(lines.mapped("evidence_ref"))), 10000)
        counts = dict(self.env["kpi.intake.event"]._read_group([], ["state"], ["__count"]))
        self.assertEqual(counts, {"created": 10000, "duplicate": 10000})
