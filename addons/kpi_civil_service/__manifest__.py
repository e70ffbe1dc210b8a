# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "KPI Assessment of Civil Servants",
    "summary": "Work diaries, KPI scores and the annual assessment of cadres, "
    "civil servants and public employees (Decree 335/2025, Decree 233/2026)",
    "version": "19.0.1.0.0",
    "category": "Human Resources/KPI",
    "license": "LGPL-3",
    "author": "KPI Civil Service contributors",
    "depends": ["hr", "mail"],
    "data": [
        "security/kpi_security.xml",
        "security/ir.model.access.csv",
        "views/kpi_menus.xml",
        "views/kpi_sector_views.xml",
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
