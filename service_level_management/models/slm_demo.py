# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import itertools
import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL


class SlmDemo(models.AbstractModel):
    """Demo data that tells one story: six months of Riverside Hospital's service levels.

    Called from the demo data only (``demo/service_level_management_demo.xml``). Tickets of
    the past are opened, answered, paused and closed at their own instants, so that their
    clocks, breaches (one caused by the second-line team's OLA), outages and the monthly
    measurements are what six months of real work would have left.
    """

    _name = "slm.demo"
    _description = "Service Level Demo Data"

    @api.model
    def _demo_ola_targets(self):
        """The second line backs the e-mail SLA's response and resolution, never weaker."""
        sla = self.env.ref("service_level_management.demo_agreement_email")
        ola = self.env.ref("service_level_management.demo_agreement_second_line")
        backed = {target.metric: target for target in sla.target_ids}
        self.env["slm.target"].create(
            [
                {
                    "agreement_id": ola.id,
                    "metric": "response",
                    "value": 15,
                    "unit": "minutes",
                    "supported_target_id": backed["response"].id,
                },
                {
                    "agreement_id": ola.id,
                    "metric": "resolution",
                    "value": 6,
                    "supported_target_id": backed["resolution"].id,
                },
            ]
        )

    @api.model
    def _demo_history(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True, mail_create_nolog=True))
        ref = env.ref
        now = fields.Datetime.now().replace(minute=0, second=0)
        contacts = [
            ref("service_level_management.demo_contact_ward"),
            ref("service_level_management.demo_contact_it"),
        ]
        email = ref("service_catalog.demo_service_email")
        network = ref("service_catalog.demo_service_network")
        first_line = ref("service_level_management.demo_team_service_desk")
        second_line = ref("service_level_management.demo_team_second_line")
        rng = random.Random(2026)
        agents = [ref("service_level_management.demo_user_agent"), ref("base.user_demo")]
        # Past tickets: one about every four days over six months, most in time, some late.
        for number in range(44):
            opened = now - timedelta(days=180 - number * 4, hours=rng.randrange(0, 10))
            service = email if number % 3 else network
            team = second_line if service == email and number % 2 else first_line
            respond = timedelta(minutes=rng.choice([5, 10, 15, 20, 25, 45, 70, 150]))
            resolve = timedelta(hours=rng.choice([1, 2, 3, 4, 5, 7, 9, 20]))
            self._demo_ticket(
                {
                    "name": rng.choice(DEMO_SUBJECTS[service.code]),
                    "description": "<p>Reported by phone to the service desk.</p>",
                    "partner_id": contacts[number % 2].id,
                    "service_id": service.id,
                    "team_id": team.id,
                    "user_id": agents[number % 2].id,
                    "priority": rng.choice("1122233"),
                },
                opened,
                respond,
                resolve,
            )
        # Two outages of the e-mail service: a short one, and one longer than the SLA allows.
        for days, minutes, subject in ((120, 90, "Mail servers unreachable"), (45, 300, "No mail in or out")):
            opened = now - timedelta(days=days, hours=3)
            ticket = self._demo_ticket(
                {
                    "name": subject,
                    "description": "<p>Nobody at the hospital can send or receive mail.</p>",
                    "partner_id": contacts[1].id,
                    "service_id": email.id,
                    "team_id": second_line.id,
                    "priority": "3",
                },
                opened,
                timedelta(minutes=10),
                timedelta(minutes=minutes + 15),
            )
            ticket.write(
                {
                    "is_outage": True,
                    "outage_start": opened,
                    "outage_restored": opened + timedelta(minutes=minutes),
                }
            )
            ticket._slm_write_system({"customer_notified": opened + timedelta(minutes=minutes + 15)})
        # Open tickets of today: one waiting for the ward, one close to its deadline, one just in.
        agent = ref("service_level_management.demo_user_agent")
        waiting = self._demo_ticket(
            {
                "name": "Shared mailbox of ward 3 asks for a password",
                "description": "<p>The nurses cannot open the ward's mailbox on the new tablets.</p>",
                "partner_id": contacts[0].id,
                "service_id": email.id,
                "team_id": first_line.id,
                "user_id": agent.id,
                "priority": "2",
            },
            now - timedelta(hours=3),
            timedelta(minutes=12),
            None,
        )
        waiting.sudo().slm_clock_ids._slm_add_events("pause", now - timedelta(hours=2))
        env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET stage_id = %s WHERE id = %s",
                ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting").id,
                waiting.id,
            )
        )
        calendar_ticket = self._demo_ticket(
            {
                "name": "Calendar invitations arrive twice",
                "description": "<p>Every meeting invitation of the board arrives two times.</p>",
                "partner_id": contacts[1].id,
                "service_id": email.id,
                "team_id": second_line.id,
                "user_id": ref("base.user_demo").id,
                "priority": "2",
            },
            now - timedelta(hours=6, minutes=30),
            timedelta(minutes=20),
            None,
        )
        self._demo_ticket(
            {
                "name": "Phone does not sync mail any more",
                "description": "<p>Since this morning the head nurse's phone shows no new mail.</p>",
                "partner_id": contacts[0].id,
                "service_id": email.id,
                "team_id": first_line.id,
                "user_id": agent.id,
                "priority": "1",
            },
            now - timedelta(minutes=20),
            None,
            None,
        )
        self._demo_xmlid(calendar_ticket, "demo_ticket_calendar")
        # The tickets helpdesk_mgmt brought along fall under the corporate SLA from when they opened.
        others = env["helpdesk.ticket"].search([("slm_clock_ids", "=", False), ("closed", "=", False)])
        others._slm_sync_clocks(new=True)
        # Escalations due now, and the figures of the last six months.
        env["slm.clock"]._cron_update_clocks()
        agreements = env["slm.agreement"].search([("state", "=", "active")])
        for months in range(7):
            env["slm.measurement"]._slm_compute(agreements, now - timedelta(days=30 * months))
        self._demo_revisions()
        # Open tickets follow the revised OLA at once, as the scheduled action would.
        env["helpdesk.ticket"]._cron_slm_follow_revisions()

    @api.model
    def _demo_ticket(self, values, opened, respond, resolve):
        """A ticket opened at ``opened``, answered ``respond`` later and closed ``resolve`` later
        (None: not yet), its clocks timed from then."""
        Ticket = self.env["helpdesk.ticket"].with_context(tracking_disable=True, mail_create_nolog=True)
        ticket = Ticket.create(
            {**values, "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id}
        )
        cr = self.env.cr
        # Reopened in the past: its clocks start again from its opening.
        cr.execute(
            SQL(
                "DELETE FROM slm_clock_event WHERE clock_id IN (SELECT id FROM slm_clock WHERE ticket_id = %s)",
                ticket.id,
            )
        )
        cr.execute(SQL("DELETE FROM slm_clock WHERE ticket_id = %s", ticket.id))
        cr.execute(SQL("UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", opened, ticket.id))
        ticket.invalidate_recordset()
        ticket.sudo()._slm_sync_clocks(new=True)
        clocks = ticket.sudo().slm_clock_ids
        if respond:
            clocks.filtered(lambda c: c.metric == "response")._slm_add_events("reached", opened + respond)
        if resolve:
            closed = opened + resolve
            clocks.filtered(lambda c: c.metric == "resolution")._slm_add_events("reached", closed)
            cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET stage_id = %s, closed_date = %s, last_stage_update = %s WHERE id = %s",
                    self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
                    closed,
                    closed,
                    ticket.id,
                )
            )
            ticket.invalidate_recordset()
        # Timed from an opening months ago, its clocks were breached until their events came: a
        # ticket that met its targets has nothing to explain.
        if not clocks.filtered(lambda c: c.status == "breached"):
            ticket.sudo()._slm_breach_reason_activities().unlink()
        return ticket

    @api.model
    def _demo_reports(self):
        """The service reports of the e-mail SLA's last three months, to print or download."""
        sla = self.env.ref("service_level_management.demo_agreement_email")
        first_of_month = fields.Datetime.now().replace(day=1, hour=12)
        for months in (1, 2, 3):
            self.env["slm.service.report"]._slm_get(
                sla, "month", first_of_month - relativedelta(months=months)
            )

    @api.model
    def _demo_revisions(self):
        """The second line tightened its OLA after the breach it caused; the customer SLA has a
        revision waiting for the approvers."""
        admin = self.env.ref("base.user_admin")
        ola = self.env.ref("service_level_management.demo_agreement_second_line").with_user(admin)
        proposal = self.env["slm.agreement"].browse(ola.action_propose_revision()["res_id"]).with_user(admin)
        proposal.write(
            {"revision_reason": "After the February breach: the second line resolves within 5 hours."}
        )
        proposal.target_ids.filtered(lambda t: t.metric == "resolution").write({"value": 5})
        improvement = self.env["slm.improvement"].with_user(admin).create(
            {
                "title": "Second line too slow on e-mail incidents",
                "origin": "meeting",
                "origin_note": "Weekly service meeting after the February breach.",
                "gap": "The second line's OLA allowed 6 hours: the e-mail SLA's 8 hours were missed when the "
                "first line handed over late.",
                "resources": "Half a day of a messaging engineer per week for on-call cover.",
                "agreement_ids": [(6, 0, ola.ids)],
                "user_id": self.env.ref("service_level_management.demo_user_manager").id,
                "action_ids": [
                    (0, 0, {"name": "Tighten the OLA resolution target to 5 hours",
                            "user_id": admin.id, "resources": "Service level manager, second line lead"}),
                ],
            }
        )  # fmt: skip
        self._demo_xmlid(improvement, "demo_improvement_ola")
        proposal.improvement_id = improvement
        proposal.action_request_approval()
        self._demo_approve(proposal, admin, "Agreed in the weekly meeting with the second line.")
        sla = self.env.ref("service_level_management.demo_agreement_hospital").with_user(admin)
        pending = self.env["slm.agreement"].browse(sla.action_propose_revision()["res_id"]).with_user(admin)
        pending.write(
            {
                "revision_reason": "The wards ask for an answer within an hour at every priority.",
                "effective_date": fields.Datetime.now() + timedelta(days=7),
            }
        )
        pending.target_ids.filtered(lambda t: t.metric == "response").write({"value": 1, "priority": False})
        pending.action_request_approval()
        self._demo_xmlid(pending, "demo_proposal_hospital")

    @api.model
    def _demo_reviews(self):
        """Last year's review approved with its minutes, this year's drafted, the extraordinary one the
        long e-mail outage called for; the reasons the desk gave for its breaches but the latest; two
        improvements."""
        ref = self.env.ref
        admin, manager = ref("base.user_admin"), ref("service_level_management.demo_user_manager")
        approver = ref("service_level_management.demo_user_approver")
        company = self.env.company
        company.slm_review_owner_id = manager
        # Why the desk missed its targets, said on the tickets; the latest three are still to explain.
        late = self.env["slm.clock"].search(
            [("status", "=", "breached"), ("ticket_id.closed", "=", True)], order="reached_date, id"
        )
        reasons = itertools.cycle(
            (
                (
                    ref("service_level_management.breach_reason_staffing"),
                    "Two of the desk were on leave the same week.",
                ),
                (
                    ref("service_level_management.breach_reason_third_party"),
                    "Waited for the second line to take it over.",
                ),
                (
                    ref("service_level_management.breach_reason_complexity"),
                    "The cause took three attempts to find.",
                ),
                (
                    ref("service_level_management.breach_reason_misrouted"),
                    "Logged under the wrong service, then handed over.",
                ),
                (
                    ref("service_level_management.breach_reason_change"),
                    "The update of the weekend before caused it.",
                ),
            )
        )
        for ticket, (reason, note) in zip(late.ticket_id[:-3], reasons, strict=False):
            wizard = self.env["slm.breach.reason.record"].with_user(admin).with_context(
                default_ticket_id=ticket.id
            ).create({"clock_ids": [(6, 0, (late & ticket.slm_clock_ids).ids)], "reason_id": reason.id,
                      "note": note})  # fmt: skip
            wizard.action_record()
        # The improvement behind the OLA's revision is done; another is under way, one action late.
        improvement = ref("service_level_management.demo_improvement_ola").with_user(manager)
        improvement.action_plan()
        improvement.action_start()
        improvement.action_ids.action_mark_done()
        improvement.result = "The OLA revised to 5 hours; no e-mail ticket missed its SLA since."
        improvement.action_done()
        today = fields.Date.context_today(self)
        night = self.env["slm.improvement"].with_user(manager).create(
            {
                "title": "Night cover for the wards' e-mail",
                "origin": "complaint",
                "origin_note": "The head nurse of ward 3 complained that nobody answers at night.",
                "gap": "Tickets opened after 20:00 wait for the morning shift.",
                "resources": "One on-call engineer per night, a phone line.",
                "service_ids": [(6, 0, ref("service_catalog.demo_service_email").ids)],
                "agreement_ids": [(6, 0, ref("service_level_management.demo_agreement_hospital").ids)],
                "date_deadline": today + timedelta(days=30),
                "action_ids": [
                    (0, 0, {"name": "Draft the on-call rota", "user_id": manager.id,
                            "date_deadline": today - timedelta(days=5), "resources": "Service desk lead"}),
                    (0, 0, {"name": "Budget the on-call allowance", "user_id": admin.id,
                            "date_deadline": today + timedelta(days=20), "resources": "Finance"}),
                ],
            }
        )  # fmt: skip
        night.action_plan()
        night.action_start()
        self._demo_xmlid(night, "demo_improvement_night")
        # Last year's review, approved; this year's, a draft filled from the six months of tickets.
        last_year = today.year - 1
        Review = self.env["slm.review"].with_user(manager)
        previous = Review.create(
            {
                "kind": "yearly",
                "title": f"Yearly review of service levels {last_year}",
                "date_from": date(last_year, 1, 1),
                "date_to": date(last_year, 12, 31),
                "review_date": date(last_year, 12, 18),
                "chair_id": manager.id,
                "attendee_ids": [(6, 0, (manager | approver | admin).ids)],
                "minutes": "<p>The year's targets were met. The hospital will ask for e-mail support at night; "
                "the desk prepares an estimate.</p>",
                "decision_ids": [(0, 0, {"name": "Estimate the cost of night cover for e-mail",
                                         "user_id": manager.id})],
            }
        )  # fmt: skip
        previous.action_request_approval()
        self._demo_approve(previous, approver, "Approved at the year-end management meeting.")
        self._demo_xmlid(previous, "demo_review_last_year")
        current = Review.create(
            {
                "kind": "yearly",
                "title": f"Yearly review of service levels {today.year}",
                "date_from": date(today.year, 1, 1),
                "date_to": date(today.year, 12, 31),
                "chair_id": manager.id,
            }
        )
        current.action_refresh()
        self._demo_xmlid(current, "demo_review_this_year")
        # The five-hour e-mail outage called for an extraordinary review when it was restored.
        outage = self.env["helpdesk.ticket"].search([("name", "=", "No mail in or out")], limit=1)
        if outage.slm_review_id:
            # Proposed when the outage was restored, before the months were measured: filled again.
            outage.slm_review_id.with_user(manager).action_refresh()
            self._demo_xmlid(outage.slm_review_id, "demo_review_outage")

    @api.model
    def _demo_xmlid(self, record, name, module="service_level_management"):
        """Name a record made by code, as the demo records of the data files are named."""
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"{module}.{name}", "record": record, "noupdate": True}]
        )

    @api.model
    def _demo_approve(self, record, approver, comment):
        """``approver`` approves ``record`` in its chatter, with ``comment``."""
        action = record.with_user(approver).validate_tier()
        if isinstance(action, dict):
            wizard = self.env["comment.wizard"].with_user(approver).with_context(**action["context"])
            wizard.create({"comment": comment}).add_comment()


DEMO_SUBJECTS = {
    "EMAIL": [
        "Mail from the laboratory arrives late",
        "Cannot send attachments larger than 10 MB",
        "Out-of-office reply does not stop",
        "Distribution list of the night shift is missing",
        "Mailbox full, cannot receive",
        "Spam filter blocks the pharmacy supplier",
    ],
    "LAN": [
        "Wi-Fi drops on the second floor",
        "Printer in the admissions office offline",
        "No network in meeting room B",
        "Slow network in the radiology wing",
    ],
}
