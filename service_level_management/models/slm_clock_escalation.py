# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SlmClockEscalation(models.Model):
    """An escalation done for a clock: each rule fires once per clock."""

    _name = "slm.clock.escalation"
    _description = "Service Level Escalation Done"

    clock_id = fields.Many2one("slm.clock", required=True, index=True, ondelete="cascade")
    escalation_id = fields.Many2one("slm.escalation", required=True, ondelete="restrict")
    fired_date = fields.Datetime(default=fields.Datetime.now, required=True)

    _sql_constraints = [
        ("clock_escalation_uniq", "unique(clock_id, escalation_id)", "An escalation fires once per clock."),
    ]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # Readable with the clock, which is readable with its ticket.
        if not self.env.su:
            domain = [*domain, ("clock_id", "in", self.env["slm.clock"]._search([]))]
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)
