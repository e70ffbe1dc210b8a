/** The decider's guided tour (kpi_civil_service) ends with the decision; with
 * the reports installed it goes on to print the classification notice. */
import { _t } from "@web/core/l10n/translation";
import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

// read when the tour starts, once the user's language is loaded
const noticeItem = () => `.o-dropdown--menu .o_menu_item:contains(${_t("Classification Notice")})`;
let noticePrinted;

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
        // the browser test waits for the notice to come back from the server
        isActive: ["auto"],
        trigger: noticeItem(),
        run() {
            const original = download._download;
            noticePrinted = new Promise((resolve, reject) => {
                download._download = async (options) => {
                    try {
                        const result = await original(options);
                        resolve();
                        return result;
                    } catch (error) {
                        reject(error);
                        throw error;
                    } finally {
                        download._download = original;
                    }
                };
            });
        },
    },
    {
        content: _t("The classification notice, in the state document format, downloads as a PDF to sign"),
        trigger: noticeItem(),
        run: "click",
    },
    {
        isActive: ["auto"],
        trigger: "body",
        async run() {
            await noticePrinted;
        },
    },
];
