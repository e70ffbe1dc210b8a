# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "KPI Assessment of Civil Servants",
    "summary": "Work diaries, KPI scores and the annual assessment of cadres, "
    "civil servants and public employees (Decree 335/2025, Decree 233/2026)",
    "version": "19.0.1.0.0",
    "category": "Human Resources/KPI",
    "license": "LGPL-3",
    "author": "KPI Civil Service contributors",
    "depends": ["hr", "mail", "resource", "base_import"],
    "data": [
        "security/kpi_security.xml",
        "security/ir.model.access.csv",
        "security/kpi_rules.xml",
        "data/mail_activity_type_data.xml",
        "data/kpi_rule_set_data.xml",
        "data/ir_cron_data.xml",
        "views/kpi_menus.xml",
        "views/kpi_diary_line_views.xml",
        "views/kpi_assignment_views.xml",
        "views/kpi_score_views.xml",
        "views/kpi_period_views.xml",
        "views/kpi_work_item_views.xml",
        "views/kpi_rule_set_views.xml",
        "views/kpi_sector_views.xml",
        "views/kpi_task_group_views.xml",
        "views/hr_job_views.xml",
        "views/hr_employee_views.xml",
        "wizard/kpi_reason_wizard_views.xml",
        "wizard/kpi_period_generate_wizard_views.xml",
    ],
    "demo": [
        "demo/kpi_sector_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "kpi_civil_service/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
