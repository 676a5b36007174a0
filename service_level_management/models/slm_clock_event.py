# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SlmClockEvent(models.Model):
    """A fact that moves a clock after it started (at its ``start_date``): paused, resumed, reached..."""

    _name = "slm.clock.event"
    _description = "Service Level Clock Event"
    _order = "clock_id.id, date, id"

    clock_id = fields.Many2one("slm.clock", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(
        [
            ("start", "Start"),
            ("pause", "Pause"),
            ("resume", "Resume"),
            ("reached", "Reached"),
            ("customer_notified", "Customer Notified"),
            ("reopen", "Reopen"),
            ("cancel", "Cancel"),
        ],
        required=True,
    )
    date = fields.Datetime(required=True)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # Readable with the clock, which is readable with its ticket.
        if not self.env.su:
            domain = [*domain, ("clock_id", "in", self.env["slm.clock"]._search([]))]
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)
