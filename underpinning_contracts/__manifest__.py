# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Underpinning Contracts",
    "summary": "Underpinning contracts (UC) with vendors behind your SLAs, "
    "on purchase orders and vendor bills",
    "version": "18.0.1.0.0",
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
        "views/underpinning_contracts_menus.xml",
    ],
}
