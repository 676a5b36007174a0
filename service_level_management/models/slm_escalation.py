# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_datetime


class SlmEscalation(models.Model):
    """At a share of a target, tell someone: an activity, an e-mail, or both."""

    _name = "slm.escalation"
    _inherit = ["slm.agreement.term.mixin"]
    _description = "Service Level Escalation"
    _order = "agreement_id, percent, id"
    _slm_origin_field = "origin_escalation_id"

    active = fields.Boolean(
        default=True, help="A rule a revision changed or dropped is archived: the escalations it did stay."
    )
    agreement_id = fields.Many2one("slm.agreement", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    origin_escalation_id = fields.Many2one(
        "slm.escalation",
        string="Revises",
        readonly=True,
        ondelete="set null",
        help="In a proposed revision: the rule in force this one stands for.",
    )
    percent = fields.Float(string="At (%)", required=True, default=75.0, help="Share of the target consumed.")
    metric = fields.Selection(
        [("response", "Response"), ("resolution", "Resolution")],
        help="Only clocks of this metric; empty for both.",
    )
    recipient = fields.Selection(
        [
            ("team_leader", "Team Leader"),
            ("assignee", "Assigned User"),
            ("service_owner", "Service Owner"),
            ("customer", "Customer Contact"),
        ],
        required=True,
        default="team_leader",
    )
    action = fields.Selection(
        [("activity", "Activity"), ("email", "E-mail"), ("both", "Activity and E-mail")],
        required=True,
        default="activity",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        domain=[("model", "=", "helpdesk.ticket")],
        default=lambda self: self.env.ref("service_level_management.mail_template_clock_escalation", False),
    )

    @api.constrains("percent", "recipient", "action", "mail_template_id")
    def _check_rule(self):
        for rule in self:
            if not 0 < rule.percent <= 1000:
                raise ValidationError(
                    self.env._("An escalation threshold must be above 0 % and at most 1000 %.")
                )
            if rule.recipient == "customer" and rule.action != "email":
                raise ValidationError(self.env._("Customers are told by e-mail only."))
            if rule.mail_template_id and rule.mail_template_id.model != "helpdesk.ticket":
                raise ValidationError(
                    self.env._(
                        "The e-mail of an escalation is about a ticket: choose a template of helpdesk tickets."
                    )
                )
            if rule.action in ("email", "both") and not rule.mail_template_id:
                raise ValidationError(self.env._("An escalation by e-mail needs its e-mail template."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_fired(self):
        if self.env["slm.clock.escalation"].sudo().search_count([("escalation_id", "in", self.ids)], limit=1):
            raise UserError(self.env._("An escalation rule that fired is archived, not deleted."))

    def _slm_text(self):
        """One line of the terms, for revisions and their diff."""
        self.ensure_one()
        selections = {
            name: dict(self._fields[name]._description_selection(self.env))
            for name in ("metric", "recipient", "action")
        }
        # Babel cannot read an f-string inside a translated call (Python 3.11).
        percent = f"{self.percent:g}"
        text = self.env._(
            "at %(percent)s %% of %(metric)s: %(action)s to %(recipient)s",
            percent=percent,
            metric=selections["metric"].get(self.metric) or self.env._("every target"),
            action=selections["action"][self.action],
            recipient=selections["recipient"][self.recipient],
        )
        if self.action != "activity" and self.mail_template_id:
            text += f" ({self.mail_template_id.name})"
        return text

    def _slm_recipient(self, ticket):
        self.ensure_one()
        if self.recipient == "team_leader":
            return ticket.team_id.user_id.partner_id
        if self.recipient == "assignee":
            return ticket.user_id.partner_id
        if self.recipient == "service_owner":
            return ticket.service_id.owner_id.partner_id
        return ticket.partner_id

    def _slm_fire(self, clock):
        """Escalate ``clock`` once: the log row is unique per clock and rule."""
        self.ensure_one()
        # Insert-or-nothing: a concurrent run that escalated first wins, without an error.
        self.env.cr.execute(
            SQL(
                """INSERT INTO slm_clock_escalation
                       (clock_id, escalation_id, fired_date, create_uid, create_date, write_uid, write_date)
                   VALUES (%(clock)s, %(rule)s, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s)
                   ON CONFLICT DO NOTHING RETURNING id""",
                clock=clock.id,
                rule=self.id,
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        if not self.env.cr.fetchone():
            return False
        clock.invalidate_recordset(["escalation_log_ids"])
        ticket = clock.ticket_id
        partner = self._slm_recipient(ticket)
        # Written for the one who reads it: in their language and time zone.
        reader = self.with_context(
            lang=partner.lang or self.env.lang, tz=partner.tz or self.env.context.get("tz")
        )
        summary = reader._slm_summary(clock, partner)
        if self.action in ("activity", "both") and partner.user_ids:
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=partner.user_ids[0].id,
                summary=summary,
                date_deadline=(clock.deadline or fields.Datetime.now()).date(),
            )
        if self.action in ("email", "both") and partner and self.mail_template_id:
            ticket.with_context(slm_escalation_summary=summary).message_post_with_source(
                self.mail_template_id,
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner.ids,
                author_id=ticket.company_id.partner_id.id,
                email_from=ticket.company_id.email_formatted
                or self.env.ref("base.partner_root").email_formatted,
            )
        ticket.message_post(body=self._slm_summary(clock, partner), subtype_xmlid="mail.mt_note")
        return True

    def _slm_summary(self, clock, reader):
        """What happened, with the deadline in ``reader``'s time zone."""
        due = format_datetime(self.env, clock.deadline, tz=reader.tz or None) if clock.deadline else "-"
        # Babel cannot read an f-string inside a translated call (Python 3.11).
        percent = f"{self.percent:g}"
        return self.env._(
            "%(clock)s at %(percent)s %% of its target (due %(deadline)s)",
            clock=clock.name,
            percent=percent,
            deadline=due,
        )
