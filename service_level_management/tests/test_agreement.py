# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import activate, propose, review


@tagged("post_install", "-at_install")
class TestAgreement(TransactionCase):
    """SLA and OLA agreements: hierarchy, strictness, approval, revisions, lifecycle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.manager = new_test_user(
            cls.env, "sla_manager", groups="service_catalog.group_slm_manager", email="manager@example.com"
        )
        cls.approver = new_test_user(cls.env, "sla_approver", groups="service_catalog.group_slm_approver")
        cls.user = new_test_user(cls.env, "sla_user", groups="service_catalog.group_slm_user")
        cls.portal = new_test_user(cls.env, "sla_portal", groups="base.group_portal")
        Calendar = cls.env["resource.calendar"]
        cls.brussels = Calendar.create({"name": "Brussels office", "tz": "Europe/Brussels"})
        cls.new_york = Calendar.create({"name": "New York office", "tz": "America/New_York"})
        cls.service = cls.env["slm.service"].create(
            {
                "name": "E-mail",
                "state": "live",
                "service_calendar_id": cls.brussels.id,
                "support_calendar_id": cls.brussels.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Riverside Hospital", "is_company": True, "email": "it@riverside.example.com"}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Second line"})
        cls.Agreement = cls.env["slm.agreement"].with_user(cls.manager)

    def _sla(self, hours=8, **values):
        return self.Agreement.create(
            {
                "title": "E-mail for Riverside",
                "agreement_type": "sla",
                "level": "customer",
                "partner_id": self.customer.id,
                "service_ids": [(6, 0, self.service.ids)],
                "date_start": date(2026, 1, 1),
                "target_ids": [(0, 0, {"metric": "resolution", "value": hours, "calendar_mode": "support"})],
                **values,
            }
        )

    def _ola(self, sla_target, hours, calendar_mode="custom", calendar=None, **values):
        return self.Agreement.create(
            {
                "title": "Second line for e-mail",
                "agreement_type": "ola",
                "level": "service",
                "team_id": self.team.id,
                "service_ids": [(6, 0, self.service.ids)],
                "date_start": date(2026, 1, 1),
                "target_ids": [
                    (
                        0,
                        0,
                        {
                            "metric": "resolution",
                            "value": hours,
                            "calendar_mode": calendar_mode,
                            "calendar_id": (calendar or self.new_york).id,
                            "supported_target_id": sla_target.id,
                        },
                    )
                ],
                **values,
            }
        )

    def _activate(self, agreement):
        activate(agreement, self.approver)
        self.assertEqual(agreement.state, "active")
        return agreement

    def _revise(self, agreement, **values):
        """Propose new terms and have them approved, taking effect at once."""
        proposal = propose(agreement, self.manager, **values)
        activate(proposal, self.approver)
        self.assertEqual(proposal.state, "applied")
        return proposal

    def test_01_reference_and_calendars(self):
        """References come from a sequence per type; calendars default from the service."""
        sla = self._sla()
        self.assertTrue(sla.name.startswith("SLA/"))
        self.assertEqual(sla.support_calendar_id, self.brussels)
        self.assertTrue(self._ola(sla.target_ids, 4, "always").name.startswith("OLA/"))

    def test_02_hierarchy_inherits_and_tightens_only(self):
        """A customer SLA starts from its corporate parent's targets and may only tighten them."""
        corporate = self.Agreement.create(
            {
                "title": "General IT services",
                "level": "corporate",
                "date_start": date(2026, 1, 1),
                "support_calendar_id": self.brussels.id,
                "target_ids": [
                    (0, 0, {"metric": "resolution", "value": 16}),
                    (0, 0, {"metric": "response", "value": 2}),
                ],
            }
        )
        child = self._sla(parent_id=corporate.id, target_ids=False)
        self.assertEqual(len(child.target_ids), 2)
        self.assertEqual(child.target_ids.inherited_from_id, corporate.target_ids)
        resolution = child.target_ids.filtered(lambda t: t.metric == "resolution")
        resolution.value = 8
        with self.assertRaises(ValidationError) as error:
            resolution.value = 20
        self.assertRegex(str(error.exception), "weaker")
        with self.assertRaises(ValidationError):
            self._sla(level="corporate", parent_id=child.id, partner_id=False)

    def test_03_weaker_ola_refused_with_counterexample(self):
        """An OLA on New York office hours cannot back a Brussels 8-hour SLA target, even with the same hours."""
        sla = self._sla()
        with self.assertRaises(ValidationError) as error:
            self._ola(sla.target_ids, 8)
        self.assertRegex(str(error.exception), r"for a ticket opened .*2026-01-0\d .* it is due")
        ola = self._ola(sla.target_ids, 4, "always")
        self.assertEqual(ola.supported_agreement_ids, sla)
        sla.invalidate_recordset(["supporting_agreement_ids"])
        self.assertEqual(sla.supporting_agreement_ids, ola)

    def test_04_approval(self):
        """The approver activates the agreement with a comment; a plain user cannot; nobody writes the state."""
        sla = self._sla()
        sla.action_request_approval()
        self.assertEqual(sla.state, "to_approve")
        with self.assertRaises(UserError):
            sla.write({"state": "active"})
        review(sla, self.user)
        self.assertEqual(sla.state, "to_approve")
        review(sla, self.approver, comment="Matches the contract")
        self.assertEqual(sla.state, "active")
        self.assertEqual(sla.review_ids.comment, "Matches the contract")
        self.assertIn("Matches the contract", "".join(sla.message_ids.mapped("body")))

    def test_05_announcement_mail(self):
        """On activation the customer receives the announcement."""
        sla = self._activate(self._sla())
        message = sla.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertTrue(message)
        self.assertIn("is in force", message[0].subject)
        self.assertTrue(self.env["mail.mail"].search([("mail_message_id", "in", message.ids)]))

    def test_06_revision_is_proposed_then_applied(self):
        """New terms are a proposal with a diff; the terms in force stay until it is approved."""
        sla = self._activate(self._sla())
        proposal = propose(sla, self.manager, reason="Faster for the wards")
        proposal.target_ids.value = 6
        self.assertEqual(sla.target_ids.value, 8)
        self.assertEqual((proposal.revision_of_id, proposal.name), (sla, sla.name))
        self.assertIn("- Target: Resolution Time: 8 hours", proposal.proposal_diff)
        self.assertIn("+ Target: Resolution Time: 6 hours", proposal.proposal_diff)
        # Proposing again opens the same proposal.
        self.assertEqual(sla.with_user(self.manager).action_propose_revision()["res_id"], proposal.id)
        proposal.action_request_approval()
        self.assertEqual((sla.target_ids.value, sla.revision), (8, 0))
        review(proposal, self.approver, comment="Agreed with the wards")
        self.assertEqual(proposal.state, "applied")
        self.assertEqual((sla.target_ids.value, sla.revision, sla.state), (6, 1, "active"))
        revision = sla.revision_ids
        self.assertEqual((revision.version, revision.new_version, revision.proposal_id), (0, 1, proposal))
        self.assertEqual(
            (revision.description, revision.reviser_id, revision.approver_ids),
            ("Faster for the wards", self.manager, self.approver),
        )
        self.assertIn("8 hours", revision.terms)
        self.assertIn("6 hours", revision.diff)
        mail = sla.message_ids.filtered(
            lambda m: self.customer in m.partner_ids and "revision 1" in (m.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("6 hours", mail.body)

    def test_07_sla_revision_flags_olas(self):
        """A revised SLA marks its OLAs "revision needed" with an activity; they are checked or revised."""
        sla = self._activate(self._sla())
        ola = self._activate(self._ola(sla.target_ids, 4, "always"))
        proposal = propose(sla, self.manager)
        proposal.target_ids.value = 2
        activate(proposal, self.approver)
        self.assertTrue(ola.revision_needed)
        activity = ola.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn(sla.name, activity.summary)
        with self.assertRaises(ValidationError) as error:
            ola.with_user(self.manager).action_check_again()
        self.assertRegex(str(error.exception), "weaker")
        ola_proposal = propose(ola, self.manager, reason="Follows the SLA")
        ola_proposal.target_ids.value = 1
        activate(ola_proposal, self.approver)
        self.assertFalse(ola.revision_needed)
        self.assertEqual(ola.target_ids.value, 1)

    def test_08_expiry_cron(self):
        """Active agreements expire after their end date."""
        sla = self._activate(self._sla(date_end=date(2026, 6, 30)))
        with freeze_time("2026-06-30 12:00:00"):
            self.env["slm.agreement"]._cron_expire()
            self.assertEqual(sla.state, "active")
        with freeze_time("2026-07-01 08:00:00"):
            self.env["slm.agreement"]._cron_expire()
            self.assertEqual(sla.state, "expired")

    def test_09_terminate_with_reason(self):
        sla = self._activate(self._sla())
        wizard = (
            self.env["slm.agreement.terminate"]
            .with_user(self.manager)
            .create({"agreement_id": sla.id, "reason": "Contract ended by the customer"})
        )
        wizard.action_terminate()
        self.assertEqual(sla.state, "terminated")
        self.assertEqual(sla.termination_reason, "Contract ended by the customer")

    def test_10_bad_input(self):
        """Overlaps, impossible values and dates are refused with clear errors, at the manager's request."""
        self._activate(self._sla())
        second = self._sla()
        with self.assertRaises(ValidationError) as error:
            second.action_request_approval()
        self.assertRegex(str(error.exception), "same tickets")
        self.assertEqual(second.state, "draft")
        with self.assertRaises(ValidationError):
            self._sla(target_ids=[(0, 0, {"metric": "availability", "value": 100.5})])
        with self.assertRaises(ValidationError):
            self._sla(hours=0)
        with self.assertRaises(ValidationError):
            self._sla(date_end=date(2025, 12, 31))
        with self.assertRaises(UserError):
            self._sla(target_ids=False).action_request_approval()

    def test_11_access(self):
        """Users read agreements, managers write them, portal users see nothing."""
        sla = self._sla()
        self.assertEqual(sla.with_user(self.user).title, "E-mail for Riverside")
        with self.assertRaises(AccessError):
            sla.with_user(self.user).write({"title": "Changed"})
        with self.assertRaises(AccessError):
            sla.with_user(self.portal).read(["title"])

    def test_12_offering_default_targets(self):
        """A new agreement for an offering copies the offering's default targets."""
        gold = self.env["slm.service.offering"].create(
            {
                "name": "Gold",
                "service_id": self.service.id,
                "target_ids": [(0, 0, {"metric": "response", "value": 30, "unit": "minutes"})],
            }
        )
        sla = self._sla(offering_id=gold.id, target_ids=False)
        self.assertEqual(sla.target_ids.metric, "response")
        self.assertEqual(sla.target_ids.unit, "minutes")

    def test_13_time_between_incidents(self):
        """An MTBF target is a duration: minutes or hours, compared as durations against the SLA."""
        sla = self._sla(target_ids=[(0, 0, {"metric": "mtbf", "value": 300})])
        target = sla.target_ids
        self.assertEqual(target.unit, "hours")
        with self.assertRaises(ValidationError):
            target.unit = "count"
        ola_values = {"metric": "mtbf", "unit": "minutes", "supported_target_id": target.id}
        with self.assertRaises(ValidationError) as error:
            self._ola(target, 1, target_ids=[(0, 0, {**ola_values, "value": 17_000})])  # 283 h between
        self.assertRegex(str(error.exception), "weaker")
        ola = self._ola(target, 1, target_ids=[(0, 0, {**ola_values, "value": 18_000})])  # 300 h
        self.assertEqual(ola.target_ids.unit, "minutes")

    def test_14_rejected_proposal_changes_nothing(self):
        """A rejected proposal goes back to draft; the agreement keeps its terms and revision."""
        sla = self._activate(self._sla())
        proposal = propose(sla, self.manager)
        proposal.target_ids.value = 4
        proposal.action_request_approval()
        review(proposal, self.approver, comment="Not affordable", reject=True)
        self.assertEqual(proposal.state, "draft")
        self.assertEqual(
            (sla.target_ids.value, sla.revision, sla.revision_ids), (8, 0, sla.revision_ids.browse())
        )

    def test_15_revision_takes_effect_later(self):
        """An approved revision waits for its instant, then a cron applies it."""
        sla = self._activate(self._sla())
        start = fields.Datetime.now()
        proposal = propose(sla, self.manager, effective_date=start + timedelta(days=7))
        proposal.target_ids.value = 4
        activate(proposal, self.approver)
        self.assertEqual((proposal.state, sla.target_ids.value), ("approved", 8))
        with freeze_time(start + timedelta(days=6)):
            self.env["slm.agreement"]._cron_apply_revisions()
        self.assertEqual((proposal.state, sla.target_ids.value), ("approved", 8))
        with freeze_time(start + timedelta(days=7, minutes=5)):
            self.env["slm.agreement"]._cron_apply_revisions()
        self.assertEqual((proposal.state, sla.target_ids.value, sla.revision), ("applied", 4, 1))
        self.assertEqual(sla.revision_ids.date, proposal.effective_date)

    def test_16_terms_in_force_are_read_only(self):
        """Nobody edits the terms, targets, rules or status of an agreement in force directly."""
        sla = self._activate(self._sla(escalation_ids=[(0, 0, {"percent": 50})]))
        as_manager = sla.with_user(self.manager)
        for values in (
            {"title": "Changed"},
            {"response_ends": "assignment"},
            {"target_ids": [(1, sla.target_ids.id, {"value": 20})]},
            {"escalation_ids": [(0, 0, {"percent": 90})]},
        ):
            with self.assertRaises(UserError):
                as_manager.write(values)
        with self.assertRaises(UserError):
            sla.target_ids.with_user(self.manager).value = 20
        with self.assertRaises(UserError):
            sla.escalation_ids.with_user(self.manager).percent = 90
        with self.assertRaises(UserError):
            sla.escalation_ids.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            as_manager.write({"revision": 5})
        with self.assertRaises(UserError):
            as_manager.unlink()
        # Whatever a client puts in the context.
        for key in ("slm_revising", "skip_validation_check", "slm_skip"):
            with self.assertRaises(UserError):
                as_manager.with_context(**{key: True}).write({"title": "Changed"})
        self.assertEqual(
            (sla.title, sla.target_ids.value, sla.escalation_ids.percent), ("E-mail for Riverside", 8, 50)
        )

    def test_17_child_may_only_tighten(self):
        """A child's own target is compared with the parent's of the same metric and scope."""
        corporate = self._activate(
            self.Agreement.create(
                {
                    "title": "General IT services",
                    "level": "corporate",
                    "date_start": date(2026, 1, 1),
                    "support_calendar_id": self.brussels.id,
                    "target_ids": [(0, 0, {"metric": "response", "value": 4})],
                }
            )
        )
        looser = [(0, 0, {"metric": "response", "value": 6, "priority": "3"})]
        with self.assertRaises(ValidationError):
            self._sla(parent_id=corporate.id, target_ids=looser)
        child = self._sla(
            parent_id=corporate.id, target_ids=[(0, 0, {"metric": "response", "value": 2, "priority": "3"})]
        )
        with self.assertRaises(ValidationError):
            child.target_ids.value = 5
        # The corporate 4 h for every priority is inherited where the child sets nothing.
        effective = child._slm_effective_targets()
        self.assertEqual(sorted((t.priority or "", t.value) for t in effective), [("", 4), ("3", 2)])

    def test_18_overlap_rule(self):
        """Two customer SLAs of one customer for different services may both be in force."""
        network = self.env["slm.service"].create(
            {"name": "Network", "state": "live", "support_calendar_id": self.brussels.id}
        )
        self._activate(self._sla())
        other = self._activate(self._sla(service_ids=[(6, 0, network.ids)]))
        self.assertEqual(other.state, "active")
        every_service = self._sla(service_ids=[(5, 0, 0)], support_calendar_id=self.brussels.id)
        with self.assertRaises(ValidationError):
            every_service.action_request_approval()

    def test_19_approver_without_email(self):
        """An approver without an e-mail address approves; mails go out from the company."""
        self.env.company.email = "service-desk@example.com"
        quiet = new_test_user(self.env, "sla_quiet_approver", groups="service_catalog.group_slm_approver")
        quiet.partner_id.email = False
        sla = self._sla()
        sla.action_request_approval()
        review(sla, quiet)
        self.assertEqual(sla.state, "active")
        announcement = sla.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertIn("service-desk@example.com", announcement.email_from)

    def test_20_reviewers_fixed_at_request(self):
        """Who reviews is decided when approval is requested: joining the group later does not make a reviewer."""
        sla = self._sla()
        sla.action_request_approval()
        late = new_test_user(self.env, "sla_late_approver", groups="service_catalog.group_slm_approver")
        self.assertNotIn(late, sla.review_ids.reviewer_ids)
        review(sla, late)
        self.assertEqual(sla.state, "to_approve")

    def test_21_no_approval_rule(self):
        """Without an approval rule nothing is approved silently."""
        self.env.ref("service_level_management.tier_definition_agreement").active = False
        sla = self._sla()
        with self.assertRaises(UserError) as error:
            sla.action_request_approval()
        self.assertIn("No approval rule", str(error.exception))
        self.assertEqual(sla.state, "draft")

    def test_22_history_is_kept(self):
        """Targets with measurements and agreements with a history are archived or kept, never deleted."""
        sla = self._activate(self._sla())
        self.env["slm.measurement"]._slm_compute(sla, datetime(2026, 3, 15))
        with self.assertRaises(UserError):
            sla.target_ids.sudo().unlink()
        proposal = self._revise(sla, title="E-mail for Riverside, revised")
        self.assertEqual(sla.title, "E-mail for Riverside, revised")
        dropped = propose(sla, self.manager)
        dropped.target_ids = [(0, 0, {"metric": "response", "value": 1})]
        dropped.target_ids.filtered(lambda t: t.metric == "resolution").unlink()
        activate(dropped, self.approver)
        old = (
            self.env["slm.target"]
            .with_context(active_test=False)
            .search([("agreement_id", "=", sla.id), ("metric", "=", "resolution")])
        )
        self.assertFalse(old.active)
        self.assertEqual(sla.target_ids.metric, "response")
        self.assertTrue(self.env["slm.measurement"].search([("target_id", "=", old.id)]))
        self.assertEqual(len(sla.revision_ids), 2)
        self.assertTrue(proposal.exists())

    def test_23_expiry_where_the_agreement_is(self):
        """An agreement's end date ends at midnight in its time zone: in Shanghai 8 hours before UTC's
        midnight, in New York 5 hours after."""
        shanghai = self.env["resource.calendar"].create({"name": "Shanghai office", "tz": "Asia/Shanghai"})
        harbour = self.env["res.partner"].create({"name": "Harbour Clinic", "is_company": True})
        east = self._activate(
            self._sla(
                date_end=date(2026, 12, 31), service_calendar_id=shanghai.id, support_calendar_id=shanghai.id
            )
        )
        west = self._activate(
            self._sla(
                date_end=date(2026, 12, 31),
                partner_id=harbour.id,
                service_calendar_id=self.new_york.id,
                support_calendar_id=self.new_york.id,
            )
        )
        for instant, states in (
            ("2026-12-31 15:59:59", ("active", "active")),
            ("2026-12-31 16:00:00", ("expired", "active")),
            ("2027-01-01 04:59:59", ("expired", "active")),
            ("2027-01-01 05:00:00", ("expired", "expired")),
        ):
            with freeze_time(instant):
                self.env["slm.agreement"]._cron_expire()
            self.assertEqual((east.state, west.state), states, instant)
        self.assertTrue(east._slm_valid_at(datetime(2026, 12, 31, 15, 59, 59)))
        self.assertFalse(east._slm_valid_at(datetime(2026, 12, 31, 16)))
