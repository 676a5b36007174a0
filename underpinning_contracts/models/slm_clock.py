# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SlmClock(models.Model):
    """Clocks of a UC run from the escalation to the vendor until the vendor resolves; an SLA breach
    while such a clock ran late is the vendor's."""

    _inherit = "slm.clock"

    breach_cause = fields.Selection(selection_add=[("uc", "UC Vendor")], ondelete={"uc": "set null"})
    breach_vendor_id = fields.Many2one(
        "res.partner",
        string="Vendor at Fault",
        compute="_compute_breach_vendor_id",
        store=True,
        help="The vendor whose UC clock on the ticket ran late when this clock breached.",
    )
    vendor_escalation_id = fields.Many2one(
        "slm.vendor.escalation", index="btree_not_null", ondelete="restrict"
    )

    @api.depends("breach_cause")
    def _compute_breach_vendor_id(self):
        for clock in self:
            if clock.breach_cause != "uc":
                clock.breach_vendor_id = False
            elif clock.agreement_type == "uc":
                clock.breach_vendor_id = clock.agreement_id.vendor_id
            else:
                clock.breach_vendor_id = clock._slm_late_uc_clocks()[:1].agreement_id.vendor_id

    def _slm_waiting_with_ticket(self):
        # The vendor's time runs while we wait for our customer: its clock stops when it resolves.
        return super()._slm_waiting_with_ticket().filtered(lambda c: c.agreement_type != "uc")

    def _slm_late_uc_clocks(self):
        """UC clocks of this clock's ticket, for the same target or metric, that ran late before it was due.

        Ran late: the UC clock's deadline passed before it was reached (or it still runs), no
        later than this clock's own deadline.
        """
        self.ensure_one()
        if not self.deadline:
            return self.browse()
        return self.ticket_id.slm_clock_ids.filtered(
            lambda c: (
                c.agreement_type == "uc"
                and c.status != "cancelled"
                and (c.target_id.supported_target_id == self.target_id or c.metric == self.metric)
                and c.deadline
                and c.deadline <= self.deadline
                and (not c.reached_date or c.reached_date > c.deadline)
            )
        )

    def _slm_breach_cause(self):
        """The vendor's when a UC clock of the ticket ran late (or for the UC's own clocks); else the OLA
        team's or the team's own."""
        if self.agreement_type == "uc" or (self.agreement_type == "sla" and self._slm_late_uc_clocks()):
            return "uc"
        return super()._slm_breach_cause()
