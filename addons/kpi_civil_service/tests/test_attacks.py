"""The calls a logged-in user can make over JSON-RPC that the screens
do not offer. Each is made for real, refused, and leaves nothing behind."""

from contextlib import contextmanager
from datetime import date, timedelta

from psycopg2 import IntegrityError, errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_assessment import AssessmentCase


@tagged("post_install", "-at_install")
class TestCreatingPastTheWorkflow(AssessmentCase):
    """Hole 3: create obeys the field rules of write."""

    def test_nobody_creates_an_assessment_by_hand(self):
        count = self.env["kpi.assessment"].search_count([])
        forged = {
            "employee_id": self.staff.id,
            "company_id": self.company.id,
            "year": 2026,
            "rule_set_id": self.nd335.id,
            "state": "notified",
            "final_level": "excellent",
            "decider_id": self.decider_user.id,
            "period_general_mean": 30,
            "period_task_mean": 70,
        }
        for user in (self.officer_user, self.decider_user, self.staff_user, self.admin_user):
            with self.assertRaises(AccessError):
                self.env["kpi.assessment"].with_user(user).create(forged)
            with self.assertRaises(AccessError):  # even as a draft with nothing else
                self.env["kpi.assessment"].with_user(user).create({k: forged[k] for k in list(forged)[:4]})
        self.assertEqual(self.env["kpi.assessment"].search_count([]), count)

    def test_nobody_adds_a_criterion_line_by_hand(self):
        assessment = self.assessment(self.staff)
        criterion = self.kh1636.criterion_ids[:1]
        for user in (self.officer_user, self.staff_user):
            with self.assertRaises(AccessError):
                self.env["kpi.assessment.line"].with_user(user).create(
                    {"assessment_id": assessment.id, "criterion_id": criterion.id, "final_score": criterion.max_points}
                )
            with self.assertRaises(AccessError):  # nor through the assessment
                assessment.with_user(user).write(
                    {"line_ids": [(0, 0, {"criterion_id": criterion.id, "final_score": criterion.max_points})]}
                )
        self.assertFalse(assessment.line_ids)

    def test_a_diary_line_starts_with_only_what_the_owner_writes(self):
        lines = self.env["kpi.diary.line"].with_user(self.staff_user)
        base = {
            "date": date(2026, 9, 7),
            "work_item_id": self.item_doc.id,
            "quantity": 2,
            "hours": 2,
            "name": "Công văn",
        }
        preset = {
            "objective_cause": True,
            "approver_id": self.head_user.id,
            "date_approved": "2026-09-07 10:00:00",
            "error_count": 0,
            "delay_count": 0,
            "was_submitted": True,
            "standard_minutes": 6000,
            "coefficient": 9,
            "converted_minutes": 99999,
            "department_id": self.other_unit.id,
        }
        for name, value in preset.items():
            with self.assertRaises(AccessError, msg=name):
                lines.create({**base, name: value})
        self.assertFalse(self.env["kpi.diary.line"].search([("employee_id", "=", self.staff.id)]))
        line = lines.create(base)
        self.assertEqual((line.standard_minutes, line.converted_minutes, line.state), (60, 120, "draft"))

    def test_defaults_from_the_context_are_values_too(self):
        """What create refuses in its values it refuses from the context."""
        lines = self.env["kpi.diary.line"].with_user(self.staff_user)
        base = {
            "date": date(2026, 9, 7),
            "work_item_id": self.item_doc.id,
            "quantity": 2,
            "hours": 2,
            "name": "Công văn",
        }
        for name, value in (
            ("objective_cause", True),
            ("approver_id", self.head_user.id),
            ("converted_minutes", 99999),
            ("state", "approved"),
        ):
            with self.assertRaises(AccessError, msg=name):
                lines.with_context(**{f"default_{name}": value}).create(base)
        self.assertFalse(self.env["kpi.diary.line"].search([("employee_id", "=", self.staff.id)]))
        periods = self.env["kpi.period"].with_user(self.officer_user)
        november = {"company_id": self.company.id, "date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30)}
        for name, value in (("state", "closed"), ("date_computed", "2026-11-30 10:00:00")):
            with self.assertRaises(AccessError, msg=name):
                periods.with_context(**{f"default_{name}": value}).create(november)
        tasks = self.env["kpi.breakthrough.task"].with_user(self.head_user)
        with self.assertRaises(AccessError):
            tasks.with_context(default_state="evaluated", default_result="done").create(
                {
                    "employee_id": self.head.id,
                    "year": 2026,
                    "name": "Tự duyệt",
                    "expected_product": "x",
                    "success_measure": "y",
                    "date_deadline": date(2026, 12, 31),
                }
            )
        self.assertFalse(self.env["kpi.period"].search([("company_id", "=", self.company.id)]))
        self.assertFalse(self.env["kpi.breakthrough.task"].search([("employee_id", "=", self.head.id)]))
        # the defaults of what the owner writes still apply
        line = lines.with_context(default_quantity=3).create({k: v for k, v in base.items() if k != "quantity"})
        self.assertEqual((line.quantity, line.state, line.objective_cause), (3, "draft", False))

    def test_a_blank_reason_is_no_reason(self):
        """Every action that needs a reason refuses a blank one, whoever calls
        and however (the dialog refuses it too); nothing changes."""
        submitted = self.line(self.staff, date(2026, 9, 7), self.item_doc, 2, 2, state="submitted")
        approved = self.line(self.staff, date(2026, 9, 8), self.item_doc, 2, 2)
        self_assessed = self.assessment(self.staff, state="self_assessed")
        decided = self.assessment(self.peer, state="decided", final_level="excellent")
        closed = self.period(dates=(date(2026, 10, 1), date(2026, 10, 31)))
        closed.sudo().state = "closed"
        task = (
            self.env["kpi.breakthrough.task"]
            .with_user(self.head_user)
            .create(
                {
                    "employee_id": self.head.id,
                    "year": 2026,
                    "name": "Số hóa hồ sơ",
                    "expected_product": "x",
                    "success_measure": "y",
                    "date_deadline": date(2026, 12, 31),
                }
            )
        )
        task.with_user(self.head_user).action_submit()
        calls = [
            (submitted, self.head_user, "action_reject"),
            (approved, self.admin_user, "action_reset_to_draft"),
            (closed, self.admin_user, "action_reopen"),
            (self_assessed, self.head_user, "action_send_back"),
            (decided, self.decider_user, "action_reopen"),
            (task, self.party_user, "action_send_back"),
            (task, self.head_user, "action_cancel"),
            (self_assessed, self.officer_user, "action_cancel"),
        ]
        for reason in ("   ", "\n\t", 42):
            for record, user, method in calls:
                with self.assertRaisesRegex(UserError, "reason is required", msg=f"{record._name}.{method}"):
                    getattr(record.with_user(user), method)(reason=reason)
        self.assertEqual(
            [submitted.state, approved.state, closed.state, self_assessed.state, decided.state, task.state],
            ["submitted", "approved", "closed", "self_assessed", "decided", "submitted"],
        )
        # a real reason goes through
        task.with_user(self.party_user).action_send_back(reason="  Chưa đo lường được  ")
        self.assertEqual(task.state, "draft")
        self.assertTrue(any("Reason: Chưa đo lường được<" in body for body in task.message_ids.mapped("body")))


@tagged("post_install", "-at_install")
class TestStateOnlyThroughTheActions(AssessmentCase):
    """Hole 4: a state is changed by its action, and the caller's rights hold
    on the record after the change as before."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_head_user, cls.other_head = cls._create_person("truong_khac", "Võ Văn Khác", cls.head_job, "manager")
        cls.other_staff_user, cls.other_staff = cls._create_person(
            "nhan_khac", "Phan Thị Nhàn", cls.staff_job, "user", cls.other_head, department=cls.other_unit
        )
        cls.agency_b = cls._create_agency("UBND phường Nha Trang (kiểm thử)")

    def task(self, **values):
        return (
            self.env["kpi.assignment"]
            .with_user(self.head_user)
            .create(
                {
                    "name": "Rà soát hồ sơ",
                    "employee_id": self.staff.id,
                    "work_item_id": self.item_doc.id,
                    "planned_quantity": 2,
                    "date_assigned": date(2026, 9, 1),
                    "date_deadline": date(2026, 9, 30),
                    "expected_product": "Báo cáo rà soát",
                    **values,
                }
            )
        )

    def test_a_closed_period_is_reopened_only_by_the_action(self):
        period = self.period()
        period.with_user(self.officer_user).action_close()
        self.assertEqual(period.state, "closed")
        officer = period.with_user(self.officer_user)
        for vals, error in (
            ({"state": "open"}, AccessError),
            ({"needs_recompute": True}, AccessError),
            ({"rule_set_id": self.kh1636.id}, UserError),
            ({"date_to": date(2026, 10, 31)}, UserError),
        ):
            with self.assertRaises(error, msg=vals):
                officer.with_context(tracking_disable=True).write(vals)
        with self.assertRaises(AccessError):
            officer.action_reopen(reason="Mở lại")
        self.assertEqual((period.state, period.rule_set_id, period.date_to), ("closed", self.nd335, date(2026, 9, 30)))
        period.with_user(self.admin_user).action_reopen(reason="Sai sót ngày công")
        self.assertEqual(period.state, "open")
        self.assertIn("Sai sót ngày công", period.message_ids[0].body)

    def test_a_period_is_created_open_and_uncomputed(self):
        periods = self.env["kpi.period"].with_user(self.officer_user)
        dates = {"company_id": self.company.id, "rule_set_id": self.nd335.id}
        dates |= {"date_from": date(2026, 10, 1), "date_to": date(2026, 10, 31)}
        for preset in ({"state": "closed"}, {"date_computed": "2026-10-31 10:00:00"}, {"needs_recompute": True}):
            with self.assertRaises(AccessError, msg=preset):
                periods.create({**dates, **preset})
        self.assertEqual(periods.create(dates).state, "open")

    def test_a_period_is_not_moved_to_another_agency(self):
        period = self.period()
        with self.assertRaises(AccessError):
            period.with_user(self.officer_user).write({"company_id": self.agency_b.id})
        self.assertEqual(period.company_id, self.company)

    def test_the_assignee_reports_through_the_buttons_only(self):
        task = self.task()
        mine = task.with_user(self.staff_user)
        for vals in ({"state": "done"}, {"date_done": date(2026, 9, 10)}, {"state": "cancelled"}):
            with self.assertRaises(AccessError, msg=vals):
                mine.write(vals)
        with self.assertRaises(AccessError):
            mine.action_cancel()  # an overdue task is not cancelled by its assignee
        self.assertEqual(task.state, "assigned")
        mine.action_start()
        mine.action_done()
        self.assertEqual((task.state, task.date_done), ("done", fields.Date.context_today(mine)))

    def test_a_task_is_created_assigned(self):
        for preset in ({"state": "done"}, {"date_done": date(2026, 9, 2)}, {"assigner_id": self.officer_user.id}):
            with self.assertRaises(AccessError, msg=preset):
                self.task(**preset)
        self.assertFalse(self.env["kpi.assignment"].search([("employee_id", "=", self.staff.id)]))

    def test_a_manager_does_not_move_a_task_onto_someone_not_theirs(self):
        task = self.task()
        with self.assertRaises(AccessError):
            task.with_user(self.head_user).write({"employee_id": self.other_staff.id})
        self.assertEqual(task.employee_id, self.staff)
        # an outsider cannot act on it at all
        with self.assertRaises(AccessError):
            task.with_user(self.other_head_user).action_cancel()
        self.assertEqual(task.state, "assigned")


@tagged("post_install", "-at_install")
class TestSharedConfiguration(AssessmentCase):
    """Hole 5: what every agency uses is changed by a KPI administrator only;
    an agency adapts a copy of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency_b = cls._create_agency("UBND phường Nha Trang (kiểm thử)")
        cls.shared_item = cls.env["kpi.work.item"].create(
            {"code": "CHUNG.01", "name": "Tiếp công dân", "uom_name": "lượt", "standard_minutes": 30}
        )

    def test_an_officer_changes_no_shared_rule_set_band_criterion_or_item(self):
        officer = self.officer_user
        band = self.nd335.band_ids[:1]
        criterion = self.kh1636.criterion_ids[:1]
        attempts = [
            (self.nd335, {"quota_percent": 100}),
            (self.nd335, {"company_id": self.company.id}),  # taking it over
            (band, {"min_score": 0}),
            (criterion, {"max_points": 100}),
            (self.shared_item, {"standard_minutes": 6000}),
            (self.shared_item, {"company_id": self.company.id}),
        ]
        before = [(record, record.read(list(vals))[0]) for record, vals in attempts]
        for record, vals in attempts:
            with self.assertRaises(AccessError, msg=(record, vals)):
                record.with_user(officer).write(vals)
        for record in (band, criterion, self.shared_item):
            with self.assertRaises(AccessError):
                record.with_user(officer).unlink()
        with self.assertRaises(AccessError):
            self.env["kpi.classification.band"].with_user(officer).create(
                {"rule_set_id": self.nd335.id, "level": "not_completed", "min_score": 1}
            )
        for record, values in before:
            self.assertEqual(record.read(list(values))[0], values)
        # the administrator may
        band.with_user(self.admin_user).min_score = band.min_score

    def test_an_agency_adapts_a_copy_of_its_own(self):
        copy = self.nd335.with_user(self.officer_user).copy()
        self.assertEqual(copy.company_id, self.company)
        self.assertEqual(len(copy.band_ids), len(self.nd335.band_ids))
        copy.with_user(self.officer_user).write({"quota_percent": 15})
        copy.band_ids[:1].with_user(self.officer_user).min_score = 91
        self.assertEqual(copy.quota_percent, 15)
        # but does not give it to another agency, nor share it with all
        for company in (self.agency_b, self.env["res.company"]):
            with self.assertRaises(AccessError):
                copy.with_user(self.officer_user).write({"company_id": company.id})
        self.assertEqual(copy.company_id, self.company)
        # nor does an officer of another agency touch it
        officer_b = self._user("officer_b_kt", "hr_officer", self.agency_b)
        with self.assertRaises(AccessError):
            copy.with_user(officer_b).write({"quota_percent": 50})


@tagged("post_install", "-at_install")
class TestNonNumbers(AssessmentCase):
    """Hole 6: "NaN", "inf", 1e308 or "abc" as a number is refused with a
    message and writes nothing, whoever sends it (the superuser too)."""

    BAD = ("NaN", float("nan"), "inf", float("-inf"), 1e308, "abc", [1])

    def assertRefused(self, record_or_model, numbers, create=False, **base):
        for bad in self.BAD:
            for name in numbers:
                payload = {**base, **numbers, name: bad}
                with self.assertRaises(ValidationError, msg=(record_or_model._name, name, bad)):
                    if create:
                        record_or_model.create(payload)
                    else:
                        record_or_model.write(payload)

    def test_diary_hours_and_quantity(self):
        lines = self.env["kpi.diary.line"].with_user(self.staff_user)
        base = {"date": date(2026, 9, 7), "work_item_id": self.item_doc.id, "name": "Công văn"}
        self.assertRefused(lines, {"quantity": 1, "hours": 1}, create=True, **base)
        self.assertFalse(self.env["kpi.diary.line"].search([("employee_id", "=", self.staff.id)]))
        line = lines.create({**base, "quantity": 1, "hours": 1})
        with self.assertRaises(ValidationError):
            line.write({"hours": "NaN"})
        self.assertEqual(line.hours, 1)

    def test_scores_points_and_counts(self):
        period = self.period()
        period.action_compute_scores()
        score = self.score_of(period, self.staff)
        for field in ("general_score", "organizing_percent"):
            with self.assertRaises(ValidationError):
                score.with_user(self.head_user).write({field: "NaN"})
        assessment = self.assessment(self.staff)
        for field in ("votes_good", "meeting_attendees"):
            for bad in ("abc", 1.5, "NaN", 1e308):
                with self.assertRaises(ValidationError, msg=(field, bad)):
                    assessment.sudo().write({field: bad})
        self.assertEqual((assessment.votes_good, assessment.meeting_attendees), (0, 0))

    def test_configuration_numbers(self):
        admin = self.admin_user
        self.assertRefused(self.nd335.band_ids[:1].with_user(admin), {"min_score": 50})
        self.assertRefused(self.kh1636.criterion_ids[:1].with_user(admin), {"max_points": 5})
        self.assertRefused(self.nd335.with_user(admin), {"quota_percent": 20, "general_max": 30})
        self.assertRefused(self.item_doc.with_user(self.officer_user), {"standard_minutes": 60, "coefficient": 1})
        self.assertEqual((self.item_doc.standard_minutes, self.item_doc.coefficient), (60, 1))

    def test_wizard_years(self):
        wizards = self.env["kpi.period.generate.wizard"].with_user(self.officer_user)
        for bad in ("abc", "NaN", 1e308, 2026.5):
            with self.assertRaises(ValidationError, msg=bad):
                wizards.create({"company_id": self.company.id, "year": bad, "rule_set_id": self.nd335.id})


@tagged("post_install", "-at_install")
class TestCancelling(AssessmentCase):
    """Hole 7: nobody cancels their own assessment, and a cancelled one is
    replaced for the same year."""

    def test_an_officer_does_not_cancel_their_own_and_a_cancelled_one_is_replaced(self):
        officer_user, officer = self._create_person("hr_tu", "Ngô Thị Tổ", None, "hr_officer", self.head)
        own = self.assessment(officer)
        with self.assertRaises(AccessError):
            own.with_user(officer_user).action_cancel()
        self.assertEqual(own.state, "draft")
        action = own.with_user(self.officer_user).action_cancel()
        self.assertEqual(action["res_model"], "kpi.reason.wizard")  # the reason is asked first
        own.with_user(self.officer_user).action_cancel(reason="Tạo nhầm, đã chuyển công tác")
        self.assertEqual(own.state, "cancelled")
        self.assertTrue(any("Tạo nhầm, đã chuyển công tác" in body for body in own.message_ids.mapped("body")))
        self.campaign.with_user(self.officer_user).action_generate()
        of_the_year = self.env["kpi.assessment"].search([("employee_id", "=", officer.id), ("year", "=", 2026)])
        self.assertEqual(sorted(of_the_year.mapped("state")), ["cancelled", "draft"])
        # but never two open ones
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.assessment(officer)


@tagged("post_install", "-at_install")
class TestRaces(TransactionCase):
    """Hole 9: two transactions that check the same limit at once. The other
    transaction (a real second connection, committed) does what the product
    does when it saves a line of the same person or decides in the same
    agency; this one then gives way with a serialization error, which Odoo
    answers by running the request again, on data that has the other's
    change. The demo's agency and people are used: they are committed."""

    @contextmanager
    def other_transaction(self):
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute("SET lock_timeout = '10s'")
            yield api.Environment(other, SUPERUSER_ID, {})

    def test_two_24_hour_lines_of_one_day(self):
        clerk = self.env.ref("kpi_civil_service.kpi_emp_clerk")
        item = self.env["kpi.work.item"].search([("company_id", "in", [clerk.company_id.id, False])], limit=1)
        day = fields.Date.context_today(self.env["kpi.diary.line"]) - timedelta(days=1)
        values = {"employee_id": clerk.id, "date": day, "work_item_id": item.id, "quantity": 1, "hours": 24}
        with self.other_transaction() as other:
            theirs = other["kpi.diary.line"].create({**values, "name": "Trực cơ quan"})
            other.flush_all()
        try:
            with self.assertRaises(errors.SerializationFailure), mute_logger("odoo.sql_db"):
                self.env["kpi.diary.line"].sudo().create({**values, "name": "Trực lễ"})
                self.env.flush_all()
        finally:
            with db_connect(self.env.cr.dbname).cursor() as other:
                other.execute("DELETE FROM kpi_diary_line WHERE id = %s", [theirs.id])

    def test_two_deciders_of_one_agency(self):
        clerk = self.env.ref("kpi_civil_service.kpi_emp_clerk")
        decider = new_test_user(
            self.env, login="giamdoc_dua", groups="kpi_civil_service.group_kpi_decider", company_id=clerk.company_id.id
        )
        assessment = (
            self.env["kpi.assessment"]
            .sudo()
            .create(
                {
                    "employee_id": clerk.id,
                    "company_id": clerk.company_id.id,
                    "year": 2025,
                    "rule_set_id": self.env.ref("kpi_civil_service.kpi_rule_set_nd335").id,
                    "periods_worked": 12,
                    "months_employed": 12,
                    "period_general_mean": 30,
                    "period_task_mean": 65,
                    "state": "unit_reviewed",
                }
            )
        )
        # the figures of a year at 95, as the scoring engine leaves them
        assessment.sudo().write({"total_score": 95, "computed_level": "excellent"})
        with self.other_transaction() as other:
            # what another decider's check of the agency's quota writes, committed
            other.cr.execute("UPDATE res_company SET write_date = write_date WHERE id = %s", [clerk.company_id.id])
        with self.assertRaises(errors.SerializationFailure), mute_logger("odoo.sql_db"):
            assessment.with_user(decider).action_decide("excellent")


@tagged("post_install", "-at_install")
class TestSizes(AssessmentCase):
    """Hole 10: a description, comment or minutes of 10 MB is refused with a
    message; a long but sane one is kept."""

    def test_ten_megabytes_are_refused(self):
        huge = "x" * 10_000_000
        lines = self.env["kpi.diary.line"].with_user(self.staff_user)
        base = {"date": date(2026, 9, 7), "work_item_id": self.item_doc.id, "quantity": 1, "hours": 1}
        for field in ("name", "evidence_ref"):
            with self.assertRaisesRegex(ValidationError, "too long", msg=field):
                lines.create({"name": "Công văn", **base, field: huge})
        self.assertFalse(self.env["kpi.diary.line"].search([("employee_id", "=", self.staff.id)]))
        assessment = self.assessment(self.staff)
        with self.assertRaisesRegex(ValidationError, "too long"):
            assessment.with_user(self.staff_user).write({"self_comment": huge, "self_level": "good"})
        self.assertFalse(assessment.self_comment)
        line = lines.create({"name": "Công văn", **base})
        line.with_user(self.staff_user).action_submit()
        with self.assertRaisesRegex(ValidationError, "too long"):
            line.with_user(self.head_user).action_reject(reason=huge)
        self.assertEqual(line.state, "submitted")
        # a report of 20 pages is fine
        assessment.with_user(self.staff_user).write({"self_comment": "Báo cáo tự đánh giá. " * 2_000})
        self.assertEqual(len(assessment.self_comment), 42_000)


@tagged("post_install", "-at_install")
class TestNationalIdentifier(AssessmentCase):
    """The person's identifier in the national database is 12 digits
    kept as text, entered by HR and read by HR only."""

    @mute_logger("odoo.sql_db")
    def test_twelve_digits_as_text(self):
        hr_clerk = new_test_user(self.env, login="hr_cccd", groups="hr.group_hr_user", company_id=self.company.id)
        staff = self.staff.with_user(hr_clerk)
        staff.kpi_national_id = " 001 086 000 456 "  # as printed on the card
        self.assertEqual(staff.kpi_national_id, "001086000456")
        for value in ("12345", "05618600012A", "0561860001234", 56186000123):
            with self.subTest(value=value), self.assertRaises(errors.CheckViolation), self.cr.savepoint():
                staff.kpi_national_id = value
                self.env.flush_all()
        self.staff.invalidate_recordset()
        self.assertEqual(staff.kpi_national_id, "001086000456")
        staff.kpi_national_id = ""
        self.assertFalse(staff.kpi_national_id)
        # private: the person, their head and their colleagues do not read it
        for user in (self.staff_user, self.head_user, self.peer_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.staff.with_user(user).read(["kpi_national_id"])
