# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging
from datetime import UTC, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from slm_engine import period_of

_logger = logging.getLogger(__name__)

# Deliveries made by one run of the cron; it runs again at once while some are left.
BATCH = 50


def utc_naive(moment):
    return moment.astimezone(UTC).replace(tzinfo=None)


class SlmReportSubscription(models.Model):
    """Who receives the service reports of an agreement, or of every SLA of a customer, each period
    (seed §2.7: reports reach managers and customers on a schedule)."""

    _name = "slm.report.subscription"
    _description = "Service Report Subscription"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    agreement_id = fields.Many2one(
        "slm.agreement",
        check_company=True,
        tracking=True,
        domain="[('revision_of_id', '=', False)]",
        help="The agreement reported on; or choose a customer to report on each of its SLAs.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        check_company=True,
        tracking=True,
        domain=[("is_company", "=", True)],
        help="Every SLA of this customer in the period is reported on.",
    )
    recipient_partner_ids = fields.Many2many("res.partner", string="Recipients")
    recipient_user_ids = fields.Many2many("res.users", string="Recipient Users")
    period_kind = fields.Selection(
        [("month", "Monthly"), ("quarter", "Quarterly")], string="Every", required=True, default="month"
    )
    report_format = fields.Selection(
        [("pdf", "PDF"), ("xlsx", "XLSX"), ("both", "PDF and XLSX")],
        string="Format",
        required=True,
        default="pdf",
    )
    delivery_ids = fields.One2many("slm.report.delivery", "subscription_id", string="Deliveries")

    @api.constrains("agreement_id", "partner_id", "recipient_partner_ids", "recipient_user_ids")
    def _check_subject_and_recipients(self):
        for subscription in self:
            if bool(subscription.agreement_id) == bool(subscription.partner_id):
                raise ValidationError(
                    self.env._(
                        "The subscription %(name)s reports on one agreement or on the SLAs of one customer: "
                        "choose one of them.",
                        name=subscription.name,
                    )
                )
            if not subscription._slm_recipients():
                raise ValidationError(
                    self.env._("The subscription %(name)s needs a recipient.", name=subscription.name)
                )

    def _slm_recipients(self):
        self.ensure_one()
        return self.recipient_partner_ids | self.recipient_user_ids.partner_id

    def _slm_agreements(self, period_start, period_end):
        """The agreements reported on for the period ``[period_start, period_end)`` (dates)."""
        self.ensure_one()
        if self.agreement_id:
            subject = [("id", "=", self.agreement_id.id)]
        else:
            subject = [
                ("agreement_type", "=", "sla"),
                ("commercial_partner_id", "=", self.partner_id.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        return self.env["slm.agreement"].search(
            [
                *subject,
                ("revision_of_id", "=", False),
                ("state", "in", ("active", "expired", "terminated")),
                ("date_start", "<", period_end),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", period_start),
            ]
        )

    def _slm_last_closed_period(self, agreement, now):
        """The period of the subscription that ended last before ``now``, in the agreement's time zone."""
        current = period_of(now.replace(tzinfo=UTC), self.period_kind, agreement._slm_tz())
        return period_of(current.start - timedelta(seconds=1), self.period_kind, agreement._slm_tz())

    # -- delivery --------------------------------------------------------------------------

    def _slm_claim(self, agreement, period_key):
        """Record that this subscription delivers ``period_key`` of ``agreement``: the id of the new
        delivery, or None when it was delivered already (by this run, another one or a concurrent one,
        which the unique key makes wait and then find it)."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO slm_report_delivery
                          (subscription_id, agreement_id, company_id, period, state, create_uid, create_date,
                           write_uid, write_date)
                   VALUES (%s, %s, %s, %s, 'pending', %s, now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC')
                   ON CONFLICT (subscription_id, agreement_id, period) DO NOTHING
                   RETURNING id""",
                self.id,
                agreement.id,
                agreement.company_id.id,
                period_key,
                self.env.uid,
                self.env.uid,
            )
        )
        row = self.env.cr.fetchone()
        return row and row[0]

    def _slm_deliver(self, agreement, instant, delivery=None):
        """Send the report of ``agreement`` for its period containing ``instant`` to the recipients,
        posted in the agreement's chatter; a failure is recorded on the delivery, never raised."""
        self.ensure_one()
        Delivery = self.env["slm.report.delivery"].sudo()
        report = self.env["slm.service.report"].sudo()._slm_get(agreement.sudo(), self.period_kind, instant)
        if delivery is None:
            delivery_id = self._slm_claim(agreement, report.period)
            if not delivery_id:
                return Delivery
            delivery = Delivery.browse(delivery_id)
            # Inserted below the ORM, which still thinks it knows the subscription's deliveries.
            self.invalidate_recordset(["delivery_ids"])
        try:
            with self.env.cr.savepoint():
                message = self._slm_post(report)
            delivery.write(
                {"state": "sent", "report_id": report.id, "message_id": message.id, "error": False,
                 "sent_date": fields.Datetime.now()}
            )  # fmt: skip
        except Exception as exc:  # one report that cannot be made never stops the others
            _logger.exception("Service report %s for %s not sent", report.display_name, self.display_name)
            delivery.write({"state": "failed", "report_id": report.id, "error": str(exc)})
        return delivery

    def _slm_attachments(self, report):
        Report = self.env["ir.actions.report"].sudo()
        name = f"{report.agreement_id.name.replace('/', '-')} {report.period}"
        attachments = []
        if self.report_format in ("pdf", "both"):
            pdf, _kind = Report._render_qweb_pdf(
                "service_level_management.action_report_service_report", report.ids
            )
            attachments.append((f"{name}.pdf", pdf))
        if self.report_format in ("xlsx", "both"):
            xlsx, _kind = Report._render_xlsx(
                "service_level_management.action_report_service_report_xlsx", report.ids, {}
            )
            attachments.append((f"{name}.xlsx", xlsx))
        return attachments

    def _slm_post(self, report):
        template = self.env.ref("service_level_management.mail_template_service_report").sudo()
        lang = template._render_lang(report.ids)[report.id]
        template = template.with_context(lang=lang)
        subject = template._render_field("subject", report.ids, compute_lang=False)[report.id]
        body = template._render_field("body_html", report.ids, compute_lang=False)[report.id]
        return (
            report.agreement_id.sudo()
            # Queued: the mail queue sends each recipient's mail on its own, and a batch is not held by SMTP.
            .with_context(mail_post_autofollow=False, mail_notify_force_send=False)
            .message_post(
                subject=subject,
                body=body,
                partner_ids=self._slm_recipients().ids,
                attachments=self._slm_attachments(report),
                subtype_xmlid="mail.mt_comment",
                author_id=report.company_id.partner_id.id,
                email_from=report.company_id.email_formatted
                or self.env.ref("base.partner_root").email_formatted,
            )
        )

    def _slm_agreements_for(self, instant):
        """The agreements reported on for the subscription's period containing ``instant`` (naive UTC)."""
        period = period_of(instant.replace(tzinfo=UTC), self.period_kind, "UTC")
        return self._slm_agreements(period.start.date(), period.end.date())

    @api.model
    def _cron_send_reports(self):
        """Each subscription's reports of the period that closed last, once; in batches."""
        now = fields.Datetime.now()
        todo = []
        for subscription in self.search([]):
            last_closed = period_of(now.replace(tzinfo=UTC), subscription.period_kind, "UTC").start
            for agreement in subscription._slm_agreements_for(utc_naive(last_closed - timedelta(seconds=1))):
                todo.append((subscription, agreement, subscription._slm_last_closed_period(agreement, now)))
        sent = (
            self.env["slm.report.delivery"]
            .sudo()
            .search_read(
                [("subscription_id", "in", [s.id for s, _a, _p in todo])],
                ["subscription_id", "agreement_id", "period"],
            )
        )
        done = {(d["subscription_id"][0], d["agreement_id"][0], d["period"]) for d in sent}
        todo = [(s, a, p) for s, a, p in todo if (s.id, a.id, p.key) not in done]
        for subscription, agreement, period in todo[:BATCH]:
            subscription._slm_deliver(agreement, utc_naive(period.start + (period.end - period.start) / 2))
        remaining = max(len(todo) - BATCH, 0)
        self.env["ir.cron"]._notify_progress(done=len(todo) - remaining, remaining=remaining)
        return todo[:BATCH]

    def _slm_send_now(self, instant):
        """Send the reports of the period containing ``instant`` now, again if they were sent."""
        self.ensure_one()
        self.check_access("write")
        Delivery = self.env["slm.report.delivery"].sudo()
        deliveries = Delivery
        for agreement in self._slm_agreements_for(instant):
            period = period_of(instant.replace(tzinfo=UTC), self.period_kind, agreement._slm_tz())
            existing = Delivery.search(
                [
                    ("subscription_id", "=", self.id),
                    ("agreement_id", "=", agreement.id),
                    ("period", "=", period.key),
                ]
            )
            deliveries |= self.sudo()._slm_deliver(agreement, instant, delivery=existing or None)
        self.invalidate_recordset(["delivery_ids"])
        return deliveries

    def action_send_now(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Now"),
            "res_model": "slm.report.send",
            "view_mode": "form",
            "target": "new",
            "context": {"default_subscription_id": self.id},
        }


class SlmReportDelivery(models.Model):
    """One service report sent (or that failed) for a subscription, an agreement and a period:
    written by the product, read by people."""

    _name = "slm.report.delivery"
    _description = "Service Report Delivery"
    _order = "create_date desc, id desc"
    _rec_name = "period"

    subscription_id = fields.Many2one(
        "slm.report.subscription", required=True, index=True, ondelete="restrict"
    )
    agreement_id = fields.Many2one("slm.agreement", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True)
    period = fields.Char(required=True)
    report_id = fields.Many2one("slm.service.report", ondelete="restrict")
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")], required=True, default="pending"
    )
    sent_date = fields.Datetime(string="Sent on")
    message_id = fields.Many2one("mail.message", ondelete="set null")
    error = fields.Text()

    _sql_constraints = [
        (
            "subscription_period_uniq",
            "unique(subscription_id, agreement_id, period)",
            "A subscription delivers the report of an agreement once per period.",
        ),
    ]
