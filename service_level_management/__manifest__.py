# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Service Level Management",
    "summary": "SLA and OLA agreements with targets, revisions and approvals; SLA clocks on helpdesk tickets",
    "version": "18.0.1.0.0",
    "development_status": "Beta",
    "category": "Services/Service Levels",
    "website": "https://github.com/OCA/service-level-management",
    "author": "Service Level Management contributors, Odoo Community Association (OCA)",
    "maintainers": [],
    "license": "AGPL-3",
    "installable": True,
    "depends": ["service_catalog", "helpdesk_mgmt", "base_tier_validation", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/service_level_management_security.xml",
        "data/ir_sequence_data.xml",
        "data/tier_definition_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/slm_agreement_views.xml",
        "views/slm_service_offering_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/slm_service_views.xml",
        "views/service_level_management_menus.xml",
    ],
    "demo": ["demo/service_level_management_demo.xml"],
}
