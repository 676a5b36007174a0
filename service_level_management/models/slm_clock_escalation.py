# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmClockEscalation(models.Model):
    """An escalation done for a clock: each rule fires once per clock."""

    _name = "slm.clock.escalation"
    _description = "Service Level Escalation Done"

    clock_id = fields.Many2one("slm.clock", required=True, index=True, ondelete="cascade")
    escalation_id = fields.Many2one("slm.escalation", required=True, ondelete="cascade")
    fired_date = fields.Datetime(default=fields.Datetime.now, required=True)

    _sql_constraints = [
        ("clock_escalation_uniq", "unique(clock_id, escalation_id)", "An escalation fires once per clock."),
    ]
