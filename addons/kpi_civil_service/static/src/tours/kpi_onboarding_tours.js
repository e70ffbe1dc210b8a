/** The guided first steps, one tour per role. Each is started
 * from KPI > Getting Started (or the link on an empty diary), shows the
 * newcomer where to click and what to type, and is marked done for that
 * user at its end. The same steps run by themselves in the browser tests. */
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

/** What the rainbow man says at the end of each tour. */
export const TOUR_END_MESSAGES = {
    kpi_onboarding_staff: _t("You have written and sent your first day. Do the same each working day: your monthly score comes from it."),
    kpi_onboarding_unit_head: _t("The diaries of your team are approved and their general scores given. The HR officer computes the month from them."),
    kpi_onboarding_hr_officer: _t("Your agency is set up: catalogue, periods and the campaign of the year. Each month, compute the scores from Periods."),
    kpi_onboarding_decider: _t("The level is decided and the notice printed. The HR officer notifies everyone at step 5."),
};

// two work items in the columns of the catalogue's import template
const CATALOGUE_CSV =
    "code,name,group,uom_name,standard_minutes,coefficient\n" +
    "KTH.01,Tiếp nhận hồ sơ thủ tục hành chính tại bộ phận một cửa,C,hồ sơ,15,1\n" +
    "KTH.02,Trả lời kiến nghị của công dân bằng văn bản,B,văn bản,90,1.2\n";

/** A person starts a tour from KPI > Getting Started, inside the app; the
 * test runner starts from the home page, so these steps are its alone. */
function openApp() {
    return [
        { isActive: ["auto"], trigger: ".o_navbar_apps_menu button:enabled", run: "click" },
        { isActive: ["auto"], trigger: '.o_app[data-menu-xmlid="kpi_civil_service.menu_kpi_root"]', run: "click" },
    ];
}

function openMenu(section, item, content) {
    return [
        {
            content,
            trigger: `.o_menu_sections [data-menu-xmlid="kpi_civil_service.${section}"]`,
            run: "click",
        },
        {
            content,
            trigger: `.dropdown-item[data-menu-xmlid="kpi_civil_service.${item}"]`,
            run: "click",
        },
    ];
}

function save() {
    return [
        {
            content: _t("Save"),
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: _t("Saved"),
            trigger: ".o_form_saved, .o_form_status_indicator:not(:has(.o_form_button_save:visible))",
        },
    ];
}

tours.add("kpi_onboarding_staff", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMenu("menu_kpi_my_work", "menu_kpi_diary_my", _t("Your work diary is under My Work > My Diary")),
        {
            content: _t("Add one line for each piece of work you did today"),
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: _t("Type a word of the work item, e.g. “công văn”, and pick it from the catalogue"),
            trigger: ".o_field_widget[name=work_item_id] input",
            run: "edit công văn",
        },
        {
            content: _t("Pick the work item"),
            // an item of this search: the list shown on the first click may still be there
            trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(ông văn)",
            run: "click",
        },
        {
            isActive: ["auto"],
            trigger: ".o_field_widget[name=work_item_id] input:value(ông văn)",
        },
        {
            content: _t("Describe the work: what, for whom"),
            trigger: ".o_field_widget[name=name] input",
            run: "edit Công văn trả lời Sở Tài chính về biên chế",
        },
        {
            content: _t("How many products: documents, files, reports"),
            trigger: ".o_field_widget[name=quantity] input",
            run: "edit 2",
        },
        {
            content: _t("The hours it took (a day has 8; over 24 is refused)"),
            trigger: ".o_field_widget[name=hours] input",
            run: "edit 02:00",
        },
        {
            content: _t("The document's number in E-Office, if any: it is your evidence"),
            trigger: ".o_field_widget[name=evidence_ref] input",
            run: "edit 125/SNV-TCBC",
        },
        ...save(),
        {
            content: _t("Back to your diary"),
            trigger: ".breadcrumb-item a",
            run: "click",
        },
        {
            content: _t("At the end of the day or the week, send your lines to your manager"),
            trigger: "button[name=action_submit_week]",
            run: "click",
        },
        {
            content: _t("Sent: your manager approves them"),
            trigger: ".o_notification",
        },
    ],
});

