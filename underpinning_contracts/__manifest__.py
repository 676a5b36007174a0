# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Underpinning Contracts",
    "summary": "Underpinning contracts (UC) with vendors behind your SLAs, "
    "on purchase orders and vendor bills",
    "version": "18.0.1.2.0",
    "development_status": "Beta",
    "category": "Services/Service Levels",
    "website": "https://github.com/OCA/service-level-management",
    "author": "Service Level Management contributors, Odoo Community Association (OCA)",
    "maintainers": [],
    "license": "AGPL-3",
    "installable": True,
    "depends": ["service_level_management", "purchase"],
    "data": [
        "security/underpinning_contracts_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/tier_definition_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/slm_agreement_views.xml",
        "views/slm_uc_credit_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/slm_vendor_escalate_views.xml",
        "views/purchase_order_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/underpinning_contracts_menus.xml",
        "report/slm_agreement_report.xml",
    ],
    "demo": ["demo/underpinning_contracts_demo.xml"],
    "assets": {
        "web.assets_tests": ["underpinning_contracts/static/tests/tours/*.js"],
    },
}
