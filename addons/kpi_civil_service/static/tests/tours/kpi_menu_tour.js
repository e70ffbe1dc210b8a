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

// The KPI HR officer, who is not an Employees officer, finds the person
// outside the scheme in KPI > Configuration > People Assessed and brings them
// in: staff category and national identifier.
registry.category("web_tour.tours").add("kpi_people_assessed_tour", {
    steps: () => [
        {
            content: "The agency's people are listed, the demo's own only",
            trigger: '.o_list_view .o_data_cell[name=name]:contains("Nguyễn Văn Tài")',
        },
        {
            content: "Open the driver's line",
            trigger: '.o_data_row:contains("Nguyễn Văn Tài") .o_data_cell[name=staff_category]',
            run: "click",
        },
        {
            content: "The category's list",
            trigger: ".o_selected_row .o_field_widget[name=staff_category] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "A public employee from now on",
            trigger: '.o_select_menu_item:contains("Viên chức")',
            run: "click",
        },
        {
            content: "The identifier as printed on the card",
            trigger: ".o_selected_row .o_field_widget[name=national_id] input",
            run: "edit 056 186 000 123",
        },
        {
            content: "Save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_list_view:not(:has(.o_selected_row))",
        },
    ],
});

// A unit head types a general score above the maximum, the Vietnamese way
// ("30,5"): the refusal prints the number as the screen does.
registry.category("web_tour.tours").add("kpi_number_in_refusal_tour", {
    steps: () => [
        {
            content: "Open the latest period",
            trigger: ".o_group_name:first",
            run: "click",
        },
        {
            content: "The general score of the first person",
            trigger: ".o_data_row:first .o_data_cell[name=general_score]",
            run: "click",
        },
        {
            content: "Half a point above the maximum",
            trigger: ".o_selected_row .o_field_widget[name=general_score] input",
            run: "edit 30,5",
        },
        {
            content: "Save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Refused, with the number as typed",
            trigger: '.modal .modal-body:contains("(30,5)"):not(:contains("30.5"))',
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Discard",
            trigger: ".o_list_button_discard",
            run: "click",
        },
        {
            content: "Nothing was written",
            trigger: ".o_list_view:not(:has(.o_selected_row))",
        },
    ],
});
