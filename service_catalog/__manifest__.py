# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Service Catalog",
    "summary": "IT services in the customer's language: catalog, offerings, "
    "requirement and implementation specifications",
    "version": "18.0.1.1.0",
    "development_status": "Beta",
    "category": "Services/Service Levels",
    "website": "https://github.com/OCA/service-level-management",
    "author": "Service Level Management contributors, Odoo Community Association (OCA)",
    "maintainers": [],
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mail", "resource", "hr", "base_tier_validation"],
    "data": [
        "security/service_catalog_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/tier_definition_data.xml",
        "views/service_catalog_menus.xml",
        "views/slm_service_category_views.xml",
        "views/slm_service_offering_views.xml",
        "views/slm_service_views.xml",
        "views/resource_calendar_views.xml",
        "views/slm_requirement_views.xml",
        "views/slm_implementation_spec_views.xml",
        "report/service_catalog_report.xml",
        "report/slm_requirement_report.xml",
    ],
    "demo": ["demo/service_catalog_demo.xml"],
}
