"""Demo data of Khanh Hoa's Department of Home Affairs: the periods of 2026,
a few "5 clear" assignments, the work diaries of January to November (up to
the 20th), the scores of every month, and the 2026 annual assessment decided
for everyone but the head of the Organisation unit, who has not self-assessed
yet. Called once from demo/kpi_demo_diary.xml."""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

JANUARY = date(2026, 1, 1)
OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)
LAST_DEMO_DAY = date(2026, 11, 20)
LONG_ITEM_MINUTES = 480  # products longer than a day are declared by fractions
ONCE_A_DAY_UOMS = {"ngày", "buổi", "ca", "ca trực", "cuộc kiểm tra"}  # declared with quantity 1

# Demo employee (xml id) -> (efficiency, general score, error rate). Efficiency is
# the converted minutes of the work declared per minute spent: it drives a.
PROFILES = {
    "kpi_emp_director": (1.05, 30, 0.0),
    "kpi_emp_deputy_director": (0.6, 29, 0.0),
    "kpi_emp_office_head": (0.6, 28, 0.01),
    "kpi_emp_office_specialist": (0.8, 28, 0.02),
    "kpi_emp_clerk": (0.85, 29, 0.01),
    "kpi_emp_accountant": (0.6, 27, 0.02),
    "kpi_emp_org_head": (0.85, 29, 0.0),
    "kpi_emp_org_deputy": (0.65, 28, 0.01),
    "kpi_emp_org_specialist_1": (0.8, 29, 0.02),
    "kpi_emp_org_specialist_2": (0.8, 28, 0.02),
    "kpi_emp_org_specialist_3": (0.3, 21, 0.3),
    "kpi_emp_cs_head": (0.65, 28, 0.0),
    "kpi_emp_cs_deputy": (0.55, 27, 0.01),
    "kpi_emp_cs_specialist_1": (1.05, 30, 0.01),
    "kpi_emp_cs_specialist_2": (0.8, 28, 0.02),
    "kpi_emp_cs_specialist_3": (0.75, 28, 0.02),
}
# Working days of October without any declaration.
SKIPPED_DAYS = {"kpi_emp_org_specialist_3": 2, "kpi_emp_accountant": 1}
# Review of the diaries: the last October day of two people still awaits approval,
# one line is returned, and November ends in submitted then draft lines.
LATE_SUBMITTERS = {"kpi_emp_org_specialist_2", "kpi_emp_org_specialist_3"}
LATE_SUBMITTED_DAY = date(2026, 10, 30)
REJECTED_LINE = ("kpi_emp_org_specialist_1", date(2026, 10, 22))
REJECT_REASON = "Khối lượng kê khai chưa khớp với sản phẩm trên E-Office, đề nghị kiểm tra và kê khai lại."
SUBMITTED_FROM = date(2026, 11, 16)
DRAFT_FROM = date(2026, 11, 19)

# The annual assessment of the demo campaign.
SELF_COMMENT = (
    "Chấp hành nghiêm chủ trương của Đảng, chính sách, pháp luật của Nhà nước; hoàn thành các nhiệm vụ "
    "được giao trên phần mềm KPI đúng tiến độ; tích cực học tập, ứng dụng công nghệ thông tin."
)
MANAGER_COMMENTS = {
    "excellent": "Hoàn thành vượt mức khối lượng công việc, chất lượng cao, đúng tiến độ; đề nghị khen thưởng.",
    "good": "Hoàn thành đầy đủ khối lượng công việc được giao, bảo đảm chất lượng và tiến độ.",
    "completed": "Hoàn thành nhiệm vụ nhưng khối lượng công việc quy đổi còn thấp so với định mức.",
    "not_completed": "Khối lượng và chất lượng công việc chưa đạt yêu cầu; còn nhiều ngày không kê khai nhật ký.",
}
MEETING_MINUTES = (
    "Hội nghị đánh giá, xếp loại chất lượng công chức năm 2026 của phòng: 6/6 công chức dự họp; "
    "thống nhất đề xuất mức xếp loại theo kết quả KPI trên phần mềm."
)
PARTY_OPINION = "Chi ủy thống nhất với đề xuất mức xếp loại của thủ trưởng đơn vị."
QUOTA_NOTE = "Vượt tỷ lệ không quá 20% số được xếp loại Hoàn thành tốt nhiệm vụ của nhóm: xếp loại Hoàn thành tốt."

