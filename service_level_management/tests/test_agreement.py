# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


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
        agreement.action_request_approval()
        agreement.with_user(self.approver).validate_tier()
        self.assertEqual(agreement.state, "active")
        return agreement

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
        """The approver activates the agreement; a plain user cannot; nothing activates without review."""
        sla = self._sla()
        sla.action_request_approval()
        self.assertEqual(sla.state, "to_approve")
        with self.assertRaises(ValidationError):
            sla.write({"state": "active"})
        sla.with_user(self.user).validate_tier()
        self.assertEqual(sla.state, "to_approve")
        sla.with_user(self.approver).validate_tier()
        self.assertEqual(sla.state, "active")

    def test_05_announcement_mail(self):
        """On activation the customer receives the announcement."""
        sla = self._activate(self._sla())
        message = sla.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertTrue(message)
        self.assertIn("is in force", message[0].subject)
        self.assertTrue(self.env["mail.mail"].search([("mail_message_id", "in", message.ids)]))

    def test_06_revision_diff(self):
        """Editing an active agreement makes a numbered revision and posts the diff; the old terms stay readable."""
        sla = self._activate(self._sla())
        sla.target_ids.value = 6
        self.assertEqual(sla.revision, 1)
        revision = sla.revision_ids
        self.assertEqual(revision.version, 0)
        self.assertIn("8 Hours", revision.terms)
        self.assertIn("6 Hours", revision.diff)
        self.assertIn("- ", revision.diff)
        self.assertIn("6 Hours", sla.message_ids[0].body)
        sla.write({"title": "E-mail and calendar for Riverside", "revision_description": "Calendar added"})
        self.assertEqual(sla.revision, 2)
        latest = sla.revision_ids.sorted("version")[-1]
        self.assertEqual(latest.version, 1)
        self.assertEqual(latest.description, "Calendar added")
        self.assertIn("6 Hours", latest.terms)

    def test_07_sla_revision_flags_olas(self):
        """A revised SLA marks its OLAs "revision needed" with an activity; they pass again before approval."""
        sla = self._activate(self._sla())
        ola = self._activate(self._ola(sla.target_ids, 4, "always"))
        sla.target_ids.value = 2
        self.assertTrue(ola.revision_needed)
        activity = ola.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn(sla.name, activity.summary)
        with self.assertRaises(ValidationError) as error:
            ola.action_request_approval()
        self.assertRegex(str(error.exception), "weaker")
        ola.target_ids.with_context(slm_revising=True).value = 1
        self._activate(ola)
        self.assertFalse(ola.revision_needed)

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
        """Overlaps, impossible values and dates are refused with clear errors."""
        self._activate(self._sla())
        second = self._sla()
        second.action_request_approval()
        with self.assertRaises(ValidationError) as error:
            second.with_user(self.approver).validate_tier()
        self.assertRegex(str(error.exception), "overlaps")
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
