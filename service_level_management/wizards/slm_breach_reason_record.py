# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class SlmBreachReasonRecord(models.TransientModel):
    """Say why a ticket missed its targets: a reason category, a few words, or both.

    Whoever may work the ticket says it (the team leader is asked by an activity); the clocks
    keep it, for management reviews and reports, and the ticket's chatter keeps every answer.
    """

    _name = "slm.breach.reason.record"
    _description = "Record Why a Target Was Missed"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, readonly=True, ondelete="cascade")
    clock_ids = fields.Many2many(
        "slm.clock",
        string="Missed Targets",
        domain="[('ticket_id', '=', ticket_id), ('status', '=', 'breached')]",
    )
    reason_id = fields.Many2one("slm.breach.reason")
    note = fields.Char(string="Why", help="A few words on what happened.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        ticket = self.env["helpdesk.ticket"].browse(values.get("ticket_id"))
        if ticket and "clock_ids" in fields_list:
            breached = ticket.slm_clock_ids.filtered(lambda c: c.status == "breached")
            values["clock_ids"] = [(6, 0, (breached._slm_without_reason() or breached).ids)]
        return values

    def action_record(self):
        self.ensure_one()
        ticket = self.ticket_id
        ticket.check_access("write")
        clocks = self.clock_ids.filtered(lambda c: c.ticket_id == ticket and c.status == "breached")
        if not clocks:
            raise UserError(self.env._("Choose the missed targets this reason is for."))
        note = (self.note or "").strip()
        if not self.reason_id and not note:
            raise UserError(self.env._("Give a reason: choose one, write a few words, or both."))
        clocks.sudo()._slm_record_breach_reason(self.reason_id, note, self.env.user)
        ticket.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._("Why the targets were missed: %(reason)s", reason=self._slm_reason_text()),
                Markup().join(Markup("<li>%s</li>") % clock.display_name for clock in clocks),
            ),
            subtype_xmlid="mail.mt_note",
        )
        if not ticket.sudo().slm_clock_ids._slm_without_reason():
            ticket.sudo()._slm_breach_reason_activities().action_feedback(feedback=self._slm_reason_text())
        return {"type": "ir.actions.act_window_close"}

    def _slm_reason_text(self):
        return " — ".join(filter(None, [self.reason_id.name, (self.note or "").strip()]))
