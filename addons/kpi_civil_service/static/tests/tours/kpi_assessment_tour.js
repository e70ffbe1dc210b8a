import { registry } from "@web/core/registry";

// One short tour per step of the annual assessment: the person whose step it
// is opens the form, takes the step, and sees the next state.
const steps = [
    ["self_assess", "self_assessed"],
    ["manager_review", "manager_reviewed"],
    ["unit_review", "unit_reviewed"],
    ["party_review", "party_reviewed"],
    ["decide", "decided"],
    ["notify", "notified"],
];

for (const [action, state] of steps) {
    registry.category("web_tour.tours").add(`kpi_assessment_${action}_tour`, {
        steps: () => [
            {
                content: "The form is open at the person's step",
                trigger: ".o_form_view .o_statusbar_status",
            },
            {
                content: "Take the step",
                trigger: `.o_form_view .o_statusbar_buttons button[name=action_${action}]`,
                run: "click",
            },
            {
                content: "The assessment moved on",
                trigger: `.o_statusbar_status .o_arrow_button_current[data-value=${state}]`,
            },
        ],
    });
}
