/** @odoo-module **/
// Copyright 2026 Service Level Management contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

function pickFromDropdown(field, text) {
    return [
        {
            trigger: `.o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item a:contains(${text})`,
            run: "click",
        },
    ];
}

// A purchasing officer records the contract signed with a vendor and submits it.
tours.add("uc_purchasing_draft_tour", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=title] input",
            run: "edit Fibre line to the hospital",
        },
        ...pickFromDropdown("vendor_id", "NorthLink"),
        ...pickFromDropdown("service_ids", "E-mail"),
        {
            trigger: ".o_field_widget[name=contract_value] input",
            run: "edit 12000",
        },
        {
            content: "Attach the contract as signed",
            trigger: ".o_field_widget[name=signed_contract]",
            run() {
                const input = this.anchor.querySelector("input[type=file]");
                const files = new DataTransfer();
                files.items.add(new File(["%PDF-1.4 signed"], "contract.pdf", {type: "application/pdf"}));
                input.files = files.files;
                input.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            trigger: ".o_field_widget[name=signed_contract] .o_clear_file_button",
        },
        {
            content: "The target the vendor commits to, backing the customer's SLA",
            trigger: ".o_notebook .nav-link:contains(Targets)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=target_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=target_ids] .o_selected_row td[name=value] input",
            run: "edit 4",
        },
        {
            trigger: ".o_field_widget[name=target_ids] .o_selected_row td[name=calendar_mode] select",
            run: "selectByLabel 24x7",
        },
        ...pickFromDropdown("supported_target_id", "Resolution"),
        {
            content: "What the UC costs",
            trigger: ".o_notebook .nav-link:contains(Fees)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=fee_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pickFromDropdown("product_id", "Fibre line, monthly"),
        {
            trigger: ".o_field_widget[name=fee_ids] .o_selected_row td[name=quantity] input",
            run: "edit 12",
        },
        {
            trigger: ".o_field_widget[name=fee_ids] .o_selected_row td[name=price_unit] input",
            run: "edit 1000",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            content: "Submit it to purchasing and the service level manager",
            trigger: ".o_form_view button[name=action_request_approval]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(To Approve)",
        },
        {
            content: "Purchasing reviews it first, with a comment",
            trigger: ".o_form_view button[name=validate_tier]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=comment] input",
            run: "edit Prices as negotiated.",
        },
        {
            trigger: ".modal button[name=add_comment]",
            run: "click",
        },
        {
            // The comment dialog is a form without that button too: the step waits for the UC's own form.
            content: "Now the service level manager's turn",
            trigger: ".o_action_manager .o_form_view:not(:has(button[name=validate_tier])) .o_arrow_button_current:contains(To Approve)",
        },
    ],
});

// Once the UC is in force, the officer buys under it.
tours.add("uc_purchase_request_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_purchase_request]",
            run: "click",
        },
        {
            content: "A request for quotation to the vendor, with the fees",
            trigger: ".o_field_widget[name=order_line] .o_data_row:contains(Fibre line)",
        },
        {
            trigger: ".o_form_view button[name=button_confirm]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Purchase Order)",
        },
    ],
});

// A helpdesk agent without any service level right hands a ticket to the vendor, then records
// the vendor's resolution.
tours.add("uc_agent_escalation_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_slm_escalate_to_vendor]",
            run: "click",
        },
        {
            content: "The UC that backs the ticket's SLA is proposed",
            trigger: ".modal .o_field_widget[name=vendor_id]:contains(NorthLink)",
        },
        {
            trigger: ".modal .o_field_widget[name=vendor_reference] input",
            run: "edit NL-77",
        },
        {
            trigger: ".modal button[name=action_escalate]",
            run: "click",
        },
        {
            content: "The vendor is told, with its reference",
            trigger: ".o-mail-Message-body:contains(NL-77)",
        },
        {
            content: "The vendor answered",
            trigger: ".o_form_view button[name=action_slm_vendor_responded]",
            run: "click",
        },
        {
            trigger: ".o-mail-Message-body:contains(answered)",
        },
        {
            trigger: ".o_form_view button[name=action_slm_vendor_resolved]",
            run: "click",
        },
        {
            trigger: ".o-mail-Message-body:contains(resolved its part)",
        },
        {
            trigger: ".o_form_view:not(:has(button[name=action_slm_vendor_resolved]))",
        },
    ],
});
