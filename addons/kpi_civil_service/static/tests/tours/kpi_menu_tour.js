import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("kpi_menu_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kpi_civil_service.menu_kpi_root", "Open the KPI app"),
        {
            content: "Open the configuration menu",
            trigger: ".o_menu_sections [data-menu-xmlid='kpi_civil_service.menu_kpi_configuration']",
            run: "click",
        },
        {
            content: "Open the sectors",
            trigger: ".dropdown-item[data-menu-xmlid='kpi_civil_service.menu_kpi_sector']",
            run: "click",
        },
        {
            content: "The demo sector is listed",
            trigger: '.o_list_view .o_data_cell:contains("Nội vụ")',
        },
    ],
});

// A period score opened from its list is named after the person and the
// period in the breadcrumbs, in the user's language.
registry.category("web_tour.tours").add("kpi_score_name_tour", {
    steps: () => [
        {
            content: "The score's form is open",
            trigger: ".o_form_view .o_form_sheet",
        },
        {
            content: "The breadcrumb names the person and the period",
            trigger: ".o_breadcrumb .active:contains(' – Tháng ')",
        },
        {
            content: "No technical name anywhere in the breadcrumbs",
            trigger: ".o_breadcrumb:not(:contains('kpi.score'))",
        },
    ],
});
