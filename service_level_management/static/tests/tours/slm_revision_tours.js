/** @odoo-module **/
// Copyright 2026 Service Level Management contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// A helpdesk agent without any service level right works a ticket under an SLA: takes it from the
// tickets nobody has answered yet, pauses and resumes it, answers it.
tours.add("slm_agent_ticket_tour", {
    steps: () => [
        {
            content: "List the tickets nobody has answered yet",
            trigger: ".o_list_view .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .dropdown-item:contains(Not Answered Yet)",
            run: "click",
        },
        {
            trigger: ".o_searchview_facet:contains(Not Answered Yet)",
        },
        {
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(Mail to the wards arrives late)",
            run: "click",
        },
        {
            content: "The ticket shows its service level and when it is due",
            trigger: ".o_form_view .o_field_widget[name=slm_status]:contains(Ongoing)",
        },
        {
            content: "Wait for the customer",
            trigger: ".o_statusbar_status button:contains(Awaiting)",
            run: "click",
        },
        {
            content: "The clocks are paused",
            trigger: ".o_form_view .o_field_widget[name=slm_status]:contains(Paused)",
        },
        {
            content: "The customer answered: back to work",
            trigger: ".o_statusbar_status button:contains(In Progress)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=slm_status]:contains(Ongoing)",
        },
        {
            content: "Reply to the customer",
            trigger: ".o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            trigger: ".o-mail-Composer-input",
            run: "edit We are on it.",
        },
        {
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The reply is in the chatter",
            trigger: ".o-mail-Message-body:contains(We are on it.)",
        },
        {
            content: "The service levels tab lists the clocks",
            trigger: ".o_notebook .nav-link:contains(Service Levels)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=slm_live_clock_ids] .o_data_row:contains(Response)",
        },
        {
            content: "Back to the list: the ticket is answered",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb .breadcrumb-item:first-child a",
            run: "click",
        },
        {
            trigger: ".o_list_view:has(.o_searchview_facet:contains(Not Answered Yet)):not(:has(.o_data_row))",
        },
    ],
});

// A service level manager proposes new terms for an agreement in force.
tours.add("slm_propose_revision_tour", {
    steps: () => [
        {
            content: "The agreement in force is read-only: propose a revision",
            trigger: ".o_form_view button[name=action_propose_revision]",
            run: "click",
        },
        {
            content: "A proposal opens, saying the terms in force stay until approved",
            trigger: ".o_form_view .alert-info:contains(Proposed new terms of)",
        },
        {
            trigger: ".o_field_widget[name=revision_reason] textarea",
            run: "edit The wards need answers within the morning.",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Targets)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=target_ids] .o_data_row:contains(Resolution) td[name=value]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=target_ids] .o_selected_row td[name=value] input",
            run: "edit 4",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the row shows the new value",
            trigger:
                ".o_field_widget[name=target_ids] .o_data_row:not(.o_selected_row):contains(Resolution) td[name=value]:contains(4)",
        },
        {
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            content: "The changes against the terms in force",
            trigger: ".o_notebook .nav-link:contains(Changes)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=proposal_diff]:contains(Resolution Time: 4 hours)",
        },
        {
            content: "What the new terms would have meant for recent tickets",
            trigger: ".o_form_view button[name=action_whatif]",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains(What-if)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=whatif_ids] .o_data_row:contains(Resolution Time: 4 hours)",
        },
        {
            trigger: ".o_form_view button[name=action_request_approval]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(To Approve)",
        },
    ],
});

// An approver approves the proposal in its chatter, with a comment.
tours.add("slm_approve_revision_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=validate_tier]",
            run: "click",
        },
        {
            content: "The approval asks for a comment",
            trigger: ".modal .o_field_widget[name=comment] input",
            run: "edit Agreed with the ward managers.",
        },
        {
            trigger: ".modal button[name=add_comment]",
            run: "click",
        },
        {
            content: "Approved and applied at once",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Applied)",
        },
    ],
});

// A helpdesk agent opens a ticket for a customer and a service, then closes it; on an outage,
// tells the customer the service is restored.
tours.add("slm_agent_new_ticket_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Mail stuck in the outbox",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Riverside",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Riverside Hospital)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=service_id] input",
            run: "edit E-mail",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(E-mail)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=description] .odoo-editor-editable",
            run: "editor Nothing leaves the outbox since 8:00.",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the clocks run and the next due target shows",
            trigger: ".o_form_view .o_field_widget[name=slm_due_text]:contains(due in)",
        },
        {
            content: "An outage: tick it and give its start",
            trigger: ".o_notebook .nav-link:contains(Service Levels)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=is_outage] input",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=outage_start] input",
            run: "edit 01/01/2026 08:00:00",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Restored: tell the customer",
            trigger: ".o_form_view button[name=action_slm_notify_restored]",
            run: "click",
        },
        {
            trigger: ".o-mail-Message-body:contains(The service is restored.)",
        },
        {
            content: "Close the ticket (closing stages are folded)",
            trigger: ".o_statusbar_status button.dropdown-toggle",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains(Done)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=slm_status]:contains(Met)",
        },
    ],
});

// A service level manager drafts the SLA an approved requirement specification asks for.
tours.add("slm_draft_sla_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_create_sla]",
            run: "click",
        },
        {
            content: "A draft SLA for the customer and service, with the criteria as targets",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Draft)",
        },
        {
            trigger: ".o_field_widget[name=target_ids] .o_data_row:contains(Availability)",
        },
    ],
});

// A customer follows the tickets of the hospital on the portal, with when each is due.
tours.add("slm_portal_tickets_tour", {
    steps: () => [
        {
            trigger: "th[name=th_slm_deadline]:contains(Due by)",
        },
        {
            trigger: "td[name=td_slm_deadline] span",
        },
    ],
});
