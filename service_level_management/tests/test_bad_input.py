# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re
from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import activate, propose

CJK = re.compile(r"[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestBadInput(TransactionCase):
    """Bad input, sent as the person who would send it, is refused with a clear translated error and
    nothing is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search(
            [("name", "in", ["service_catalog", "service_level_management"])]
        )._update_translations(["zh_CN"])
        # As the web client sends it for these users: their language in the context.
        cls.env = cls.env(context=dict(cls.env.context, lang="zh_CN"))
        zh = {"lang": "zh_CN"}
        cls.agent = new_test_user(cls.env, "bad_agent", groups="helpdesk_mgmt.group_helpdesk_user", **zh)
        cls.manager = new_test_user(
            cls.env, "bad_manager", groups="service_catalog.group_slm_manager", email="bad@example.com", **zh
        )
        cls.approver = new_test_user(
            cls.env, "bad_approver", groups="service_catalog.group_slm_approver", **zh
        )
        cls.customer = cls.env["res.partner"].create({"name": "Riverside Hospital", "is_company": True})
        cls.service = cls.env["slm.service"].create({"name": "E-mail", "state": "live"})
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Second line"})
        cls.stage = cls.env["helpdesk.ticket.stage"].create({"name": "In progress"})
        cls.sla = cls.env["slm.agreement"].create(
            {
                "title": "Riverside",
                "level": "customer",
                "partner_id": cls.customer.id,
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [(0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"})],
                "escalation_ids": [(0, 0, {"percent": 75})],
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Cannot send mail",
                "description": "Outbox stuck",
                "partner_id": cls.customer.id,
                "stage_id": cls.stage.id,
                "user_id": cls.agent.id,
            }
        )
        cls.clock = cls.ticket.slm_clock_ids[:1]

    def _draft(self, **values):
        return (
            self.env["slm.agreement"]
            .with_user(self.manager)
            .create({"title": "Draft", "level": "corporate", "date_start": date(2030, 1, 1), **values})
        )

    def _refused(self, call, exception=UserError, translated=True):
        """``call`` raises ``exception`` with a message in the user's language (Chinese here).

        A business error (``UserError``, ``ValidationError``) is expected unless an access error is named.
        """
        with self.assertRaises(exception) as caught:
            call()
        if exception is UserError:
            self.assertNotIsInstance(caught.exception, AccessError)
        message = str(caught.exception.args[0] if caught.exception.args else caught.exception)
        self.assertTrue(message.strip())
        self.assertNotIn("Traceback", message)
        if translated:
            self.assertRegex(message, CJK, f"not translated: {message}")
        return message

    def test_01_agents_on_evidence(self):
        """Clocks, their events and escalations, the SLA of a ticket and "customer told" are the system's."""
        clock = self.clock.with_user(self.agent)
        ticket = self.ticket.with_user(self.agent)
        cases = [
            lambda: clock.write({"status": "met"}),
            lambda: clock.write({"deadline": fields.Datetime.now() + timedelta(days=30)}),
            lambda: clock.unlink(),
            lambda: (
                self.env["slm.clock.event"]
                .with_user(self.agent)
                .create({"clock_id": clock.id, "kind": "pause", "date": datetime(2020, 1, 1)})
            ),
            lambda: (
                self.env["slm.clock.escalation"]
                .with_user(self.agent)
                .create({"clock_id": clock.id, "escalation_id": self.sla.escalation_ids.id})
            ),
            lambda: (
                self.env["slm.clock"]
                .with_user(self.agent)
                .create(
                    {"ticket_id": ticket.id, "agreement_id": self.sla.id, "name": "x", "metric": "response"}
                )
            ),
        ]
        for call in cases:
            self._refused(call, AccessError, translated=False)
        self._refused(lambda: ticket.write({"slm_sla_id": False}), AccessError)
        self._refused(lambda: ticket.write({"customer_notified": fields.Datetime.now()}), AccessError)
        self.assertEqual((self.clock.status, len(self.clock.event_ids)), ("ongoing", 0))
        self.assertEqual(self.ticket.slm_sla_id, self.sla)

    def test_02_managers_on_agreements_in_force(self):
        """The terms, state, revision and history of an agreement in force are not edited by hand."""
        sla = self.sla.with_user(self.manager)
        cases = [
            lambda: sla.write({"title": "Looser"}),
            lambda: sla.write({"response_ends": "assignment"}),
            lambda: sla.write({"agreement_type": "ola"}),
            lambda: sla.write({"date_end": date(2020, 6, 30)}),
            lambda: sla.write({"target_ids": [(1, sla.target_ids.id, {"value": 80})]}),
            lambda: sla.target_ids.write({"value": 80}),
            lambda: sla.target_ids.unlink(),
            lambda: sla.escalation_ids.write({"percent": 100}),
            lambda: self.env["slm.escalation"].with_user(self.manager).create({"agreement_id": sla.id}),
            lambda: sla.write({"state": "draft"}),
            lambda: sla.write({"revision": 7}),
            lambda: sla.write({"revision_needed": True}),
            lambda: sla.action_back_to_draft(),
            lambda: sla.action_request_approval(),
            lambda: sla.unlink(),
        ]
        for call in cases:
            self._refused(call)
        self._refused(
            lambda: (
                self.env["slm.measurement"]
                .with_user(self.manager)
                .create(
                    {
                        "agreement_id": sla.id,
                        "target_id": sla.target_ids.id,
                        "period": "2026-01",
                        "date_start": datetime(2026, 1, 1),
                        "date_end": datetime(2026, 2, 1),
                        "value": 100,
                    }
                )
            ),
            AccessError,
            translated=False,
        )
        self._refused(
            lambda: (
                self.env["slm.agreement.revision"]
                .with_user(self.manager)
                .create({"agreement_id": sla.id, "version": 3, "description": "forged"})
            ),
            AccessError,
            translated=False,
        )
        self.assertEqual(
            (self.sla.title, self.sla.state, self.sla.revision, self.sla.target_ids.value),
            ("Riverside", "active", 0, 8),
        )

    def test_03_impossible_terms(self):
        """Impossible values, missing parties and loops in the terms of a draft."""
        manager = self.env["slm.agreement"].with_user(self.manager)
        target = {"metric": "resolution", "value": 8, "calendar_mode": "always"}
        cases = [
            lambda: self._draft(target_ids=[(0, 0, {**target, "metric": "availability", "value": 100.5})]),
            lambda: self._draft(target_ids=[(0, 0, {**target, "value": 0})]),
            lambda: self._draft(target_ids=[(0, 0, {**target, "warning_percent": 120})]),
            lambda: self._draft(target_ids=[(0, 0, {**target, "unit": "count"})]),
            lambda: self._draft(target_ids=[(0, 0, {**target, "calendar_mode": "custom"})]),
            lambda: self._draft(date_end=date(2029, 12, 31)),
            lambda: manager.create({"title": "OLA", "agreement_type": "ola", "level": "service"}),
            lambda: manager.create(
                {"title": "Service SLA", "level": "service", "partner_id": self.customer.id}
            ),
            lambda: manager.create({"title": "Customer SLA", "level": "customer"}),
            lambda: self._draft(escalation_ids=[(0, 0, {"percent": 0})]),
            lambda: self._draft(escalation_ids=[(0, 0, {"percent": 75, "recipient": "customer"})]),
            lambda: self._draft(
                escalation_ids=[
                    (
                        0,
                        0,
                        {
                            "percent": 75,
                            "action": "email",
                            "mail_template_id": self.env.ref(
                                "service_level_management.mail_template_agreement_revised"
                            ).id,
                        },
                    )
                ]
            ),
            lambda: self._draft(target_ids=False).action_request_approval(),
            lambda: self._draft(
                target_ids=[(0, 0, {**target, "calendar_mode": "support"})]
            ).action_request_approval(),
        ]
        for call in cases:
            self._refused(call)
        draft = self._draft()
        self._refused(lambda: draft.write({"parent_id": draft.id}))
        self.assertFalse(manager.search([("title", "in", ["OLA", "Service SLA", "Customer SLA"])]))

    def test_04_weaker_than_what_it_backs(self):
        """An OLA weaker than its SLA, or a child looser than its parent, says when it would be late."""
        ola = {
            "title": "Second line",
            "agreement_type": "ola",
            "level": "service",
            "team_id": self.team.id,
            "service_ids": [(6, 0, self.service.ids)],
        }
        message = self._refused(
            lambda: self._draft(
                **ola,
                target_ids=[
                    (
                        0,
                        0,
                        {
                            "metric": "resolution",
                            "value": 9,
                            "calendar_mode": "always",
                            "supported_target_id": self.sla.target_ids.id,
                        },
                    )
                ],
            )
        )
        self.assertIn(self.sla.name, message)
        self._refused(
            lambda: self._draft(
                level="customer",
                partner_id=self.customer.id,
                parent_id=self.sla.id,
                target_ids=[(0, 0, {"metric": "resolution", "value": 10, "calendar_mode": "always"})],
            )
        )

    def test_05_proposals(self):
        """A revision with no reason, no change, or an instant in the past is not submitted."""
        proposal = propose(self.sla, self.manager, reason=" ")
        self._refused(proposal.action_request_approval)
        proposal.revision_reason = "Nothing really"
        self._refused(proposal.action_request_approval)
        proposal.target_ids.value = 6
        proposal.effective_date = fields.Datetime.now() - timedelta(days=3)
        self._refused(proposal.action_request_approval)
        self._refused(lambda: proposal.write({"revision_of_id": False}))
        self._refused(lambda: proposal.target_ids.write({"origin_target_id": False}))
        self.assertEqual((proposal.state, self.sla.target_ids.value), ("draft", 8))

    def test_06_tickets(self):
        """Instants of an outage that cannot be, from the agent's form."""
        ticket = self.ticket.with_user(self.agent)
        self._refused(
            lambda: ticket.write(
                {
                    "is_outage": True,
                    "outage_start": datetime(2026, 3, 2, 11),
                    "outage_restored": datetime(2026, 3, 2, 9),
                }
            )
        )
        self.assertFalse(self.ticket.is_outage)
        self._refused(lambda: self.ticket.with_user(self.agent).action_slm_recompute(), AccessError)

    def test_07_catalog_and_specifications(self):
        """Approved specifications are frozen; workdays and requirements keep to their ranges."""
        manager = self.env(user=self.manager)
        requirement = manager["slm.requirement"].create(
            {"partner_id": self.customer.id, "service_id": self.service.id}
        )
        activate(requirement, self.approver)
        spec = manager["slm.implementation.spec"].create(
            {"name": "Mail delivery", "service_id": self.service.id}
        )
        calendar = manager["resource.calendar"].sudo().create({"name": "Desk"})
        cases = [
            lambda: manager["slm.requirement"].create(
                {"partner_id": self.customer.id, "service_id": self.service.id, "availability_target": 120}
            ),
            lambda: manager["slm.requirement"].create(
                {
                    "partner_id": self.customer.id,
                    "service_id": self.service.id,
                    "availability_hours_per_day": 25,
                }
            ),
            lambda: requirement.write({"expectations": "<p>Changed after approval</p>"}),
            lambda: manager["slm.requirement.source"].create(
                {"requirement_id": requirement.id, "name": "Late minutes"}
            ),
            lambda: requirement.write({"state": "draft"}),
            lambda: spec.action_publish(),
            lambda: spec.write({"state": "published"}),
            lambda: spec.write({"version": 9}),
            lambda: manager["resource.calendar.workday"].create(
                {"calendar_id": calendar.id, "date": date(2026, 2, 14), "hour_from": 18, "hour_to": 9}
            ),
        ]
        for call in cases:
            self._refused(call)
        self.assertEqual((requirement.state, spec.state, spec.version), ("approved", "draft", 1))

    def test_08_deleting_a_timed_ticket(self):
        """A helpdesk manager cannot delete a ticket whose service levels were timed: its clocks are
        evidence; a ticket no agreement timed is deleted as before."""
        desk_manager = new_test_user(
            self.env, "bad_desk_manager", groups="helpdesk_mgmt.group_helpdesk_manager", lang="zh_CN"
        )
        clocks = self.ticket.slm_clock_ids
        message = self._refused(lambda: self.ticket.with_user(desk_manager).unlink())
        self.assertIn(self.ticket.display_name, message)
        self.assertTrue(self.ticket.exists())
        self.assertEqual(clocks.exists(), clocks)
        untimed = self.env["helpdesk.ticket"].create({"name": "Printer toner", "description": "Order toner"})
        self.assertFalse(untimed.slm_clock_ids)
        untimed.with_user(desk_manager).unlink()
        self.assertFalse(untimed.exists())

    def test_09_deleting_a_category_or_tag_of_a_target(self):
        """A ticket category or tag a target is set for is archived, not deleted: deleting it would widen
        the target to every ticket; one no target names is deleted as before."""
        desk_manager = new_test_user(
            self.env, "bad_tag_manager", groups="helpdesk_mgmt.group_helpdesk_manager", lang="zh_CN"
        )
        category = self.env["helpdesk.ticket.category"].create({"name": "Hardware"})
        tag, spare = self.env["helpdesk.ticket.tag"].create([{"name": "VIP"}, {"name": "Spare"}])
        target = self.sla.sudo().target_ids[:1]
        target.write({"category_id": category.id, "tag_ids": [(6, 0, tag.ids)]})
        for record in (category, tag):
            message = self._refused(lambda r=record: r.with_user(desk_manager).unlink())
            self.assertIn(record.display_name, message)
            self.assertTrue(record.exists())
        self.assertEqual((target.category_id, target.tag_ids), (category, tag))
        spare.with_user(desk_manager).unlink()
        self.assertFalse(spare.exists())