# Agencies of the province and the sign of their documents.
AGENCIES = {
    "Sở Y tế": "SYT",
    "Sở Tài chính": "STC",
    "Sở Xây dựng": "SXD",
    "Sở Giáo dục và Đào tạo": "SGDĐT",
    "Sở Nông nghiệp và Môi trường": "SNNMT",
    "Sở Văn hóa, Thể thao và Du lịch": "SVHTTDL",
    "Sở Tư pháp": "STP",
    "Sở Công Thương": "SCT",
    "Ban Quản lý Khu kinh tế Vân Phong": "BQLKKT",
}
COMMUNES = [
    "phường Nha Trang",
    "phường Bắc Nha Trang",
    "phường Cam Ranh",
    "phường Ninh Hòa",
    "xã Diên Khánh",
    "xã Cam Lâm",
]
INCOMING_SIGNS = ["UBND-NC", "UBND-KGVX", "BNV-CCVC", "BNV-TCBC"]  # the province, the ministry
UNIT_SIGNS = {"Văn phòng Sở": "VP", "Phòng Tổ chức - Biên chế": "TCBC", "Phòng Công chức - Viên chức": "CCVC"}

# Work item code -> (evidence, descriptions): "in" an incoming document, "out" an
# outgoing letter of the unit, else the sign of the document. Only these items are declared.
ITEM_TEXTS = {
    "A.01": (None, ["Chủ trì giao ban lãnh đạo đầu tuần", "Chủ trì họp triển khai nhiệm vụ trọng tâm tháng"]),
    "A.02": (
        "out",
        ["Xem xét, ký ban hành công văn gửi {agency}", "Ký ban hành văn bản hướng dẫn {agency} về biên chế"],
    ),
    "A.03": ("in", ["Cho ý kiến chỉ đạo xử lý văn bản đến của {agency} trên E-Office"]),
    "A.04": (None, ["Giao việc cho chuyên viên theo nguyên tắc 5 rõ trên phần mềm KPI"]),
    "A.05": (None, ["Duyệt nhật ký công việc của công chức thuộc quyền"]),
    "A.06": (None, ["Đánh giá, xếp loại chất lượng công chức thuộc quyền tháng trước"]),
    "A.07": (None, ["Kiểm tra, đôn đốc tiến độ thẩm định hồ sơ của các phòng", "Đôn đốc {agency} báo cáo kết quả KPI"]),
    "A.08": (None, ["Tiếp công dân định kỳ tại Trụ sở tiếp công dân tỉnh"]),
    "A.09": (None, ["Làm việc với Đoàn kiểm tra công tác cải cách hành chính của Bộ Nội vụ"]),
    "B.01": ("in", ["Tiếp nhận, đăng ký văn bản đến trên hệ thống E-Office"]),
    "B.02": ("in", ["Nghiên cứu, xử lý văn bản đến của {agency}", "Nghiên cứu văn bản chỉ đạo của UBND tỉnh"]),
    "B.03": ("out", ["Soạn thảo công văn trả lời {agency}", "Soạn thảo giấy mời họp và thông báo phân công"]),
    "B.04": ("TTr-SNV", ["Soạn thảo tờ trình kèm dự thảo quyết định điều động công chức {agency}"]),
    "B.05": (
        "BC-SNV",
        ["Soạn thảo báo cáo kết quả công tác tháng của phòng", "Lập báo cáo tình hình thực hiện dự toán quý"],
    ),
    "B.06": ("BC-SNV", ["Xây dựng báo cáo sơ kết 3 năm thực hiện Đề án vị trí việc làm"]),
    "B.07": ("KH-SNV", ["Xây dựng kế hoạch kiểm tra công vụ năm 2027", "Xây dựng kế hoạch rà soát biên chế năm 2027"]),
    "B.08": (None, ["Xây dựng dự thảo Quy định đánh giá, xếp loại công chức bằng KPI của UBND tỉnh"]),
    "B.09": ("out", ["Góp ý dự thảo văn bản của {agency}"]),
    "B.10": (None, ["Dự họp giao ban cơ quan", "Dự hội nghị trực tuyến của Bộ Nội vụ"]),
    "B.11": (None, ["Chuẩn bị tài liệu phục vụ hội nghị giao ban công tác nội vụ"]),
    "B.12": ("TB-SNV", ["Ghi biên bản cuộc họp, dự thảo thông báo kết luận của lãnh đạo Sở"]),
    "B.13": (None, ["Lập hồ sơ công việc năm 2025, nộp lưu vào lưu trữ cơ quan"]),
    "B.15": ("BC-SNV", ["Lập báo cáo kết quả triển khai KPI hằng tháng của Sở"]),
    "C.SNV.01": ("out", ["Thẩm định danh mục vị trí việc làm công chức của {agency}"]),
    "C.SNV.02": ("out", ["Thẩm định bản mô tả công việc, khung năng lực vị trí việc làm của {agency}"]),
    "C.SNV.03": ("out", ["Thẩm định đề án kiện toàn tổ chức bộ máy của {agency}"]),
    "C.SNV.04": ("out", ["Thẩm định đề nghị điều chỉnh danh mục đầu công việc KPI của UBND {commune}"]),
    "C.SNV.05": ("BC-SNV", ["Tổng hợp báo cáo kết quả triển khai KPI toàn tỉnh"]),
    "C.SNV.06": ("out", ["Thẩm định hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh cho {agency}"]),
    "C.SNV.07": ("out", ["Thẩm định hồ sơ đề nghị danh hiệu Chiến sĩ thi đua cấp tỉnh của {agency}"]),
    "C.SNV.08": ("out", ["Thẩm định hồ sơ tiếp nhận vào làm công chức tại {agency}"]),
    "C.SNV.09": ("out", ["Thẩm định hồ sơ nâng bậc lương thường xuyên của công chức {agency}"]),
    "C.SNV.10": ("KH-SNV", ["Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2027"]),
    "C.SNV.11": (None, ["Kiểm tra công vụ tại UBND {commune}"]),
    "C.SNV.12": (None, ["Tổng hợp hồ sơ tự đánh giá Chỉ số cải cách hành chính năm 2026 của tỉnh"]),
    "D.01": (None, ["Tham gia lớp bồi dưỡng kiến thức quản lý nhà nước", "Tham dự tập huấn sử dụng phần mềm KPI"]),
    "D.02": (None, ["Sinh hoạt chi bộ định kỳ"]),
    "D.03": (None, ["Tham gia hoạt động của Công đoàn cơ quan"]),
    "D.04": (None, ["Tham gia giám sát thực hiện quy chế dân chủ tại {commune}"]),
    "D.06": (None, ["Nghiên cứu Nghị định 335/2025/NĐ-CP về đánh giá, xếp loại công chức"]),
}

