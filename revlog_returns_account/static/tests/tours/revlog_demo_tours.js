/** @odoo-module **/
import { registry } from "@web/core/registry";

// The demo logins through their main screens: each tour runs as the demo user of one role, with exactly that
// role's groups. An access error on any screen or button ends the tour in failure.
const tours = registry.category("web_tour.tours");
const backToReturn = {
    content: "Back to the return",
    trigger: ".o_breadcrumb .breadcrumb-item a:contains('RMA/')",
    run: "click",
};

tours.add("revlog_demo_clerk_tour", {
    steps: () => [
        {
            content: "The return shows the serial number that came back",
            trigger: ".o_form_view .o_field_widget[name=line_ids] td[name=lot_names]:contains('X2-')",
        },
        {
            content: "Its receipt opens",
            trigger: ".o_form_view button[name=action_view_receipts]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains('/RET/')",
        },
        backToReturn,
        {
            content: "Its inspections open",
            trigger: ".o_form_view button[name=action_view_inspections]",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item:contains('RMA/')",
        },
        backToReturn,
        {
            content: "Its order opens (the clerk sold it)",
            trigger: ".o_form_view button[name=action_view_sale_order]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains('S0')",
        },
    ],
});

tours.add("revlog_demo_manager_tour", {
    steps: () => [
        {
            content: "The dashboard's figures",
            trigger: ".o_revlog_dashboard .o_revlog_kpi_value",
        },
        {
            trigger: ".o_revlog_dashboard button[data-days='30']",
            run: "click",
        },
        {
            content: "Read in words, not as None",
            trigger: ".o_revlog_dashboard:contains('Last 30 days'):not(:contains('None'))",
        },
        {
            content: "Every figure opens the records behind it",
            trigger: ".o_revlog_dashboard .o_revlog_kpi_link",
            run: "click",
        },
        {
            trigger: ".o_list_view, .o_pivot_view",
        },
    ],
});

tours.add("revlog_demo_warehouse_tour", {
    steps: () => [
        {
            content: "The Inventory Overview says a scrap of a return waits",
            trigger: ".o_kanban_record a[name=action_revlog_scraps]",
            run: "click",
        },
        {
            content: "The list says which return each scrap comes from",
            trigger: ".o_list_view .o_data_row td[name=origin]:contains('RMA/')",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=name]",
            run: "click",
        },
        {
            content: "The scrap opens, its return as source document",
            trigger: ".o_form_view .o_field_widget[name=origin] input",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_validate]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});

tours.add("revlog_demo_warehouse_transfer_tour", {
    steps: () => [
        {
            content: "A disposition transfer says where the units go, without Storage Locations",
            trigger: ".o_form_view .o_field_widget[name=location_dest_id]:contains('B-Stock')",
        },
        {
            content: "Its return opens",
            trigger: ".o_form_view button[name=action_view_revlog_return]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains('RMA/')",
        },
    ],
});

tours.add("revlog_demo_accountant_tour", {
    steps: () => [
        {
            content: "A credit note links to its return",
            trigger: ".o_form_view .o_field_widget[name=revlog_return_id] a.o_form_uri",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains('RMA/')",
        },
        {
            content: "The return's write-downs",
            trigger: ".o_form_view button[name=action_view_writedowns]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=name]",
            run: "click",
        },
        {
            content: "A write-down entry has its Journal Items tab for Invoicing rights",
            trigger: ".o_form_view .o_notebook a.nav-link[name=revlog_items]",
            run: "click",
        },
        {
            content: "A write-down entry shows its journal items, accounts and amounts",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row td[name=account_id]:not(:empty)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row td[name=debit]",
        },
    ],
});

tours.add("revlog_demo_manager_override_tour", {
    steps: () => [
        {
            content: "A draft the policy refuses offers no Approve as its main button",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button.btn-primary[name=action_approve]))",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_override_wizard]",
            run: "click",
        },
        {
            content: "The dialog says what it does",
            trigger: ".modal .modal-title:contains('Approve against the Policy')",
        },
        {
            trigger: ".modal .modal-footer button:contains('Discard'), .modal .btn-close",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
