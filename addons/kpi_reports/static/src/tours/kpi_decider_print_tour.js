/** The decider's guided tour (kpi_civil_service) ends with the decision; with
 * the reports installed it goes on to print the classification notice. */
import { _t } from "@web/core/l10n/translation";
import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

const decider = registry.category("web_tour.tours").get("kpi_onboarding_decider");
const decide = decider.steps;

decider.steps = () => [
    ...decide(),
    {
        content: _t("Print the notice for the person: the gear menu"),
        trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
        run: "click",
    },
    {
        content: _t("Print"),
        trigger: ".o-dropdown--menu button:has(.fa-print)",
        run: "click",
    },
    {
        content: _t("The classification notice, in the state document format, downloads as a PDF to sign"),
        trigger: `.o-dropdown--menu .o_menu_item:contains(${_t("Classification Notice")})`,
        async run(helpers) {
            // run by the browser test only: the step ends when the PDF has come back
            const original = download._download;
            let downloaded, failure;
            const finished = new Promise((resolve) => (downloaded = resolve));
            download._download = async (options) => {
                try {
                    return await original(options);
                } catch (error) {
                    failure = error;
                    throw error;
                } finally {
                    download._download = original;
                    downloaded();
                }
            };
            await helpers.click();
            await finished;
            if (failure) {
                throw failure;
            }
        },
    },
    {
        content: _t("The notice is printed"),
        trigger: "body:not(:has(.o_error_dialog))",
    },
];
