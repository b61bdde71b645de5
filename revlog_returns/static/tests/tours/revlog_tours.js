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
            content: "Every delivered line is prefilled with what it can still return",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row",
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

// The returns administrator tightens a policy and checks what it would decide.
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
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_dry_run]",
            run: "click",
        },
        {
            content: "The dry run lists the last delivered lines with the verdict",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row td:contains('window 5 d')",
        },
        {
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
