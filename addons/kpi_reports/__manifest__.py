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
        "report/kpi_paperformat.xml",
        "report/kpi_state_document_layout.xml",
        "report/kpi_sector_catalogue_report.xml",
        "wizard/kpi_xlsx_export_wizard_views.xml",
        "views/kpi_reports_menus.xml",
    ],
    "assets": {
        "web.report_assets_common": [
            "kpi_reports/static/src/scss/kpi_state_document.scss",
        ],
    },
}
