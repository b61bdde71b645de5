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
