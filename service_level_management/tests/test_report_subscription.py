# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.service_level_management.models.slm_report_subscription import SlmReportSubscription


@tagged("post_install", "-at_install")
class TestReportSubscription(TransactionCase):
    """Service reports mailed to their recipients when a period closes: once, in batches, isolated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.company.partner_id.tz = "UTC"
        cls.manager = new_test_user(
            cls.env, "sub_manager", groups="service_catalog.group_slm_manager", email="slm@example.com"
        )
        cls.reader = new_test_user(cls.env, "sub_reader", groups="service_catalog.group_slm_user")
        cls.customer = cls.env["res.partner"].create({"name": "Riverside Hospital", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": cls.customer.id, "email": "li.wei@example.com"}
        )
        Agreement = cls.env["slm.agreement"]
        cls.sla, cls.old_sla = Agreement.create(
            [
                {
                    "title": title,
                    "level": "customer",
                    "partner_id": cls.customer.id,
                    "state": state,
                    "date_start": start,
                    "date_end": end,
                    "target_ids": [(0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"})],
                }
                for title, state, start, end in (
                    ("Riverside", "active", date(2026, 1, 1), False),
                    ("Riverside 2025", "expired", date(2025, 1, 1), date(2025, 12, 31)),
                )
            ]
        )
        cls.Subscription = cls.env["slm.report.subscription"].with_user(cls.manager)

    def _subscription(self, **values):
        return self.Subscription.create(
            {
                "name": "Riverside monthly",
                "agreement_id": self.sla.id,
                "recipient_partner_ids": [(6, 0, self.contact.ids)],
                "recipient_user_ids": [(6, 0, self.manager.ids)],
                "report_format": "both",
                **values,
            }
        )

    def _report_messages(self, agreement):
        return agreement.message_ids.filtered(lambda m: m.subject and m.subject.startswith("Service report"))

    def test_01_sent_once_when_the_period_closes(self):
        """The closed month's report goes to every recipient with its PDF and XLSX, posted once."""
        subscription = self._subscription()
        Subscription = self.env["slm.report.subscription"]
        with freeze_time("2026-04-02 06:00"):
            Subscription._cron_send_reports()
            Subscription._cron_send_reports()
        delivery = subscription.delivery_ids
        self.assertEqual((len(delivery), delivery.period, delivery.state), (1, "2026-03", "sent"))
        message = self._report_messages(self.sla)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.contact | self.manager.partner_id)
        self.assertEqual(
            sorted(message.attachment_ids.mapped("name")),
            [
                f"{self.sla.name.replace('/', '-')} 2026-03.pdf",
                f"{self.sla.name.replace('/', '-')} 2026-03.xlsx",
            ],
        )
        self.assertEqual(delivery.message_id, message)
        # Claimed already: a second run, or a concurrent one once the first commits, finds the key taken.
        self.assertFalse(subscription._slm_claim(self.sla, "2026-03"))

    def test_02_every_sla_of_a_customer(self):
        """A customer's subscription reports on each of its SLAs in force in the period, not the others."""
        subscription = self._subscription(
            agreement_id=False, partner_id=self.customer.id, period_kind="quarter"
        )
        with freeze_time("2026-04-02 06:00"):
            self.env["slm.report.subscription"]._cron_send_reports()
        self.assertEqual(subscription.delivery_ids.agreement_id, self.sla)
        self.assertEqual(subscription.delivery_ids.period, "2026-Q1")

    def test_03_one_failure_does_not_stop_the_others(self):
        """A report that cannot be sent is recorded as failed; the next subscription is served."""
        failing, working = self._subscription(name="Failing"), self._subscription(name="Working")
        original = SlmReportSubscription._slm_post

        def post(subscription, report):
            if subscription.name == "Failing":
                raise ConnectionRefusedError("The mail server refused the message")
            return original(subscription, report)

        with freeze_time("2026-04-02 06:00"), patch.object(SlmReportSubscription, "_slm_post", post):
            self.env["slm.report.subscription"]._cron_send_reports()
        self.assertEqual((failing.delivery_ids.state, working.delivery_ids.state), ("failed", "sent"))
        self.assertIn("refused", failing.delivery_ids.error)
        self.assertEqual(len(self._report_messages(self.sla)), 1)

    def test_04_send_now_and_rights(self):
        """A manager sends a chosen period again; a service level user cannot; nobody writes deliveries."""
        subscription = self._subscription()
        with freeze_time("2026-04-02 06:00"):
            self.env["slm.report.subscription"]._cron_send_reports()
        wizard = (
            self.env["slm.report.send"]
            .with_user(self.manager)
            .create({"subscription_id": subscription.id, "day": date(2026, 3, 5)})
        )
        wizard.action_send()
        self.assertEqual(len(subscription.delivery_ids), 1)
        self.assertEqual(len(self._report_messages(self.sla)), 2)
        with self.assertRaises(AccessError):
            subscription.with_user(self.reader)._slm_send_now(datetime(2026, 3, 5))
        with self.assertRaises(AccessError):
            subscription.delivery_ids.with_user(self.manager).write({"state": "failed"})
        with self.assertRaises(UserError):
            self.env["slm.report.send"].with_user(self.manager).create(
                {"subscription_id": subscription.id, "day": date(2024, 3, 5)}
            ).action_send()

    def test_05_bad_input(self):
        """A subscription names one agreement or one customer, and someone to send to."""
        with self.assertRaises(ValidationError):
            self._subscription(agreement_id=False)
        with self.assertRaises(ValidationError):
            self._subscription(partner_id=self.customer.id)
        with self.assertRaises(ValidationError):
            self._subscription(recipient_partner_ids=[], recipient_user_ids=[])

    def test_06_a_recipient_without_address(self):
        """A recipient who cannot be mailed does not keep the report from the others."""
        nobody = self.env["res.partner"].create({"name": "No address", "parent_id": self.customer.id})
        subscription = self._subscription(recipient_partner_ids=[(6, 0, (self.contact | nobody).ids)])
        with freeze_time("2026-04-02 06:00"):
            self.env["slm.report.subscription"]._cron_send_reports()
        self.assertEqual(subscription.delivery_ids.state, "sent")
        notifications = self.env["mail.notification"].search(
            [("mail_message_id", "=", subscription.delivery_ids.message_id.id)]
        )
        # Queued one mail per recipient: the mail queue fails the one without address on its own.
        by_partner = {n.res_partner_id: n for n in notifications}
        self.assertEqual(set(by_partner), {self.contact, nobody, self.manager.partner_id})
        self.assertEqual(by_partner[self.contact].notification_status, "ready")
