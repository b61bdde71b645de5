/** @odoo-module **/
import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

// Dry Run on the policy form: what the policy would decide as the form shows it, unsaved changes included.
// A plain object button would save the policy first; this one sends the changes and saves nothing.
export class PolicyDryRunButton extends Component {
    static template = "revlog_returns.PolicyDryRunButton";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
    }

    async onClick() {
        const record = this.props.record;
        const values = record._getChanges();
        const action = await this.orm.call(
            "revlog.return.policy",
            "action_dry_run",
            [record.resId ? [record.resId] : []],
            { values }
        );
        await this.action.doAction(action);
    }
}

registry.category("view_widgets").add("revlog_policy_dry_run", { component: PolicyDryRunButton });
