# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.service_level_management.models.slm_clock import Rule


class SlmVendorEscalation(models.Model):
    """A ticket handed to a vendor under its UC: the UC's clocks run from then until the vendor resolves.

    Written by the product when an agent escalates or records the vendor's resolution; read by people.
    """

    _name = "slm.vendor.escalation"
    _description = "Escalation to a Vendor"
    _order = "escalated_date desc, id desc"
    _rec_name = "vendor_reference"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, index=True, ondelete="restrict")
    agreement_id = fields.Many2one(
        "slm.agreement",
        string="UC",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("agreement_type", "=", "uc")],
    )
    vendor_id = fields.Many2one(related="agreement_id.vendor_id", store=True, string="Vendor")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    vendor_reference = fields.Char(string="Vendor's Reference", help="The vendor's own number for the case.")
    escalated_date = fields.Datetime(string="Escalated", required=True)
    responded_date = fields.Datetime(
        string="Vendor Responded", help="When the vendor answered: the UC's response clocks stop then."
    )
    resolved_date = fields.Datetime(string="Vendor Resolved")
    escalated_by_id = fields.Many2one("res.users", string="Escalated by")
    clock_ids = fields.One2many("slm.clock", "vendor_escalation_id", string="Vendor Clocks")

    @api.depends("vendor_reference", "agreement_id.vendor_id")
    def _compute_display_name(self):
        for escalation in self:
            escalation.display_name = " ".join(
                filter(None, [escalation.agreement_id.vendor_id.display_name, escalation.vendor_reference])
            )

    @api.model
    def _slm_escalate(self, ticket, agreement, reference):
        """Hand ``ticket`` to the vendor of the UC ``agreement`` now: its clocks start, the vendor is told."""
        if agreement not in ticket._slm_vendor_candidates():
            raise UserError(
                self.env._("A ticket is escalated under a UC in force for its company and service.")
            )
        if ticket.closed:
            raise UserError(self.env._("A closed ticket is not escalated."))
        if ticket.sudo().vendor_escalation_ids.filtered(
            lambda e: e.agreement_id == agreement and not e.resolved_date
        ):
            raise UserError(
                self.env._("The ticket %(ticket)s is with %(vendor)s already.", ticket=ticket.display_name,
                           vendor=agreement.vendor_id.display_name)
            )  # fmt: skip
        now = fields.Datetime.now()
        escalation = self.sudo().create(
            {
                "ticket_id": ticket.id,
                "agreement_id": agreement.id,
                "vendor_reference": reference,
                "escalated_date": now,
                "escalated_by_id": self.env.uid,
            }
        )
        key = ticket._slm_scope_key()
        _company, _customer, _service, _team, _day, priority, category_id, tag_ids = key
        rules = tuple(Rule(rule.id, rule.percent, rule.metric) for rule in agreement.sudo().escalation_ids)
        clocks = []
        for metric in ("response", "resolution"):
            matching = [
                target
                for target in agreement.sudo().target_ids
                if target.metric == metric and target._slm_matches(priority, category_id, tag_ids)
            ]
            best = min(matching, key=lambda t: (-t._slm_specificity(), t._slm_duration()), default=None)
            if best:
                terms = ticket._slm_target_values(agreement.sudo(), best)
                clocks.append(
                    {**ticket._slm_clock_values(terms, rules, now), "vendor_escalation_id": escalation.id}
                )
        self.env["slm.clock"].sudo()._slm_start(clocks, now)
        # The clocks are inserted below the ORM, which knows the escalation has none yet.
        escalation.invalidate_recordset(["clock_ids"])
        template = self.env.ref("underpinning_contracts.mail_template_vendor_escalation")
        contact = agreement.vendor_contact_id or agreement.vendor_id
        ticket.sudo().with_context(slm_vendor_escalation=escalation).message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            partner_ids=contact.ids,
            author_id=ticket.company_id.partner_id.id,
            email_from=ticket.company_id.email_formatted or self.env.ref("base.partner_root").email_formatted,
        )
        return escalation

    def action_vendor_responded(self):
        """The vendor answered: its response clocks stop now."""
        self.ticket_id.check_access("write")
        now = fields.Datetime.now()
        for escalation in self.sudo():
            if escalation.responded_date or escalation.resolved_date:
                raise UserError(self.env._("The vendor's answer is recorded already."))
            escalation.clock_ids.filtered(lambda c: c.metric == "response")._slm_add_events("reached", now)
            escalation.responded_date = now
            escalation.ticket_id.message_post(
                body=self.env._("%(vendor)s answered.", vendor=escalation.vendor_id.display_name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_vendor_resolved(self):
        """The vendor resolved its part: its clocks stop now."""
        self.ticket_id.check_access("write")
        now = fields.Datetime.now()
        for escalation in self.sudo():
            if escalation.resolved_date:
                raise UserError(self.env._("The vendor resolved this escalation already."))
            # Resolving answers too, if the answer was not recorded.
            escalation.clock_ids.filtered(lambda c: not c.reached_date)._slm_add_events("reached", now)
            escalation.write({"resolved_date": now, "responded_date": escalation.responded_date or now})
            escalation.ticket_id.message_post(
                body=self.env._("%(vendor)s resolved its part.", vendor=escalation.vendor_id.display_name),
                subtype_xmlid="mail.mt_note",
            )
        return True
