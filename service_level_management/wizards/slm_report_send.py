# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError


class SlmReportSend(models.TransientModel):
    """Send a subscription's reports of a chosen period now."""

    _name = "slm.report.send"
    _description = "Send Service Reports Now"

    subscription_id = fields.Many2one("slm.report.subscription", required=True, readonly=True)
    day = fields.Date(
        string="Period of",
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(months=1),
        help="Any day of the period to send; by default, last month's.",
    )

    def action_send(self):
        self.ensure_one()
        deliveries = self.subscription_id._slm_send_now(datetime.combine(self.day, time(12)))
        if not deliveries:
            raise UserError(self.env._("No agreement of the subscription was in force in that period."))
        failed = deliveries.filtered(lambda d: d.state == "failed")
        if failed:
            raise UserError(
                self.env._("The report could not be sent: %(error)s", error="; ".join(failed.mapped("error")))
            )
        return {"type": "ir.actions.act_window_close"}
