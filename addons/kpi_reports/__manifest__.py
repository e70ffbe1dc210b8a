# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "KPI Assessment Reports",
    "summary": "Printed notices and forms in the state document format, "
    "XLSX exports and dashboards for the KPI assessment",
    "version": "19.0.1.0.0",
    "category": "Human Resources/KPI",
    "license": "LGPL-3",
    "author": "KPI Civil Service contributors",
    "depends": ["kpi_civil_service"],
    "data": [
        "security/ir.model.access.csv",
        "security/kpi_reports_rules.xml",
        "data/kpi_national_field_data.xml",
        "report/kpi_paperformat.xml",
        "report/kpi_state_document_layout.xml",
        "report/kpi_sector_catalogue_report.xml",
        "report/kpi_classification_notice_report.xml",
        "report/kpi_assessment_form_report.xml",
        "report/kpi_unit_summary_report.xml",
        "report/kpi_score_sheet_report.xml",
        "report/kpi_handbook_report.xml",
        "report/kpi_publication_report.xml",
        "wizard/kpi_xlsx_export_wizard_views.xml",
        "views/kpi_reports_menus.xml",
        "views/res_company_views.xml",
        "views/kpi_assessment_views.xml",
        "views/kpi_dashboard_views.xml",
        "views/hr_department_views.xml",
        "views/hr_employee_views.xml",
        "views/kpi_assessment_campaign_views.xml",
        "views/kpi_national_field_views.xml",
    ],
    "post_init_hook": "_post_init",
    "demo": [
        "demo/kpi_reports_demo.xml",
    ],
    "assets": {
        "web.report_assets_common": [
            "kpi_reports/static/src/scss/kpi_state_document.scss",
        ],
        "web.assets_backend": [
            "kpi_reports/static/src/tours/kpi_decider_print_tour.js",
        ],
    },
}
