# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import activate


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """The screens people use, driven in a browser as each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(cls.env, "tour_agent", groups="helpdesk_mgmt.group_helpdesk_user")
        cls.manager = new_test_user(
            cls.env,
            "tour_manager",
            groups="service_catalog.group_slm_manager,helpdesk_mgmt.group_helpdesk_user",
            email="manager@example.com",
        )
        cls.approver = new_test_user(cls.env, "tour_approver", groups="service_catalog.group_slm_approver")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Riverside Hospital", "is_company": True, "email": "it@riverside.example.com"}
        )
        cls.service = cls.env["slm.service"].create(
            {"name": "Hospital E-mail", "state": "live", "slm_stop_at_notification": True}
        )
        cls.sla = cls.env["slm.agreement"].create(
            {
                "title": "Riverside",
                "level": "customer",
                "partner_id": cls.customer.id,
                "state": "active",
                "date_start": date(2020, 1, 1),
                "user_id": cls.manager.id,
                "target_ids": [
                    (0, 0, {"metric": "response", "value": 2, "calendar_mode": "always"}),
                    (0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"}),
                ],
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Mail to the wards arrives late",
                "description": "Since this morning",
                "partner_id": cls.customer.id,
                "user_id": cls.agent.id,
                "stage_id": cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id,
            }
        )

    def _clocks(self, metric):
        return self.ticket.slm_clock_ids.filtered(lambda c: c.metric == metric and c.status != "cancelled")

    def test_01_agent_works_a_ticket(self):
        """An agent without service level rights takes a ticket nobody answered yet, pauses, resumes and
        answers it; the clocks follow."""
        self.start_tour("/odoo/helpdesk-tickets", "slm_agent_ticket_tour", login="tour_agent")
        resolution, response = self._clocks("resolution"), self._clocks("response")
        self.assertEqual(resolution.event_ids.mapped("kind"), ["pause", "resume"])
        self.assertTrue(response.reached_date)

    def test_02_revision_proposed_and_approved(self):
        """A manager proposes new terms, replays them, submits; an approver approves them in the chatter."""
        self.start_tour(
            f"/odoo/slm.agreement/{self.sla.id}", "slm_propose_revision_tour", login="tour_manager"
        )
        proposal = self.sla.proposal_ids
        self.assertEqual((proposal.state, self.sla.target_ids.mapped("value")), ("to_approve", [2, 8]))
        self.start_tour(
            f"/odoo/slm.agreement/{proposal.id}", "slm_approve_revision_tour", login="tour_approver"
        )
        self.assertEqual(proposal.state, "applied")
        self.assertEqual(sorted(self.sla.target_ids.mapped("value")), [2, 4])
        self.assertEqual(proposal.review_ids.comment, "Agreed with the ward managers.")

    def test_03_agent_opens_and_closes_a_ticket(self):
        """An agent opens a ticket for a customer and service, records an outage, tells the customer, closes it."""
        self.start_tour("/odoo/helpdesk.ticket/new", "slm_agent_new_ticket_tour", login="tour_agent")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Mail stuck in the outbox")])
        self.assertEqual((ticket.slm_sla_id, ticket.service_id), (self.sla, self.service))
        self.assertTrue(ticket.customer_notified and ticket.outage_restored and ticket.is_outage)
        resolution = ticket.slm_clock_ids.filtered(lambda c: c.metric == "resolution")
        self.assertEqual((resolution.status, resolution.reached_date), ("met", ticket.customer_notified))

    def test_04_manager_drafts_an_sla_from_a_requirement(self):
        """From an approved requirement specification, a manager drafts the SLA it asks for."""
        requirement = self.env["slm.requirement"].create(
            {
                "partner_id": self.customer.id,
                "service_id": self.service.id,
                "availability_target": 99.9,
                "response_time": 0.5,
                "turnaround_time": 8,
            }
        )
        activate(requirement, self.approver)
        self.start_tour(f"/odoo/slm.requirement/{requirement.id}", "slm_draft_sla_tour", login="tour_manager")
        self.assertEqual(requirement.agreement_ids.state, "draft")

    def test_05_customer_sees_when_tickets_are_due(self):
        """A customer sees the hospital's open tickets on the portal with when each is due."""
        portal = new_test_user(self.env, "tour_customer", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        self.start_tour("/my/tickets", "slm_portal_tickets_tour", login="tour_customer")

    def test_06_manager_subscribes_a_customer_to_reports(self):
        """A manager subscribes the customer's contact to the monthly report and sends one now."""
        self.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": self.customer.id, "email": "li@example.com"}
        )
        self.start_tour(
            "/odoo/action-service_level_management.slm_report_subscription_action",
            "slm_report_subscription_tour",
            login="tour_manager",
        )
        delivery = self.env["slm.report.delivery"].search([("agreement_id", "=", self.sla.id)])
        self.assertEqual(delivery.state, "sent")
        self.assertTrue(delivery.message_id.attachment_ids)

    def test_07_customer_reads_its_agreement_on_the_portal(self):
        """A customer contact finds the SLA, its latest results and reports on the portal."""
        portal = new_test_user(self.env, "tour_portal_li", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        self.start_tour("/my", "slm_portal_agreements_tour", login="tour_portal_li")

    def test_08_agent_says_why_a_target_was_missed(self):
        """An agent without service level rights records why the ticket missed its target."""
        with freeze_time(datetime.now() - timedelta(days=2)):
            late = self.env["helpdesk.ticket"].create(
                {"name": "Wards cannot print", "description": "-", "partner_id": self.customer.id,
                 "user_id": self.agent.id}
            )  # fmt: skip
        late.slm_clock_ids._slm_evaluate()
        self.start_tour(f"/odoo/helpdesk.ticket/{late.id}", "slm_breach_reason_tour", login="tour_agent")
        clocks = late.slm_clock_ids.filtered(lambda c: c.status == "breached")
        self.assertEqual(set(clocks.mapped("breach_reason")), {"Two of us were on leave."})
        self.assertEqual(
            clocks.breach_reason_id, self.env.ref("service_level_management.breach_reason_staffing")
        )

    def test_09_review_prepared_approved_and_carried_out(self):
        """The manager prepares and submits the review, an approver approves it, the manager starts the
        improvement it decided and plans it."""
        with freeze_time(datetime.now() - timedelta(days=2)):
            late = self.env["helpdesk.ticket"].create(
                {"name": "Wards cannot print", "description": "-", "partner_id": self.customer.id}
            )
        late.slm_clock_ids._slm_evaluate()
        self.env["slm.measurement"]._slm_compute(self.sla, late.create_date)
        today = date.today()
        review = self.env["slm.review"].create(
            {"title": "Review after the printing incident", "date_from": today.replace(day=1) - timedelta(days=40),
             "date_to": today}
        )  # fmt: skip
        self.start_tour(f"/odoo/slm.review/{review.id}", "slm_review_tour", login="tour_manager")
        self.assertEqual(review.state, "to_approve")
        self.start_tour(f"/odoo/slm.review/{review.id}", "slm_approve_review_tour", login="tour_approver")
        self.assertEqual(review.state, "approved")
        self.start_tour(f"/odoo/slm.review/{review.id}", "slm_improvement_tour", login="tour_manager")
        improvement = review.decision_ids.improvement_id
        self.assertEqual((improvement.state, improvement.origin, improvement.action_ids.user_id),
                         ("planned", "review", self.manager))  # fmt: skip
