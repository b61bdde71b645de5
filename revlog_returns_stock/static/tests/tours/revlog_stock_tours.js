/** @odoo-module **/
import { registry } from "@web/core/registry";

// Warehouse staff: receive the parcel, inspect the unit, send it where its grade says.
registry.category("web_tour.tours").add("revlog_warehouse_tour", {
    steps: () => [
        {
            content: "Open the return's receipt",
            trigger: ".o_form_view button[name=action_view_receipts]",
            run: "click",
        },
        {
            content: "The transfer says what it does for the return, in words",
            trigger: ".o_form_view .o_field_widget[name=revlog_role]:contains('Return Receipt')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=button_validate]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Back to the return",
            trigger: ".o_form_view button[name=action_view_revlog_return]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Received')",
        },
        {
            trigger: ".o_form_view button[name=action_view_inspections]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=name]",
            run: "click",
        },
        {
            content: "One tap per answer",
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(1) button[name=action_pass]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(1) td[name=answer_display]:contains('Pass')",
        },
        {
            content: "The chosen answer's button stands out",
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(1) button.o_revlog_chosen[name=action_pass]",
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(2) button[name=action_pass]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(2) td[name=answer_display]:contains('Pass')",
        },
        {
            content: "Live score and grade",
            trigger: ".o_form_view .o_field_widget[name=grade_id]:contains('A')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_done]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "A done inspection offers no answer to tap",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=answer_ids] button[name=action_pass]))",
        },
        {
            trigger: ".o_form_view button[name=action_open_return]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_validate_dispositions]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});

// At the bench, on a tablet (800×1280): the unit's serial on the form, big answers, the outcome in words.
registry.category("web_tour.tours").add("revlog_tablet_inspection_tour", {
    steps: () => [
        {
            content: "The serial of the unit being inspected",
            trigger: ".o_form_view .o_field_widget[name=lot_ids]:contains('SN-001')",
        },
        {
            content: "No score before the first answer",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=score]))",
        },
        {
            content: "Photos come from the tablet's camera",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Photos')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=photo_ids] input[type=file][accept='image/*']:not(:visible)",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link:contains('Checklist')",
            run: "click",
        },
        {
            content: "Answers are finger-sized",
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(1) button[name=action_pass]",
            run() {
                const height = this.anchor.getBoundingClientRect().height;
                if (height < 44) {
                    throw new Error(`the Pass button is ${height}px high, less than 44px`);
                }
                this.anchor.click();
            },
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(1) td[name=answer_display]:contains('Pass')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=score]",
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(2) button[name=action_set_score]:contains('5')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(2) td[name=answer_display]:contains('5/5')",
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(3) button[name=action_pass]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(3) td[name=answer_display]:contains('Pass')",
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(4) button[name=action_fail]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=answer_ids] .o_data_row:nth-child(4) td[name=answer_display]:contains('Fail')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_done]",
            run: "click",
        },
        {
            content: "The outcome: grade, disposition, destination, and the rule that decided, in words",
            trigger: ".o_form_view div[name=outcome] .o_field_widget[name=location_dest_id]:contains('B-Stock')",
        },
        {
            trigger: ".o_form_view div[name=outcome] .o_field_widget[name=disposition_trace]:contains('sends it to resale')",
        },
        {
            content: "Nothing left to tap",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=answer_ids] button[name=action_pass]))",
        },
    ],
});

// The clerk turns a refund into an exchange for a bigger kettle and approves it.
registry.category("web_tour.tours").add("revlog_clerk_exchange_tour", {
    steps: () => [
        {
            content: "The customer wants a replacement, not a refund",
            trigger: ".o_field_widget[name=line_ids] .o_data_row td[name=resolution]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row td[name=resolution] select",
            run: "select \"exchange\"",
        },
        {
            content: "The same product by default: pick the bigger one",
            trigger: ".o_field_widget[name=line_ids] .o_data_row td[name=exchange_product_id] input",
            run: "edit Tour Kettle XL",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Kettle XL')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The policy accepts the exchange, and says so",
            trigger: ".o_form_view .alert-success:contains('The policy accepts this return')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve].btn-primary",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});

// Warehouse staff ship the replacement once the unit is back: from the return's Shipments button.
registry.category("web_tour.tours").add("revlog_warehouse_exchange_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_view_shipments]",
            run: "click",
        },
        {
            content: "The replacement delivery says what it is for",
            trigger: ".o_form_view .o_field_widget[name=revlog_role]:contains('Replacement Delivery')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=button_validate]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});

// Warehouse staff repair a returned unit that inspected C: open its repair order from the return, say the
// repair restores grade A, start and end the repair.
registry.category("web_tour.tours").add("revlog_warehouse_repair_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_view_repairs]",
            run: "click",
        },
        {
            content: "The repair order belongs to the return",
            trigger: ".o_form_view .o_field_widget[name=revlog_return_id]:contains('RMA/')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=revlog_grade_id] input",
            run: "edit A",
        },
        {
            trigger: ".ui-menu-item > a:contains('A -')",
            run: "click",
        },
        {
            content: "A refurbishing repair charges nobody",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_create_sale_order]))",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_validate]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_repair_start]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Under Repair')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_repair_end]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Repaired')",
        },
    ],
});

// Warehouse staff run a list action on a selection of returns (the test says which, and what it leads to).
function revlogWarehouseListSteps(action, outcome) {
    return [
        {
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_control_panel .o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            trigger: `.o-dropdown--menu .dropdown-item:contains('${action}')`,
            run: "click",
        },
        {
            content: `Every return ${outcome}`,
            trigger: `.o_list_view:has(.o_data_row):not(:has(.o_data_row td[name=state]:not(:contains('${outcome}'))))`,
        },
    ];
}

registry.category("web_tour.tours").add("revlog_warehouse_receipts_list_tour", {
    steps: () => revlogWarehouseListSteps("Validate Receipts", "Inspected"),
});

registry.category("web_tour.tours").add("revlog_warehouse_dispositions_list_tour", {
    steps: () => revlogWarehouseListSteps("Validate Dispositions", "Done"),
});

// Warehouse staff complete a selection of answered inspections from the list.
registry.category("web_tour.tours").add("revlog_warehouse_inspections_list_tour", {
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
            trigger: ".o-dropdown--menu .dropdown-item:contains('Complete Inspections')",
            run: "click",
        },
        {
            trigger: ".o_list_view:has(.o_data_row):not(:has(.o_data_row td[name=state]:contains('To Do')))",
        },
    ],
});
