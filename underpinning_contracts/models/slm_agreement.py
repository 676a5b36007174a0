# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import hashlib
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# What a UC commits to besides the terms every agreement has.
UC_TERMS = ["vendor_id", "contract_value", "currency_id", "notice_days"]


class SlmAgreement(models.Model):
    """Underpinning contracts (seed §5.3.3-§5.3.6): agreements with external vendors.

    A UC backs SLA targets with targets of its own, never weaker (the same exact
    strictness as OLAs, across the vendor's hours); it is reviewed by purchasing
    and the service level manager, activated once its signed contract is
    attached, renewed into the next UC, and revised like any agreement in force.
    """

    _inherit = "slm.agreement"

    agreement_type = fields.Selection(
        selection_add=[("uc", "UC")],
        ondelete={"uc": "cascade"},
        help="SLA: with a customer. OLA: with an internal team, backing SLA targets. UC: with an external "
        "vendor, backing SLA targets.",
    )
    vendor_id = fields.Many2one("res.partner", tracking=True, index="btree_not_null", check_company=True)
    vendor_contact_id = fields.Many2one(
        "res.partner",
        check_company=True,
        help="Who is told when a ticket is escalated to the vendor; the vendor itself when empty.",
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, required=True
    )
    contract_value = fields.Monetary(
        currency_field="currency_id", tracking=True, help="Over the whole validity."
    )
    notice_days = fields.Integer(
        string="Notice Period (days)", help="How long before its end the UC is cancelled."
    )
    reminder_days = fields.Integer(
        string="Remind before End (days)",
        default=60,
        help="The owner gets an activity this many days before the UC ends, to renew or cancel it.",
    )
    reminded_date = fields.Date(string="Reminded on", readonly=True, copy=False)
    signed_contract = fields.Binary(attachment=True, copy=False)
    signed_contract_name = fields.Char(copy=False)
    renewal_of_id = fields.Many2one(
        "slm.agreement",
        string="Renews",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    renewal_ids = fields.One2many("slm.agreement", "renewal_of_id", string="Renewals")
    fee_ids = fields.One2many("slm.uc.fee", "agreement_id", string="Fees", copy=True)
    purchase_order_ids = fields.One2many("purchase.order", "uc_id", string="Purchase Orders")
    bill_ids = fields.One2many("account.move", "uc_id", string="Vendor Bills")
    purchase_order_count = fields.Integer(compute="_compute_purchase_figures")
    bill_count = fields.Integer(compute="_compute_purchase_figures")
    spend_this_year = fields.Monetary(
        compute="_compute_purchase_figures",
        currency_field="currency_id",
        help="Posted vendor bills of this UC this year, less their credit notes, untaxed.",
    )
    credit_ids = fields.One2many("slm.uc.credit", "agreement_id", string="Service Credits")

    @api.model
    def _slm_term_fields(self):
        return [*super()._slm_term_fields(), *UC_TERMS]

    @api.model
    def _slm_system_fields(self):
        # When the owner was reminded of the end (the cron), which UC a renewal renews (Renew).
        return [*super()._slm_system_fields(), "reminded_date", "renewal_of_id"]

    def _compute_purchase_figures(self):
        year_start = fields.Date.context_today(self).replace(month=1, day=1)
        for agreement in self:
            agreement.purchase_order_count = len(agreement.purchase_order_ids)
            agreement.bill_count = len(agreement.bill_ids)
            posted = agreement.bill_ids.filtered(
                lambda m: m.state == "posted" and m.invoice_date and m.invoice_date >= year_start
            )
            total = 0.0
            for move in posted:
                amount = move.currency_id._convert(
                    move.amount_untaxed, agreement.currency_id, move.company_id, move.invoice_date
                )
                total += -amount if move.move_type == "in_refund" else amount
            agreement.spend_this_year = total

    # -- constraints ---------------------------------------------------------------------

    @api.constrains("agreement_type", "vendor_id", "contract_value", "notice_days", "reminder_days")
    def _check_uc(self):
        for agreement in self.filtered(lambda a: a.agreement_type == "uc"):
            if not agreement.vendor_id:
                raise ValidationError(
                    self.env._("The UC %(name)s needs its vendor.", name=agreement.display_name)
                )
            if agreement.contract_value < 0 or agreement.notice_days < 0 or agreement.reminder_days < 0:
                raise ValidationError(
                    self.env._(
                        "The value, notice period and reminder of the UC %(name)s cannot be negative.",
                        name=agreement.display_name,
                    )
                )

    @api.constrains("level", "parent_id", "partner_id", "agreement_type", "team_id", "service_ids")
    def _check_structure(self):
        # A UC binds a vendor, not a customer or a team.
        return super(SlmAgreement, self.filtered(lambda a: a.agreement_type != "uc"))._check_structure()

    def _slm_check_overlap(self):
        # Several contracts with one vendor may run together (different services, a renewal overlapping).
        return super(SlmAgreement, self.filtered(lambda a: a.agreement_type != "uc"))._slm_check_overlap()

    def _slm_check_can_request_approval(self):
        result = super()._slm_check_can_request_approval()
        for agreement in self.filtered(lambda a: a.agreement_type == "uc" and not a.revision_of_id):
            if not agreement.signed_contract:
                raise UserError(
                    self.env._(
                        "Attach the signed contract of %(name)s before submitting it: a UC is reviewed and "
                        "activated as signed.",
                        name=agreement.display_name,
                    )
                )
        return result

    def _slm_record_code(self):
        return "QR-14-05" if self.agreement_type == "uc" else super()._slm_record_code()

    def _slm_print_parties(self):
        if self.agreement_type != "uc":
            return super()._slm_print_parties()
        return [
            (self.env._("Service provider"), self.company_id.name),
            (self.env._("Vendor"), self.vendor_id.name),
        ]

    def write(self, vals):
        # The contract signed is what was reviewed: an amendment comes with a revision.
        if not self.env.su and {"signed_contract", "signed_contract_name"} & set(vals):
            self._slm_check_terms_editable()
        return super().write(vals)

    def _slm_terms(self):
        lines = super()._slm_terms()
        if self.agreement_type != "uc":
            return lines
        fee_label = self.env._("Fee")
        lines += sorted(f"{fee_label}: {fee._slm_text()}" for fee in self.fee_ids)
        # A proposal keeps the contract in force unless it brings an amendment.
        contract = self if self.signed_contract else self.revision_of_id
        if contract.signed_contract:
            digest = hashlib.sha256(base64.b64decode(contract.signed_contract)).hexdigest()[:12]
            label = self._fields["signed_contract"]._description_string(self.env)
            lines.append(f"{label}: {contract.signed_contract_name or ''} ({digest})")
        return lines

    def _slm_copy_terms_to(self, agreement):
        result = super()._slm_copy_terms_to(agreement)
        # Purchase orders copy the fees, they do not point to them: the fees are replaced as a whole.
        if self.agreement_type == "uc":
            agreement.fee_ids.unlink()
            self.fee_ids.copy({"agreement_id": agreement.id})
            if self.signed_contract:
                agreement.write(
                    {
                        "signed_contract": self.signed_contract,
                        "signed_contract_name": self.signed_contract_name,
                    }
                )
        return result

    # -- §5.3.5: what a change of an SLA asks of the UCs behind it ------------------------------

    def _slm_on_approved(self):
        result = super()._slm_on_approved()
        self.filtered(lambda a: a.agreement_type == "sla" and not a.revision_of_id)._slm_ask_vendors(
            self.env._("signed")
        )
        return result

    def _slm_terminate(self, reason):
        result = super()._slm_terminate(reason)
        self.filtered(lambda a: a.agreement_type == "sla")._slm_ask_vendors(self.env._("terminated"))
        return result

    def _slm_backing_ucs(self):
        """The UCs in force or in the making whose targets back targets of these SLAs."""
        return (
            self.env["slm.target"]
            .sudo()
            .search(
                [
                    ("supported_target_id", "in", self.target_ids.ids),
                    ("agreement_id.agreement_type", "=", "uc"),
                ]
            )
            .agreement_id.filtered(
                lambda a: a.state in ("draft", "to_approve", "active") and not a.revision_of_id
            )
        )

    def _slm_ask_vendors(self, change):
        """Each UC behind these SLAs gets "revision needed" and its officer an activity naming the change."""
        for sla in self:
            for uc in sla._slm_backing_ucs():
                uc.sudo().revision_needed = True
                uc.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=uc.user_id.id or self.env.uid,
                    summary=self.env._("%(sla)s was %(change)s: check the UC", sla=sla.name, change=change),
                    note=self.env._(
                        "The customer agreement %(sla)s this UC backs was %(change)s. Ask the vendor for the "
                        "matching change of %(uc)s, or confirm it still holds (Check Again).",
                        sla=sla.display_name,
                        change=change,
                        uc=uc.display_name,
                    ),
                )

    def _slm_flag_dependants(self):
        result = super()._slm_flag_dependants()
        # A UC that the new terms make too weak says when it would be late.
        for uc in self._slm_backing_ucs():
            problems = [
                target._slm_weaker_than(target.supported_target_id)
                for target in uc.target_ids
                if target.supported_target_id.agreement_id == self
            ]
            problems = [problem for problem in problems if problem]
            if problems:
                uc.sudo().message_post(
                    body=Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        self.env._(
                            "%(sla)s, revision %(number)s, makes this UC too weak:",
                            sla=self.name,
                            number=self.revision,
                        ),
                        Markup().join(Markup("<li>%s</li>") % problem for problem in problems),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return result

    # -- renewal and reminders --------------------------------------------------------------

    def action_renew(self):
        """The next UC with the vendor: the same terms from the day after this one ends, to approve."""
        self.ensure_one()
        self.check_access("write")
        if self.agreement_type != "uc" or self.state not in ("active", "expired"):
            raise UserError(self.env._("Only a UC in force or expired is renewed."))
        if not self.date_end:
            raise UserError(self.env._("A UC without an end date runs on: there is nothing to renew."))
        if self.renewal_ids.filtered(lambda r: r.state != "terminated"):
            raise UserError(
                self.env._("%(name)s is renewed already by %(renewal)s.", name=self.display_name,
                           renewal=self.renewal_ids[:1].display_name)
            )  # fmt: skip
        length = self.date_end - self.date_start
        renewal = (
            self.sudo()
            .copy(
                {
                    "renewal_of_id": self.id,
                    "date_start": self.date_end + timedelta(days=1),
                    "date_end": self.date_end + timedelta(days=1) + length,
                }
            )
            .with_env(self.env)
        )
        self.message_post(
            body=self.env._("Renewed by %(renewal)s, to approve.", renewal=renewal.display_name),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.model
    def _cron_remind_expiry(self):
        """UCs ending soon: their owner gets an activity, once per UC."""
        today = fields.Date.context_today(self)
        ending = self.search(
            [
                ("agreement_type", "=", "uc"),
                ("state", "=", "active"),
                ("date_end", "!=", False),
                ("reminded_date", "=", False),
                ("revision_of_id", "=", False),
            ]
        ).filtered(lambda a: a.date_end - timedelta(days=a.reminder_days) <= today)
        for uc in ending:
            uc.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=max(today, uc.date_end - timedelta(days=uc.notice_days)),
                user_id=uc.user_id.id or self.env.uid,
                summary=self.env._(
                    "%(name)s ends on %(date)s: renew or cancel", name=uc.name, date=uc.date_end
                ),
                note=self.env._(
                    "The UC %(name)s with %(vendor)s ends on %(date)s; its notice period is %(days)s days.",
                    name=uc.display_name,
                    vendor=uc.vendor_id.display_name,
                    date=uc.date_end,
                    days=uc.notice_days,
                ),
            )
        ending.write({"reminded_date": today})
        return ending

    # -- purchasing ---------------------------------------------------------------------------

    def action_purchase_request(self):
        """A draft request for quotation to the vendor, with the UC's fees (seed §5.3.4)."""
        self.ensure_one()
        if self.agreement_type != "uc":
            raise UserError(self.env._("Purchase requests are made from UCs."))
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor_id.id,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "uc_id": self.id,
                "origin": self.name,
                "order_line": [
                    (0, 0, {"product_id": fee.product_id.id, "name": fee.name or fee.product_id.display_name,
                            "product_qty": fee.quantity, "price_unit": fee.price_unit})
                    for fee in self.fee_ids
                ],
            }
        )  # fmt: skip
        return {
            "type": "ir.actions.act_window",
            "res_model": "purchase.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _slm_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_purchase_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_form_action")
        action.update(domain=[("uc_id", "=", self.id)], context={"default_uc_id": self.id})
        return action

    def action_view_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_in_invoice_type")
        action.update(
            domain=[("uc_id", "=", self.id)],
            context={"default_uc_id": self.id, "default_move_type": "in_invoice"},
        )
        return action
