"""A province for the benchmark, built in its own database (never the demo or
test one). The organisation goes through the ORM, as an HR officer would make
it; the month of diary lines, where only the volume matters, goes in with
PostgreSQL COPY. Seeded: the same scale gives the same province."""

import csv
import io
import random
import time
from datetime import date, timedelta
from pathlib import Path

from odoo import Command
from odoo.sql_db import db_connect

SCALES = {
    # agencies, people, units of the first agency (the director with many units)
    "small": {"agencies": 4, "employees": 1200, "big_units": 20},
    "province": {"agencies": 40, "employees": 30000, "big_units": 200},
}
MONTH = (date(2026, 10, 1), date(2026, 10, 31))
PEOPLE_PER_UNIT = 40
USER_SHARE = 10  # one person in ten has a login
BUILT_PARAM = "kpi_bench.built"
# The province's inputs, kept beside the benchmark: the shared work-item
# catalogue (code, group, Vietnamese name, unit of product, standard minutes,
# coefficient) and Vietnam's public holidays of 2026, one whole day a row.
DATA_DIR = Path(__file__).resolve().parent / "data"
AGENCY_NAMES = [
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Khoa học và Công nghệ",
]
UNIT_NAMES = ["Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Thanh tra", "Phòng Nghiệp vụ"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hùng", "Lan", "Nam", "Oanh", "Phúc", "Sơn", "Tâm", "Thảo", "Tuấn"]
COPY_COLUMNS = (
    "employee_id, user_id, company_id, department_id, work_item_id, assignment_id, error_count, delay_count, "
    "approver_id, create_uid, write_uid, name, evidence_ref, state, date, quantity, coefficient, "
    "converted_minutes, was_submitted, objective_cause, date_approved, create_date, write_date, hours, "
    "standard_minutes"
)


def log(message):
    print(f"[bench] {time.strftime('%H:%M:%S')} {message}", flush=True)


class Province:
    def __init__(self, env, scale):
        self.env = env
        self.scale = scale
        self.size = SCALES[scale]
        self.rng = random.Random(f"kpi-{scale}")

    # ------------------------------------------------------------ the whole build

    def build(self):
        """Builds the province unless this database already holds it."""
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(BUILT_PARAM) == self.scale:
            log(f"reusing the {self.scale} province of this database")
            return
        started = time.monotonic()
        items = self.work_items()
        calendar_vals = self.calendar_values()
        nd335 = self.env.ref("kpi_civil_service.kpi_rule_set_nd335")
        sizes = self.agency_sizes()
        for index, size in enumerate(sizes):
            self.agency(index, size, items, calendar_vals, nd335)
            self.env.cr.commit()
            log(f"agency {index + 1}/{len(sizes)}: {size} people")
        self.leave_and_assignments()
        self.env.cr.commit()
        self.diary_lines()
        self.vacuum()
        params.set_param(BUILT_PARAM, self.scale)
        self.env.cr.commit()
        log(f"province built in {time.monotonic() - started:.0f} s")

    def vacuum(self):
        """VACUUM (ANALYZE), as autovacuum does on a live database soon after
        such a load: the figures measure a province at rest, not the first
        scans that set the hint bits of 4 million fresh rows."""
        self.env.cr.commit()
        with db_connect(self.env.cr.dbname).cursor() as cr:
            cr._cnx.autocommit = True
            try:
                cr.execute("VACUUM (ANALYZE)")
            finally:
                cr._cnx.autocommit = False

    def agency_sizes(self):
        """The first agency is the large one (its director has many units); the
        others share the rest."""
        total, count = self.size["employees"], self.size["agencies"]
        first = self.size["big_units"] * 25
        rest = total - first
        sizes = [first] + [rest // (count - 1)] * (count - 1)
        sizes[-1] += total - sum(sizes)
        return sizes

    # ------------------------------------------------------------ organisation (ORM)

    def work_items(self):
        with open(DATA_DIR / "work_items_sample.csv", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        existing = self.env["kpi.work.item"].search([("company_id", "=", False)])
        if existing:
            return existing
        return self.env["kpi.work.item"].create(
            [
                {
                    "code": row["code"],
                    "name": row["name_vi"],
                    "group": row["group"],
                    "uom_name": row["uom_vi"],
                    "standard_minutes": float(row["standard_minutes"]),
                    "coefficient": float(row["coefficient"]),
                    "company_id": False,  # shared by every agency
                }
                for row in rows
            ]
        )

    def calendar_values(self):
        with open(DATA_DIR / "vn_public_holidays_2026.csv", encoding="utf-8") as handle:
            holidays = list(csv.DictReader(handle))
        return {
            "name": "Giờ hành chính",
            "tz": "Asia/Ho_Chi_Minh",
            "attendance_ids": [
                Command.create({"name": f"{day} {part}", "dayofweek": str(day), "hour_from": start, "hour_to": end})
                for day in range(5)
                for part, start, end in (("sáng", 7.5, 11.5), ("chiều", 13.5, 17.5))
            ],
            "leave_ids": [
                Command.create(
                    {
                        "name": holiday.get("name_vi") or holiday.get("name") or "Nghỉ lễ",
                        "date_from": f"{date.fromisoformat(holiday['date']) - timedelta(days=1)} 17:00:00",
                        "date_to": f"{holiday['date']} 16:59:59",
                    }
                )
                for holiday in holidays
            ],
        }

    def agency(self, index, size, items, calendar_vals, rule_set):
        env = self.env
        name = f"{AGENCY_NAMES[index % len(AGENCY_NAMES)]} {index // len(AGENCY_NAMES) + 1:02d}"
        company = env["res.company"].create({"name": name, "kpi_rule_set_id": rule_set.id})
        calendar = env["resource.calendar"].create({**calendar_vals, "company_id": company.id})
        calendar.leave_ids.write({"company_id": company.id})
        company.resource_calendar_id = calendar
        jobs = env["hr.job"].create(
            [
                {"name": "Trưởng phòng", "kpi_position_type": "head", "company_id": company.id},
                {"name": "Phó Trưởng phòng", "kpi_position_type": "deputy", "company_id": company.id},
                {"name": "Chuyên viên", "kpi_position_type": "staff", "company_id": company.id},
            ]
        )
        jobs.kpi_work_item_ids = items
        env["kpi.period"]._generate(company, 2026, rule_set)
        unit_count = self.size["big_units"] if index == 0 else max(3, size // PEOPLE_PER_UNIT)
        units = env["hr.department"].create(
            [
                {"name": f"{UNIT_NAMES[i % len(UNIT_NAMES)]} {i + 1}", "company_id": company.id}
                for i in range(unit_count)
            ]
        )
        director = self.employees(company, calendar, [(None, jobs[0], None)])
        heads = self.employees(company, calendar, [(unit, jobs[0], director) for unit in units])
        for unit, head in zip(units, heads, strict=True):
            unit.manager_id = head
        others = []
        for i in range(size - 1 - unit_count):
            unit_index = i % unit_count
            job = jobs[1] if i < unit_count else jobs[2]
            others.append((units[unit_index], job, heads[unit_index]))
        self.employees(company, calendar, others)
        self.users(company)

    def employees(self, company, calendar, people, batch=1000):
        created = self.env["hr.employee"]
        for start in range(0, len(people), batch):
            created |= (
                self.env["hr.employee"]
                .with_context(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
                .create(
                    [
                        {
                            "name": self.person_name(),
                            "company_id": company.id,
                            "department_id": unit.id if unit else False,
                            "job_id": job.id,
                            "parent_id": manager.id if manager else False,
                            "resource_calendar_id": calendar.id,
                            "kpi_staff_category": "civil_servant",
                        }
                        for unit, job, manager in people[start : start + batch]
                    ]
                )
            )
        return created

    def person_name(self):
        rng = self.rng
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

    def users(self, company):
        """A login for one person in ten (the heads first): unit heads are KPI
        managers, the others KPI users."""
        employees = self.env["hr.employee"].search([("company_id", "=", company.id)], order="id")
        chosen = employees[: max(1, len(employees) // USER_SHARE)]
        manager_group = self.env.ref("kpi_civil_service.group_kpi_manager")
        user_group = self.env.ref("kpi_civil_service.group_kpi_user")
        users = (
            self.env["res.users"]
            .with_context(no_reset_password=True, tracking_disable=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "name": employee.name,
                        "login": f"bench{employee.id}",
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "tz": "Asia/Ho_Chi_Minh",
                        "group_ids": [
                            Command.set(
                                (manager_group if employee.job_id.kpi_position_type == "head" else user_group).ids
                            )
                        ],
                    }
                    for employee in chosen
                ]
            )
        )
        for employee, user in zip(chosen, users, strict=True):
            employee.user_id = user
        # one password ("bench") hashed once: hashing 3,000 would take longer than the rest
        users.flush_recordset()
        self.env.cr.execute(
            "UPDATE res_users SET password = %s WHERE id IN %s",
            [self.password_hash(), tuple(users.ids)],
        )

    def password_hash(self):
        if not hasattr(self, "_password_hash"):
            self._password_hash = self.env["res.users"]._crypt_context().hash("bench")
        return self._password_hash

    def leave_and_assignments(self):
        """Some approved leave (a week for one person in a hundred), some
        assignments finished late or overdue at the end of the month."""
        employees = self.env["hr.employee"].search([], order="id")
        on_leave = employees[::100]
        self.env["resource.calendar.leaves"].create(
            [
                {
                    "name": "Nghỉ phép năm",
                    "resource_id": employee.resource_id.id,
                    "calendar_id": employee.resource_calendar_id.id,
                    "company_id": employee.company_id.id,
                    "date_from": "2026-10-11 17:00:00",
                    "date_to": "2026-10-16 16:59:59",
                    "time_type": "leave",
                }
                for employee in on_leave
            ]
        )
        item = self.env["kpi.work.item"].search([("company_id", "=", False)], limit=1)
        late = employees[7::150]
        assignments = (
            self.env["kpi.assignment"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "name": "Báo cáo chuyên đề",
                        "employee_id": employee.id,
                        "work_item_id": item.id,
                        "planned_quantity": 2,
                        "date_assigned": date(2026, 10, 1),
                        "date_deadline": date(2026, 10, 15),
                        "expected_product": "Báo cáo",
                    }
                    for employee in late
                ]
            )
        )
        done_late = assignments[::2]
        done_late.write({"state": "done", "date_done": date(2026, 10, 20)})

    # ------------------------------------------------------------ diary lines (COPY)

    def diary_lines(self, chunk_rows=200_000):
        """A month of approved diary lines, 5 to 8 a working day, with some
        errors, delays and days over the standard hours; a few days left without
        a line. Written with COPY in chunks."""
        env = self.env
        cr = env.cr
        cr.execute(
            """
            SELECT e.id, e.user_id, e.company_id, v.department_id
              FROM hr_employee e JOIN hr_version v ON v.id = e.current_version_id
             WHERE e.active ORDER BY e.id
            """
        )
        people = cr.fetchall()
        items = env["kpi.work.item"].search_read([("company_id", "=", False)], ["standard_minutes", "coefficient"])
        days = [MONTH[0] + timedelta(days=n) for n in range((MONTH[1] - MONTH[0]).days + 1)]
        days = [day for day in days if day.weekday() < 5]
        rng = self.rng
        buffer, rows, total = io.StringIO(), 0, 0
        stamp = "2026-10-31 10:00:00"
        for employee_id, user_id, company_id, department_id in people:
            for day in days:
                if rng.random() < 0.02:  # a day without declaration
                    continue
                count = rng.randint(5, 8)
                hours_left = 8.5 if rng.random() < 0.05 else 8.0
                for n in range(count):
                    item = items[rng.randrange(len(items))]
                    hours = round(hours_left / (count - n), 2) if n == count - 1 else round(hours_left / count, 2)
                    hours_left -= hours
                    quantity = max(1, round(hours * 60 / item["standard_minutes"] * rng.uniform(0.6, 1.1)))
                    minutes = quantity * item["standard_minutes"] * item["coefficient"]
                    buffer.write(
                        "\t".join(
                            (
                                str(employee_id),
                                str(user_id or "\\N"),
                                str(company_id),
                                str(department_id or "\\N"),
                                str(item["id"]),
                                "\\N",
                                str(int(rng.random() < 0.02)),
                                str(int(rng.random() < 0.01)),
                                "1",
                                "1",
                                "1",
                                "Xử lý công việc theo nhật ký",
                                f"{rng.randint(100, 9999)}/SNV",
                                "approved",
                                day.isoformat(),
                                str(quantity),
                                str(item["coefficient"]),
                                f"{minutes:.2f}",
                                "t",
                                "f",
                                stamp,
                                stamp,
                                stamp,
                                f"{hours:.2f}",
                                str(item["standard_minutes"]),
                            )
                        )
                        + "\n"
                    )
                    rows += 1
            if rows >= chunk_rows:
                total += self.copy(buffer)
                buffer, rows = io.StringIO(), 0
                log(f"{total} diary lines")
        total += self.copy(buffer)
        cr.commit()
        log(f"{total} diary lines in all")

    def copy(self, buffer):
        buffer.seek(0)
        cr = self.env.cr
        cr.copy_expert(f"COPY kpi_diary_line ({COPY_COLUMNS}) FROM STDIN", buffer)
        count = cr.rowcount
        cr.commit()
        return count
