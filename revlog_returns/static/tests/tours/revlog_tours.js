/** @odoo-module **/
import { registry } from "@web/core/registry";

// The returns clerk opens a return from a delivered sale order and approves it.
registry.category("web_tour.tours").add("revlog_clerk_tour", {
    steps: () => [
        {
            content: "Return products of the delivered order",
            trigger: ".o_form_view button[name=action_revlog_return]",
            run: "click",
        },
        {
            content: "Every delivered line says what it can still return; the clerk types what comes back",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:first-child .o_data_cell[name=quantity]",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row .o_field_widget[name=quantity] input",
            run: "edit 1",
        },
        {
            content: "Pick a reason for the whole return",
            trigger: ".modal .o_field_widget[name=reason_id] input",
            run: "edit Tour reason",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour reason')",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_create_return]",
            run: "click",
        },
        {
            content: "The policy accepts it, and says so",
            trigger: ".o_form_view .alert-success:contains('The policy accepts this return')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve].btn-primary",
            run: "click",
        },
        {
            content: "Approved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
        {
            content: "A clerk cannot move the request date",
            trigger: ".o_form_view:not(:has(button[name=action_open_date_wizard]))",
        },
    ],
});

// A returns manager moves the request date of a draft return, with a reason that the chatter keeps.
registry.category("web_tour.tours").add("revlog_manager_date_tour", {
    steps: () => {
        const day = new Date();
        day.setDate(day.getDate() - 1);
        const pad = (n) => String(n).padStart(2, "0");
        const yesterday = `${pad(day.getMonth() + 1)}/${pad(day.getDate())}/${day.getFullYear()}`;
        return [
            {
                trigger: ".o_form_view button[name=action_open_date_wizard]",
                run: "click",
            },
            {
                trigger: ".modal .o_field_widget[name=date_request] input",
                run: `edit ${yesterday}`,
            },
            {
                trigger: ".modal .o_field_widget[name=reason] textarea",
                run: "edit The customer called on Sunday",
            },
            {
                trigger: ".modal button[name=action_confirm]",
                run: "click",
            },
            {
                content: "The change and its reason are in the chatter",
                trigger: ".o-mail-Message:contains('The customer called on Sunday')",
            },
        ];
    },
});

// The returns administrator tries a shorter window with Dry Run before saving anything, then leaves it.
registry.category("web_tour.tours").add("revlog_admin_tour", {
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row td:contains('Tour policy')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=return_window_days] input",
            run: "edit 5",
        },
        {
            content: "Dry Run tries the unsaved form",
            trigger: ".o_form_view .o_statusbar_buttons button.o_revlog_dry_run",
            run: "click",
        },
        {
            content: "The dry run judges with the 5 days typed, refused rows say which rule refuses",
            trigger:
                ".modal .o_field_widget[name=line_ids] .o_data_row.text-danger td[name=refusal]:contains('window 5 d')",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row td[name=verdict]:contains('Refused')",
        },
        {
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "The form still holds the unsaved 5 days: discard them",
            trigger: ".o_form_view .o_form_button_cancel",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=return_window_days] input:value(30)",
        },
    ],
});

// The clerk selects the drafts in the list and approves them in one click.
registry.category("web_tour.tours").add("revlog_clerk_list_tour", {
    steps: () => [
        {
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_control_panel button.o_revlog_approve_selection, .o_list_view button.o_revlog_approve_selection",
            run: "click",
        },
        {
            content: "Both approved",
            trigger: ".o_list_view:has(.o_data_row):not(:has(.o_data_row td[name=state]:contains('Draft')))",
        },
    ],
});

// The clerk's kanban: each column's bar counts late, due soon and on-time returns; a click filters them.
registry.category("web_tour.tours").add("revlog_clerk_kanban_tour", {
    steps: () => [
        {
            content: "The Draft column counts one late return (red) and one on time (green)",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Draft')) .o_column_progress .progress-bar.bg-danger[aria-valuenow='1']",
        },
        {
            trigger: ".o_kanban_group:has(.o_column_title:contains('Draft')) .o_column_progress .progress-bar.bg-success[aria-valuenow='1']",
        },
        {
            trigger: ".o_kanban_group:has(.o_column_title:contains('Draft')) .o_column_progress .progress-bar.bg-danger",
            run: "click",
        },
        {
            content: "Only the late one is left in the column",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Draft')):has(.o_kanban_record:contains('Late customer')):not(:has(.o_kanban_record:contains('Ada Customer')))",
        },
    ],
});

// The returns manager reviews the outcomes: the period's KPIs against the targets, a shorter period, and a
// click on a figure opens the returns behind it.
registry.category("web_tour.tours").add("revlog_manager_dashboard_tour", {
    steps: () => [
        {
            content: "Release speed against its target",
            trigger: ".o_revlog_dashboard .o_revlog_kpi[data-kpi=days_to_release] .o_revlog_kpi_target",
        },
        {
            content: "One return released late: the service level misses its target",
            trigger: ".o_revlog_dashboard .o_revlog_kpi.o_revlog_kpi_off[data-kpi=sla]",
        },
        {
            trigger: ".o_revlog_dashboard .o_revlog_breakdown[data-breakdown=reason_id] td:contains('Dashboard reason')",
        },
        {
            trigger: ".o_revlog_dashboard button.o_revlog_period[data-days='30']",
            run: "click",
        },
        {
            trigger: ".o_revlog_dashboard button.o_revlog_period.btn-primary[data-days='30']",
        },
        {
            content: "The late returns behind the figure",
            trigger: ".o_revlog_dashboard .o_revlog_kpi[data-kpi=sla]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=partner_id]:contains('Late Larry')",
        },
    ],
});