# (assignee, assigner login, work item, planned quantity, assigned, deadline, done, breakthrough, task, product)
ASSIGNMENTS = [
    (
        "kpi_emp_director",
        "giamdoc",
        "a_07",
        12,
        "2026-01-15",
        "2026-12-15",
        None,
        True,
        "Triển khai đánh giá, xếp loại công chức bằng KPI tại 100% cơ quan, đơn vị cấp tỉnh",
        "Báo cáo kết quả triển khai KPI toàn tỉnh năm 2026 trình UBND tỉnh",
    ),
    (
        "kpi_emp_org_specialist_1",
        "truongphong",
        "c_snv_01",
        1,
        "2026-09-28",
        "2026-10-16",
        "2026-10-14",
        False,
        "Thẩm định danh mục vị trí việc làm công chức của Sở Y tế",
        "Công văn thẩm định gửi Sở Y tế",
    ),
    (
        "kpi_emp_org_specialist_2",
        "truongphong",
        "c_snv_03",
        1,
        "2026-10-01",
        "2026-10-23",
        "2026-10-28",
        False,
        "Thẩm định đề án kiện toàn tổ chức bộ máy của Sở Xây dựng",
        "Tờ trình kèm dự thảo quyết định của UBND tỉnh",
    ),
    (
        "kpi_emp_org_specialist_3",
        "truongphong",
        "c_snv_02",
        3,
        "2026-10-05",
        "2026-10-20",
        None,
        False,
        "Thẩm định bản mô tả công việc và khung năng lực vị trí việc làm của Sở Tài chính",
        "Văn bản thẩm định gửi Sở Tài chính",
    ),
    (
        "kpi_emp_org_deputy",
        "truongphong",
        "c_snv_01",
        1,
        "2026-10-05",
        "2026-10-30",
        "2026-10-27",
        False,
        "Thẩm định danh mục vị trí việc làm công chức của Sở Giáo dục và Đào tạo",
        "Công văn thẩm định gửi Sở Giáo dục và Đào tạo",
    ),
    (
        "kpi_emp_cs_specialist_1",
        "giamdoc",
        "c_snv_05",
        1,
        "2026-10-26",
        "2026-11-05",
        "2026-11-04",
        False,
        "Tổng hợp báo cáo kết quả triển khai KPI toàn tỉnh tháng 10/2026",
        "Báo cáo của Sở Nội vụ trình UBND tỉnh",
    ),
    (
        "kpi_emp_cs_specialist_2",
        "giamdoc",
        "c_snv_08",
        12,
        "2026-10-12",
        "2026-11-13",
        "2026-11-12",
        False,
        "Thẩm định hồ sơ tiếp nhận vào làm công chức đợt 2 năm 2026",
        "Tờ trình và dự thảo quyết định tiếp nhận",
    ),
    (
        "kpi_emp_cs_head",
        "giamdoc",
        "c_snv_10",
        1,
        "2026-10-19",
        "2026-11-30",
        None,
        False,
        "Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2027 của tỉnh",
        "Dự thảo kế hoạch trình UBND tỉnh",
    ),
]


