# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import threading
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from slm_engine import deadline

from .common import activate, propose


@tagged("post_install", "-at_install")
class TestTicketClock(TransactionCase):
    """Service level clocks on helpdesk tickets."""

    # What the ticket form's list shows of its live clocks, but their level (their agreement's).
    FORM_CLOCK_COLUMNS = [
        "display_name",
        "label",
        "agreement_type",
        "reached_date",
        "due_text",
        "deadline",
        "percent",
        "status",
        "breach_cause",
        "breach_reason_id",
        "breach_reason",
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.agent = new_test_user(cls.env, "clock_agent", groups="helpdesk_mgmt.group_helpdesk_user")
        cls.own_agent = new_test_user(
            cls.env, "clock_own_agent", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        cls.leader = new_test_user(cls.env, "clock_leader", groups="helpdesk_mgmt.group_helpdesk_user")
        cls.manager = new_test_user(
            cls.env, "clock_manager", groups="service_catalog.group_slm_manager", email="clocks@example.com"
        )
        cls.approver = new_test_user(cls.env, "clock_approver", groups="service_catalog.group_slm_approver")
        cls.customer = cls.env["res.partner"].create({"name": "Riverside Hospital", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Ward 3", "parent_id": cls.customer.id})
        cls.other = cls.env["res.partner"].create({"name": "Other Clinic", "is_company": True})
        cls.service = cls.env["slm.service"].create({"name": "E-mail", "state": "live"})
        cls.network = cls.env["slm.service"].create({"name": "Network", "state": "live"})
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Service desk", "user_id": cls.leader.id})
        Agreement = cls.env["slm.agreement"]
        common = {"state": "active", "date_start": date(2020, 1, 1)}

        def targets(response, resolution):
            return [
                (0, 0, {"metric": "response", "value": response, "calendar_mode": "always"}),
                (0, 0, {"metric": "resolution", "value": resolution, "calendar_mode": "always"}),
            ]

        cls.corporate = Agreement.create(
            {"title": "Corporate", "level": "corporate", "target_ids": targets(8, 40), **common}
        )
        cls.customer_sla = Agreement.create(
            {
                "title": "Riverside",
                "level": "customer",
                "partner_id": cls.customer.id,
                "target_ids": targets(4, 24),
                **common,
            }
        )
        cls.service_sla = Agreement.create(
            {
                "title": "Riverside e-mail",
                "level": "service",
                "partner_id": cls.customer.id,
                "service_ids": [(6, 0, cls.service.ids)],
                "target_ids": targets(1, 8),
                "escalation_ids": [(0, 0, {"percent": 50, "recipient": "team_leader", "action": "activity"})],
                **common,
            }
        )
        cls.pause_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Waiting for customer", "slm_pause": True}
        )
        cls.open_stage = cls.env["helpdesk.ticket.stage"].create({"name": "In progress"})
        cls.done_stage = cls.env["helpdesk.ticket.stage"].create({"name": "Solved", "closed": True})

    def _ticket(self, **values):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Cannot send mail",
                "description": "Outbox stuck",
                "partner_id": self.contact.id,
                "service_id": self.service.id,
                "team_id": self.team.id,
                "stage_id": self.open_stage.id,
                **values,
            }
        )

    def _revise(self, agreement, **values):
        """New terms for ``agreement``, approved and applied now; ``target_ids`` commands apply to the proposal."""
        proposal = propose(agreement, self.manager, **values)
        activate(proposal, self.approver)
        self.assertEqual(proposal.state, "applied")
        return proposal

    def _revise_targets(self, agreement, values_by_metric):
        """Revise the value of the targets of ``agreement`` per metric."""
        proposal = propose(agreement, self.manager)
        for target in proposal.target_ids:
            if target.metric in values_by_metric:
                target.value = values_by_metric[target.metric]
        activate(proposal, self.approver)
        self.assertEqual(proposal.state, "applied")
        return proposal

    def _clock(self, ticket, metric="resolution"):
        return ticket.slm_clock_ids.filtered(lambda c: c.metric == metric and c.status != "cancelled")

    @contextmanager
    def _statements_run(self):
        """The statements run meanwhile, as a list filled as they run."""
        statements, thread = [], threading.current_thread()
        hooks = getattr(thread, "query_hooks", ())
        thread.query_hooks = (*hooks, lambda cr, query, *_args: statements.append(str(query)))
        try:
            yield statements
        finally:
            thread.query_hooks = hooks

    def test_01_precedence(self):
        """Service-level SLA before customer-level before corporate, through the commercial partner."""
        self.assertEqual(self._ticket().slm_sla_id, self.service_sla)
        self.assertEqual(self._ticket(service_id=self.network.id).slm_sla_id, self.customer_sla)
        self.assertEqual(self._ticket(partner_id=self.other.id).slm_sla_id, self.corporate)
        ticket = self._ticket()
        self.assertEqual(self._clock(ticket).target_hours, 8)
        self.assertEqual(self._clock(ticket, "response").target_hours, 1)

    def test_02_scope_change_moves_clocks(self):
        """Changing the service changes the agreement: old clocks are cancelled, new ones start."""
        ticket = self._ticket()
        ticket.service_id = self.network
        self.assertEqual(ticket.slm_sla_id, self.customer_sla)
        self.assertEqual(self._clock(ticket).target_hours, 24)
        self.assertEqual(len(ticket.slm_clock_ids.filtered(lambda c: c.status == "cancelled")), 2)

    def test_03_pause_and_resume(self):
        """Waiting for the customer stops the clock; the deadline moves by the paused time."""
        ticket = self._ticket()
        clock = self._clock(ticket)
        start = clock.start_date
        self.assertEqual(clock.deadline, start + timedelta(hours=8))
        with freeze_time(start + timedelta(hours=2)):
            ticket.stage_id = self.pause_stage
        self.assertEqual(clock.status, "paused")
        # The worst clock shows on the ticket: the 1-hour response is already breached.
        self.assertEqual(ticket.slm_status, "breached")
        with freeze_time(start + timedelta(hours=5)):
            ticket.stage_id = self.open_stage
        self.assertEqual(clock.status, "ongoing")
        self.assertEqual(clock.paused_hours, 3)
        self.assertEqual(clock.deadline, start + timedelta(hours=11))

    def test_04_reply_ends_response_close_ends_resolution(self):
        """The first agent reply ends the response clock; closing ends the resolution clock."""
        ticket = self._ticket()
        start = self._clock(ticket).start_date
        with freeze_time(start + timedelta(minutes=30)):
            ticket.with_user(self.agent).message_post(
                body="Looking into it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        response = self._clock(ticket, "response")  # reopening does not reopen the response
        self.assertTrue(response.reached_date)
        self.assertIn(response.status, ("met", "breached"))
        with freeze_time(start + timedelta(hours=9)):
            ticket.stage_id = self.done_stage
        resolution = self._clock(ticket)
        self.assertEqual(resolution.status, "breached")
        self.assertEqual(resolution.reached_date, start + timedelta(hours=9))
        self.assertEqual(resolution.breach_cause, "internal")

    def test_05_unavailable_until_customer_told(self):
        """Where the service says so, resolution ends when the customer is told, not at closing."""
        self.service.slm_stop_at_notification = True
        ticket = self._ticket()
        start = self._clock(ticket).start_date
        with freeze_time(start + timedelta(hours=6)):
            ticket.stage_id = self.done_stage
        self.assertFalse(self._clock(ticket).reached_date)
        self.assertEqual(self._clock(ticket).status, "at_risk")
        with freeze_time(start + timedelta(hours=7)):
            ticket.action_slm_notify_restored()
        clock = self._clock(ticket)
        self.assertEqual(clock.status, "met")
        self.assertEqual(clock.reached_date, start + timedelta(hours=7))

    def test_06_cron_at_risk_breached_escalation_once(self):
        """The cron moves silent clocks to at risk and breached, and escalates once."""
        ticket = self._ticket()
        clock = self._clock(ticket)
        start = clock.start_date
        Clock = self.env["slm.clock"]
        with freeze_time(start + timedelta(minutes=20)):
            ticket.with_user(self.agent).message_post(
                body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time(start + timedelta(hours=3)):
            Clock._cron_update_clocks()
            self.assertEqual(clock.status, "ongoing")
        with freeze_time(start + timedelta(hours=6, minutes=1)):
            Clock._cron_update_clocks()
            self.assertEqual(clock.status, "at_risk")
            self.assertEqual(ticket.slm_status, "at_risk")
            # What it measured is stored with the status, not left as of the last event.
            self.assertEqual((clock.elapsed_hours, clock.percent), (6.02, 75.2))
        with freeze_time(start + timedelta(hours=8, minutes=1)):
            Clock._cron_update_clocks()
            Clock._cron_update_clocks()
            self.assertEqual((clock.status, clock.breach_cause), ("breached", "internal"))
            self.assertEqual((clock.elapsed_hours, clock.percent), (8.02, 100.2))
            self.assertEqual(ticket.slm_status, "breached")
        # The 50 % rule fired once, for the resolution clock (the response was met at 33 %), to the team leader.
        self.assertEqual(len(clock.escalation_log_ids), 1)
        self.assertFalse(self._clock(ticket, "response").escalation_log_ids)
        activities = ticket.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(len(activities), 1)
        self.assertIn("50 %", activities.summary)

    def test_07_cron_isolates_faults(self):
        """A clock whose evaluation fails is logged and skipped; the others are still evaluated."""
        good, bad = self._ticket(), self._ticket()
        broken = self._clock(bad)
        broken.target_hours = -1  # impossible data: the engine refuses it
        start = self._clock(good).start_date
        with (
            freeze_time(start + timedelta(hours=9)),
            self.assertLogs("odoo.addons.service_level_management.models.slm_clock", "ERROR"),
        ):
            self.env["slm.clock"]._cron_update_clocks()
        self.assertEqual(self._clock(good).status, "breached")
        self.assertEqual(broken.status, "ongoing")

    def test_08_rule_edits_keep_history(self):
        """Editing the agreement never rewrites a closed ticket's clocks; new tickets follow the revision."""
        ticket = self._ticket()
        start = self._clock(ticket).start_date
        with freeze_time(start + timedelta(hours=6)):
            ticket.stage_id = self.done_stage
        self._revise_targets(self.service_sla, {"resolution": 4})
        clock = self._clock(ticket)
        self.assertEqual((clock.target_hours, clock.status), (8, "met"))
        ticket.action_slm_recompute()
        self.assertEqual((clock.target_hours, clock.status), (8, "met"))
        self.assertEqual(self._clock(self._ticket()).target_hours, 4)
        self.assertEqual(self.service_sla.revision, 1)

    def test_09_recompute_logs_changes(self):
        """Recomputing an open ticket applies the agreements in force now and logs what changed."""
        ticket = self._ticket()
        self.service_sla.state = "expired"
        self.assertEqual(ticket.slm_sla_id, self.service_sla)  # nothing moves by itself
        ticket.action_slm_recompute()
        self.assertEqual(ticket.slm_sla_id, self.customer_sla)
        clock = self._clock(ticket)
        self.assertEqual(
            (clock.target_hours, clock.start_date), (24, ticket.create_date.replace(microsecond=0))
        )
        body = ticket.message_ids[0].body
        self.assertIn("Service levels recomputed", body)
        self.assertIn("no longer applies", body)
        self.assertIn("started", body)

    def test_10_access(self):
        """Agents see the clocks of the tickets they may read; customers see their own tickets' deadlines."""
        mine = self._ticket(user_id=self.own_agent.id)
        theirs = self._ticket(user_id=self.agent.id)
        visible = self.env["slm.clock"].with_user(self.own_agent).search([])
        self.assertEqual(visible.ticket_id, mine)
        with self.assertRaises(AccessError):
            theirs.slm_clock_ids.with_user(self.own_agent).read(["deadline"])
        # Customers see when their ticket is due, not the clocks behind it (OLAs, internal targets).
        portal = new_test_user(self.env, "clock_portal", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        own_ticket = self._ticket(partner_id=portal.partner_id.id)
        self.assertTrue(own_ticket.with_user(portal).slm_deadline)
        with self.assertRaises(AccessError):
            own_ticket.slm_clock_ids.with_user(portal).read(["deadline"])

    def test_11_period_measurements(self):
        """Availability, incidents (count, MTBF, durations) and resolution compliance equal the hand count."""
        self.service_sla.write(
            {
                "target_ids": [
                    (
                        0,
                        0,
                        {
                            "metric": "availability",
                            "value": 99.5,
                            "calendar_mode": "always",
                            "period": "month",
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "metric": "incident_count",
                            "value": 1,
                            "calendar_mode": "always",
                            "period": "month",
                        },
                    ),
                ]
                + [
                    (0, 0, {"metric": metric, "value": value, "unit": unit, "calendar_mode": "always"})
                    for metric, value, unit in (
                        ("mtbf", 24 * 60, "minutes"),
                        ("incident_duration_mean", 1, "hours"),
                        ("incident_duration_max", 150, "minutes"),
                    )
                ]
            }
        )
        for start, restored in (
            (datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 11)),
            (datetime(2026, 3, 2, 10, 30), datetime(2026, 3, 2, 11, 30)),
        ):
            self._ticket(is_outage=True, outage_start=start, outage_restored=restored)
        self._ticket(
            is_outage=True, outage_start=datetime(2026, 4, 1, 1), outage_restored=datetime(2026, 4, 1, 2)
        )
        measurements = self.env["slm.measurement"]._slm_compute(self.service_sla, datetime(2026, 3, 15))
        by_metric = {m.metric: m for m in measurements}
        availability = by_metric["availability"]
        self.assertEqual(availability.period, "2026-03")
        self.assertEqual(availability.downtime_hours, 2.5)  # 09:00-11:30, overlaps counted once
        self.assertAlmostEqual(availability.value, 100 * (744 - 2.5) / 744, places=3)  # stored to 3 decimals
        self.assertTrue(availability.is_met)
        self.assertEqual(by_metric["incident_count"].value, 2)
        self.assertFalse(by_metric["incident_count"].is_met)
        # Uptime 741.5 h over two incidents: 370.75 h between them, against the 24 h (in minutes) asked.
        self.assertEqual((by_metric["mtbf"].value, by_metric["mtbf"].is_met), (370.75, True))
        # Incidents of 2 h and 1 h: the mean misses 1 h, the longest keeps within 2.5 h (in minutes).
        mean, longest = by_metric["incident_duration_mean"], by_metric["incident_duration_max"]
        self.assertEqual((mean.value, mean.is_met), (1.5, False))
        self.assertEqual((longest.value, longest.is_met), (2, True))
        # Resolution compliance in the current period: one met, one breached.
        met, late = self._ticket(), self._ticket()
        start = self._clock(met).start_date
        with freeze_time(start + timedelta(hours=2)):
            met.stage_id = self.done_stage
        with freeze_time(start + timedelta(hours=9)):
            late.stage_id = self.done_stage
        current = self.env["slm.measurement"]._slm_compute(self.service_sla, start)
        resolution = current.filtered(lambda m: m.metric == "resolution")
        self.assertEqual((resolution.met_count, resolution.breached_count, resolution.value), (1, 1, 50))
        # Computing again updates the same rows.
        self.assertEqual(self.env["slm.measurement"]._slm_compute(self.service_sla, start), current)

    def test_12_ola_clock_starts_when_team_gets_ticket(self):
        """An OLA of the second line counts from when its team gets the ticket, not from the opening,
        and stops counting when the ticket leaves the team."""
        second_line = self.env["helpdesk.ticket.team"].create({"name": "Second line"})
        ola_agreement = self.env["slm.agreement"].create(
            {
                "title": "Second line",
                "agreement_type": "ola",
                "level": "service",
                "team_id": second_line.id,
                "service_ids": [(6, 0, self.service.ids)],
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [(0, 0, {"metric": "resolution", "value": 4, "calendar_mode": "always"})],
            }
        )
        ticket = self._ticket()
        opened = self._clock(ticket).start_date
        with freeze_time(opened + timedelta(hours=2)):
            ticket.team_id = second_line
        ola = ticket.slm_clock_ids.filtered(lambda c: c.agreement_type == "ola")
        self.assertEqual(ola.start_date, opened + timedelta(hours=2))
        self.assertEqual(ola.deadline, opened + timedelta(hours=6))
        sla = ticket.slm_clock_ids.filtered(lambda c: c.agreement_type == "sla" and c.metric == "resolution")
        self.assertEqual(sla.start_date, opened)
        # A target added to the OLA later reaches the team's open tickets, from then on.
        with freeze_time(opened + timedelta(hours=3)):
            self._revise(
                ola_agreement,
                target_ids=[(0, 0, {"metric": "response", "value": 1, "calendar_mode": "always"})],
            )
        with freeze_time(opened + timedelta(hours=3, minutes=5)):
            self.env["helpdesk.ticket"]._cron_slm_follow_revisions()
        response = ticket.slm_clock_ids.filtered(
            lambda c: c.agreement_type == "ola" and c.metric == "response"
        )
        self.assertEqual(response.start_date, opened + timedelta(hours=3))
        # Back to the first line: the OLA's clocks leave the live ones (read before), nothing starts.
        live = ticket.slm_live_clock_ids
        with freeze_time(opened + timedelta(hours=4)):
            ticket.team_id = self.team
        self.assertEqual(ticket.slm_live_clock_ids, live.filtered(lambda c: c.agreement_type == "sla"))
        self.assertEqual(set(ola.mapped("status")) | set(response.mapped("status")), {"cancelled"})

    def test_13_portal_list_shows_deadline(self):
        """The customer's portal list of tickets shows when each open ticket is due."""
        portal = new_test_user(self.env, "clock_portal_list", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        ticket = self._ticket(partner_id=portal.partner_id.id).with_user(portal)
        html = str(
            self.env["ir.qweb"]
            .with_user(portal)
            ._render("helpdesk_mgmt.portal_ticket_list", {"grouped_tickets": [ticket], "groupby": "none"})
        )
        self.assertIn("Due by", html)
        self.assertIn(str(ticket.slm_deadline.year), html)

    def test_14_agents_need_no_service_level_rights(self):
        """A helpdesk agent without service level rights opens and moves tickets; the clocks follow."""
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Printer offline",
                    "description": "Ward 3",
                    "partner_id": self.contact.id,
                    "service_id": self.service.id,
                    "stage_id": self.open_stage.id,
                }
            )
        )
        self.assertEqual(len(ticket.slm_clock_ids), 2)
        ticket.stage_id = self.pause_stage
        self.assertEqual(set(ticket.slm_clock_ids.mapped("status")), {"paused"})

    def test_15_reopened_ticket(self):
        """A reopened ticket's resolution clock runs again; the time it was closed does not count."""
        ticket = self._ticket()
        start = self._clock(ticket).start_date
        with freeze_time(start + timedelta(hours=2)):
            ticket.stage_id = self.done_stage
        self.assertEqual(self._clock(ticket).status, "met")
        with freeze_time(start + timedelta(hours=3)):
            ticket.stage_id = self.open_stage
        clock = self._clock(ticket)
        self.assertEqual((clock.status, clock.reached_date, clock.paused_hours), ("ongoing", False, 1))
        self.assertEqual(clock.deadline, start + timedelta(hours=9))
        response = self._clock(ticket, "response")  # reopening does not reopen the response
        self.assertTrue(response.reached_date)
        self.assertIn(response.status, ("met", "breached"))

    def test_16_created_waiting(self):
        """A ticket created in a waiting stage starts with its clocks paused."""
        ticket = self._ticket(stage_id=self.pause_stage.id)
        clock = self._clock(ticket)
        self.assertEqual(clock.status, "paused")
        self.assertEqual(clock.event_ids.mapped("kind"), ["pause"])
        self.assertEqual(ticket.slm_status, "paused")
        self.assertFalse(ticket.slm_deadline)
        paused_at = clock.event_ids.date
        with freeze_time(paused_at + timedelta(hours=3)):
            ticket.stage_id = self.open_stage
        self.assertEqual(clock.status, "ongoing")
        self.assertAlmostEqual(clock.paused_hours, 3, places=2)
        self.assertEqual(clock.deadline, clock.start_date + timedelta(hours=11))
        self.assertEqual(ticket.slm_deadline, self._clock(ticket, "response").deadline)

    def test_17_late_start_is_breached(self):
        """An SLA that applies only later counts from the opening: it may start breached, by the team."""
        ticket = self._ticket(partner_id=self.other.id, service_id=False)
        self.assertEqual(ticket.slm_sla_id, self.corporate)
        opened = ticket.create_date.replace(microsecond=0)
        with freeze_time(opened + timedelta(days=1)):
            ticket.write({"partner_id": self.contact.id, "service_id": self.service.id})
        clock = self._clock(ticket)
        self.assertEqual(clock.agreement_id, self.service_sla)
        self.assertEqual((clock.status, clock.breach_cause), ("breached", "internal"))
        self.assertEqual(clock.start_date, opened)
        self.assertEqual(ticket.slm_status, "breached")
        self.assertEqual(ticket.slm_deadline, opened + timedelta(hours=1))

    def test_18_open_tickets_follow_revision(self):
        """A revision applies to open tickets from its date: changed clocks start again, breaches stay."""
        ticket = self._ticket()
        start = self._clock(ticket).start_date
        old_clock, response = self._clock(ticket), self._clock(ticket, "response")
        new_values = {"resolution": 6, "response": 3}
        with freeze_time(start + timedelta(hours=2)):
            self._revise_targets(self.service_sla, new_values)
        self.assertEqual(ticket.slm_revised_at, start + timedelta(hours=2))
        self.assertEqual(old_clock.status, "ongoing")  # the cron applies it, from the revision's instant
        with freeze_time(start + timedelta(hours=2, minutes=5)):
            self.env["helpdesk.ticket"]._cron_slm_follow_revisions()
        self.assertFalse(ticket.slm_revised_at)
        self.assertEqual(old_clock.status, "cancelled")
        clock = self._clock(ticket)
        self.assertEqual((clock.target_hours, clock.start_date), (6, start + timedelta(hours=2)))
        self.assertEqual(clock.deadline, start + timedelta(hours=8))
        self.assertEqual((clock.agreement_revision, self.service_sla.revision), (1, 1))
        # The response was breached under the terms of its time: that stays.
        self.assertEqual((self._clock(ticket, "response"), response.target_hours), (response, 1))
        body = ticket.message_ids[0].body
        self.assertIn("new terms apply from", body)
        self.assertIn("replaced by the new terms", body)

    def test_19_schedule_change_moves_running_clocks(self):
        """A holiday added later moves the deadline of running clocks, through the cron; stopped ones stay."""
        desk = self.env["resource.calendar"].create(
            {
                "name": "Desk",
                "tz": "UTC",
                "attendance_ids": [(5, 0, 0)]
                + [
                    (0, 0, {"name": f"Day {day}", "dayofweek": str(day), "hour_from": 8, "hour_to": 16})
                    for day in range(5)
                ],
            }
        )
        self.env["slm.agreement"].create(
            {
                "title": "Other Clinic",
                "level": "customer",
                "partner_id": self.other.id,
                "support_calendar_id": desk.id,
                "state": "active",
                "date_start": date(2020, 1, 1),
                "target_ids": [(0, 0, {"metric": "resolution", "value": 16, "calendar_mode": "support"})],
            }
        )
        running = self._ticket(partner_id=self.other.id, service_id=False)
        stopped = self._ticket(partner_id=self.other.id, service_id=False)
        stopped.stage_id = self.done_stage
        clock, stopped_clock = self._clock(running), self._clock(stopped)
        self.assertEqual(clock.calendar_id, desk)
        before, stopped_before = clock.deadline, stopped_clock.deadline
        cron = self.env.ref("service_level_management.ir_cron_update_clocks")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        # The day the deadline falls on becomes a holiday of every schedule.
        holiday = before.replace(hour=0, minute=0, second=0)
        settings = new_test_user(self.env, "clock_settings", groups="base.group_system")
        self.env["resource.calendar.leaves"].with_user(settings).create(
            {"name": "Holiday", "date_from": holiday, "date_to": holiday + timedelta(days=1)}
        )
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        self.env["slm.clock"]._cron_update_clocks()
        expected = deadline(desk._slm_calendar(), clock.start_date.replace(tzinfo=UTC), timedelta(hours=16))
        self.assertEqual(clock.deadline, expected.replace(tzinfo=None))
        self.assertGreater(clock.deadline, before)
        self.assertEqual(running.slm_deadline, clock.deadline)
        self.assertEqual(stopped_clock.deadline, stopped_before)

    def test_20_inserted_clocks_hold_their_evaluated_state(self):
        """Clocks inserted with a batch of tickets hold what evaluating them again would store."""
        tickets = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .create(
                [
                    {"name": f"Batch {n}", "description": "-", "partner_id": partner.id, "stage_id": stage.id}
                    for n, (partner, stage) in enumerate(
                        [(self.contact, self.open_stage), (self.other, self.pause_stage)] * 3
                    )
                ]
            )
        )
        clocks = tickets.sudo().slm_clock_ids
        self.assertEqual(len(clocks), 12)
        self.assertEqual(set(clocks.mapped("status")), {"ongoing", "paused"})
        evaluated = {clock.id: clock.evaluated_date for clock in clocks}
        self.assertFalse(clocks._slm_evaluate(min(evaluated.values())))
        self.assertEqual(clocks.create_uid, self.agent)
        self.assertEqual(set(tickets.mapped("slm_status")), {"ongoing", "paused"})

    def test_21_revision_reaches_newly_covered_tickets(self):
        """A service added to a service SLA takes its customer's open tickets for it over, from then on."""
        ticket = self._ticket(service_id=self.network.id)
        self.assertEqual(ticket.slm_sla_id, self.customer_sla)
        revised_at = self._clock(ticket).start_date + timedelta(hours=1)
        with freeze_time(revised_at):
            self._revise(self.service_sla, service_ids=[(4, self.network.id)])
            self.env["helpdesk.ticket"]._cron_slm_follow_revisions()
        self.assertEqual(ticket.slm_sla_id, self.service_sla)
        clock = self._clock(ticket)
        self.assertEqual((clock.agreement_id, clock.start_date), (self.service_sla, revised_at))
        self.assertIn("no longer applies", ticket.message_ids[0].body)

    def test_22_mass_stage_change(self):
        """Moving many tickets at once records each one's events: paused, resumed, closed, reopened."""
        tickets = self._ticket() | self._ticket(partner_id=self.other.id) | self._ticket(service_id=False)
        start = min(tickets.slm_clock_ids.mapped("start_date"))
        as_agent = tickets.with_user(self.agent)  # no service level rights needed
        for hours, stage in ((1, self.pause_stage), (3, self.open_stage), (4, self.done_stage)):
            with freeze_time(start + timedelta(hours=hours)):
                as_agent.write({"stage_id": stage.id})
        resolution = tickets.slm_clock_ids.filtered(lambda c: c.metric == "resolution")
        self.assertEqual(len(resolution), 3)
        self.assertEqual(set(resolution.mapped("status")), {"met"})
        self.assertTrue(all(abs(c.paused_hours - 2) < 0.01 for c in resolution))
        self.assertEqual(
            [e.kind for e in resolution[:1].event_ids.sorted("date")], ["pause", "resume", "reached"]
        )
        with freeze_time(start + timedelta(hours=5)):
            as_agent.write({"stage_id": self.open_stage.id})
        self.assertEqual(set(resolution.mapped("status")), {"ongoing"})
        self.assertEqual(set(tickets.mapped("slm_status")) - {"breached"}, {"ongoing"})

    def test_23_database_clock_ahead(self):
        """A database clock ahead of the server's never makes a clock start in the future."""
        behind = datetime.now().replace(microsecond=0) - timedelta(minutes=5)
        with freeze_time(behind):
            ticket = self._ticket()
            self.assertGreater(ticket.create_date, behind)
            clock = self._clock(ticket)
            self.assertEqual((clock.start_date, clock.status), (behind, "ongoing"))

    def test_24_clocks_and_events_read_at_once(self):
        """A reply or a stage change reads the ticket's clocks with their events in one query."""
        ticket = self._ticket()
        start = self._clock(ticket).start_date
        for hours, stage in ((1, self.pause_stage), (2, self.open_stage)):
            with freeze_time(start + timedelta(hours=hours)):
                ticket.stage_id = stage
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self.env["slm.clock"]._slm_fetch_for(ticket)
            clocks = ticket.slm_clock_ids
            events = [(e.kind, e.date) for e in self._clock(ticket).event_ids]
            self.assertEqual(clocks.mapped("metric"), ["response", "resolution"])
        pause, resume = start + timedelta(hours=1), start + timedelta(hours=2)
        self.assertEqual(events, [("pause", pause), ("resume", resume)])
        # The same replay from the cache as from the database: closing counts one paused hour.
        with freeze_time(start + timedelta(hours=6)):
            ticket.with_user(self.agent).stage_id = self.done_stage
        clock = self._clock(ticket)
        self.assertEqual((clock.status, clock.paused_hours, clock.elapsed_hours), ("met", 1, 5))
        self.assertEqual([e.kind for e in clock.event_ids], ["pause", "resume", "reached"])
        self.assertEqual(ticket.slm_status, "breached")  # the response, answered by nobody
        self.assertFalse(ticket.slm_deadline)

    def test_25_response_end_follows_revision(self):
        """What ends the response is read once per agreement, and again after a revision."""
        answered = self._ticket()
        with freeze_time(self._clock(answered).start_date + timedelta(minutes=10)):
            answered.with_user(self.agent).message_post(
                body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(self._clock(answered, "response").status, "met")
        self._revise(self.service_sla, response_ends="assignment")
        ticket = self._ticket(user_id=False)
        ticket.with_user(self.agent).message_post(
            body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        response = self._clock(ticket, "response")
        self.assertFalse(response.reached_date)
        ticket.with_user(self.agent).user_id = self.agent
        self.assertEqual(response.status, "met")
        self.assertEqual(response.event_ids.mapped("kind"), ["reached"])

    def test_26_measuring_cron_periods(self):
        """The measuring cron measures the current period, and the one that ended yesterday once."""
        Measurement = self.env["slm.measurement"]
        targets = self.service_sla.target_ids
        with freeze_time(datetime(2026, 3, 15, 12)):
            Measurement._cron_measure()
        mine = Measurement.search([("agreement_id", "=", self.service_sla.id)])
        self.assertEqual(set(mine.mapped("period")), {"2026-03"})
        self.assertEqual(len(mine), len(targets))
        with freeze_time(datetime(2026, 4, 1, 0, 30)):
            Measurement._cron_measure()
        mine = Measurement.search([("agreement_id", "=", self.service_sla.id)])
        self.assertEqual(
            sorted(mine.mapped("period")), ["2026-03"] * len(targets) + ["2026-04"] * len(targets)
        )
        self.assertTrue(all(m.computed_date == datetime(2026, 4, 1, 0, 30) for m in mine))

    def test_27_cron_queue(self):
        """The cron takes a clock when it escalates, turns at risk or breaches, and none sooner or after."""
        ticket = self._ticket()
        clock = self._clock(ticket)
        start, Clock = clock.start_date, self.env["slm.clock"]
        escalation, warning, due = clock.next_escalation_date, clock.warning_date, clock.deadline
        self.assertEqual(escalation, start + timedelta(hours=4))  # 50 % of 8 hours
        self.assertLess(escalation, warning)
        self.assertLess(warning, due)
        for instant, status, next_evaluation in (
            (escalation, "ongoing", warning),
            (warning, "at_risk", due),
            (due, "breached", False),
        ):
            self.assertEqual(clock.next_evaluation_date, instant)
            with freeze_time(instant - timedelta(seconds=1)):
                self.assertNotIn(clock, Clock._slm_lock_due(datetime.now(), 100)[0])
            with freeze_time(instant):
                self.assertIn(clock, Clock._slm_lock_due(datetime.now(), 100)[0])
            # A clock breaches after its deadline, not at it.
            with freeze_time(instant + timedelta(seconds=1)):
                Clock._cron_update_clocks()
            self.assertEqual((clock.status, clock.next_evaluation_date), (status, next_evaluation))
        self.assertEqual(len(clock.escalation_log_ids), 1)
        # Breached and running, nothing left to escalate: out of the queue, as once stopped.
        self.assertFalse(clock.reached_date)
        with freeze_time(due + timedelta(hours=1)):
            self.assertNotIn(clock, Clock._slm_lock_due(datetime.now(), 100)[0])

    def test_28_schedule_change_requeues_breached_clocks(self):
        """A clock breached but still running stays in the cron's queue after a schedule change: its
        escalation beyond 100 % still fires."""
        self.env["slm.agreement"].create(
            {
                "title": "Other Clinic",
                "level": "customer",
                "partner_id": self.other.id,
                "state": "active",
                "date_start": date(2020, 1, 1),
                "support_calendar_id": self.env.ref("resource.resource_calendar_std").id,
                "target_ids": [(0, 0, {"metric": "resolution", "value": 2, "calendar_mode": "support"})],
                "escalation_ids": [
                    (0, 0, {"percent": 300, "recipient": "team_leader", "action": "activity"})
                ],
            }
        )
        with freeze_time(datetime(2026, 3, 2, 9)):  # a Monday morning
            ticket = self._ticket(partner_id=self.other.id, service_id=False)
        clock, Clock = self._clock(ticket), self.env["slm.clock"]
        escalation = clock.next_escalation_date
        with freeze_time(clock.deadline + timedelta(seconds=1)):
            Clock._cron_update_clocks()
        self.assertEqual((clock.status, clock.next_evaluation_date), ("breached", escalation))
        with freeze_time(clock.deadline + timedelta(minutes=1)):
            Clock._slm_reschedule()
            Clock._cron_update_clocks()
        self.assertEqual(clock.next_evaluation_date, escalation)
        with freeze_time(escalation):
            Clock._cron_update_clocks()
        self.assertEqual(len(clock.escalation_log_ids), 1)
        self.assertFalse(clock.next_evaluation_date)

    def test_29_reply_stores_clocks_event_and_summary_at_once(self):
        """The first reply records its event, stores its clocks' state and the ticket's summary in one
        statement, and the database holds what the ticket shows."""
        ticket = self._ticket()
        response, resolution = self._clock(ticket, "response"), self._clock(ticket)
        self.assertEqual(ticket.slm_deadline, response.deadline)
        self.env.invalidate_all()
        Clock, answered = self.env["slm.clock"], response.start_date + timedelta(minutes=10)
        Clock._slm_fetch_for(ticket)
        with freeze_time(answered), self.assertQueryCount(1):
            response._slm_record("reached", answered)
            self.env.flush_all()
        self.assertEqual((ticket.slm_status, ticket.slm_deadline), ("ongoing", resolution.deadline))
        self.env.invalidate_all()
        self.assertEqual((ticket.slm_status, ticket.slm_deadline), ("ongoing", resolution.deadline))
        self.assertEqual((response.status, response.reached_date), ("met", answered))
        self.assertEqual(response.event_ids.mapped("kind"), ["reached"])
        # Closing writes the ticket anyway: its summary goes with that write.
        with freeze_time(answered + timedelta(hours=1)):
            ticket.with_user(self.agent).stage_id = self.done_stage
            self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual((ticket.slm_status, ticket.slm_deadline, resolution.status), ("met", False, "met"))

    def test_30_new_customer_reads_agreements_with_their_terms(self):
        """The first ticket of a customer a worker has not seen finds its agreements and what they give
        in one query, as a ticket of a known customer got it."""
        ticket = self._ticket()
        key = ticket._slm_scope_key()
        Ticket = self.env["helpdesk.ticket"]
        known = Ticket._slm_scope_terms(key)
        self.env.registry.clear_cache()
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self.assertEqual(Ticket._slm_scope_terms(key), known)
        sla_id, clocks = Ticket._slm_terms_at(known, ticket.create_date)
        self.assertEqual(sla_id, self.service_sla.id)
        targets = {dict(items)["metric"]: dict(items) for items, _rules in clocks}
        response = self.service_sla.target_ids.filtered(lambda t: t.metric == "response")
        self.assertEqual(targets["response"], Ticket._slm_target_values(self.service_sla, response))
        self.assertEqual({rule.percent for _items, rules in clocks for rule in rules}, {50})

    def test_31_later_replies_read_no_clock(self):
        """A ticket awaits a response until an agent answers, whatever its customer writes; what its
        customer writes and replies after the answer read no clock."""
        ticket, unanswered = self._ticket(), self._ticket()
        response = self._clock(ticket, "response")
        self.assertTrue(ticket.slm_awaiting_response)
        customer = {"author_id": self.contact.id, "email_from": "ward3@example.com"}
        for minutes, author, body, reads_clocks in (
            (5, customer, "Still stuck", False),
            (10, {}, "On it", True),
            (20, {}, "Fixed: please try again", False),
        ):
            self.env.invalidate_all()
            with (
                freeze_time(response.start_date + timedelta(minutes=minutes)),
                self._statements_run() as statements,
            ):
                ticket.with_user(self.agent).message_post(
                    body=body, message_type="comment", subtype_xmlid="mail.mt_comment", **author
                )
                self.env.flush_all()
            read_clocks = [statement[:60] for statement in statements if "slm_clock" in statement]
            self.assertEqual(bool(read_clocks), reads_clocks, (body, read_clocks))
            self.assertEqual(ticket.slm_awaiting_response, minutes < 10)
        self.env.invalidate_all()
        self.assertEqual((response.status, ticket.slm_awaiting_response), ("met", False))
        self.assertEqual(
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .search([("slm_awaiting_response", "=", True), ("id", "in", (ticket | unanswered).ids)]),
            unanswered,
        )

    def test_32_due_text_of_a_list_reads_clocks_once(self):
        """The due texts of a list of tickets, each under its own agreement, cost the statements of one
        ticket's and read no target: each names the target due next and the time left for it."""
        with freeze_time("2026-03-02 09:00:00"):
            tickets = (
                self._ticket()
                | self._ticket(service_id=self.network.id)
                | self._ticket(partner_id=self.other.id)
            )
            self.assertEqual(tickets.slm_sla_id, self.service_sla | self.customer_sla | self.corporate)
            statements = []
            # The first read also loads the agent's groups and rules.
            for shown in (tickets, tickets[:1], tickets):
                self.env.invalidate_all()
                with self._statements_run() as run:
                    texts = shown.with_user(self.agent).mapped("slm_due_text")
                statements.append(len(run))
            self.assertEqual(statements[1], statements[2])
            # The labels name the targets from what the clocks copied of them.
            self.assertFalse([statement for statement in run if "slm_target" in statement])
            for ticket, text in zip(tickets, texts, strict=True):
                response = self._clock(ticket, "response")
                self.assertEqual(text, f"{response.label}, {response.due_text}")
                self.assertIn("due in", text)

    def test_33_live_clocks_in_one_statement(self):
        """A ticket's live clocks come with what its form shows of them in one statement, leave when
        cancelled, and stay readable with their ticket once it is archived."""
        with freeze_time("2026-03-02 09:00:00"):
            first, ticket = self._ticket(), self._ticket()
            # The first read also loads the agent's groups and rules.
            for shown in (first, ticket):
                self.env.invalidate_all()
                shown.with_user(self.agent).mapped("company_id")  # its row, which its form reads
                with self._statements_run() as run:
                    clocks = shown.with_user(self.agent).slm_live_clock_ids
                    self.assertEqual(clocks.mapped("metric"), ["response", "resolution"])
                    clocks.read(self.FORM_CLOCK_COLUMNS)
            self.assertEqual(len(run), 1)
            self._clock(ticket, "response").sudo()._slm_add_events("cancel", datetime(2026, 3, 2, 9, 5))
            self.assertEqual(ticket.slm_live_clock_ids, self._clock(ticket))
            ticket.active = False
            self.assertEqual(
                self.env["slm.clock"].with_user(self.agent).search([("ticket_id", "=", ticket.id)]),
                ticket.slm_clock_ids,
            )

    def test_34_live_clocks_after_a_stage_change(self):
        """A stage change leaves the form's live clocks to read from the clocks it read, in the order
        of the model, without a statement of their own."""
        with freeze_time("2026-03-02 09:00:00"):
            ticket = self._ticket()
        agent_ticket = ticket.with_user(self.agent)
        with freeze_time("2026-03-02 09:10:00"):
            agent_ticket.message_post(body="Looking", message_type="comment", subtype_xmlid="mail.mt_comment")
        with freeze_time("2026-03-02 09:20:00"):
            # The service's SLA no longer applies: its resolution is cancelled, its response stays met,
            # and the customer's SLA starts both of its clocks.
            agent_ticket.service_id = self.network
        self.assertEqual(len(ticket.slm_clock_ids), 4)
        for stage, at in ((self.pause_stage, "09:30"), (self.done_stage, "09:40")):
            with freeze_time(f"2026-03-02 {at}:00"):
                agent_ticket.slm_live_clock_ids.read(self.FORM_CLOCK_COLUMNS)  # the agent's rules, the labels
                self.env.invalidate_all()
                agent_ticket.stage_id = stage
                self.env.flush_all()
                with self._statements_run() as run:
                    live = agent_ticket.slm_live_clock_ids
                    live.read(self.FORM_CLOCK_COLUMNS)
                self.assertEqual(run, [])
                self.env.invalidate_all()
                self.assertEqual(
                    live.ids,
                    self.env["slm.clock"]
                    .search([("ticket_id", "=", ticket.id), ("status", "!=", "cancelled")])
                    .ids,
                )
        self.assertEqual(len(live), 3)
        self.assertEqual(live[:2].mapped("reached_date"), [datetime(2026, 3, 2, 9, 40)] * 2)

    def test_35_agreement_dates_are_days_where_it_is(self):
        """An SLA dated from 1 January applies from midnight in its time zone (16:00 UTC the day before in
        Shanghai) and the one it follows until then; those of a ticket's UTC day are found in one query."""
        shanghai = self.env["resource.calendar"].create({"name": "Shanghai office", "tz": "Asia/Shanghai"})
        harbour = self.env["res.partner"].create({"name": "Harbour Clinic", "is_company": True})
        common = {
            "state": "active",
            "level": "customer",
            "partner_id": harbour.id,
            "service_calendar_id": shanghai.id,
            "support_calendar_id": shanghai.id,
        }

        def sla(title, hours, **dates):
            target = {"metric": "response", "value": hours, "calendar_mode": "always"}
            return self.env["slm.agreement"].create(
                {"title": title, "target_ids": [(0, 0, target)], **common, **dates}
            )

        old = sla("Harbour 2026", 4, date_start=date(2026, 1, 1), date_end=date(2026, 12, 31))
        new = sla("Harbour 2027", 2, date_start=date(2027, 1, 1))
        self.assertEqual((old.tz, new.tz), ("Asia/Shanghai", "Asia/Shanghai"))
        Ticket = self.env["helpdesk.ticket"]
        # What tickets of the harbour opened on 31 December (UTC) may get.
        key = self._ticket(partner_id=harbour.id, service_id=False)._slm_scope_key()
        key = (*key[:4], date(2026, 12, 31), *key[5:])
        self.env.registry.clear_cache()
        with self.assertQueryCount(1):
            candidates = Ticket._slm_scope_terms(key)
        for at, agreement, hours in (
            (datetime(2026, 12, 31, 15, 59, 59), old, 4),
            (datetime(2026, 12, 31, 16, 0, 0), new, 2),
            (datetime(2026, 12, 31, 23, 59, 59), new, 2),
        ):
            sla_id, clocks = Ticket._slm_terms_at(candidates, at)
            self.assertEqual(sla_id, agreement.id, at)
            self.assertEqual([dict(items)["target_hours"] for items, _rules in clocks], [hours], at)
        # The tickets of 30 December: the new SLA is not among their candidates.
        candidates = Ticket._slm_scope_terms((*key[:4], date(2026, 12, 30), *key[5:]))
        self.assertNotIn(new.id, [candidate.agreement_id for candidate in candidates])
        self.assertEqual(Ticket._slm_terms_at(candidates, datetime(2026, 12, 30, 12))[0], old.id)

    def test_36_agreement_dates_follow_its_company(self):
        """An SLA without schedules has its dates where its company is, and follows the company when it
        moves: every worker forgets what tickets got of it."""
        harbour = self.env["res.partner"].create({"name": "Harbour Clinic", "is_company": True})
        sla = self.env["slm.agreement"].create(
            {
                "title": "Harbour",
                "state": "active",
                "level": "customer",
                "partner_id": harbour.id,
                "date_start": date(2027, 1, 1),
                "target_ids": [(0, 0, {"metric": "response", "value": 4, "calendar_mode": "always"})],
            }
        )
        self.assertFalse(sla.service_calendar_id or sla.support_calendar_id)
        key = self._ticket(partner_id=harbour.id, service_id=False)._slm_scope_key()
        key = (*key[:4], date(2026, 12, 31), *key[5:])
        Ticket = self.env["helpdesk.ticket"]
        for tz, valid_from in (
            ("Asia/Shanghai", datetime(2026, 12, 31, 16)),
            ("America/New_York", datetime(2027, 1, 1, 5)),
        ):
            sla.company_id.partner_id.tz = tz
            starts = {c.agreement_id: c.valid_from for c in Ticket._slm_scope_terms(key)}
            self.assertEqual(starts[sla.id], valid_from, tz)
            self.assertEqual(sla._slm_day_at(valid_from), date(2027, 1, 1), tz)
