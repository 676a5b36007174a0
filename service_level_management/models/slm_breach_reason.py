# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmBreachReason(models.Model):
    """A kind of reason why a service level was missed, for reviews to count (seed §5.6.3 (4))."""

    _name = "slm.breach.reason"
    _description = "Breach Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
