"""The access matrix. Each row is a call that a logged-in user can
make over HTTP and that must be refused: who calls (role), on what (a record
of theirs, of someone else, of another agency, in a given state), which
method with which arguments. Every row is sent for real over JSON-RPC (the
web client's /web/dataset/call_kw, with a session) and over JSON-2 (/json/2,
with the user's API key); each must end in an error, and every table of the
product must be exactly as before."""

import json
import re
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_assessment import AssessmentCase

# The tables a refused call must leave untouched, compared row by row.
TABLES = (
    "kpi_diary_line",
    "kpi_assignment",
    "kpi_period",
    "kpi_score",
    "kpi_assessment",
    "kpi_assessment_line",
    "kpi_assessment_campaign",
    "kpi_rule_set",
    "kpi_classification_band",
    "kpi_criterion",
    "kpi_work_item",
    "kpi_job",
    "kpi_intake_event",
    "kpi_intake_document_type",
    "ir_attachment",
    "hr_employee",
    "kpi_breakthrough_task",
)
FORGED_PDF = {"name": "TB-1.pdf", "raw": "JVBERi0xLjQgZm9yZ2Vk", "mimetype": "application/pdf"}


@tagged("post_install", "-at_install")
class TestAccessMatrix(HttpCase, AssessmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.other_head_user, cls.other_head = cls._create_person("truong_mt", "Võ Văn Khác", cls.head_job, "manager")
        cls.other_user, cls.other = cls._create_person(
            "nhan_mt", "Phan Thị Nhàn", cls.staff_job, "user", cls.other_head, department=cls.other_unit
        )
        cls.agency_b = cls._create_agency("UBND phường Nha Trang (ma trận)")
        cls.officer_b = cls._user("officer_b_mt", "hr_officer", cls.agency_b)
        # an HR officer who also keeps the employee records (Employees / Officer)
        cls.hr_user = cls._user("hr_mt", "hr_officer")
        cls.hr_user.group_ids = [Command.link(env.ref("hr.group_hr_user").id)]
        cls.shared_item = env["kpi.work.item"].create(
            {"code": "MT.01", "name": "Tiếp công dân", "uom_name": "lượt", "standard_minutes": 30}
        )
        cls.own_rule_set = cls.nd335.copy({"code": "mt_own", "company_id": cls.company.id})
        # the staff member's diary: a draft, a submitted and an approved line
        cls.draft = cls.line(cls.staff, date(2026, 9, 7), cls.item_doc, 1, 1, state="draft")
        cls.submitted = cls.line(cls.staff, date(2026, 9, 8), cls.item_doc, 1, 1, state="submitted")
        cls.approved = cls.line(cls.staff, date(2026, 9, 9), cls.item_doc, 2, 2, state="approved")
        cls.task = env["kpi.assignment"].create(
            {
                "name": "Rà soát hồ sơ",
                "employee_id": cls.staff.id,
                "assigner_id": cls.head_user.id,
                "work_item_id": cls.item_doc.id,
                "planned_quantity": 2,
                "date_assigned": date(2026, 9, 1),
                "date_deadline": date(2026, 9, 15),
                "expected_product": "Báo cáo",
            }
        )
        cls.open_period = env["kpi.period"].create(
            {
                "company_id": cls.company.id,
                "rule_set_id": cls.nd335.id,
                "date_from": "2026-09-01",
                "date_to": "2026-09-30",
            }
        )
        env["kpi.scoring"]._score_periods(cls.open_period)
        cls.closed_period = env["kpi.period"].create(
            {
                "company_id": cls.company.id,
                "rule_set_id": cls.nd335.id,
                "date_from": "2026-08-01",
                "date_to": "2026-08-31",
            }
        )
        cls.closed_period.state = "closed"
        cls.staff_score = cls.open_period.score_ids.filtered(lambda s: s.employee_id == cls.staff)
        cls.head_score = cls.open_period.score_ids.filtered(lambda s: s.employee_id == cls.head)
        cls.mine = env["kpi.assessment"].create(
            {
                "campaign_id": cls.campaign.id,
                "employee_id": cls.staff.id,
                "company_id": cls.company.id,
                "year": 2026,
                "rule_set_id": cls.kh1636.id,
                "line_ids": [Command.create({"criterion_id": cls.kh1636.criterion_ids[:1].id})],
            }
        )
        cls.decided = env["kpi.assessment"].create(
            {
                "campaign_id": cls.campaign.id,
                "employee_id": cls.peer.id,
                "company_id": cls.company.id,
                "year": 2026,
                "rule_set_id": cls.nd335.id,
                "state": "decided",
                "final_level": "good",
            }
        )
        cls.document_type = env["kpi.intake.document.type"].create(
            {"code": "CV_DEN", "work_item_id": cls.item_doc.id, "company_id": cls.company.id}
        )
        cls.rejected_event = env["kpi.intake.event"].create(
            {
                "external_id": "VB-9",
                "state": "rejected",
                "reason": "Không có người",
                "company_id": cls.company.id,
                "integration_user_id": cls.officer_user.id,
                "payload": "{}",
            }
        )
        cls.breakthrough = env["kpi.breakthrough.task"].create(
            {
                "employee_id": cls.head.id,
                "year": 2026,
                "name": "Số hóa hồ sơ",
                "expected_product": "Hồ sơ điện tử",
                "success_measure": "100%",
                "date_deadline": "2026-12-31",
                "state": "submitted",
            }
        )
        cls.keys = {
            user: user.with_user(user)
            .env["res.users.apikeys"]
            ._generate("rpc", "matrix", datetime.now() + timedelta(hours=6))
            for user in (
                cls.staff_user,
                cls.peer_user,
                cls.head_user,
                cls.officer_user,
                cls.decider_user,
                cls.party_user,
                cls.officer_b,
                cls.other_head_user,
                cls.admin_user,
                cls.hr_user,
            )
        }

    def rows(self):
        """(caller, model, method, ids, kwargs): the calls refused."""
        staff, peer, head, officer = self.staff_user, self.peer_user, self.head_user, self.officer_user
        decider, party, officer_b = self.decider_user, self.party_user, self.officer_b
        breakthrough = {
            "year": 2026,
            "name": "Tự đăng ký",
            "expected_product": "x",
            "success_measure": "y",
            "date_deadline": "2026-12-31",
        }
        line = {"date": "2026-09-10", "work_item_id": self.item_doc.id, "quantity": 1, "hours": 1, "name": "Việc"}
        task = {
            "name": "Việc mới",
            "work_item_id": self.item_doc.id,
            "planned_quantity": 1,
            "date_assigned": "2026-09-01",
            "date_deadline": "2026-09-30",
            "expected_product": "Văn bản",
        }
        period = {"company_id": self.company.id, "rule_set_id": self.nd335.id}
        period |= {"date_from": "2026-10-01", "date_to": "2026-10-31"}
        band = self.nd335.band_ids[:1]
        criterion = self.kh1636.criterion_ids[:1]
        return [
            # diary lines: only drafts of one's own, only what the owner writes
            (staff, "kpi.diary.line", "create", [], {"vals_list": [{**line, "state": "approved"}]}),
            (staff, "kpi.diary.line", "create", [], {"vals_list": [{**line, "approver_id": head.id}]}),
            (staff, "kpi.diary.line", "create", [], {"vals_list": [{**line, "converted_minutes": 99999}]}),
            (staff, "kpi.diary.line", "create", [], {"vals_list": [{**line, "employee_id": self.peer.id}]}),
            (staff, "kpi.diary.line", "create", [], {"vals_list": [{**line, "hours": "NaN"}]}),
            (staff, "kpi.diary.line", "write", [self.submitted.id], {"vals": {"name": "Sửa sau khi gửi"}}),
            (staff, "kpi.diary.line", "write", [self.approved.id], {"vals": {"hours": 8}}),
            (staff, "kpi.diary.line", "write", [self.draft.id], {"vals": {"state": "approved"}}),
            (staff, "kpi.diary.line", "write", [self.draft.id], {"vals": {"employee_id": self.peer.id}}),
            (staff, "kpi.diary.line", "action_approve", [self.submitted.id], {}),
            (staff, "kpi.diary.line", "unlink", [self.submitted.id], {}),
            (peer, "kpi.diary.line", "write", [self.draft.id], {"vals": {"quantity": 50}}),
            (peer, "kpi.diary.line", "action_submit", [self.draft.id], {}),
            (head, "kpi.diary.line", "write", [self.submitted.id], {"vals": {"quantity": 50}}),
            (head, "kpi.diary.line", "write", [self.approved.id], {"vals": {"error_count": 3}}),
            (self.other_head_user, "kpi.diary.line", "action_approve", [self.submitted.id], {}),
            (officer_b, "kpi.diary.line", "action_reject", [self.submitted.id], {"reason": "Sai"}),
            # tasks: changed by their assigner, reported with the buttons
            (staff, "kpi.assignment", "write", [self.task.id], {"vals": {"state": "done"}}),
            (staff, "kpi.assignment", "write", [self.task.id], {"vals": {"date_deadline": "2026-12-31"}}),
            (staff, "kpi.assignment", "action_cancel", [self.task.id], {}),
            (staff, "kpi.assignment", "create", [], {"vals_list": [{**task, "employee_id": self.staff.id}]}),
            (head, "kpi.assignment", "write", [self.task.id], {"vals": {"employee_id": self.other.id}}),
            (head, "kpi.assignment", "create", [], {"vals_list": [{**task, "employee_id": self.other.id}]}),
            (
                head,
                "kpi.assignment",
                "create",
                [],
                {"vals_list": [{**task, "employee_id": self.staff.id, "assigner_id": officer.id}]},
            ),
            (
                head,
                "kpi.assignment",
                "create",
                [],
                {"vals_list": [{**task, "employee_id": self.staff.id, "state": "done"}]},
            ),
            (self.other_head_user, "kpi.assignment", "action_done", [self.task.id], {}),
            # periods: states through the actions, a closed one stays
            (officer, "kpi.period", "write", [self.closed_period.id], {"vals": {"state": "open"}}),
            (officer, "kpi.period", "write", [self.closed_period.id], {"vals": {"rule_set_id": self.kh1636.id}}),
            (officer, "kpi.period", "write", [self.closed_period.id], {"vals": {"date_to": "2026-09-15"}}),
            (officer, "kpi.period", "action_reopen", [self.closed_period.id], {"reason": "Mở lại"}),
            (officer, "kpi.period", "write", [self.open_period.id], {"vals": {"needs_recompute": True}}),
            (officer, "kpi.period", "write", [self.open_period.id], {"vals": {"company_id": self.agency_b.id}}),
            (officer, "kpi.period", "create", [], {"vals_list": [{**period, "state": "closed"}]}),
            (officer, "kpi.period", "unlink", [self.closed_period.id], {}),
            (staff, "kpi.period", "action_compute_scores", [self.open_period.id], {}),
            (head, "kpi.period", "action_close", [self.open_period.id], {}),
            (officer_b, "kpi.period", "action_compute_scores", [self.open_period.id], {}),
            (officer_b, "kpi.period", "write", [self.open_period.id], {"vals": {"name": "Tháng lạ"}}),
            # scores: the direct manager scores, nobody themselves
            (staff, "kpi.score", "write", [self.staff_score.id], {"vals": {"general_score": 30}}),
            (head, "kpi.score", "write", [self.head_score.id], {"vals": {"general_score": 30}}),
            (head, "kpi.score", "write", [self.staff_score.id], {"vals": {"total_score": 99}}),
            (head, "kpi.score", "write", [self.staff_score.id], {"vals": {"general_score": "inf"}}),
            (self.other_head_user, "kpi.score", "write", [self.staff_score.id], {"vals": {"general_score": 10}}),
            (
                staff,
                "kpi.score",
                "create",
                [],
                {"vals_list": [{"period_id": self.open_period.id, "employee_id": self.staff.id}]},
            ),
            # assessments: made by the campaign, each step by its actor
            (
                officer,
                "kpi.assessment",
                "create",
                [],
                {
                    "vals_list": [
                        {
                            "employee_id": self.head.id,
                            "company_id": self.company.id,
                            "year": 2027,
                            "rule_set_id": self.nd335.id,
                            "state": "notified",
                            "final_level": "excellent",
                        }
                    ]
                },
            ),
            (staff, "kpi.assessment", "write", [self.mine.id], {"vals": {"final_level": "excellent"}}),
            (staff, "kpi.assessment", "write", [self.mine.id], {"vals": {"state": "notified"}}),
            (staff, "kpi.assessment", "write", [self.mine.id], {"vals": {"period_task_mean": 70}}),
            (staff, "kpi.assessment", "action_decide", [self.mine.id], {"level": "excellent"}),
            (staff, "kpi.assessment", "action_cancel", [self.mine.id], {}),
            (staff, "kpi.assessment", "unlink", [self.mine.id], {}),
            (head, "kpi.assessment", "action_decide", [self.mine.id], {"level": "good"}),
            (party, "kpi.assessment", "action_party_review", [self.mine.id], {}),
            (officer, "kpi.assessment", "action_notify", [self.mine.id], {}),
            (
                officer,
                "kpi.assessment",
                "write",
                [self.mine.id],
                {"vals": {"line_ids": [[0, 0, {"criterion_id": criterion.id, "final_score": 10}]]}},
            ),
            (peer, "kpi.assessment", "write", [self.decided.id], {"vals": {"self_comment": "Sửa"}}),
            (decider, "kpi.assessment", "write", [self.decided.id], {"vals": {"final_level": "excellent"}}),
            (officer_b, "kpi.assessment", "write", [self.mine.id], {"vals": {"meeting_minutes": "Biên bản"}}),
            (
                staff,
                "kpi.assessment.line",
                "create",
                [],
                {"vals_list": [{"assessment_id": self.mine.id, "criterion_id": criterion.id}]},
            ),
            (staff, "kpi.assessment.line", "write", [self.mine.line_ids.id], {"vals": {"final_score": 5}}),
            (staff, "kpi.assessment.line", "write", [self.mine.line_ids.id], {"vals": {"criterion_id": criterion.id}}),
            (staff, "kpi.assessment.campaign", "action_generate", [self.campaign.id], {}),
            (officer_b, "kpi.assessment.campaign", "action_generate", [self.campaign.id], {}),
            # the E-Office intake: its integration user's; its log is written by the intake only
            (officer, "kpi.intake.event", "receive", [], {"events": []}),
            (staff, "kpi.intake.event", "receive", [], {"events": []}),
            (officer, "kpi.intake.event", "create", [], {"vals_list": [{"external_id": "X", "state": "created"}]}),
            (officer, "kpi.intake.event", "write", [self.rejected_event.id], {"vals": {"state": "created"}}),
            (officer, "kpi.intake.event", "unlink", [self.rejected_event.id], {}),
            (officer_b, "kpi.intake.event", "action_replay", [self.rejected_event.id], {}),
            (staff, "kpi.intake.event", "action_replay", [self.rejected_event.id], {}),
            (officer_b, "kpi.intake.document.type", "write", [self.document_type.id], {"vals": {"code": "X"}}),
            (officer_b, "kpi.intake.document.type", "unlink", [self.document_type.id], {}),
            (
                staff,
                "kpi.intake.document.type",
                "create",
                [],
                {"vals_list": [{"code": "X", "work_item_id": self.item_doc.id}]},
            ),
            # shared configuration: a KPI administrator's
            (officer, "kpi.rule.set", "write", [self.nd335.id], {"vals": {"quota_percent": 100}}),
            (officer, "kpi.rule.set", "write", [self.nd335.id], {"vals": {"company_id": self.company.id}}),
            (officer, "kpi.rule.set", "write", [self.own_rule_set.id], {"vals": {"company_id": self.agency_b.id}}),
            (officer_b, "kpi.rule.set", "write", [self.own_rule_set.id], {"vals": {"quota_percent": 50}}),
            (officer, "kpi.classification.band", "write", [band.id], {"vals": {"min_score": 0}}),
            (officer, "kpi.classification.band", "unlink", [band.id], {}),
            (
                officer,
                "kpi.classification.band",
                "create",
                [],
                {"vals_list": [{"rule_set_id": self.nd335.id, "level": "not_completed", "min_score": 1}]},
            ),
            (officer, "kpi.criterion", "write", [criterion.id], {"vals": {"max_points": 100}}),
            (officer, "kpi.work.item", "write", [self.shared_item.id], {"vals": {"standard_minutes": 6000}}),
            (officer, "kpi.work.item", "write", [self.shared_item.id], {"vals": {"company_id": self.company.id}}),
            (
                staff,
                "kpi.work.item",
                "create",
                [],
                {"vals_list": [{"code": "X", "name": "X", "uom_name": "x", "standard_minutes": 999}]},
            ),
            # jobs are the product's
            (officer, "kpi.job", "create", [], {"vals_list": [{"company_id": self.company.id}]}),
            # what is attached to a decided assessment or a line under review stays
            (
                peer,
                "ir.attachment",
                "create",
                [],
                {"vals_list": [{**FORGED_PDF, "res_model": "kpi.assessment", "res_id": self.decided.id}]},
            ),
            (
                staff,
                "ir.attachment",
                "create",
                [],
                {"vals_list": [{**FORGED_PDF, "res_model": "kpi.diary.line", "res_id": self.approved.id}]},
            ),
            (
                officer,
                "ir.attachment",
                "create",
                [],
                {"vals_list": [{**FORGED_PDF, "res_model": "kpi.assessment", "res_id": self.decided.id}]},
            ),
            # breakthrough tasks: leaders register their own; each step by its person
            (
                staff,
                "kpi.breakthrough.task",
                "create",
                [],
                {"vals_list": [{**breakthrough, "employee_id": self.staff.id}]},
            ),
            (
                peer,
                "kpi.breakthrough.task",
                "create",
                [],
                {"vals_list": [{**breakthrough, "employee_id": self.head.id}]},
            ),
            (
                head,
                "kpi.breakthrough.task",
                "create",
                [],
                {"vals_list": [{**breakthrough, "employee_id": self.head.id, "state": "evaluated", "result": "done"}]},
            ),
            (head, "kpi.breakthrough.task", "action_approve", [self.breakthrough.id], {}),
            (head, "kpi.breakthrough.task", "write", [self.breakthrough.id], {"vals": {"state": "approved"}}),
            (head, "kpi.breakthrough.task", "write", [self.breakthrough.id], {"vals": {"name": "Đổi khi đã gửi"}}),
            (head, "kpi.breakthrough.task", "write", [self.breakthrough.id], {"vals": {"result": "done"}}),
            (head, "kpi.breakthrough.task", "unlink", [self.breakthrough.id], {}),
            (staff, "kpi.breakthrough.task", "action_evaluate", [self.breakthrough.id], {}),
            (party, "kpi.breakthrough.task", "action_approve", [self.breakthrough.id], {}),
            (officer_b, "kpi.breakthrough.task", "action_approve", [self.breakthrough.id], {}),
            (decider, "kpi.breakthrough.task", "action_evaluate", [self.breakthrough.id], {}),
            (decider, "kpi.breakthrough.task", "action_party_review", [self.breakthrough.id], {}),
        ]

    # ------------------------------------------------------------ transports

    def fingerprint(self):
        self.env.flush_all()
        result = {}
        for table in TABLES:
            self.env.cr.execute(f"SELECT count(*), sum(hashtext(t::text)::bigint) FROM {table} t")
            result[table] = self.env.cr.fetchone()
        return result

    def call_jsonrpc(self, user, model, method, ids, kwargs):
        self.authenticate(user.login, user.login)
        args = [ids] if ids else []
        kwargs = dict(kwargs)
        if method == "create":
            args, kwargs = [kwargs.pop("vals_list")], {}
        elif method == "write":
            args, kwargs = [ids, kwargs.pop("vals")], {}
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        body = response.json()
        return "error" in body, body.get("error", {}).get("data", {}).get("name")

    def call_json2(self, user, model, method, ids, kwargs):
        body = {"ids": ids, **kwargs} if ids else dict(kwargs)
        response = self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(body),
            headers={"Content-Type": "application/json", "Authorization": f"bearer {self.keys[user]}"},
        )
        failed = response.status_code >= 400
        return failed, (response.json().get("name") if failed else None)

    def test_the_matrix(self):
        rows = self.rows()
        self.assertGreaterEqual(len(rows), 60)
        before = self.fingerprint()
        for row in rows:
            for transport in (self.call_jsonrpc, self.call_json2):
                with self.subTest(transport=transport.__name__, row=row[:3]), mute_logger("odoo.http", "odoo.sql_db"):
                    refused, error = transport(*row)
                    self.assertTrue(refused, f"{transport.__name__} accepted {row}")
                    self.assertIn(
                        error,
                        (
                            "odoo.exceptions.AccessError",
                            "odoo.exceptions.UserError",
                            "odoo.exceptions.ValidationError",
                            "odoo.exceptions.MissingError",
                        ),
                        row,
                    )
                    self.assertEqual(self.fingerprint(), before, f"{transport.__name__} changed something: {row}")

    # ------------------------------------------------------------ bad input

    def bad_inputs(self):
        """(caller, model, method, ids, kwargs): payloads refused with a
        message, each a forged or mistyped value of one field."""
        staff, head, officer, admin = self.staff_user, self.head_user, self.officer_user, self.admin_user
        other_item = self.env["kpi.work.item"].create(
            {
                "code": "B.01",
                "name": "Việc phường",
                "uom_name": "việc",
                "standard_minutes": 30,
                "company_id": self.agency_b.id,
            }
        )
        line = {"date": "2026-09-10", "work_item_id": self.item_doc.id, "quantity": 1, "hours": 1, "name": "Việc"}
        rows = []
        for field, values in (
            ("hours", ["NaN", "inf", "-inf", 1e308, -1, 0, 25, "abc", [1]]),
            ("quantity", ["NaN", "Infinity", -5, 0, "năm", 1e308]),
            # future, not a date, a closed period, far past
            ("date", ["2099-01-01", "không phải ngày", "2026-08-12", "1900-01-01", "0001-01-01"]),
            ("work_item_id", [other_item.id, 999999]),  # another agency's item, none
            ("employee_id", [self.peer.id]),
            ("company_id", [self.agency_b.id, 999999]),  # another agency, none
            ("name", ["x" * 10_000_000, "", "   "]),  # huge, empty, blank
        ):
            for value in values:
                rows.append((staff, "kpi.diary.line", "create", [], {"vals_list": [{**line, field: value}]}))
        for value in ("NaN", 1e308, -1, 31, "ba mươi"):
            rows.append((head, "kpi.score", "write", [self.staff_score.id], {"vals": {"general_score": value}}))
        rows.append((head, "kpi.score", "write", [self.staff_score.id], {"vals": {"note": "x" * 10_000_000}}))
        # the national identifier: too short, a letter, too long (never cut to 12), a non-ASCII digit, and
        # what a spreadsheet makes of 056186000123 (a number, its zero lost)
        for value in ("12345", "05618600012A", "0561860001234", "05618600012\u0663", 56186000123):
            rows.append((self.hr_user, "hr.employee", "write", [self.staff.id], {"vals": {"kpi_national_id": value}}))
        band, criterion = self.nd335.band_ids[:1], self.kh1636.criterion_ids[:1]
        rows += [
            (admin, "kpi.classification.band", "write", [band.id], {"vals": {"min_score": "NaN"}}),
            (admin, "kpi.classification.band", "write", [band.id], {"vals": {"min_score": -10}}),
            (admin, "kpi.criterion", "write", [criterion.id], {"vals": {"max_points": "inf"}}),
            (admin, "kpi.criterion", "write", [criterion.id], {"vals": {"max_points": -1}}),
            (admin, "kpi.rule.set", "write", [self.nd335.id], {"vals": {"quota_percent": 1e308}}),
            (officer, "kpi.work.item", "write", [self.item_doc.id], {"vals": {"standard_minutes": "NaN"}}),
            (officer, "kpi.work.item", "write", [self.item_doc.id], {"vals": {"standard_minutes": -10}}),
            (officer, "kpi.work.item", "write", [self.item_doc.id], {"vals": {"coefficient": "inf"}}),
            (officer, "kpi.period.generate.wizard", "create", [], {"vals_list": [{"year": "abc"}]}),
            (officer, "kpi.period.generate.wizard", "create", [], {"vals_list": [{"year": 2026.5}]}),
            (officer, "kpi.period.generate.wizard", "create", [], {"vals_list": [{"year": 1e308}]}),
            (officer, "kpi.xlsx.export.wizard", "create", [], {"vals_list": [{"year": "NaN"}]}),
            (officer, "kpi.period.generate.wizard", "create", [], {"vals_list": [{"year": 1}]}),
            (officer, "kpi.period.generate.wizard", "create", [], {"vals_list": [{"year": 99999}]}),
            (head, "kpi.assignment", "write", [self.task.id], {"vals": {"date_deadline": "1800-01-01"}}),
            (
                officer,
                "kpi.period",
                "create",
                [],
                {"vals_list": [{"rule_set_id": self.nd335.id, "date_from": "1899-01-01", "date_to": "1899-01-31"}]},
            ),
        ]
        return rows

    def malformed_catalogues(self):
        """(file name, mimetype, content, words of the message): files an HR
        officer may upload as a work-item catalogue, each refused whole."""
        header = "code,name,group,uom_name,standard_minutes,coefficient\n"
        good = "MF.01,Thẩm định hồ sơ,C,hồ sơ,30,1\n"  # refused with the rest of its file
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

        def csv(row):
            return (header + good + row).encode()

        return [
            ("danh_muc.csv", "text/csv", b"", "Không đọc được"),
            ("danh_muc.csv", "text/csv", csv("MF.02,Thiếu cột\n"), "Không đọc được"),
            ("danh_muc.xlsx", xlsx, b"PK\x03\x04 not a workbook", "Không đọc được"),
            ("danh_muc.csv", "text/csv", b"\x00\x01\x02\xff\xfe" * 50, "kích thước"),
            ("danh_muc.csv", "text/csv", csv("MF.02,Việc,C,hồ sơ,nan,1\n"), "không hợp lệ"),
            ("danh_muc.csv", "text/csv", csv("MF.02,Việc,C,hồ sơ,inf,1\n"), "không hợp lệ"),
            ("danh_muc.csv", "text/csv", csv("MF.02,Việc,C,hồ sơ,ba mươi,1\n"), "không hợp lệ"),
            ("danh_muc.csv", "text/csv", csv("MF.02,Việc,C,hồ sơ,-30,1\n"), ""),
            ("danh_muc.csv", "text/csv", csv("MF.02,Việc,Z,hồ sơ,30,1\n"), "Z"),
            ("danh_muc.csv", "text/csv", csv("MF.02,,C,hồ sơ,30,1\n"), "Tên"),
            ("danh_muc.csv", "text/csv", csv("M" * 2000 + ",Việc,C,hồ sơ,30,1\n"), "quá dài"),
        ]

    def test_malformed_import_files(self):
        """Each file goes the web client's way: an import record, the upload,
        then the import; each ends in a message and nothing is written."""
        fields = ["code", "name", "group", "uom_name", "standard_minutes", "coefficient"]
        options = {"quoting": '"', "separator": ",", "has_headers": True}
        self.env["res.lang"]._activate_lang("vi_VN")
        modules = self.env["ir.module.module"].search([("name", "in", ("base_import", "kpi_civil_service"))])
        modules._update_translations(["vi_VN"])
        self.officer_user.lang = "vi_VN"
        self.authenticate(self.officer_user.login, self.officer_user.login)
        csrf = re.search(r'csrf_token: "([^"]+)"', self.url_open("/odoo").text).group(1)
        before = self.fingerprint()
        for name, mimetype, content, words in self.malformed_catalogues():
            with self.subTest(content=content[:120]), mute_logger("odoo.sql_db", "odoo.http"):
                [import_id] = self.jsonrpc(
                    self.officer_user, "base_import.import", "create", [[{"res_model": "kpi.work.item"}]]
                )
                upload = self.url_open(
                    "/base_import/set_file",
                    data={"id": import_id, "csrf_token": csrf},
                    files={"ufile": (name, content, mimetype)},
                )
                self.assertEqual(upload.status_code, 200)
                result = self.jsonrpc(
                    self.officer_user, "base_import.import", "execute_import", [[import_id], fields, fields, options]
                )
                self.assertFalse(result.get("ids"), result)
                self.assertTrue(result["messages"], "refused without saying why")
                self.assertIn(words, " ".join(message["message"] for message in result["messages"]))
                self.assertEqual(self.fingerprint(), before, f"changed something: {content[:120]}")

    def jsonrpc(self, user, model, method, args):
        """A call as the web client makes it, with the user's language."""
        kwargs = {"context": {"lang": user.lang}}
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        body = response.json()
        self.assertNotIn("error", body, body.get("error"))
        return body["result"]

    def test_bad_input(self):
        # the assessment at the unit meeting, where attendees and votes are entered
        self.mine.sudo().state = "manager_reviewed"
        rows = self.bad_inputs()
        for field, value in (
            ("meeting_attendees", -3),
            ("meeting_attendees", 1.5),
            ("votes_good", "abc"),
            ("votes_good", -1),
            ("votes_good", 50),  # more votes than the 10 who attended
            ("meeting_minutes", "x" * 10_000_000),
        ):
            vals = {"meeting_attendees": 10, field: value}
            rows.append((self.officer_user, "kpi.assessment", "write", [self.mine.id], {"vals": vals}))
        self.assertGreaterEqual(len(rows), 40)
        before = self.fingerprint()
        for row in rows:
            with self.subTest(row=(row[1], row[2], str(row[4])[:80])), mute_logger("odoo.http", "odoo.sql_db"):
                refused, error = self.call_json2(*row)
                self.assertTrue(refused, f"accepted {str(row)[:300]}")
                self.assertIn(
                    error,
                    (
                        "odoo.exceptions.ValidationError",
                        "odoo.exceptions.UserError",
                        "odoo.exceptions.AccessError",
                        "odoo.exceptions.MissingError",  # an id that does not exist
                    ),
                    str(row)[:300],
                )
                self.assertEqual(self.fingerprint(), before, f"changed something: {str(row)[:300]}")
