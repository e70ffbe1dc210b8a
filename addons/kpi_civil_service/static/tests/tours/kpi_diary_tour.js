import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

function diaryLineSteps(description, quantity, hours) {
    return [
        {
            content: "Choose the work item",
            trigger: ".o_field_widget[name=work_item_id] input",
            run: "edit TOUR.1",
        },
        {
            content: "Pick it from the list",
            trigger: ".o-autocomplete--dropdown-item:contains(TOUR.1)",
            run: "click",
        },
        {
            content: "Describe the work",
            trigger: ".o_field_widget[name=name] input",
            run: `edit ${description}`,
        },
        {
            content: "Quantity",
            trigger: ".o_field_widget[name=quantity] input",
            run: `edit ${quantity}`,
        },
        {
            content: "Hours",
            trigger: ".o_field_widget[name=hours] input",
            run: `edit ${hours}`,
        },
        {
            content: "Save the line",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_readonly, .o_form_saved, .o_form_status_indicator:not(:has(.o_form_button_save:visible))",
        },
    ];
}

registry.category("web_tour.tours").add("kpi_diary_employee_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kpi_civil_service.menu_kpi_root", "Open My Diary"),
        {
            content: "New diary line",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...diaryLineSteps("Công văn trả lời Sở Tài chính", "2", "02:00"),
        {
            content: "Another line",
            trigger: ".o_form_button_create",
            run: "click",
        },
        ...diaryLineSteps("Công văn gửi UBND xã", "1", "01:30"),
        {
            content: "Back to the diary",
            trigger: ".breadcrumb-item a:contains(My Diary)",
            run: "click",
        },
        {
            content: "Submit the week",
            trigger: "button[name=action_submit_week]",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_notification:contains(2 diary lines submitted)",
        },
    ],
});

registry.category("web_tour.tours").add("kpi_diary_manager_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kpi_civil_service.menu_kpi_root", "Open the KPI app"),
        {
            content: "Open the approvals",
            trigger: ".o_menu_sections [data-menu-xmlid='kpi_civil_service.menu_kpi_approvals']",
            run: "click",
        },
        {
            content: "Diaries to approve",
            trigger: ".dropdown-item[data-menu-xmlid='kpi_civil_service.menu_kpi_diary_approve']",
            run: "click",
        },
        {
            content: "Open the employee's lines",
            trigger: ".o_group_name:contains(Chuyên viên Tour)",
            run: "click",
        },
        {
            content: "Select all lines",
            trigger: "thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Approve them",
            trigger: ".o_control_panel button[name=action_approve]",
            run: "click",
        },
        {
            content: "Nothing left to approve",
            trigger: ".o_view_nocontent, .o_list_table:not(:has(.o_data_row))",
        },
    ],
});
