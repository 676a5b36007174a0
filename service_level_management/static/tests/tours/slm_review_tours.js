/** @odoo-module **/
// Copyright 2026 Service Level Management contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// A helpdesk agent without any service level right says why a ticket missed its target.
tours.add("slm_breach_reason_tour", {
    steps: () => [
        {
            content: "The ticket missed its target: say why",
            trigger: ".o_form_view button[name=action_slm_breach_reason]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=reason_id] input",
            run: "edit Not enough",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Not enough people on duty)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=note] input",
            run: "edit Two of us were on leave.",
        },
        {
            trigger: ".modal button[name=action_record]",
            run: "click",
        },
        {
            content: "The reason is in the chatter",
            trigger: ".o-mail-Message-body:contains(Two of us were on leave.)",
        },
    ],
});

// A service level manager prepares the management review and submits it.
tours.add("slm_review_tour", {
    steps: () => [
        {
            content: "Fill the four sections from the period's data",
            trigger: ".o_form_view button[name=action_refresh]",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains(2. Trends)",
            run: "click",
        },
        {
            content: "The measured months of the SLA's target",
            trigger: ".o_field_widget[name=trend_line_ids] .o_data_row:contains(Resolution)",
        },
        {
            trigger: ".o_notebook .nav-link:contains(4. Missed Service Levels)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=breach_line_ids] .o_data_row:contains(Internal Team)",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Minutes)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=minutes] .odoo-editor-editable",
            run: "editor The night shift misses its resolution targets.",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Decisions)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=decision_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=decision_ids] .o_selected_row td[name=name] textarea",
            run: "edit Add an on-call engineer at night",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            trigger: ".o_form_view button[name=action_request_approval]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(In Review)",
        },
    ],
});

// An approver approves the review in its chatter.
tours.add("slm_approve_review_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=validate_tier]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=comment] input",
            run: "edit Approved at the management meeting.",
        },
        {
            trigger: ".modal button[name=add_comment]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
    ],
});

// The manager starts the improvement the review decided, and plans it.
tours.add("slm_improvement_tour", {
    steps: () => [
        {
            trigger: ".o_notebook .nav-link:contains(Decisions)",
            run: "click",
        },
        {
            content: "Carry the decision out as an improvement record",
            trigger: ".o_field_widget[name=decision_ids] button[name=action_start_improvement]",
            run: "click",
        },
        {
            content: "The improvement knows where it comes from",
            trigger: ".o_form_view .o_field_widget[name=origin] :contains(Management Review)",
        },
        {
            trigger: ".o_field_widget[name=action_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=action_ids] .o_selected_row td[name=name] input",
            run: "edit Draft the on-call rota",
        },
        {
            trigger: ".o_field_widget[name=action_ids] .o_selected_row td[name=user_id] input",
            run: "edit tour_manager",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(tour_manager)",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            trigger: ".o_form_view button[name=action_plan]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Planned)",
        },
    ],
});
