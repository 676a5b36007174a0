# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.service_level_management.tests.common import activate, propose

SIGNED = base64.b64encode(b"%PDF-1.4 signed")


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 08:00:00")  # a Monday, within the UCs' validity
class TestUnderpinningContract(TransactionCase):
    """Underpinning contracts with vendors: strictness, approval, purchasing, escalations, credits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.officer = new_test_user(
            cls.env,
            "uc_test_officer",
            groups="underpinning_contracts.group_uc_officer",
            email="buyer@example.com",
        )
        cls.manager = new_test_user(
            cls.env, "uc_test_manager", groups="service_catalog.group_slm_manager", email="slm@example.com"
        )
        cls.approver = new_test_user(cls.env, "uc_test_approver", groups="service_catalog.group_slm_approver")
        cls.agent = new_test_user(cls.env, "uc_test_agent", groups="helpdesk_mgmt.group_helpdesk_user")
        Calendar = cls.env["resource.calendar"]
        cls.brussels = Calendar.create({"name": "Brussels office", "tz": "Europe/Brussels"})
        cls.new_york = Calendar.create({"name": "New York office", "tz": "America/New_York"})
        cls.customer = cls.env["res.partner"].create({"name": "Riverside Hospital", "is_company": True})
        cls.vendor = cls.env["res.partner"].create(
            {"name": "NorthLink Telecom", "is_company": True, "email": "noc@northlink.example.com"}
        )
        cls.service = cls.env["slm.service"].create({"name": "E-mail", "state": "live"})
        cls.sla = cls.env["slm.agreement"].create(
            {
                "title": "Riverside e-mail",
                "level": "service",
                "partner_id": cls.customer.id,
                "service_ids": [(6, 0, cls.service.ids)],
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [
                    (0, 0, {"metric": "response", "value": 2, "calendar_mode": "always"}),
                    (0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"}),
                ],
            }
        )
        cls.sla_resolution = cls.sla.target_ids.filtered(lambda t: t.metric == "resolution")
        cls.product = cls.env["product.product"].create(
            {"name": "Fibre line, monthly", "type": "service", "purchase_ok": True}
        )
        cls.open_stage = cls.env["helpdesk.ticket.stage"].create({"name": "In progress"})
        cls.done_stage = cls.env["helpdesk.ticket.stage"].create({"name": "Solved", "closed": True})

    def _uc(self, hours=4, **values):
        return (
            self.env["slm.agreement"]
            .with_user(self.officer)
            .create(
                {
                    "title": "Fibre line",
                    "agreement_type": "uc",
                    "level": "service",
                    "vendor_id": self.vendor.id,
                    "service_ids": [(6, 0, self.service.ids)],
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "contract_value": 12000,
                    "signed_contract": SIGNED,
                    "fee_ids": [(0, 0, {"product_id": self.product.id, "quantity": 12, "price_unit": 1000})],
                    "target_ids": [
                        (0, 0, {"metric": "resolution", "value": hours, "calendar_mode": "always",
                                "supported_target_id": self.sla_resolution.id}),
                    ],
                    **values,
                }
            )
        )  # fmt: skip

    def _review(self, agreement):
        """Purchasing and the service level manager approve ``agreement``."""
        agreement.with_user(self.officer).action_request_approval()
        for reviewer in (self.officer, self.manager):
            action = agreement.with_user(reviewer).validate_tier()
            if isinstance(action, dict):
                self.env["comment.wizard"].with_user(reviewer).with_context(**action["context"]).create(
                    {"comment": "Checked"}
                ).add_comment()
        return agreement

    def _activate(self, uc):
        self.assertEqual(self._review(uc).state, "active")
        return uc

    def _ticket(self, **values):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "No mail from outside",
                    "description": "Line down",
                    "partner_id": self.customer.id,
                    "service_id": self.service.id,
                    "stage_id": self.open_stage.id,
                    **values,
                }
            )
        )

    def test_01_weaker_uc_refused_with_counterexample(self):
        """A UC target weaker than the SLA target it backs is refused, with the ticket that proves it."""
        with self.assertRaises(ValidationError) as error:
            self._uc(hours=9)
        self.assertRegex(str(error.exception), r"for a ticket opened .* it is due")
        # The vendor's office hours in New York cannot back an 8-hour SLA around the clock.
        with self.assertRaises(ValidationError):
            self._uc(
                hours=2,
                target_ids=[
                    (0, 0, {"metric": "resolution", "value": 2, "calendar_mode": "custom",
                            "calendar_id": self.new_york.id, "supported_target_id": self.sla_resolution.id})
                ],
            )  # fmt: skip
        uc = self._uc(hours=4)
        self.assertTrue(uc.name.startswith("UC/2026/"))

    def test_02_review_and_signed_contract(self):
        """Purchasing and the service level manager review a UC; it is submitted signed; officers change UCs only."""
        uc = self._uc(signed_contract=False)
        with self.assertRaises(UserError) as error:
            uc.with_user(self.officer).action_request_approval()
        self.assertIn("signed contract", str(error.exception))
        uc.with_user(self.officer).write({"signed_contract": SIGNED, "signed_contract_name": "contract.pdf"})
        self._activate(uc)
        reviewers = uc.review_ids.mapped("reviewer_ids")
        self.assertIn(self.officer, reviewers)
        self.assertIn(self.manager, reviewers)
        self.assertNotIn(self.approver, reviewers)
        with self.assertRaises(AccessError):
            self.sla.with_user(self.officer).write({"user_id": self.officer.id})
        with self.assertRaises(UserError):
            uc.with_user(self.officer).write({"signed_contract": base64.b64encode(b"%PDF-1.4 other")})
        # An amendment signed comes with the revision, and replaces the contract once approved.
        proposal = propose(uc, self.officer, reason="Amendment 1")
        proposal.write(
            {"signed_contract": base64.b64encode(b"%PDF-1.4 amended"), "signed_contract_name": "a1.pdf"}
        )
        self._review(proposal)
        self.assertEqual((proposal.state, uc.signed_contract_name), ("applied", "a1.pdf"))

    def test_10_printed_as_qr_14_05(self):
        """A UC prints as record QR-14-05 between the provider and the vendor, with its value and fees."""
        uc = self._activate(self._uc(notice_days=90))
        html = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render_qweb_html("service_level_management.report_agreement", uc.ids)[0]
            .decode()
        )
        for text in ("QR-14-05", "NorthLink Telecom", "Fibre line, monthly", "90", "Signature"):
            self.assertIn(text, html)

    def test_03_expiry_reminder_once(self):
        """The owner is reminded once, the configured number of days before the end."""
        uc = self._activate(self._uc(reminder_days=30, user_id=self.officer.id))
        Agreement = self.env["slm.agreement"]
        with freeze_time("2026-11-30"):
            self.assertFalse(Agreement._cron_remind_expiry())
        with freeze_time("2026-12-01"):
            self.assertEqual(Agreement._cron_remind_expiry(), uc)
            self.assertFalse(Agreement._cron_remind_expiry())
        activity = uc.activity_ids.filtered(lambda a: "renew or cancel" in a.summary)
        self.assertEqual((len(activity), activity.user_id), (1, self.officer))

    def test_04_renewal_keeps_history(self):
        """Renewing makes the next UC, a draft to approve, from the day after; the first one stays."""
        uc = self._activate(self._uc())
        action = uc.with_user(self.officer).action_renew()
        renewal = self.env["slm.agreement"].browse(action["res_id"])
        self.assertEqual(
            (renewal.state, renewal.renewal_of_id, renewal.date_start), ("draft", uc, date(2027, 1, 1))
        )
        self.assertEqual(renewal.date_end, date(2027, 12, 31))
        self.assertEqual(renewal.target_ids.supported_target_id, self.sla_resolution)
        self.assertEqual(uc.state, "active")
        with self.assertRaises(UserError):
            uc.with_user(self.officer).action_renew()
        # Which UC a renewal renews, and when its owner was reminded, are the system's to write.
        for vals in ({"renewal_of_id": False}, {"reminded_date": date(2026, 1, 1)}):
            with self.assertRaises(UserError):
                renewal.with_user(self.officer).write(vals)
        self.assertEqual((renewal.renewal_of_id, renewal.reminded_date), (uc, False))

    def test_05_purchase_request_bills_and_spend(self):
        """A purchase request makes a draft RFQ with the fees; its bills carry the UC and count as spend."""
        uc = self._activate(self._uc())
        order = self.env["purchase.order"].browse(
            uc.with_user(self.officer).action_purchase_request()["res_id"]
        )
        self.assertEqual((order.state, order.partner_id, order.uc_id), ("draft", self.vendor, uc))
        self.assertEqual((order.order_line.product_qty, order.order_line.price_unit), (12, 1000))
        self.assertEqual(order.uc_sla_ids, self.sla)
        order.button_confirm()
        order.order_line.qty_received = 1
        order.action_create_invoice()
        bill = order.invoice_ids
        self.assertEqual(bill.uc_id, uc)
        bill.invoice_date = fields.Date.context_today(bill)
        bill.invoice_line_ids.write({"quantity": 2})
        bill.action_post()
        uc.invalidate_recordset(["spend_this_year"])
        self.assertEqual((uc.purchase_order_count, uc.bill_count, uc.spend_this_year), (1, 1, 2000))
        self.assertEqual(self.vendor.with_user(self.officer).uc_count, 1)

    def test_06_escalation_and_attribution(self):
        """Escalated tickets start the UC's clocks; an SLA breach while the vendor was late is the vendor's."""
        sla_response = self.sla.target_ids.filtered(lambda t: t.metric == "response")
        uc = self._uc(hours=4)
        uc.write({"target_ids": [(0, 0, {"metric": "response", "value": 1, "calendar_mode": "always",
                                         "supported_target_id": sla_response.id})]})  # fmt: skip
        self._activate(uc)
        late, ours = self._ticket(), self._ticket()
        start = min(late.sudo().slm_clock_ids.mapped("start_date"))
        Escalation = self.env["slm.vendor.escalation"].with_user(self.agent)
        for ticket in (late, ours):
            self.assertEqual(ticket._slm_vendor_candidates(), uc)
            with freeze_time(start + timedelta(hours=1)):
                wizard = (
                    self.env["slm.vendor.escalate"]
                    .with_user(self.agent)
                    .create({"ticket_id": ticket.id, "vendor_reference": "NL-1"})
                )
                self.assertEqual(wizard.agreement_id, uc)
                wizard.action_escalate()
        escalation = Escalation.search([("ticket_id", "=", late.id)])
        clocks = escalation.sudo().clock_ids
        clock, response = (clocks.filtered(lambda c, m=m: c.metric == m) for m in ("resolution", "response"))
        self.assertEqual((clock.start_date, clock.target_hours), (start + timedelta(hours=1), 4))
        mail = late.message_ids.filtered(lambda m: self.vendor in m.partner_ids)
        self.assertIn("NL-1", mail.body)
        # The vendor answers at once, then resolves late (6 h after the escalation) on one ticket, in time on
        # the other.
        with freeze_time(start + timedelta(hours=1, minutes=5)):
            late.with_user(self.agent).action_slm_vendor_responded()
        self.assertTrue(late.vendor_pending)
        self.assertFalse(late.vendor_answer_pending)
        self.assertEqual(
            (response.status, response.reached_date), ("met", start + timedelta(hours=1, minutes=5))
        )
        with freeze_time(start + timedelta(hours=7)):
            escalation.action_vendor_resolved()
        with freeze_time(start + timedelta(hours=2)):
            Escalation.search([("ticket_id", "=", ours.id)]).action_vendor_resolved()
        for ticket in (late, ours):
            with freeze_time(start + timedelta(hours=9)):
                ticket.stage_id = self.done_stage
        resolution = late.sudo().slm_clock_ids.filtered(
            lambda c: c.agreement_type == "sla" and c.metric == "resolution"
        )
        self.assertEqual((resolution.status, resolution.breach_cause), ("breached", "uc"))
        self.assertEqual(resolution.breach_vendor_id, self.vendor)
        self.assertEqual(
            (clock.status, clock.breach_cause, clock.breach_vendor_id), ("breached", "uc", self.vendor)
        )
        # The SLA's service report puts the breach down to the vendor, by name.
        report = self.env["slm.service.report"]._slm_get(self.sla, "month", start)
        self.assertIn(("UC Vendor", "NorthLink Telecom", 1), report._slm_report_data()["causes"])
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "service_level_management.action_report_service_report_xlsx", report.ids, {}
        )
        clocks = openpyxl.load_workbook(io.BytesIO(content))["Clocks"]
        self.assertIn("NorthLink Telecom", [row[10].value for row in clocks.iter_rows(min_row=2)])
        # The management review counts the vendor's breaches apart, with the vendor.
        day = start.date()
        review = (
            self.env["slm.review"]
            .with_user(self.manager)
            .create({"title": "After the line outage", "date_from": day, "date_to": day + timedelta(days=1)})
        )
        review.action_refresh()
        by_vendor = review.breach_line_ids.filtered(
            lambda line: line.cause == "uc" and line.partner_id == self.vendor
        )
        self.assertEqual(sum(by_vendor.mapped("count")), 2)  # the SLA clock and the UC's own
        ours_resolution = ours.sudo().slm_clock_ids.filtered(
            lambda c: c.agreement_type == "sla" and c.metric == "resolution"
        )
        self.assertEqual((ours_resolution.status, ours_resolution.breach_cause), ("breached", "internal"))
        with self.assertRaises(AccessError):
            uc.with_user(self.agent).write({"title": "Changed by an agent"})
        # Only under a UC in force for the ticket: a draft sent by hand is refused.
        draft = self._uc(title="Not signed yet")
        wizard = (
            self.env["slm.vendor.escalate"]
            .with_user(self.agent)
            .create({"ticket_id": self._ticket().id, "agreement_id": draft.id})
        )
        with self.assertRaises(UserError):
            wizard.action_escalate()

    def test_07_credit_note_once_and_draft(self):
        """Missed targets with a credit are proposed as one draft credit note per period, capped, once."""
        uc = self._uc(hours=4)
        uc.target_ids.write({"credit_type": "fixed", "credit_value": 300, "credit_cap": 500})
        self._activate(uc)
        for _ in range(3):
            ticket = self._ticket()
            opened = min(ticket.sudo().slm_clock_ids.mapped("start_date"))
            with freeze_time(opened):
                self.env["slm.vendor.escalation"].with_user(self.agent)._slm_escalate(ticket, uc, "late")
            with freeze_time(opened + timedelta(hours=5)):
                ticket.vendor_escalation_ids.with_user(self.agent).action_vendor_resolved()
        Credit = self.env["slm.uc.credit"]
        month_after = datetime.now(UTC) + timedelta(days=32)
        credit = Credit._slm_propose(uc, month_after)
        self.assertEqual(credit.amount, 500)  # three breaches at 300, capped at 500
        self.assertEqual((credit.move_id.move_type, credit.move_id.state), ("in_refund", "draft"))
        self.assertEqual(credit.move_id.amount_untaxed, 500)
        self.assertEqual(credit.move_id.uc_id, uc)
        self.assertFalse(Credit._slm_propose(uc, month_after))
        # Credits and fees are terms: they change by an approved revision, which shows them changed.
        with self.assertRaises(UserError):
            uc.fee_ids.with_user(self.officer).write({"price_unit": 900})
        proposal = propose(uc, self.officer, reason="Credit as a share of the fee")
        proposal.target_ids.write({"credit_type": "percent", "credit_value": 10, "credit_cap": 0})
        proposal.fee_ids.write({"price_unit": 900})
        self._review(proposal)
        self.assertEqual(proposal.state, "applied")
        self.assertEqual((uc.target_ids.credit_type, uc.fee_ids.price_unit), ("percent", 900))
        diff = uc.revision_ids[:1].diff
        self.assertIn("10 % of the period", diff)
        self.assertIn("12 × 900", diff)
        # The percentage of the period's fee: 10 % of a month of a 12,000 a year contract.
        measurement = self.env["slm.measurement"].search([("agreement_id", "=", uc.id)], limit=1)
        [(_description, amount)] = Credit._slm_credit_lines(uc, measurement)
        days = (measurement.date_end - measurement.date_start).days
        self.assertAlmostEqual(amount, 12000 * days / 365 * 0.10, places=0)

    def test_08_sla_changes_reach_the_vendors(self):
        """A revised, signed or terminated SLA gives each UC behind it "revision needed" and an activity."""
        uc = self._activate(self._uc(hours=4, user_id=self.officer.id))
        proposal = propose(self.sla, self.manager)
        proposal.target_ids.filtered(lambda t: t.metric == "resolution").value = 3
        activate(proposal, self.approver)
        self.assertTrue(uc.revision_needed)
        self.assertTrue(uc.activity_ids.filtered(lambda a: a.user_id == self.officer))
        self.assertIn("too weak", uc.message_ids[0].body)
        wizard = (
            self.env["slm.agreement.terminate"]
            .with_user(self.manager)
            .create({"agreement_id": self.sla.id, "reason": "Contract ended"})
        )
        wizard.action_terminate()
        self.assertTrue(uc.activity_ids.filtered(lambda a: "terminated" in a.summary))

    def test_09_bad_input(self):
        """Impossible contracts and bills are refused with clear errors and nothing is written."""
        Agreement = self.env["slm.agreement"].with_user(self.officer)
        with self.assertRaises(ValidationError):
            self._uc(date_end=date(2025, 12, 31))
        with self.assertRaises(ValidationError):
            Agreement.create({"title": "No vendor", "agreement_type": "uc", "level": "service"})
        with self.assertRaises(ValidationError):
            self._uc(contract_value=-1)
        with self.assertRaises(ValidationError):
            self._uc(fee_ids=[(0, 0, {"product_id": self.product.id, "quantity": 1, "price_unit": -5})])
        uc = self._uc()
        with self.assertRaises(ValidationError):
            uc.target_ids.write({"credit_type": "fixed", "credit_value": -10})
        other = self.env["res.partner"].create({"name": "Other vendor", "is_company": True})
        with self.assertRaises(ValidationError):
            self.env["account.move"].create(
                {"move_type": "in_invoice", "partner_id": other.id, "uc_id": uc.id}
            )
        company = self.env["res.company"].create({"name": "Other company"})
        with self.assertRaises(UserError):
            self.env["account.move"].create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.vendor.id,
                    "uc_id": uc.id,
                    "company_id": company.id,
                }
            )
        self.assertFalse(Agreement.search([("title", "=", "No vendor")]))
        self.assertFalse(self.env["account.move"].search([("uc_id", "=", uc.id)]))
