import { Component, onWillStart, useState } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";

const MODEL = "kpi.province.report";

/**
 * The province's annual report on one screen: every agency the user is
 * allowed, the people at each level (by category and leadership on demand),
 * those not classified, the quota use, the reward and streamlining lists and
 * the agencies not decided. The figures come from the server
 * (kpi.province.report.get_report); each number opens the people behind it.
 */
export class ProvinceReport extends Component {
    static template = "kpi_reports.ProvinceReport";
    static components = { Layout };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ year: new Date().getFullYear(), report: null, open: {} });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.report = await this.orm.call(MODEL, "get_report", [this.state.year]);
    }

    async changeYear(delta) {
        this.state.year += delta;
        await this.load();
    }

    toggle(companyId) {
        this.state.open[companyId] = !this.state.open[companyId];
    }

    async drill(drill, level) {
        const action = await this.orm.call(MODEL, "action_drill", [this.state.year, drill, level || false]);
        await this.action.doAction(action);
    }

    async openUndecided(companyId) {
        const action = await this.orm.call(MODEL, "action_open_undecided", [this.state.year, companyId]);
        await this.action.doAction(action);
    }

    async print() {
        await this.action.doAction(await this.orm.call(MODEL, "action_print", [this.state.year]));
    }

    async exportXlsx() {
        await this.action.doAction(await this.orm.call(MODEL, "action_export_xlsx", [this.state.year]));
    }

    /** A share in the user's language: "6,67" in Vietnamese, no trailing zeros. */
    formatShare(value) {
        return formatFloat(value, { digits: [16, 2], trailingZeros: false });
    }

    formatDeadline(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }
}

registry.category("actions").add("kpi_province_report", ProvinceReport);
