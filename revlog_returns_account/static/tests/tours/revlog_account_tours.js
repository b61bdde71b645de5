/** @odoo-module **/
import { registry } from "@web/core/registry";

// The accountant reviews the credit note a return created and posts it.
registry.category("web_tour.tours").add("revlog_accountant_tour", {
    steps: () => [
        {
            content: "Return credit notes, each with its return",
            trigger: ".o_list_view th[data-name=revlog_return_id]:contains('Return')",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=revlog_return_id]:contains('RMA/')",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=name]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=revlog_return_id]:contains('RMA/')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
        {
            content: "Back to its return",
            trigger: ".o_form_view .o_field_widget[name=revlog_return_id] .o_form_uri",
            run: "click",
        },
        {
            content: "Credit Now on a return credited in full says so",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_create_refunds]",
            run: "click",
        },
        {
            trigger: ".modal .modal-body:contains('nothing is left to credit')",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// The accountant selects several returns in the list and posts their credit notes from the Actions menu.
registry.category("web_tour.tours").add("revlog_accountant_list_tour", {
    steps: () => [
        {
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_control_panel .o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Post Credit Notes')",
            run: "click",
        },
        {
            content: "Posted, and said so",
            trigger: ".o_notification:contains('credit note(s) posted')",
        },
    ],
});

// The accountant selects returns whose credit notes were withdrawn and credits them again from Actions.
registry.category("web_tour.tours").add("revlog_accountant_credit_now_tour", {
    steps: () => [
        {
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_control_panel .o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Credit Now')",
            run: "click",
        },
        {
            content: "The new credit notes open",
            trigger: ".o_list_view .o_data_row td[name=revlog_return_id]:contains('RMA/')",
        },
    ],
});
