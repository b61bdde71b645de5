/** @odoo-module **/
import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatDate, deserializeDate } from "@web/core/l10n/dates";
import { formatFloat } from "@web/core/utils/numbers";
import { formatMonetary } from "@web/views/fields/formatters";

// The Returns dashboard: outcome KPIs of the returns requested in a period against the targets of Settings,
// their breakdowns and trend. Every number opens the records behind it.
export class RevlogDashboard extends Component {
    static template = "revlog_returns.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.periods = [30, 90, 365];
        this.state = useState({ days: 90, data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("revlog.dashboard", "get_dashboard_data", [], {
            days: this.state.days,
        });
    }

    async setPeriod(days) {
        this.state.days = days;
        await this.load();
    }

    open(action) {
        if (action) {
            this.action.doAction(action);
        }
    }

    formatValue(value, digits) {
        return value === null || value === undefined ? "–" : formatFloat(value, { digits: [16, digits ?? 1] });
    }

    // a card's figure as Odoo shows the same figure elsewhere: money in the currency's format, counts whole
    formatKpi(kpi, value) {
        if (value === null || value === undefined) {
            return "–";
        }
        if (kpi.monetary) {
            return formatMonetary(value, { currencyId: this.state.data.currency.id });
        }
        return this.formatValue(value, kpi.digits);
    }

    formatDay(isoDate) {
        return formatDate(deserializeDate(isoDate));
    }

    kpiClass(kpi) {
        const status = kpi.ok === true ? "o_revlog_kpi_ok" : kpi.ok === false ? "o_revlog_kpi_off" : "";
        return `${status} ${kpi.action ? "o_revlog_kpi_link" : ""}`;
    }
}

registry.category("actions").add("revlog_dashboard", RevlogDashboard);