tours.add("kpi_onboarding_unit_head", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMenu("menu_kpi_approvals", "menu_kpi_diary_approve", _t("Your team's diaries wait under Approvals")),
        {
            content: _t("Open the lines of one person"),
            trigger: ".o_group_name:first",
            run: "click",
        },
        {
            content: _t("A line that is not right: reject it, the person gets it back with your reason"),
            trigger: ".o_data_row:first button[name=action_reject]",
            run: "click",
        },
        {
            content: _t("Say why"),
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Chưa ghi số văn bản trên E-Office",
        },
        {
            content: _t("Confirm"),
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: _t("Select the other lines"),
            trigger: "thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: _t("Approve them all at once"),
            trigger: ".o_control_panel button[name=action_approve]",
            run: "click",
        },
        {
            content: _t("Approved"),
            trigger: ".o_list_view:not(:has(thead .o_list_record_selector input:checked))",
        },
        ...openMenu("menu_kpi_approvals", "menu_kpi_score_team", _t("Then the general score of each period, in Team Scores")),
        {
            content: _t("Open a period"),
            // the scores' list, not the diaries' one still on the screen a moment
            trigger: ".o_list_view:has(th[data-name=general_score]) .o_group_name:first",
            run: "click",
        },
        {
            content: _t("Click the general score of a person and type it (at most the rule set's maximum)"),
            trigger: ".o_data_row:first .o_data_cell[name=general_score]",
            run: "click",
        },
        {
            content: _t("The general score"),
            trigger: ".o_data_row .o_field_widget[name=general_score] input",
            run: "edit 27",
        },
        {
            content: _t("Save"),
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: _t("Saved"),
            trigger: ".o_list_view:not(:has(.o_list_button_save:visible))",
        },
    ],
});

tours.add("kpi_onboarding_hr_officer", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMenu("menu_kpi_configuration", "menu_kpi_rule_set", _t("First the rule set: Configuration > Rule Sets")),
        {
            content: _t("Open the regulation your agency follows; duplicate it to adapt its quota, bands and criteria"),
            trigger: ".o_list_view:has(th[data-name=code]) .o_data_row:first .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: _t("The bands decide the levels on the score"),
            trigger: ".o_notebook .nav-link:first",
            run: "click",
        },
        ...openMenu("menu_kpi_configuration", "menu_kpi_work_item", _t("Then the catalogue of work items and their time norms")),
        {
            // the catalogue has replaced the rule set: its gear menu is the one with Import records
            trigger: ".o_list_view th[data-name=standard_minutes]",
            isActive: ["auto"],
        },
        {
            content: _t("Import your catalogue from the shared template (XLSX or CSV): the gear menu, then Import records"),
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: _t("Import records"),
            trigger: ".o-dropdown--menu .o_import_menu",
            run: "click",
        },
        {
            content: _t("Download the template on the left, fill in your items with their minutes, then Upload Data File"),
            trigger: ".o_control_panel .o_import_file",
            run: "click",
        },
        {
            // the browser test has no one to pick a file: it gives the page a small catalogue
            isActive: ["auto"],
            trigger: ".o_control_panel input[type=file]:not(:visible)",
            run() {
                const catalogue = new DataTransfer();
                catalogue.items.add(new File([CATALOGUE_CSV], "danh_muc.csv", { type: "text/csv" }));
                this.anchor.files = catalogue.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: _t("Each column is matched to a field; Test checks every row without writing"),
            trigger: ".o_control_panel:has(~ .o_import_action .o_import_data_content) button.btn-primary",
            run: "click",
        },
        {
            content: _t("Everything is valid: Import writes the items"),
            trigger: ".o_control_panel:has(~ .o_import_action p.alert-info) button.btn-primary",
            run: "click",
        },
        {
            isActive: ["auto"],
            trigger: ".o_list_view .o_data_cell:contains(KTH.01)",
        },
        ...openMenu("menu_kpi_periods", "menu_kpi_period_generate", _t("Then the periods: Periods > Generate Periods makes the months or quarters of a year at once")),
        {
            content: _t("Choose the year and the rule set, then Generate; here, close the dialog: the demo agency has its periods already"),
            trigger: ".modal .btn-secondary, .modal .btn-close",
            run: "click",
        },
        ...openMenu("menu_kpi_assessment_root", "menu_kpi_assessment_campaign", _t("At year end, the campaign: Annual Assessment > Campaigns")),
        {
            content: _t("A campaign creates everyone's assessment; open the year's"),
            // the campaigns' list, not the one still on the screen a moment
            trigger: ".o_list_view:has(th[data-name=assessment_count]) .o_data_row:first .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: _t("Create Assessments makes the missing ones; the steps follow with activities for each person"),
            trigger: "button[name=action_generate]",
            run: "click",
        },
        {
            isActive: ["auto"],
            trigger: ".o_notification",
        },
    ],
});

tours.add("kpi_onboarding_decider", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMenu("menu_kpi_assessment_root", "menu_kpi_assessment", _t("The assessments in progress are under Annual Assessment")),
        {
            content: _t("Open the one waiting for your decision (your activity says which)"),
            trigger: ".o_data_row:first .o_data_cell[name=employee_id]",
            run: "click",
        },
        {
            content: _t("Read the scores and the opinions of steps 1 to 3, then decide: never above the band of the score"),
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_decide]",
            run: "click",
        },
        {
            content: _t("Decided"),
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=decided]",
        },
        // the KPI Reports add-on goes on from here to print the notice
    ],
});
