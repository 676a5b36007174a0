# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .slm_clock import OPEN_STATUSES, STATUSES

# Ticket fields that decide which targets apply.
SCOPE_FIELDS = ("priority", "partner_id", "service_id", "team_id", "category_id", "tag_ids", "company_id")
LEVEL_PRECEDENCE = ("service", "customer", "corporate")
# The worst status shown on the ticket, worst first.
STATUS_ORDER = ("breached", "at_risk", "paused", "ongoing", "met")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    service_id = fields.Many2one(
        "slm.service",
        index="btree_not_null",
        tracking=True,
        domain=[("state", "=", "live")],
        help="The IT service this ticket is about; it decides which service levels apply.",
    )
    slm_clock_ids = fields.One2many("slm.clock", "ticket_id", string="Service Level Clocks")
    slm_sla_id = fields.Many2one("slm.agreement", string="SLA", readonly=True, index="btree_not_null")
    slm_status = fields.Selection(
        [(key, label) for key, label in STATUSES if key != "cancelled"],
        string="Service Level",
        compute="_compute_slm_status",
        store=True,
        index=True,
    )
    slm_deadline = fields.Datetime(string="Due by", compute="_compute_slm_status", store=True, index=True)
    is_outage = fields.Boolean(
        string="Outage", tracking=True, help="The service is interrupted (major incident)."
    )
    outage_start = fields.Datetime(tracking=True)
    outage_restored = fields.Datetime(string="Service Restored", tracking=True)
    customer_notified = fields.Datetime(
        string="Customer Told",
        tracking=True,
        copy=False,
        help="When the customer was told the service is restored.",
    )

    @api.depends("slm_clock_ids.status", "slm_clock_ids.deadline")
    def _compute_slm_status(self):
        for ticket in self:
            clocks = ticket.slm_clock_ids.filtered(lambda c: c.status != "cancelled")
            statuses = set(clocks.mapped("status"))
            ticket.slm_status = next((s for s in STATUS_ORDER if s in statuses), False)
            deadlines = [c.deadline for c in clocks if c.status in OPEN_STATUSES and c.deadline]
            ticket.slm_deadline = min(deadlines, default=False)

    # -- which targets apply -------------------------------------------------------

    def _slm_agreement_domain(self, agreement_type):
        day = fields.Date.to_date(self.create_date or fields.Datetime.now())
        return [
            ("agreement_type", "=", agreement_type),
            ("state", "=", "active"),
            ("company_id", "=", self.company_id.id or self.env.company.id),
            ("date_start", "<=", day),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", day),
        ]

    def _slm_covers(self, agreement):
        return not agreement.service_ids or self.service_id in agreement.service_ids

    def _slm_find_sla(self):
        """The SLA of this ticket: service level before customer level before corporate."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        candidates = self.env["slm.agreement"].search(
            self._slm_agreement_domain("sla"), order="date_start desc, id desc"
        )
        for level in LEVEL_PRECEDENCE:
            for agreement in candidates.filtered(lambda a, lv=level: a.level == lv):
                if level != "corporate" and agreement.commercial_partner_id != customer:
                    continue
                if self._slm_covers(agreement):
                    return agreement
        return candidates.browse()

    def _slm_find_olas(self):
        self.ensure_one()
        if not self.team_id:
            return self.env["slm.agreement"]
        olas = self.env["slm.agreement"].search(
            [*self._slm_agreement_domain("ola"), ("team_id", "=", self.team_id.id)]
        )
        return olas.filtered(self._slm_covers)

    def _slm_target_matches(self, target):
        return (
            target.metric in ("response", "resolution")
            and (not target.priority or target.priority == self.priority)
            and (not target.category_id or target.category_id == self.category_id)
            and (not target.tag_ids or target.tag_ids & self.tag_ids)
        )

    def _slm_applicable_targets(self):
        """Per agreement and metric, the most specific matching target (the strictest on a tie)."""
        self.ensure_one()
        sla = self._slm_find_sla()
        chosen = self.env["slm.target"]
        for agreement in sla | self._slm_find_olas():
            for metric in ("response", "resolution"):
                matching = agreement.target_ids.filtered(
                    lambda t, m=metric: t.metric == m and self._slm_target_matches(t)
                )
                best = matching.sorted(
                    lambda t: (-(bool(t.priority) + bool(t.category_id) + bool(t.tag_ids)), t._slm_duration())
                )[:1]
                chosen |= best
        return sla, chosen

    # -- clocks ---------------------------------------------------------------------

    def _slm_clock_values(self, target, start):
        calendar = target._slm_calendar_record()
        return {
            "ticket_id": self.id,
            "target_id": target.id,
            "agreement_id": target.agreement_id.id,
            "agreement_revision": target.agreement_id.revision,
            "name": target.display_name,
            "metric": target.metric,
            "target_hours": target._slm_duration().total_seconds() / 3600,
            "warning_percent": target.warning_percent,
            "calendar_id": calendar.id,
            "stop_at_notification": target.metric == "resolution"
            and self.service_id.slm_stop_at_notification,
            "start_date": start,
            "event_ids": [(0, 0, {"kind": "start", "date": start})],
        }

    def _slm_sync_clocks(self):
        """Start clocks for targets that now apply, cancel those that no longer do. Returns what changed."""
        now = fields.Datetime.now()
        changes = []
        for ticket in self:
            sla, targets = ticket._slm_applicable_targets()
            running = ticket.slm_clock_ids.filtered(lambda c: c.status != "cancelled" and not c.reached_date)
            obsolete = running.filtered(lambda c, t=targets: c.target_id not in t)
            obsolete._slm_add_events("cancel", now)
            missing = targets - ticket.slm_clock_ids.filtered(lambda c: c.status != "cancelled").target_id
            start = (ticket.create_date or now).replace(microsecond=0)
            clocks = self.env["slm.clock"].create(
                [ticket._slm_clock_values(target, start) for target in missing]
            )
            if ticket.stage_id.slm_pause and clocks:
                self.env["slm.clock.event"].create(
                    [{"clock_id": c.id, "kind": "pause", "date": now} for c in clocks]
                )
            clocks._slm_evaluate()
            if ticket.slm_sla_id != sla:
                ticket.slm_sla_id = sla
            changes += [(ticket, "started", c.name) for c in clocks] + [
                (ticket, "cancelled", c.name) for c in obsolete
            ]
        return changes

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._slm_sync_clocks()
        return tickets

    def write(self, vals):
        old_stages = {ticket.id: ticket.stage_id for ticket in self} if "stage_id" in vals else {}
        assigned = self.filtered(lambda t: not t.user_id) if vals.get("user_id") else self.browse()
        result = super().write(vals)
        if self.env.context.get("slm_skip"):
            return result
        now = fields.Datetime.now()
        if set(SCOPE_FIELDS) & set(vals):
            self._slm_sync_clocks()
        for ticket in self:
            clocks = ticket.slm_clock_ids
            if ticket.id in old_stages:
                before, after = old_stages[ticket.id], ticket.stage_id
                if after.slm_pause and not before.slm_pause:
                    clocks._slm_add_events("pause", now)
                elif before.slm_pause and not after.slm_pause:
                    clocks._slm_add_events("resume", now)
                if after.closed and not before.closed:
                    clocks._slm_add_events("reached", now)
            if ticket in assigned:
                clocks.filtered(
                    lambda c: c.metric == "response" and c.agreement_id.response_ends == "assignment"
                )._slm_add_events("reached", now)
        return result

    def _message_post_after_hook(self, message, msg_vals):
        """The first reply of an agent to the customer ends the response clocks."""
        result = super()._message_post_after_hook(message, msg_vals)
        author_user = message.author_id.user_ids[:1]
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and author_user
            and not author_user.share
        ):
            self.slm_clock_ids.filtered(
                lambda c: c.metric == "response" and c.agreement_id.response_ends == "reply"
            )._slm_add_events("reached", message.date or fields.Datetime.now())
        return result

    def action_slm_notify_restored(self):
        """Tell the customer the service is restored; clocks that wait for it stop now."""
        for ticket in self:
            if not ticket.partner_id:
                raise UserError(
                    self.env._("The ticket %(ticket)s has no customer to tell.", ticket=ticket.display_name)
                )
            now = fields.Datetime.now()
            ticket.message_post(
                body=self.env._("The service is restored."),
                partner_ids=ticket.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
            ticket.customer_notified = now
            if ticket.is_outage and not ticket.outage_restored:
                ticket.outage_restored = now
            ticket.slm_clock_ids._slm_add_events("customer_notified", now)

    def action_slm_recompute(self):
        """Apply the agreements as they are now to these open tickets, and log what changed."""
        for ticket in self.filtered(lambda t: not t.closed):
            changes = ticket._slm_sync_clocks()
            changed = ticket.slm_clock_ids.filtered(lambda c: c.status != "cancelled")._slm_evaluate()
            lines = [
                self.env._("%(clock)s %(change)s", clock=name, change=change) for _t, change, name in changes
            ]
            lines += [self.env._("%(clock)s re-evaluated", clock=c.name) for c in changed]
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Service levels recomputed:"),
                Markup().join(Markup("<li>%s</li>") % line for line in lines) or Markup("<li>-</li>"),
            )
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True
