# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SlmServiceOffering(models.Model):
    """A tier of a service (e.g. Gold / Silver / Bronze) that customers choose."""

    _name = "slm.service.offering"
    _description = "Service Offering"
    _order = "service_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    service_id = fields.Many2one("slm.service", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="service_id.company_id", store=True)
    description = fields.Html(translate=True, help="What this offering adds, in business terms.")

    _sql_constraints = [
        ("name_service_uniq", "unique(name, service_id)", "An offering name must be unique per service."),
    ]

    @api.depends("name", "service_id.name")
    def _compute_display_name(self):
        for offering in self:
            offering.display_name = f"{offering.service_id.name} - {offering.name}"
