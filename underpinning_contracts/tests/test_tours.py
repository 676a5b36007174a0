# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.service_catalog.tests.common import review


@tagged("post_install", "-at_install")
class TestUcTours(HttpCase):
    """Purchasing and agents work with UCs in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            "tour_uc_officer",
            groups="underpinning_contracts.group_uc_officer",
            email="buyer@example.com",
        )
        cls.manager = new_test_user(cls.env, "tour_uc_manager", groups="service_catalog.group_slm_manager")
        cls.agent = new_test_user(cls.env, "tour_uc_agent", groups="helpdesk_mgmt.group_helpdesk_user")
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
                "target_ids": [(0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"})],
            }
        )
        cls.env["product.product"].create(
            {"name": "Fibre line, monthly", "type": "service", "purchase_ok": True}
        )

    def _uc(self):
        return self.env["slm.agreement"].search(
            [("agreement_type", "=", "uc"), ("vendor_id", "=", self.vendor.id)]
        )

    def test_01_purchasing_drafts_submits_and_buys(self):
        """A purchasing officer records a signed UC, reviews it, and buys under it once in force."""
        self.start_tour(
            "/odoo/action-underpinning_contracts.slm_agreement_uc_action",
            "uc_purchasing_draft_tour",
            login="tour_uc_officer",
        )
        uc = self._uc()
        self.assertEqual(
            (uc.state, uc.signed_contract_name, uc.contract_value), ("to_approve", "contract.pdf", 12000)
        )
        self.assertEqual(uc.target_ids.supported_target_id, self.sla.target_ids)
        self.assertEqual((uc.fee_ids.quantity, uc.fee_ids.price_unit), (12, 1000))
        review(uc, self.manager)
        self.assertEqual(uc.state, "active")
        self.start_tour(f"/odoo/slm.agreement/{uc.id}", "uc_purchase_request_tour", login="tour_uc_officer")
        self.assertEqual(
            (uc.purchase_order_ids.state, uc.purchase_order_ids.partner_id), ("purchase", self.vendor)
        )

    def test_02_agent_escalates_to_the_vendor(self):
        """An agent without service level rights escalates a ticket to the vendor and records its resolution."""
        uc = self.env["slm.agreement"].create(
            {
                "title": "Fibre line",
                "agreement_type": "uc",
                "level": "service",
                "vendor_id": self.vendor.id,
                "service_ids": [(6, 0, self.service.ids)],
                "date_start": date(2020, 1, 1),
                "state": "active",
                "target_ids": [
                    (0, 0, {"metric": "resolution", "value": 4, "calendar_mode": "always",
                            "supported_target_id": self.sla.target_ids.id}),
                ],
            }
        )  # fmt: skip
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "No mail from outside",
                "description": "Line down",
                "partner_id": self.customer.id,
                "service_id": self.service.id,
                "user_id": self.agent.id,
            }
        )
        self.start_tour(
            f"/odoo/helpdesk.ticket/{ticket.id}", "uc_agent_escalation_tour", login="tour_uc_agent"
        )
        escalation = ticket.vendor_escalation_ids
        self.assertEqual((escalation.agreement_id, escalation.vendor_reference), (uc, "NL-77"))
        self.assertTrue(escalation.responded_date and escalation.resolved_date)
        self.assertEqual(escalation.clock_ids.status, "met")
