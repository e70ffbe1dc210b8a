/** KPI > Getting Started > a tour: the tour starts on the screen the person
 * is on (no reload to the home page), points at its first step at once, and
 * ends with its message. Odoo's onboarding mode, which starting a tour by
 * hand switches on, is switched off again at once, so that a tour left
 * halfway starts no other app's tour at the next login. */
import { registry } from "@web/core/registry";
import { TOUR_END_MESSAGES } from "@kpi_civil_service/tours/kpi_onboarding_tours";

async function startKpiTour(env, action) {
    const { tour, start } = action.params;
    await env.services.tour_service.startTour(tour, {
        mode: "manual",
        redirect: false,
        rainbowManMessage: TOUR_END_MESSAGES[tour] && String(TOUR_END_MESSAGES[tour]),
    });
    await env.services.orm.call("res.users", "switch_tour_enabled", [false]);
    // opened by its address (the link on an empty diary): show the tour's first screen
    if (!env.services.action.currentController && start) {
        return start;
    }
}

registry.category("actions").add("kpi_start_tour", startKpiTour);
