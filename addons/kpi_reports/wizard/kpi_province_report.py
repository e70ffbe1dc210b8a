import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.kpi_civil_service import kpi_rules

from ..xlsx_builder import Column, Sheet, ascii_name, build_workbook_sheets

LEVELS = ("excellent", "good", "completed", "not_completed", "not_classified")
DECIDED = ("decided", "notified")
# what a number of the report may drill into, and the field each key filters
DRILL_KEYS = {
    "company_id": "company_id",
    "staff_category": "staff_category",
    "is_leader": "is_leader",
    "level": "level",
    "task_group_id": "task_group_id",
}


class KpiProvinceReport(models.TransientModel):
    """The province's annual report (Department of Home Affairs): for each
    agency the user is allowed and in total, the people at each level by
    category and leadership, those not classified and why, the quota use, the
    reward and streamlining lists, and the agencies not decided at the
    deadline. One set of figures (_report_data) feeds the screen, the PDF and
    the XLSX; every number drills down to the people behind it. It reads with
    the user's own rights: an agency's HR officer sees only their agency."""

    _name = "kpi.province.report"
    _description = "Province Annual Report"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    # ------------------------------------------------------------ the figures

    def _agencies(self):
        return self.env.companies.sorted("name")

    @api.model
    def _report_data(self, year):
        # the province officer and the HR officer only (the model's access rights), whoever calls
        self.browse().check_access("read")
        year = self._checked_year(year)
        agencies = self._agencies()
        results = self.env["kpi.year.result"]
        base = Domain("year", "=", year) & Domain("company_id", "in", agencies.ids)
        counts, by_company = {}, {}  # {(agency, category, leader, level): people}, in all and per agency
        for company, category, leader, level, count in results._read_group(
            base, ["company_id", "staff_category", "is_leader", "level"], ["__count"]
        ):
            key = (company.id, category, leader, level)
            counts[key] = by_company.setdefault(company.id, {})[key] = count
        groups = self._breakdown_groups()
        rows = [
            self._row_with_split(company.name, {"company_id": company.id}, by_company.get(company.id, {}), groups)
            for company in agencies
        ]
        total = self._row_with_split(self.env._("Province"), {}, counts, groups)
        # the people of the lists read field by field, in one query each (a
        # province's reward list holds thousands of names)
        people = results.with_context(prefetch_fields=False).search_fetch(
            base & Domain("level", "in", ("excellent", "not_completed", "not_classified")),
            [
                "employee_id",
                "company_id",
                "department_id",
                "level",
                "total_score",
                "rule_set_id",
                "year",
                "periods_worked",
                "months_employed",
                "is_imported",
                "past_result_id",
            ],
            order="company_id, department_id, employee_id",
        )
        repeated = people._repeated_not_completed_years()
        return {
            "year": year,
            "levels": self._level_labels(),
            "agencies": rows,
            "total": total,
            "not_classified": self._people_entries(people.filtered(lambda r: r.level == "not_classified")),
            "reward": self._people_entries(people.filtered(lambda r: r.level == "excellent")),
            "streamlining": [
                {**entry, "years": ", ".join(map(str, repeated.get(entry["id"], [year])))}
                for entry in self._people_entries(people.filtered(lambda r: r.level == "not_completed"))
            ],
            "quota": self._quota_rows(year, agencies, base),
            "undecided": self._undecided_agencies(year, agencies),
            "printed_on": fields.Date.context_today(self),
        }

    def _people_entries(self, results):
        """The rows of a list of people (plain values), with the reason of
        those not classified: the names read in one call per model, not
        person by person."""
        names = {row["id"]: row["name"] for row in results.employee_id.read(["name"])}
        units = {row["id"]: row["complete_name"] for row in results.department_id.read(["complete_name"])}
        return [
            {
                "id": result.id,
                "employee": names[result.employee_id.id],
                "agency": result.company_id.name,
                "unit": units.get(result.department_id.id) or "",
                "total": result.total_score,
                "reason": result.note or "",
            }
            for result in results
        ]

    def _checked_year(self, year):
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise UserError(self.env._("Choose the year of the report.")) from None
        if not 2000 <= year <= 2099:
            raise UserError(self.env._("Choose the year of the report."))
        return year

    def _level_labels(self):
        return dict(self.env["kpi.year.result"]._fields["level"]._description_selection(self.env))

    def _breakdown_groups(self):
        categories = self.env["hr.employee"]._fields["kpi_staff_category"]._description_selection(self.env)
        leader, staff = self.env._("leaders"), self.env._("not leaders")
        groups = []
        for code, label in [*categories, (False, self.env._("No category"))]:
            groups.append((code, True, f"{label} - {leader}"))
            groups.append((code, False, f"{label} - {staff}"))
        return groups

    def _row_with_split(self, label, drill, counts, groups):
        """The row of an agency (or of the province) from its counts
        {(agency, category, leader, level): people}, with its split by category
        and leadership, the `groups` of _breakdown_groups (the parts with nobody
        left out)."""
        parts = [
            self._count_row(
                part_label,
                {**drill, "staff_category": category, "is_leader": leader},
                self._sum_levels({key: n for key, n in counts.items() if key[1:3] == (category, leader)}),
            )
            for category, leader, part_label in groups
        ]
        return {
            **self._count_row(label, drill, self._sum_levels(counts)),
            "breakdown": [part for part in parts if part["total"]],
        }

    @staticmethod
    def _sum_levels(counts):
        levels = dict.fromkeys(LEVELS, 0)
        for key, count in counts.items():
            if key[3] in levels:
                levels[key[3]] += count
        return levels

    @staticmethod
    def _count_row(label, drill, by_level):
        counts = {level: by_level.get(level, 0) for level in LEVELS}
        total = sum(counts.values())
        return {
            "label": label,
            "drill": drill,
            "total": total,
            "counts": counts,
            "shares": {level: kpi_rules.share_percent(count, total) for level, count in counts.items()},
        }

    def _quota_rows(self, year, agencies, base):
        """Per agency and group of similar tasks: rated good, rated excellent and
        the most that may be rated excellent (docs/rules.md, "Quota of excellent")."""
        groups = self.env["kpi.year.result"]._read_group(
            base & Domain("level", "in", ("excellent", "good")),
            ["company_id", "task_group_id", "level"],
            ["__count"],
        )
        entries = {}
        for company, group, level, count in groups:
            entries.setdefault((company, group), {"good": 0, "excellent": 0})[level] = count
        campaigns = self.env["kpi.assessment.campaign"].search_fetch(
            [("year", "=", year), ("company_id", "in", agencies.ids)],
            ["company_id", "rule_set_id", "agency_outstanding"],
        )
        rule_sets = {campaign.company_id: campaign.rule_set_id for campaign in campaigns}
        outstanding = {campaign.company_id for campaign in campaigns if campaign.agency_outstanding}
        rows = []
        for (company, group), entry in sorted(
            entries.items(), key=lambda item: (item[0][0].name, item[0][1].name or "")
        ):
            rule_set = rule_sets.get(company) or company.sudo().kpi_rule_set_id
            allowed = rule_set._max_excellent(entry["good"], company in outstanding) if rule_set else None
            rows.append(
                {
                    "company": company,
                    "group": group,
                    "label": group.name or self.env._("No group"),
                    **entry,
                    "allowed": allowed,
                    "ok": allowed is None or entry["excellent"] <= allowed,
                    "drill": {"company_id": company.id, "task_group_id": group.id or False},
                }
            )
        return rows

    def _undecided_agencies(self, year, agencies):
        """The agencies whose people of the year are not all decided: with the
        campaign's deadline, the number still open, and whether it is past."""
        today = fields.Date.context_today(self)
        open_counts = dict(
            self.env["kpi.assessment"]._read_group(
                [("year", "=", year), ("company_id", "in", agencies.ids), ("state", "not in", (*DECIDED, "cancelled"))],
                ["company_id"],
                ["__count"],
            )
        )
        campaigns = self.env["kpi.assessment.campaign"].search_fetch(
            [("year", "=", year), ("company_id", "in", agencies.ids)], ["company_id", "date_deadline"]
        )
        deadlines = {}
        for campaign in campaigns:
            current = deadlines.get(campaign.company_id)
            deadlines[campaign.company_id] = max(filter(None, (current, campaign.date_deadline)), default=False)
        rows = []
        for company in agencies:
            has_campaign = company in deadlines
            open_count = open_counts.get(company, 0)
            if has_campaign and not open_count:
                continue
            deadline = deadlines.get(company) or False
            rows.append(
                {
                    "company": company,
                    "deadline": deadline,
                    "open": open_count,
                    "late": bool(deadline and deadline < today) or not has_campaign,
                    "status": self.env._("No campaign") if not has_campaign else self.env._("Not decided"),
                }
            )
        return rows

    # ------------------------------------------------------------ the screen

    @api.model
    @api.readonly
    def get_report(self, year):
        """The report as the screen shows it (plain JSON). Read-only: with a
        read replica, Odoo serves it from the replica."""
        data = self._report_data(year)
        return {
            "year": data["year"],
            "levels": [[level, data["levels"][level]] for level in LEVELS],
            "agencies": data["agencies"],
            "total": data["total"],
            "not_classified": data["not_classified"],
            "reward": data["reward"],
            "streamlining": data["streamlining"],
            "quota": [
                {
                    "agency": row["company"].name,
                    "group": row["label"],
                    "good": row["good"],
                    "excellent": row["excellent"],
                    "allowed": row["allowed"],
                    "ok": row["ok"],
                    "drill": row["drill"],
                }
                for row in data["quota"]
            ],
            "undecided": [
                {
                    "company_id": row["company"].id,
                    "agency": row["company"].name,
                    "deadline": row["deadline"] and fields.Date.to_string(row["deadline"]),
                    "open": row["open"],
                    "late": row["late"],
                    "status": row["status"],
                }
                for row in data["undecided"]
            ],
        }

    @api.model
    @api.readonly
    def action_drill(self, year, drill, level=None):
        """The people behind a number of the report: an action on the annual
        results with the domain of that number (agency, category, leadership,
        group, level), within the user's agencies and rights."""
        self.browse().check_access("read")
        year = self._checked_year(year)
        domain = Domain("year", "=", year) & Domain("company_id", "in", self._agencies().ids)
        for key, value in dict(drill or {}).items():
            if key not in DRILL_KEYS:
                raise UserError(self.env._("This number cannot be opened."))
            domain &= Domain(DRILL_KEYS[key], "=", value)
        if level:
            if level not in LEVELS:
                raise UserError(self.env._("This number cannot be opened."))
            domain &= Domain("level", "=", level)
        action = self.env["ir.actions.actions"]._for_xml_id("kpi_civil_service.kpi_year_result_action")
        action.update(
            {
                "name": self.env._("Annual Results %s", year),
                "domain": list(domain),
                "views": [(False, "list"), (False, "form")],
                "view_mode": "list",
                "context": {"create": False},
            }
        )
        return action

    @api.model
    @api.readonly
    def action_open_undecided(self, year, company_id):
        """The assessments of an agency still open for the year."""
        self.browse().check_access("read")
        year = self._checked_year(year)
        action = self.env["ir.actions.actions"]._for_xml_id("kpi_civil_service.kpi_assessment_action")
        action.update(
            {
                "domain": [
                    ("year", "=", year),
                    ("company_id", "=", int(company_id)),
                    ("company_id", "in", self._agencies().ids),
                    ("state", "not in", (*DECIDED, "cancelled")),
                ],
                "context": {"create": False},
            }
        )
        return action

    @api.model
    def action_print(self, year):
        self.browse().check_access("read")
        year = self._checked_year(year)
        return self.env.ref("kpi_reports.action_report_province_annual").report_action(
            None, data={"year": year, "company_ids": self._agencies().ids}, config=False
        )

    @api.model
    def action_export_xlsx(self, year):
        year = self._checked_year(year)
        content = self._xlsx(self._report_data(year))
        agencies = self._agencies()
        scope = ascii_name(agencies.name) if len(agencies) == 1 else "province"
        report = self.create(
            {"year": year, "file_data": base64.b64encode(content), "file_name": f"annual_report_{year}_{scope}.xlsx"}
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{report.id}/file_data/{report.file_name}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------ the XLSX

    def _xlsx(self, data):
        labels = data["levels"]
        year = data["year"]
        title = self.env._("Annual Classification Report %s", year)
        heading = [
            title,
            self.env._(
                "Printed on %(date)s by %(user)s", date=data["printed_on"].strftime("%d/%m/%Y"), user=self.env.user.name
            ),
        ]
        level_columns = []
        for level in LEVELS:
            level_columns += [Column(labels[level], 12, "integer", total=True), Column("%", 8, "percent")]

        def level_values(row):
            values = []
            for level in LEVELS:
                values += [row["counts"][level], row["shares"][level]]
            return values

        agency_rows = []
        detail_rows = []
        for row in data["agencies"]:
            agency_rows.append((row["label"], row["total"], *level_values(row)))
            for part in row["breakdown"]:
                detail_rows.append((row["label"], part["label"], part["total"], *level_values(part)))
        for part in data["total"]["breakdown"]:
            detail_rows.append((data["total"]["label"], part["label"], part["total"], *level_values(part)))
        yes, no = self.env._("Yes"), self.env._("No")
        quota_rows = [
            (row["company"].name, row["label"], row["good"], row["excellent"], row["allowed"], yes if row["ok"] else no)
            for row in data["quota"]
        ]
        undecided_rows = [
            (row["company"].name, row["deadline"], row["open"], row["status"]) for row in data["undecided"]
        ]
        agency, employee, unit = self.env._("Agency"), self.env._("Employee"), self.env._("Unit")
        total_score = self.env._("Total Score")
        sheets = [
            Sheet(
                self.env._("Levels by Agency"),
                heading,
                [Column(agency, 36), Column(self.env._("People"), 10, "integer", total=True), *level_columns],
                agency_rows,
                self.env._("Province"),
            ),
            Sheet(
                self.env._("By Category"),
                heading,
                [
                    Column(agency, 36),
                    Column(self.env._("Category"), 34),
                    Column(self.env._("People"), 10, "integer"),
                    *level_columns,
                ],
                detail_rows,
            ),
            Sheet(
                self.env._("Not Classified"),
                heading,
                [Column(agency, 36), Column(employee, 28), Column(unit, 28), Column(self.env._("Reason"), 40)],
                [(*self._person_cells(entry), entry["reason"]) for entry in data["not_classified"]],
            ),
            Sheet(
                self.env._("Quota"),
                heading,
                [
                    Column(agency, 36),
                    Column(self.env._("Group of Similar Tasks"), 28),
                    Column(labels["good"], 10, "integer", total=True),
                    Column(labels["excellent"], 10, "integer", total=True),
                    Column(self.env._("Allowed"), 10, "integer"),
                    Column(self.env._("Within the Quota"), 12),
                ],
                quota_rows,
            ),
            Sheet(
                self.env._("Reward Proposals"),
                heading,
                [Column(agency, 36), Column(employee, 28), Column(unit, 28), Column(total_score, 10, "number")],
                [(*self._person_cells(entry), entry["total"]) for entry in data["reward"]],
            ),
            Sheet(
                self.env._("Streamlining"),
                heading,
                [
                    Column(agency, 36),
                    Column(employee, 28),
                    Column(unit, 28),
                    Column(total_score, 10, "number"),
                    Column(self.env._("Years Not Completed"), 20),
                ],
                [(*self._person_cells(entry), entry["total"], entry["years"]) for entry in data["streamlining"]],
            ),
            Sheet(
                self.env._("Not Decided"),
                heading,
                [
                    Column(agency, 36),
                    Column(self.env._("Deadline"), 12, "date"),
                    Column(self.env._("Still Open"), 10, "integer"),
                    Column(self.env._("Status"), 20),
                ],
                undecided_rows,
            ),
        ]
        return build_workbook_sheets(sheets)

    @staticmethod
    def _person_cells(entry):
        return entry["agency"], entry["employee"], entry["unit"] or None
