# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import format_datetime

from .common import activate, propose


@tagged("post_install", "-at_install")
class TestTrust(TransactionCase):
    """Evidence is written by the system: what people cannot change, and what one bad record cannot stop."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.agent = new_test_user(cls.env, "trust_agent", groups="helpdesk_mgmt.group_helpdesk_user")
        cls.leader = new_test_user(
            cls.env, "trust_leader", groups="helpdesk_mgmt.group_helpdesk_user", tz="Asia/Shanghai"
        )
        cls.manager = new_test_user(
            cls.env, "trust_manager", groups="service_catalog.group_slm_manager", email="slm@example.com"
        )
        cls.approver = new_test_user(cls.env, "trust_approver", groups="service_catalog.group_slm_approver")
        cls.portal = new_test_user(cls.env, "trust_portal", groups="base.group_portal")
        cls.customer = cls.env["res.partner"].create({"name": "Riverside Hospital", "is_company": True})
        cls.portal.partner_id.parent_id = cls.customer
        cls.service = cls.env["slm.service"].create({"name": "E-mail", "state": "live"})
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Service desk", "user_id": cls.leader.id})
        cls.open_stage = cls.env["helpdesk.ticket.stage"].create({"name": "In progress"})
        cls.done_stage = cls.env["helpdesk.ticket.stage"].create({"name": "Solved", "closed": True})
        Agreement = cls.env["slm.agreement"]
        always = {"calendar_mode": "always"}
        cls.corporate = Agreement.create(
            {
                "title": "Corporate",
                "level": "corporate",
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [
                    (0, 0, {"metric": "response", "value": 4, **always}),
                    (0, 0, {"metric": "resolution", "value": 40, **always}),
                ],
            }
        )
        cls.sla = Agreement.create(
            {
                "title": "Riverside",
                "level": "customer",
                "partner_id": cls.customer.id,
                "parent_id": cls.corporate.id,
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [
                    (0, 0, {"metric": "response", "value": 1, "priority": "3", **always}),
                    (0, 0, {"metric": "resolution", "value": 8, **always}),
                ],
                "escalation_ids": [
                    (0, 0, {"percent": 150, "recipient": "team_leader", "action": "activity"}),
                ],
            }
        )

    def _ticket(self, **values):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Cannot send mail",
                "description": "Outbox stuck",
                "partner_id": self.customer.id,
                "team_id": self.team.id,
                "stage_id": self.open_stage.id,
                "priority": "1",
                **values,
            }
        )

    def _clock(self, ticket, metric="resolution"):
        return ticket.slm_clock_ids.filtered(lambda c: c.metric == metric and c.status != "cancelled")

    def test_01_agents_cannot_touch_clocks(self):
        """An agent reads the clocks of their tickets and cannot set, add to or pre-empt them."""
        ticket = self._ticket(user_id=self.agent.id).with_user(self.agent)
        clock = self._clock(ticket).with_user(self.agent)
        self.assertTrue(clock.deadline)
        with self.assertRaises(AccessError):
            clock.write({"status": "met"})
        with self.assertRaises(AccessError):
            self.env["slm.clock.event"].with_user(self.agent).create(
                {"clock_id": clock.id, "kind": "pause", "date": clock.start_date}
            )
        with self.assertRaises(AccessError):
            self.env["slm.clock.escalation"].with_user(self.agent).create(
                {"clock_id": clock.id, "escalation_id": self.sla.escalation_ids.id}
            )
        with self.assertRaises(AccessError):
            clock.unlink()
        self.assertEqual(clock.status, "ongoing")

    def test_02_no_context_key_opens_sudo(self):
        """Nobody subscribes a partner to an agreement they may not edit, whatever the context says; the
        customer's own contact may follow the SLA it reads on the portal, as any reader may."""
        for user in (self.portal, self.agent):
            as_user = self.sla.with_user(user).with_context(slm_reviewing=True)
            with self.assertRaises(AccessError):
                as_user.message_subscribe(partner_ids=self.customer.ids)
        self.assertFalse(
            self.sla.with_user(self.agent).message_subscribe(partner_ids=self.agent.partner_id.ids)
        )
        self.sla.with_user(self.portal).message_subscribe(partner_ids=self.portal.partner_id.ids)
        self.assertEqual(
            self.sla.message_partner_ids & (self.customer | self.portal.partner_id | self.agent.partner_id),
            self.portal.partner_id,
        )
        ticket = self._ticket()
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent).with_context(slm_skip=True).write({"slm_sla_id": self.corporate.id})

    def test_03_states_only_through_actions(self):
        """A draft cannot be made active, expired or published by writing its state; back to draft only from waiting."""
        draft = (
            self.env["slm.agreement"]
            .with_user(self.manager)
            .create({"title": "New", "level": "corporate", "date_start": date(2030, 1, 1)})
        )
        for state in ("expired", "active"):
            with self.assertRaises(UserError):
                draft.write({"state": state})
        with self.assertRaises(UserError):
            self.sla.with_user(self.manager).action_back_to_draft()
        with self.assertRaises(UserError):
            self.env["slm.agreement"].with_user(self.manager).create(
                {"title": "Born active", "level": "corporate", "state": "active"}
            )
        spec = (
            self.env["slm.implementation.spec"]
            .with_user(self.manager)
            .create({"name": "Mail delivery", "service_id": self.service.id})
        )
        with self.assertRaises(UserError):
            spec.write({"state": "published"})
        with self.assertRaises(UserError):
            spec.action_publish()
        self.assertEqual((draft.state, self.sla.state, spec.state), ("draft", "active", "draft"))

    def test_04_cron_skips_a_broken_schedule(self):
        """A clock on a schedule that lost its fixed hours is logged and marked; the others move on."""
        flexible = self.env["resource.calendar"].create({"name": "Flexible", "tz": "UTC"})
        good, bad = self._ticket(), self._ticket()
        broken = self._clock(bad)
        self.env.cr.execute("UPDATE slm_clock SET calendar_id = %s WHERE id = %s", (flexible.id, broken.id))
        flexible.flexible_hours = True
        broken.invalidate_recordset()
        start = self._clock(good).start_date
        with (
            freeze_time(start + timedelta(hours=9)),
            self.assertLogs("odoo.addons.service_level_management.models.slm_clock", "ERROR"),
        ):
            self.env["slm.clock"]._cron_update_clocks()
        self.assertEqual(self._clock(good).status, "breached")
        self.assertEqual(broken.status, "ongoing")
        self.assertIn("flexible hours", broken.evaluation_error)
        # Not tried again at every run.
        with freeze_time(start + timedelta(hours=10)):
            self.assertFalse(self.env["slm.clock"]._slm_lock_due(fields.Datetime.now(), 100)[0] & broken)

    def test_05_cron_isolates_failing_escalations(self):
        """An escalation that fails does not stop the batch; the rule over 100 % fires on breached clocks."""
        first, second = self._ticket(), self._ticket()
        start = self._clock(first).start_date
        failing = self._clock(second)
        original = type(self.env["slm.escalation"])._slm_fire

        def fire(rule, clock):
            if clock == failing:
                raise OSError("mail server down")
            return original(rule, clock)

        self.patch(type(self.env["slm.escalation"]), "_slm_fire", fire)
        with freeze_time(start + timedelta(hours=13)):
            self.env["slm.clock"]._cron_update_clocks()
        clock = self._clock(first)
        self.assertEqual(clock.status, "breached")
        self.assertEqual(clock.escalation_log_ids.escalation_id, self.sla.escalation_ids)
        self.assertFalse(failing.escalation_log_ids)
        self.assertIn("mail server down", failing.evaluation_error)
        activities = first.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertTrue(
            any(s.startswith("Resolution Time: 8 hours at 150 %") for s in activities.mapped("summary"))
        )

    def test_06_scope_changes_keep_breaches(self):
        """Lowering the priority never erases a breach; a closed ticket gets no new clocks."""
        ticket = self._ticket(priority="3")
        response = self._clock(ticket, "response")
        self.assertEqual(response.target_hours, 1)
        with freeze_time(response.start_date + timedelta(hours=2)):
            self.env["slm.clock"]._cron_update_clocks()
            ticket.with_user(self.agent).priority = "1"
        self.assertEqual(response.status, "breached")
        self.assertIn(response, ticket.slm_clock_ids.filtered(lambda c: c.status == "breached"))
        ticket.stage_id = self.done_stage
        count = len(ticket.slm_clock_ids)
        ticket.with_user(self.agent).priority = "3"
        self.assertEqual(len(ticket.slm_clock_ids), count)

    def test_07_only_agents_end_the_response(self):
        """The customer's own post, even from an internal account, does not end the response clock."""
        colleague = new_test_user(self.env, "trust_customer_employee", groups="base.group_user")
        colleague.partner_id.parent_id = self.customer
        ticket = self._ticket()
        ticket.message_subscribe(partner_ids=colleague.partner_id.ids)
        ticket.with_user(colleague).message_post(
            body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(self._clock(ticket, "response").reached_date)
        ticket.with_user(self.agent).message_post(
            body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(self._clock(ticket, "response").reached_date)

    def test_08_history_is_not_deleted_by_side_effects(self):
        """Schedules, rules and agreements that history points to are kept."""
        desk = self.env["resource.calendar"].create({"name": "Desk", "tz": "UTC"})
        other = self.env["res.partner"].create({"name": "Other Clinic", "is_company": True})
        agreement = self.env["slm.agreement"].create(
            {
                "title": "Other",
                "level": "customer",
                "partner_id": other.id,
                "state": "active",
                "support_calendar_id": desk.id,
                "date_start": date(2020, 1, 1),
                "target_ids": [(0, 0, {"metric": "resolution", "value": 8})],
            }
        )
        ticket = self._ticket(partner_id=other.id)
        self.assertEqual(self._clock(ticket).calendar_id, desk)
        with self.assertRaises(UserError):
            desk.unlink()
        with self.assertRaises(UserError):
            agreement.unlink()
        self.assertTrue(self._clock(ticket).calendar_id)

    def test_09_archived_things_stay_in_scope(self):
        """An archived service stays covered by its service SLA; an archived outage still counts."""
        service_sla = self.env["slm.agreement"].create(
            {
                "title": "Riverside e-mail",
                "level": "service",
                "partner_id": self.customer.id,
                "service_ids": [(6, 0, self.service.ids)],
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [
                    (0, 0, {"metric": "resolution", "value": 2, "calendar_mode": "always"}),
                    (0, 0, {"metric": "availability", "value": 99, "calendar_mode": "always"}),
                ],
            }
        )
        network = self.env["slm.service"].create({"name": "Network", "state": "live"})
        self.service.active = False
        self.assertEqual(self._ticket(service_id=network.id).slm_sla_id, self.sla)
        outage = self._ticket(
            service_id=self.service.id,
            is_outage=True,
            outage_start=datetime(2026, 3, 2, 9),
            outage_restored=datetime(2026, 3, 2, 11),
        )
        self.assertEqual(outage.slm_sla_id, service_sla)
        outage.active = False
        measurement = (
            self.env["slm.measurement"]
            ._slm_compute(service_sla, datetime(2026, 3, 15))
            .filtered(lambda m: m.metric == "availability")
        )
        self.assertEqual(measurement.downtime_hours, 2)

    def test_10_measure_now_is_complete_and_read_only(self):
        """ "Measure Now" counts every ticket whoever clicks; nobody edits the figures."""
        mine, theirs = self._ticket(user_id=self.agent.id), self._ticket()
        for ticket in mine | theirs:
            ticket.stage_id = self.done_stage
        own_agent = new_test_user(
            self.env,
            "trust_own_agent_manager",
            groups="helpdesk_mgmt.group_helpdesk_user_own,service_catalog.group_slm_manager",
        )
        action = self.sla.with_user(own_agent).action_compute_measurements()
        resolution = (
            self.env["slm.measurement"].search(action["domain"]).filtered(lambda m: m.metric == "resolution")
        )
        self.assertEqual(resolution.met_count, 2)
        with self.assertRaises(AccessError):
            resolution.with_user(self.manager).write({"value": 100})
        with self.assertRaises(AccessError):
            self.env["slm.agreement.revision"].with_user(self.manager).create(
                {"agreement_id": self.sla.id, "version": 9, "description": "forged"}
            )

    def test_11_inherited_targets_reach_every_ticket(self):
        """A Medium ticket of a customer whose SLA only sets Very High response still gets the corporate 4 h."""
        medium, urgent = self._ticket(priority="1"), self._ticket(priority="3")
        response = self._clock(medium, "response")
        self.assertEqual((response.target_hours, response.level), (4, "corporate"))
        self.assertEqual((response.agreement_id, response.target_agreement_id), (self.sla, self.corporate))
        self.assertEqual(self._clock(urgent, "response").target_hours, 1)
        self.assertEqual(self._clock(urgent, "response").level, "customer")
        # Measured for the customer's SLA, not for the corporate one.
        medium.with_user(self.agent).message_post(
            body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        figures = self.env["slm.measurement"]._slm_compute(self.sla, response.start_date)
        inherited = figures.filtered(lambda m: m.target_id == response.target_id)
        self.assertEqual((inherited.agreement_id, inherited.met_count), (self.sla, 1))

    def test_12_four_decimals_of_availability(self):
        """99.9986 % is stored and shown as such, not rounded up to a met 99.999 %."""
        target = self.sla.target_ids.browse()
        self.env.cr.execute("SELECT 1")  # the agreement is in force: a revision adds the target
        proposal = propose(self.sla, self.manager, reason="Availability committed")
        proposal.target_ids = [(0, 0, {"metric": "availability", "value": 99.999, "calendar_mode": "always"})]
        activate(proposal, self.approver)
        target = self.sla.target_ids.filtered(lambda t: t.metric == "availability")
        self.assertEqual(target.value, 99.999)
        # 37 s down in a 30-day month: 99.99857 %.
        self._ticket(
            is_outage=True,
            outage_start=datetime(2026, 4, 2, 9),
            outage_restored=datetime(2026, 4, 2, 9, 0, 37),
        )
        measurement = (
            self.env["slm.measurement"]
            ._slm_compute(self.sla, datetime(2026, 4, 15))
            .filtered(lambda m: m.target_id == target)
        )
        self.assertEqual(measurement.value, 99.9986)
        self.assertFalse(measurement.is_met)

    def test_13_ticket_created_when_a_schedule_has_no_time(self):
        """A schedule without working time does not stop a ticket from the mail gateway; it says why."""
        empty = self.env["resource.calendar"].create({"name": "Nobody works", "tz": "UTC"})
        other = self.env["res.partner"].create({"name": "Night Clinic", "is_company": True})
        self.env["slm.agreement"].create(
            {
                "title": "Night Clinic",
                "level": "customer",
                "partner_id": other.id,
                "state": "active",
                "support_calendar_id": empty.id,
                "date_start": date(2020, 1, 1),
                "target_ids": [(0, 0, {"metric": "resolution", "value": 8})],
            }
        )
        # Its hours were removed after the agreement was approved.
        empty.attendance_ids.unlink()
        with self.assertLogs("odoo.addons.service_level_management.models.slm_clock", "WARNING"):
            ticket = self._ticket(partner_id=other.id)
        self.assertTrue(ticket.exists())
        self.assertIn("did not start", ticket.message_ids[0].body)
        self.assertIn("Nobody works", ticket.message_ids[0].body)
        self.assertFalse(ticket.slm_clock_ids)

    def test_14_escalation_in_the_readers_time_zone(self):
        """The escalation names the deadline in its reader's time zone."""
        ticket = self._ticket()
        clock = self._clock(ticket)
        with freeze_time(clock.start_date + timedelta(hours=13)):
            self.env["slm.clock"]._cron_update_clocks()
        summary = ticket.activity_ids.filtered(
            lambda a: a.user_id == self.leader and "Resolution" in a.summary
        ).summary
        self.assertIn(format_datetime(self.env, clock.deadline, tz="Asia/Shanghai"), summary)
        self.assertNotIn(format_datetime(self.env, clock.deadline, tz="UTC"), summary)

    def test_15_revision_through_the_whatif(self):
        """A proposal replays the agreement's recent tickets under both terms and names those that change."""
        quick, slow = self._ticket(), self._ticket()
        start = self._clock(quick).start_date
        with freeze_time(start + timedelta(hours=3)):
            quick.stage_id = self.done_stage
        with freeze_time(start + timedelta(hours=6)):
            slow.stage_id = self.done_stage
        proposal = propose(self.sla, self.manager)
        proposal.target_ids.filtered(lambda t: t.metric == "resolution").value = 4
        with freeze_time(start + timedelta(hours=7)):
            proposal.with_user(self.manager).action_whatif()
        line = proposal.whatif_ids.filtered(lambda w: w.metric == "resolution")
        self.assertEqual((line.ticket_count, line.met_in_force, line.met_proposed), (2, 2, 1))
        self.assertEqual((line.rate_in_force, line.rate_proposed, line.changed_count), (100, 50, 1))
        changed = proposal.whatif_ticket_ids
        self.assertEqual(
            (changed.ticket_id, changed.outcome_in_force, changed.outcome_proposed), (slow, "met", "breached")
        )
        # People read the what-if; only the system writes it.
        with self.assertRaises(AccessError):
            line.with_user(self.manager).write({"met_proposed": 2})
        # Submitting replays it again, for the reviewers.
        with freeze_time(start + timedelta(hours=8)):
            proposal.with_user(self.manager).write(
                {"revision_reason": "Four hours for the wards", "effective_date": fields.Datetime.now()}
            )
            proposal.with_user(self.manager).action_request_approval()
        self.assertEqual(proposal.state, "to_approve")
        self.assertEqual(proposal.whatif_ids.filtered(lambda w: w.metric == "resolution").changed_count, 1)

    def test_16_bad_outage_and_notification_instants(self):
        """A service cannot come back before it went down, nor the customer be told in the future."""
        with self.assertRaises(ValidationError):
            self._ticket(
                is_outage=True, outage_start=datetime(2026, 3, 2, 11), outage_restored=datetime(2026, 3, 2, 9)
            )
        ticket = self._ticket()
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent).write(
                {"customer_notified": fields.Datetime.now() + timedelta(days=1)}
            )

    def test_17_events_of_one_second_keep_their_order(self):
        """Paused and resumed within one second (two clicks), a ticket's clocks run again."""
        ticket = self._ticket()
        waiting = self.env["helpdesk.ticket.stage"].create({"name": "Waiting", "slm_pause": True})
        with freeze_time(self._clock(ticket).start_date + timedelta(minutes=10)):
            ticket.with_user(self.agent).stage_id = waiting
            ticket.with_user(self.agent).stage_id = self.open_stage
        self.assertEqual(set(ticket.slm_clock_ids.mapped("status")), {"ongoing"})
        self.assertEqual(ticket.slm_status, "ongoing")

    def test_18_measuring_cron_isolates_agreements(self):
        """An agreement that cannot be measured is logged and skipped; the others are measured."""
        other = self.env["res.partner"].create({"name": "Other Clinic", "is_company": True})
        second = self.env["slm.agreement"].create(
            {
                "title": "Other",
                "level": "customer",
                "partner_id": other.id,
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [(0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"})],
            }
        )
        Measurement = type(self.env["slm.measurement"])
        original = Measurement._slm_values

        def values(measurement, agreement, target, start, end):
            if agreement == self.sla:
                raise ValueError("broken figures")
            return original(measurement, agreement, target, start, end)

        self.patch(Measurement, "_slm_values", values)
        with self.assertLogs("odoo.addons.service_level_management.models.slm_measurement", "ERROR"):
            self.env["slm.measurement"]._cron_measure()
        measured = self.env["slm.measurement"].search([]).agreement_id
        self.assertIn(second, measured)
        self.assertNotIn(self.sla, measured)

    def test_19_revision_cron_isolates_tickets(self):
        """A ticket that cannot follow revised terms is logged and unmarked; the others follow them."""
        good, bad = self._ticket(), self._ticket()
        Ticket = type(self.env["helpdesk.ticket"])
        original = Ticket._slm_follow_terms

        def follow(tickets, revised_at):
            if bad in tickets:
                raise ValueError("cannot follow")
            return original(tickets, revised_at)

        self.patch(Ticket, "_slm_follow_terms", follow)
        with freeze_time(self._clock(good).start_date + timedelta(hours=1)):
            proposal = propose(self.sla, self.manager)
            proposal.target_ids.filtered(lambda t: t.metric == "resolution").value = 6
            activate(proposal, self.approver)
            with self.assertLogs("odoo.addons.service_level_management.models.helpdesk_ticket", "ERROR"):
                self.env["helpdesk.ticket"]._cron_slm_follow_revisions()
        self.assertEqual(self._clock(good).target_hours, 6)
        self.assertEqual(self._clock(bad).target_hours, 8)
        self.assertFalse(any((good | bad).mapped("slm_revised_at")))

    def test_20_breach_cause_at_a_late_closing(self):
        """Closed late, both clocks breaching at once: the SLA breach is the OLA team's when its clock ran late."""
        self.env["slm.agreement"].create(
            {
                "title": "Service desk OLA",
                "agreement_type": "ola",
                "level": "service",
                "team_id": self.team.id,
                "service_ids": [(6, 0, self.service.ids)],
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [
                    (
                        0,
                        0,
                        {
                            "metric": "resolution",
                            "value": 6,
                            "calendar_mode": "always",
                            "supported_target_id": self.sla.target_ids.filtered(
                                lambda t: t.metric == "resolution"
                            ).id,
                        },
                    )
                ],
            }
        )
        late, quick = self._ticket(service_id=self.service.id), self._ticket(service_id=self.service.id)
        start = min(self._clock(late).mapped("start_date"))
        with freeze_time(start + timedelta(hours=5)):
            quick.stage_id = self.done_stage
        with freeze_time(start + timedelta(hours=9)):
            (late | quick).invalidate_recordset()
            late.stage_id = self.done_stage
        sla_clock = late.slm_clock_ids.filtered(
            lambda c: c.agreement_type == "sla" and c.metric == "resolution"
        )
        self.assertEqual((sla_clock.status, sla_clock.breach_cause), ("breached", "ola"))
        self.assertEqual(
            set(quick.slm_clock_ids.filtered(lambda c: c.metric == "resolution").mapped("status")), {"met"}
        )

    def test_21_parent_revision_reaches_inheriting_agreements(self):
        """A revised corporate target reaches the tickets of every agreement below it, however deep;
        what tickets get of an agreement is the system's to write."""
        for user in (self.manager, self.env.ref("base.user_admin")):
            with self.assertRaises(UserError):
                self.sla.with_user(user).write(
                    {"ticket_terms": {"service_ids": [], "targets": [], "rules": []}}
                )
        mail = self.env["slm.agreement"].create(
            {
                "title": "Riverside e-mail",
                "level": "service",
                "partner_id": self.customer.id,
                "parent_id": self.sla.id,
                "service_ids": [(6, 0, self.service.ids)],
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [(0, 0, {"metric": "resolution", "value": 6, "calendar_mode": "always"})],
            }
        )
        inherited = self._clock(self._ticket(service_id=self.service.id), "response")
        self.assertEqual((inherited.agreement_id, inherited.target_hours), (mail, 4))
        proposal = propose(self.corporate, self.manager)
        proposal.target_ids.filtered(lambda t: t.metric == "response").value = 2
        activate(proposal, self.approver)
        self.assertEqual(proposal.state, "applied")
        response = self._clock(self._ticket(service_id=self.service.id), "response")
        self.assertEqual(
            (response.agreement_id, response.target_agreement_id, response.target_hours),
            (mail, self.corporate, 2),
        )
        self.assertEqual(
            sorted(
                (t["metric"], t["priority"] or "", t["target_hours"])
                for t in mail.sudo().ticket_terms["targets"]
            ),
            [("resolution", "", 6), ("response", "", 2), ("response", "3", 1)],
        )

    def test_22_ticket_summary_is_the_clocks(self):
        """What a ticket says of its clocks (worst status, due by, awaiting a response) is theirs: an
        agent neither writes it nor creates a ticket with another."""
        ticket = self._ticket().with_user(self.agent)
        summary = (ticket.slm_status, ticket.slm_deadline, ticket.slm_awaiting_response)
        self.assertEqual(summary[::2], ("ongoing", True))
        for vals in (
            {"slm_status": "met"},
            {"slm_deadline": fields.Datetime.now() + timedelta(days=30)},
            {"slm_awaiting_response": False},
        ):
            with self.assertRaises(AccessError):
                ticket.write(vals)
        ticket.invalidate_recordset()
        self.assertEqual((ticket.slm_status, ticket.slm_deadline, ticket.slm_awaiting_response), summary)
        created = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Printer",
                    "description": "Out of paper",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "slm_status": "met",
                    "slm_awaiting_response": False,
                }
            )
        )
        self.assertEqual((created.slm_status, created.slm_awaiting_response), ("ongoing", True))

    def test_23_references_and_records_of_the_system(self):
        """The references of reviews, improvements and specifications, when a review's content was
        gathered and when a proposal was replayed are the system's: a manager writes none of them."""
        manager = self.env(user=self.manager)
        review = manager["slm.review"].create(
            {"title": "Spring review", "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)}
        )
        improvement = manager["slm.improvement"].create({"title": "Night cover", "gap": "Nobody answers"})
        requirement = manager["slm.requirement"].create(
            {"partner_id": self.customer.id, "service_id": self.service.id}
        )
        proposal = propose(self.sla, self.manager)
        cases = [
            (review, {"name": "MR/1999/001"}),
            (review, {"refreshed_date": datetime(2020, 1, 1)}),
            (improvement, {"name": "IMP/1999/001"}),
            (requirement, {"name": "REQ/1999/001"}),
            (proposal, {"whatif_date": datetime(2020, 1, 1)}),
        ]
        for record, vals in cases:
            before = record[next(iter(vals))]
            with self.assertRaises(UserError):
                record.write(vals)
            self.assertEqual(record[next(iter(vals))], before)
        review.write({"title": "Spring service level review"})
        self.assertEqual(review.title, "Spring service level review")
