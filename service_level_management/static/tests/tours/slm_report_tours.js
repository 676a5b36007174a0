/** @odoo-module **/
// Copyright 2026 Service Level Management contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// A service level manager subscribes the customer to the monthly report and sends last month's now.
tours.add("slm_report_subscription_tour", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Riverside monthly report",
        },
        {
            trigger: ".o_field_widget[name=agreement_id] input",
            run: "edit Riverside",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Riverside)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=recipient_partner_ids] input",
            run: "edit Li Wei",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Li Wei)",
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
            content: "Send last month's report now",
            trigger: ".o_form_view button[name=action_send_now]",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_send]",
            run: "click",
        },
        {
            content: "The delivery is recorded as sent",
            trigger: ".o_field_widget[name=delivery_ids] .o_data_row:contains(Sent)",
        },
    ],
});

// A customer finds its agreement, how the service did, and the reports on the portal.
tours.add("slm_portal_agreements_tour", {
    steps: () => [
        {
            trigger: "a[href='/my/agreements']",
            run: "click",
        },
        {
            trigger: "td a:contains(SLA/)",
            run: "click",
        },
        {
            content: "What was committed and the last period's result",
            trigger: "h5:contains(What we commit to)",
        },
        {
            trigger: "td:contains(Resolution Time: 8 hours)",
        },
        {
            content: "The reports to download",
            trigger: "a[href*='/report/pdf/service_level_management.report_service_report/']",
        },
    ],
});