class KpiDemo(models.AbstractModel):
    _name = "kpi.demo"
    _description = "KPI Demo Data"

    @api.model
    def _in_vietnamese(self, module):
        """The demo's steps are taken in Vietnamese, as its people take them, so
        that what they write (chatter, activities, kept notices) is Vietnamese:
        Odoo loads a module's terms only after its demo data, so they are
        loaded here first."""
        self.env["ir.module.module"].search([("name", "=", module)])._update_translations(["vi_VN"])
        return self.with_context(lang="vi_VN")

    @api.model
    def _generate_demo_data(self):
        self._in_vietnamese("kpi_civil_service")._demo_year()

    @api.model
    def _demo_year(self):
        rng = random.Random(2026)
        company = self.env.ref("base.main_company")
        self._archive_hr_demo()
        self.env["kpi.period"]._generate(company, 2026, company.kpi_rule_set_id)
        periods = self.env["kpi.period"].search([("company_id", "=", company.id)])
        november = periods.filtered(lambda p: p.date_from == NOVEMBER)
        employees = {name: self.env.ref(f"kpi_civil_service.{name}") for name in PROFILES}
        assignments = self._demo_assignments(employees)
        today = fields.Date.today()
        worked = periods.filtered(lambda p: JANUARY <= p.date_from <= min(NOVEMBER, today)).sorted("date_from")
        for period in worked:
            date_to = min(LAST_DEMO_DAY, today) if period == november else None
            demo_ids = {employee.id for employee in employees.values()}
            people = {key: person for key, person in period._kpi_people().items() if key in demo_ids}
            work_days = period._work_days(people, date_to=date_to)
            vals_list, states = [], []
            for name, employee in employees.items():
                days = sorted(day for day in work_days.get(employee.id, {}) if day <= today)
                if period.date_from == OCTOBER:
                    days = sorted(set(days) - set(rng.sample(days, SKIPPED_DAYS.get(name, 0))))
                for day in days:
                    day_vals = self._demo_day(rng, name, employee, day, assignments.get(name, []))
                    vals_list += day_vals
                    states += [self._demo_state(name, day)] * len(day_vals)
                    if (name, day) == REJECTED_LINE:  # the shortest line of that day
                        shortest = min(range(len(day_vals)), key=lambda i: day_vals[i]["hours"])
                        states[shortest - len(day_vals)] = "rejected"
            cause = next((vals for vals in vals_list if vals["delay_count"]), None)
            if cause and period.date_from == OCTOBER:
                cause.update(objective_cause=True, name=f"{cause['name']} (chậm do hệ thống E-Office gián đoạn)")
            lines = self.env["kpi.diary.line"].create(vals_list)
            self._demo_review(lines, states)
        for period in worked:
            self._demo_scores(rng, period, employees)
        if november in worked:
            self._demo_campaign(company, employees)
        self._demo_breakthrough_tasks(employees)

    def _demo_breakthrough_tasks(self, employees):
        """Hai Duong's breakthrough tasks: the director's, approved and done
        (the level above, here the administrator, approves and confirms), and
        the head of Organisation's, waiting for the director's approval."""
        admin = self.env.ref("base.user_admin")
        tasks = self.env["kpi.breakthrough.task"]
        director = employees["kpi_emp_director"]
        # created as the system: the demo is of 2026 whenever it is installed
        done = tasks.sudo().create(
            {
                "employee_id": director.id,
                "year": 2026,
                "name": "Số hóa toàn bộ hồ sơ tuyển dụng, nâng ngạch công chức của tỉnh",
                "expected_product": "Phần mềm tiếp nhận hồ sơ dự tuyển trực tuyến vận hành từ quý III/2026",
                "success_measure": "100% hồ sơ dự tuyển, nâng ngạch tiếp nhận trực tuyến",
                "date_deadline": date(2026, 9, 30),
            }
        )
        done = done.sudo(False)
        done.with_user(director.user_id).action_submit()
        done.with_user(admin).action_approve()
        done.with_user(director.user_id).write(
            {"result": "done", "result_evidence": "Báo cáo số 215/BC-SNV ngày 05/10/2026: 1.284 hồ sơ nhận trực tuyến"}
        )
        done.with_user(admin).action_evaluate()
        head = employees["kpi_emp_org_head"]
        waiting = tasks.sudo().create(
            {
                "employee_id": head.id,
                "year": 2026,
                "name": "Rút ngắn 30% thời gian thẩm định đề án vị trí việc làm",
                "expected_product": "Quy trình thẩm định mới ban hành kèm quyết định của Giám đốc Sở",
                "success_measure": "Thời gian thẩm định bình quân từ 20 xuống 14 ngày làm việc",
                "date_deadline": date(2026, 12, 31),
            }
        )
        waiting.sudo(False).with_user(head.user_id).action_submit()

    def _archive_hr_demo(self):
        """The hr module's own demo people, units and positions (Mitchell Admin...)
        leave the agency: it holds only its civil servants."""
        for model in ("hr.employee", "hr.department", "hr.job"):
            data = self.env["ir.model.data"].search([("module", "=", "hr"), ("model", "=", model)])
            self.env[model].browse(data.mapped("res_id")).exists().write({"active": False})

    def _demo_assignments(self, employees):
        """{employee xml id: [assignment]}: "5 clear" tasks, some done on time, one
        done late, one overdue, and the director's breakthrough task."""
        vals_list = []
        for name, login, item, quantity, assigned, deadline, done, breakthrough, task, product in ASSIGNMENTS:
            vals_list.append(
                {
                    "name": task,
                    "employee_id": employees[name].id,
                    "assigner_id": self.env["res.users"].search([("login", "=", login)]).id,
                    "work_item_id": self.env.ref(f"kpi_civil_service.kpi_work_item_{item}").id,
                    "planned_quantity": quantity,
                    "date_assigned": assigned,
                    "date_deadline": deadline,
                    "expected_product": product,
                    "is_breakthrough": breakthrough,
                    "state": "done" if done else "in_progress",
                    "date_done": done or False,
                }
            )
        assignments = self.env["kpi.assignment"].create(vals_list)
        assignments.filtered(lambda a: a.state == "done").activity_feedback(
            ["kpi_civil_service.mail_activity_kpi_assignment"]
        )
        result = defaultdict(list)
        for (name, *_rest), assignment in zip(ASSIGNMENTS, assignments, strict=True):
            result[name].append(assignment)
        return result

    def _demo_day(self, rng, name, employee, day, assignments):
        """2-4 diary lines of one person's day, 6.5-9 hours in all (a few days over 8);
        the converted minutes follow the person's efficiency."""
        efficiency, _general, error_rate = PROFILES[name]
        quarters = rng.randint(34, 36) if rng.random() < 0.08 else rng.randint(26, 32)
        cuts = sorted(rng.sample(range(2, quarters - 1, 2), rng.randint(1, 3)))  # half hours at least
        chunks = [(end - start) / 4 for start, end in zip([0, *cuts], [*cuts, quarters], strict=True)]
        items = employee.job_id.kpi_work_item_ids.filtered(lambda i: i.code in ITEM_TEXTS)
        current = [
            a for a in assignments if a.date_assigned <= day <= (a.date_done or a.date_deadline + timedelta(days=10))
        ]
        vals_list = []
        for index, hours in enumerate(chunks):
            target = hours * 60 * efficiency * rng.uniform(0.85, 1.15)
            assignment = current[0] if index == 0 and current and hours >= 1 and rng.random() < 0.5 else None
            item = assignment.work_item_id if assignment else self._demo_pick_item(rng, items, target, vals_list)
            quantity = self._demo_quantity(rng, item, target)
            evidence, texts = ITEM_TEXTS.get(item.code, (None, [item.name]))
            text, agency = rng.choice(texts), rng.choice(list(AGENCIES))
            vals_list.append(
                {
                    "employee_id": employee.id,
                    "date": day,
                    "work_item_id": item.id,
                    "assignment_id": assignment.id if assignment else False,
                    "quantity": quantity,
                    "hours": hours,
                    "name": assignment.name if assignment else text.format(agency=agency, commune=rng.choice(COMMUNES)),
                    "evidence_ref": quantity >= 1 and self._demo_evidence(rng, evidence, employee, text, agency),
                    "error_count": int(rng.random() < error_rate),
                    "delay_count": int(not employee.kpi_is_leader and rng.random() < 0.015),
                }
            )
        return vals_list

    def _demo_pick_item(self, rng, items, target, vals_list):
        """An item of the position not yet declared that day, whose product fits the time."""
        used = {vals["work_item_id"] for vals in vals_list}

        def fits(item):
            minutes = item.minutes_per_unit
            if item.uom_name in ONCE_A_DAY_UOMS:
                return target / 2 <= minutes <= target * 1.5
            if minutes > LONG_ITEM_MINUTES:
                return target >= 90
            return minutes <= target * 1.2

        candidates = items.filtered(lambda i: i.id not in used and fits(i)) or items.sorted("minutes_per_unit")[:1]
        return rng.choices(candidates, [0.2 if item.group == "D" else 1.0 for item in candidates])[0]

    def _demo_quantity(self, rng, item, target):
        """Whole products (rounded at random, without bias), or a part of a long one."""
        units = target / item.minutes_per_unit
        if item.uom_name in ONCE_A_DAY_UOMS:
            return 1
        if item.minutes_per_unit > LONG_ITEM_MINUTES:
            return max(0.01, round(units, 2))
        return max(1, int(units) + (rng.random() < units % 1))

    def _demo_evidence(self, rng, evidence, employee, text, agency):
        """The number and sign of the document in the E-Office system, e.g. 123/SNV-TCBC."""
        number = rng.randint(120, 4800)
        if evidence == "in":
            sender = f"{AGENCIES[agency]}-VP" if "{agency}" in text else rng.choice(INCOMING_SIGNS)
            return f"{number}/{sender}"
        if evidence == "out":
            unit = UNIT_SIGNS.get(employee.department_id.name) or rng.choice(list(UNIT_SIGNS.values()))
            return f"{number}/SNV-{unit}"
        return f"{number}/{evidence}" if evidence else False

    def _demo_state(self, name, day):
        if day >= DRAFT_FROM:
            return "draft"
        if day >= SUBMITTED_FROM or (name in LATE_SUBMITTERS and day == LATE_SUBMITTED_DAY):
            return "submitted"
        return "approved"

    def _demo_review(self, lines, states):
        """Writes the review as the managers did it: approved every Friday by the
        direct manager (the director where the manager has no user; the
        administrator for the director)."""
        director = self.env.ref("kpi_civil_service.kpi_emp_director")
        approvers = {
            employee: employee._kpi_approver_users()[:1]
            or (director.user_id if employee != director else self.env.ref("base.user_admin"))
            for employee in lines.employee_id
        }
        groups = defaultdict(list)
        for line, state in zip(lines, states, strict=True):
            if state == "approved":
                friday = line.date + timedelta(days=4 - line.date.weekday())
                groups[state, approvers[line.employee_id].id, datetime.combine(friday, time(9, 30))].append(line.id)
            elif state != "draft":
                groups[state, False, False].append(line.id)
        for (state, approver_id, approved_on), line_ids in groups.items():
            vals = {"state": state, "was_submitted": True, "approver_id": approver_id, "date_approved": approved_on}
            if state == "rejected":
                vals["reject_reason"] = REJECT_REASON
            lines.browse(line_ids).sudo().write(vals)
        lines.filtered(lambda line: line.state == "submitted")._schedule_approval_activities()

    def _demo_scores(self, rng, period, employees):
        """Computes a month's scores, enters the managers' general scores (a point
        less now and then) and the leaders' abilities đ and e, then computes again."""
        period.action_compute_scores()
        general = {employee: PROFILES[name][1] for name, employee in employees.items()}
        for score in period.score_ids.filtered(lambda s: s.employee_id in general):
            vals = {"general_score": general[score.employee_id] - (rng.random() < 0.2)}
            if score.is_leader:
                vals.update(organizing_percent=rng.randint(75, 95), rallying_percent=rng.randint(75, 95))
            score.sudo().write(vals)
        period.action_compute_scores()

    def _demo_campaign(self, company, employees):
        """The 2026 annual assessment: every step taken by its person, the levels
        decided within the band and the quota (lowest scores first, so that the
        quota of excellent counts everyone rated good). The head of the
        Organisation unit has not self-assessed yet."""
        officer = self.env.ref("kpi_civil_service.kpi_user_hr_officer")
        director = self.env.ref("kpi_civil_service.kpi_user_director")
        campaign = self.env["kpi.assessment.campaign"].create(
            {
                "year": 2026,
                "company_id": company.id,
                "rule_set_id": company.kpi_rule_set_id.id,
                "date_deadline": date(2026, 12, 15),
                "responsible_id": officer.id,
                "party_user_id": self.env.ref("kpi_civil_service.kpi_user_party_committee").id,
                "decider_id": director.id,
            }
        )
        campaign.with_user(officer).action_generate()
        waiting = employees["kpi_emp_org_head"]
        assessments = campaign.assessment_ids.filtered(lambda a: a.employee_id != waiting).sorted("total_score")
        for assessment in assessments:
            band = assessment.computed_level
            # the weakest asks for one level more than the score gives: the form warns
            self_level = "completed" if band == "not_completed" else band
            assessment.write({"self_level": self_level, "self_comment": SELF_COMMENT})
            assessment.action_self_assess()
            assessment.write({"proposed_level": band, "manager_comment": MANAGER_COMMENTS[band]})
            assessment.action_manager_review()
            assessment.write(
                {
                    "meeting_date": date(2026, 12, 1),
                    "meeting_attendees": 6,
                    f"votes_{band}": 6,
                    "meeting_minutes": MEETING_MINUTES,
                }
            )
            assessment.action_unit_review()
            if assessment.party_review_required:
                assessment.write({"party_opinion": PARTY_OPINION})
                assessment.action_party_review()
        admin = self.env.ref("base.user_admin")
        for assessment in assessments:
            # the director's own level is decided by the level above (here the administrator)
            decider = admin if assessment.employee_id.user_id == director else director
            try:
                with self.env.cr.savepoint():
                    assessment.with_user(decider).action_decide()
            except ValidationError:  # over the quota of excellent
                assessment.write({"decision_note": QUOTA_NOTE})
                assessment.with_user(decider).action_decide("good")
        return campaign
