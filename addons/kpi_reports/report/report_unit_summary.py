from odoo import api, models

LEVELS = ("excellent", "good", "completed", "not_completed")


class ReportUnitSummary(models.AbstractModel):
    """The year's results of an agency or of some units: every person with
    scores and level, the count per level and the quota check. Printed from a
    campaign; `data["department_ids"]` narrows it to some units. It shows what
    the user may read, so a unit head prints their own units."""

    _name = "report.kpi_reports.report_unit_summary"
    _description = "Unit Summary of the Annual Assessment"

    @api.model
    def _get_report_values(self, docids, data=None):
        campaigns = self.env["kpi.assessment.campaign"].browse(docids)
        department_ids = (data or {}).get("department_ids")
        return {
            "doc_ids": docids,
            "doc_model": "kpi.assessment.campaign",
            "docs": campaigns,
            "summaries": [self._summary(campaign, department_ids) for campaign in campaigns],
            "levels": LEVELS,
            "data": data or {},
        }

    def _summary(self, campaign, department_ids):
        domain = [("campaign_id", "=", campaign.id), ("state", "!=", "cancelled")]
        if department_ids:
            domain.append(("department_id", "child_of", department_ids))
        assessments = self.env["kpi.assessment"].search(domain, order="department_id, employee_id")
        level_of = {assessment: assessment._kpi_summary_level() for assessment in assessments}
        counts = dict.fromkeys(LEVELS, 0)
        for level in level_of.values():
            if level:
                counts[level] += 1
        classified = sum(counts.values())
        return {
            "campaign": campaign,
            "units": list(assessments.grouped("department_id").items()),
            "level_of": level_of,
            "counts": counts,
            "shares": {level: 100.0 * count / classified if classified else 0.0 for level, count in counts.items()},
            "not_classified": len(assessments) - classified,
            "total": len(assessments),
            "quota": self._quota_rows(campaign, level_of),
            "breakthrough": self.env["kpi.breakthrough.task"]
            .search(
                [
                    ("employee_id", "in", assessments.employee_id.ids),
                    ("year", "=", campaign.year),
                    ("state", "not in", ("draft", "cancelled")),
                ]
            )
            .sorted(lambda task: (task.department_id.complete_name or "", task.employee_id.name or "")),
        }

    def _quota_rows(self, campaign, level_of):
        """Per group of similar tasks: rated good, rated excellent, and the most
        that may be rated excellent under the rule set (docs/rules.md, "Quota of excellent")."""
        rule_set = campaign.rule_set_id
        outstanding = campaign._agency_outstanding()
        groups = {}
        for assessment, level in level_of.items():
            entry = groups.setdefault(assessment.task_group_id, {"good": 0, "excellent": 0})
            if level in entry:
                entry[level] += 1
        rows = []
        for group, entry in sorted(groups.items(), key=lambda item: item[0].name or ""):
            allowed = rule_set._max_excellent(entry["good"], outstanding)
            rows.append(
                {"group": group, **entry, "allowed": allowed, "ok": allowed is None or entry["excellent"] <= allowed}
            )
        return {"percent": rule_set._quota_percent(outstanding), "enabled": rule_set.quota_enabled, "rows": rows}
