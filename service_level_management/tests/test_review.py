# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import activate, propose, review


@tagged("post_install", "-at_install")
class TestManagementReview(TransactionCase):
    """Management reviews (seed §5.6.2–§5.6.3), breach reasons and improvement records (§5.7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.reader = new_test_user(cls.env, "mr_reader", groups="service_catalog.group_slm_user")
        cls.manager = new_test_user(cls.env, "mr_manager", groups="service_catalog.group_slm_manager")
        cls.approver = new_test_user(cls.env, "mr_approver", groups="service_catalog.group_slm_approver")
        cls.leader = new_test_user(cls.env, "mr_leader", groups="helpdesk_mgmt.group_helpdesk_user")
        cls.company = cls.env.company
        cls.company.write({"slm_review_owner_id": cls.manager.id, "slm_review_days_before_year_end": 30,
                           "slm_major_incident_hours": 4, "partner_id": cls.company.partner_id.id})  # fmt: skip
        cls.company.partner_id.tz = "UTC"
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Service desk", "user_id": cls.leader.id,
                                                            "user_ids": [(6, 0, cls.leader.ids)]})  # fmt: skip
        cls.customer = cls.env["res.partner"].create({"name": "Riverside Hospital", "is_company": True})
        cls.sla = cls.env["slm.agreement"].create(
            {
                "title": "Riverside",
                "level": "customer",
                "partner_id": cls.customer.id,
                "state": "active",
                "date_start": date(2026, 1, 1),
                "target_ids": [(0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"})],
            }
        )
        cls.done = cls.env["helpdesk.ticket.stage"].create({"name": "Solved", "closed": True})

    def _ticket(self, opened, hours, name="Mail down"):
        with freeze_time(opened):
            ticket = self.env["helpdesk.ticket"].create(
                {"name": name, "description": "-", "partner_id": self.customer.id, "team_id": self.team.id}
            )
        with freeze_time(opened.replace(hour=opened.hour + hours)):
            ticket.stage_id = self.done
        return ticket

    def _breached(self):
        ticket = self._ticket(datetime(2026, 3, 3, 8), 10)
        clock = ticket.slm_clock_ids
        self.assertEqual(clock.status, "breached")
        return ticket, clock

    def test_01_yearly_cron_once_per_year_and_company(self):
        """The yearly review is drafted 30 days before the year ends, once, with an activity for the owner."""
        Review = self.env["slm.review"]
        with freeze_time("2026-11-30 09:00"):
            Review._cron_yearly_review()
        self.assertFalse(Review.search([("kind", "=", "yearly")]))
        with freeze_time("2026-12-02 09:00"):
            Review._cron_yearly_review()
            Review._cron_yearly_review()
        yearly = Review.search([("kind", "=", "yearly"), ("company_id", "=", self.company.id)])
        self.assertEqual(len(yearly), 1)
        self.assertEqual((yearly.year, yearly.date_from, yearly.date_to, yearly.state),
                         (2026, date(2026, 1, 1), date(2026, 12, 31), "draft"))  # fmt: skip
        self.assertEqual(yearly.activity_ids.user_id, self.manager)
        with self.assertRaises(ValidationError):
            Review.with_user(self.manager).create(
                {
                    "title": "Again",
                    "kind": "yearly",
                    "date_from": date(2026, 6, 1),
                    "date_to": date(2026, 12, 31),
                }
            )

    def test_02_long_outage_proposes_one_extraordinary_review(self):
        """An outage restored after the threshold proposes one extraordinary review, linked to the ticket."""
        agent = self.leader
        with freeze_time("2026-03-10 08:00"):
            ticket = self.env["helpdesk.ticket"].with_user(agent).create(
                {"name": "Core switch down", "description": "-", "team_id": self.team.id, "is_outage": True,
                 "outage_start": datetime(2026, 3, 10, 8)}
            )  # fmt: skip
            ticket.outage_restored = datetime(2026, 3, 10, 9)  # one hour: no review
        self.assertFalse(ticket.sudo().slm_review_id)
        with freeze_time("2026-03-10 14:00"):
            ticket.outage_restored = datetime(2026, 3, 10, 13)
            ticket.outage_restored = datetime(2026, 3, 10, 13, 30)
        proposed = self.env["slm.review"].search([("incident_ticket_id", "=", ticket.id)])
        self.assertEqual(len(proposed), 1)
        self.assertEqual(
            (proposed.kind, proposed.state, ticket.sudo().slm_review_id), ("extraordinary", "draft", proposed)
        )
        # Flagged as a major incident, a short one too.
        with freeze_time("2026-03-11 08:00"):
            flagged = (
                self.env["helpdesk.ticket"]
                .with_user(agent)
                .create({"name": "Payroll wrong", "description": "-", "team_id": self.team.id})
            )
            flagged.slm_major_incident = True
        self.assertTrue(flagged.sudo().slm_review_id)

    def test_03_sections_equal_the_data(self):
        """Revisions in the window, measured values and breaches by cause with reasons fill the sections."""
        ticket, _clock = self._breached()
        self._ticket(datetime(2026, 3, 4, 8), 1)
        reason = self.env.ref("service_level_management.breach_reason_staffing")
        self._record_reason(ticket, reason, "Two engineers ill")
        with freeze_time("2026-04-02 09:00"):
            self.env["slm.measurement"]._slm_compute(self.sla, datetime(2026, 3, 15))
            proposal = propose(self.sla, self.manager, "Night shift", effective_date=datetime(2026, 4, 2, 10))
            proposal.target_ids.value = 6
            activate(proposal, self.approver)
        review_ = (
            self.env["slm.review"]
            .with_user(self.manager)
            .create({"title": "Spring", "date_from": date(2026, 3, 1), "date_to": date(2026, 4, 30)})
        )
        review_.action_refresh()
        commitments = review_.commitment_line_ids
        self.assertEqual(commitments.revision_id, self.sla.revision_ids)
        trend = review_.trend_line_ids
        self.assertEqual((trend.label, trend.value, trend.result), ("2026-03", "50.0 % of tickets", "missed"))
        breach = review_.breach_line_ids
        self.assertEqual((breach.cause, breach.reason_id, breach.count, breach.note),
                         ("internal", reason, 1, "Two engineers ill"))  # fmt: skip
        # The service report names the kind of reason (what the team wrote stays in the review).
        report = self.env["slm.service.report"]._slm_get(self.sla, "month", datetime(2026, 3, 15))
        Report = self.env["ir.actions.report"].with_user(self.reader)
        html = Report._render_qweb_html("service_level_management.report_service_report", report.ids)[
            0
        ].decode()
        self.assertIn(reason.name, html)
        self.assertNotIn("Two engineers ill", html)
        content, _kind = Report._render_xlsx(
            "service_level_management.action_report_service_report_xlsx", report.ids, {}
        )
        clocks = openpyxl.load_workbook(io.BytesIO(content))["Clocks"]
        self.assertEqual(
            [row[11].value for row in clocks.iter_rows(min_row=2) if row[11].value], [reason.name]
        )
        # Before: the agreement came into force, nothing else.
        earlier = (
            self.env["slm.review"]
            .with_user(self.manager)
            .create({"title": "Winter", "date_from": date(2026, 1, 1), "date_to": date(2026, 2, 28)})
        )
        earlier.action_refresh()
        self.assertEqual((earlier.line_ids.section, earlier.line_ids.agreement_id, earlier.line_ids.label),
                         ("commitment", self.sla, "In force from"))  # fmt: skip

    def _record_reason(self, ticket, reason, note, user=None):
        wizard = (
            self.env["slm.breach.reason.record"]
            .with_user(user or self.leader)
            .with_context(default_ticket_id=ticket.id)
            .create({"reason_id": reason.id, "note": note})
        )
        wizard.action_record()

    def test_04_breach_asks_the_team_leader_why(self):
        """A breach gives the team leader an activity; recording the reason (no service level group) closes it."""
        ticket, clock = self._breached()
        activity_type = self.env.ref("service_level_management.mail_activity_type_breach_reason")
        asked = ticket.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(asked.user_id, self.leader)
        with self.assertRaises(UserError):
            self.env["slm.breach.reason.record"].with_user(self.leader).with_context(
                default_ticket_id=ticket.id
            ).create({}).action_record()
        self._record_reason(ticket, self.env["slm.breach.reason"], "Waited for the carrier")
        self.assertEqual(
            (clock.breach_reason, clock.breach_reason_user_id), ("Waited for the carrier", self.leader)
        )
        self.assertFalse(ticket.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))
        with self.assertRaises(AccessError):
            clock.with_user(self.leader).breach_reason = "Changed by hand"

    def test_05_approved_review_is_frozen(self):
        """Submitted, then approved in the chatter: minutes, decisions and sections are frozen."""
        review_ = (
            self.env["slm.review"]
            .with_user(self.manager)
            .create({"title": "Spring", "date_from": date(2026, 3, 1), "date_to": date(2026, 4, 30)})
        )
        with self.assertRaises(UserError):
            review_.action_request_approval()  # no minutes yet
        decision = {"name": "Add a night shift", "user_id": self.manager.id}
        review_.write({"minutes": "<p>All targets discussed.</p>", "decision_ids": [(0, 0, decision)]})
        review_.action_request_approval()
        self.assertEqual(review_.state, "to_approve")
        with self.assertRaises(UserError):
            review_.minutes = "<p>Rewritten</p>"
        review(review_, self.approver)
        self.assertEqual(review_.state, "approved")
        for change in (
            lambda: review_.write({"minutes": "<p>Rewritten</p>"}),
            lambda: review_.decision_ids.write({"name": "Something else"}),
            lambda: review_.action_refresh(),
            lambda: review_.unlink(),
        ):
            with self.assertRaises(UserError):
                change()
        with self.assertRaises(UserError):
            review_.write({"state": "closed"})
        # Decisions still start their improvement records.
        review_.decision_ids.action_start_improvement()
        improvement = review_.decision_ids.improvement_id
        self.assertEqual((improvement.origin, improvement.review_id), ("review", review_))
        review_.action_close()
        self.assertEqual(review_.state, "closed")

    def test_06_improvement_from_a_breach_and_its_revision(self):
        """Started from a breached clock it carries its origin; a revision made for it is linked both ways."""
        _ticket, clock = self._breached()
        action = clock.with_user(self.manager).action_slm_start_improvement()
        improvement = self.env["slm.improvement"].with_user(self.manager).browse(action["res_id"])
        self.assertEqual((improvement.origin, improvement.clock_id, improvement.agreement_ids),
                         ("breach", clock, self.sla))  # fmt: skip
        with self.assertRaises(UserError):
            improvement.action_plan()  # no action yet
        with self.assertRaises(ValidationError):
            improvement.write({"action_ids": [(0, 0, {"name": "Hire"})]})  # no owner
        with self.assertRaises(ValidationError):  # an owner who could not open the improvement
            improvement.write({"action_ids": [(0, 0, {"name": "Hire", "user_id": self.leader.id})]})
        self.assertFalse(improvement.action_ids)
        hire = {"name": "Hire an engineer", "user_id": self.reader.id, "date_deadline": date(2026, 3, 20),
                "resources": "1 FTE"}  # fmt: skip
        improvement.write({"action_ids": [(0, 0, hire)]})
        action_line = improvement.action_ids
        self.assertEqual(action_line.activity_id.user_id, self.reader)
        improvement.action_plan()
        improvement.action_start()
        with freeze_time("2026-04-01"):
            self.assertTrue(improvement.is_overdue)
            self.assertIn(improvement, improvement.search([("is_overdue", "=", True)]))
        with self.assertRaises(UserError):
            improvement.action_done()  # its action is open
        with self.assertRaises(UserError):
            action_line.with_user(self.approver).action_mark_done()  # neither owner nor manager
        action_line.with_user(self.reader).action_mark_done()
        self.assertEqual(action_line.state, "done")
        proposal_action = improvement.action_propose_revisions()
        proposal = self.env["slm.agreement"].with_user(self.manager).browse(proposal_action["res_id"])
        self.assertEqual(proposal.improvement_id, improvement)
        proposal.write(
            {"revision_reason": "Night shift", "target_ids": [(1, proposal.target_ids.id, {"value": 6})]}
        )
        activate(proposal, self.approver)
        self.assertEqual(improvement.revision_ids, self.sla.revision_ids)
        self.assertEqual(self.sla.revision_ids.improvement_id, improvement)
        improvement.action_done()
        with self.assertRaises(UserError):
            improvement.action_verify()  # no result written
        improvement.result = "Resolution within 6 hours since April."
        improvement.action_verify()
        self.assertEqual((improvement.state, improvement.verified_by_id), ("verified", self.manager))

    def test_07_access_by_group(self):
        """Readers read; managers run reviews and improvements; approvers approve; agents see none."""
        review_ = (
            self.env["slm.review"]
            .with_user(self.manager)
            .create({"title": "Spring", "date_from": date(2026, 3, 1), "date_to": date(2026, 4, 30)})
        )
        self.assertEqual(review_.with_user(self.reader).title, "Spring")
        for user in (self.reader, self.approver):
            with self.assertRaises(AccessError):
                review_.with_user(user).write({"title": "Mine"})
            with self.assertRaises(AccessError):
                review_.with_user(user).action_refresh()
        with self.assertRaises(AccessError):
            review_.with_user(self.leader).read(["title"])
        with self.assertRaises(AccessError):
            self.env["slm.improvement"].with_user(self.reader).create({"title": "Mine", "gap": "-"})

    def test_08_bad_input(self):
        """A period that ends before it starts and a state set by hand are refused with clear errors."""
        Review = self.env["slm.review"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            Review.create({"title": "Backwards", "date_from": date(2026, 4, 1), "date_to": date(2026, 3, 1)})
        with self.assertRaises(UserError):
            self.env["slm.improvement"].with_user(self.manager).create(
                {"title": "x", "gap": "-", "state": "done"}
            )

    def test_09_companies_apart(self):
        """A review of one company is not seen from another."""
        other = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(self.env, "mr_outsider", groups="service_catalog.group_slm_manager",
                                 company_id=other.id, company_ids=[(6, 0, other.ids)])  # fmt: skip
        review_ = (
            self.env["slm.review"]
            .with_user(self.manager)
            .create({"title": "Spring", "date_from": date(2026, 3, 1), "date_to": date(2026, 4, 30)})
        )
        self.assertFalse(self.env["slm.review"].with_user(outsider).search([("id", "=", review_.id)]))

    def test_10_improvement_from_a_missed_measurement_and_a_procedure(self):
        """A missed measurement starts an improvement; a specification version made for it names it and is
        listed with the procedures changed in the review."""
        self._breached()
        with freeze_time("2026-04-02 09:00"):
            missed = self.env["slm.measurement"]._slm_compute(self.sla, datetime(2026, 3, 15))
        self.assertEqual(missed.result, "missed")
        action = missed.with_user(self.manager).action_slm_start_improvement()
        improvement = self.env["slm.improvement"].with_user(self.manager).browse(action["res_id"])
        self.assertEqual((improvement.origin, improvement.measurement_id), ("measurement", missed))
        service = self.env["slm.service"].create({"name": "E-mail", "state": "live"})
        with freeze_time("2026-04-10 09:00"):
            spec = self.env["slm.implementation.spec"].with_user(self.manager).create(
                {"name": "Night shift procedure", "service_id": service.id, "improvement_id": improvement.id,
                 "change_description": "On-call engineer at night"}
            )  # fmt: skip
            activate(spec, self.approver)
            spec.with_user(self.manager).action_publish()
        self.assertEqual(improvement.spec_ids, spec)
        # The improvement was opened today (the database stamps it), the procedure published in April.
        review_ = (
            self.env["slm.review"]
            .with_user(self.manager)
            .create({"title": "Since spring", "date_from": date(2026, 4, 1), "date_to": date.today()})
        )
        review_.action_refresh()
        procedures = review_.procedure_line_ids
        self.assertEqual((procedures.spec_id, procedures.improvement_id), (spec, improvement))

    def test_11_review_and_improvement_print(self):
        """The review prints its four sections, minutes and approvals; the improvement record its actions."""
        self._breached()
        review_ = self.env["slm.review"].with_user(self.manager).create(
            {"title": "Spring", "date_from": date(2026, 3, 1), "date_to": date(2026, 4, 30),
             "minutes": "<p>The wards want answers at night.</p>"}
        )  # fmt: skip
        review_.action_refresh()
        Report = self.env["ir.actions.report"].with_user(self.reader)
        html = Report._render_qweb_html("service_level_management.report_review", review_.ids)[0].decode()
        for text in (
            "Spring",
            "4. Reasons for missed service levels",
            "Internal Team",
            "The wards want answers",
        ):
            self.assertIn(text, html)
        improvement = self.env["slm.improvement"].with_user(self.manager).create(
            {"title": "Night cover", "gap": "Nobody answers at night",
             "action_ids": [(0, 0, {"name": "Draft the rota", "user_id": self.reader.id})]}
        )  # fmt: skip
        html = Report._render_qweb_html("service_level_management.report_improvement", improvement.ids)[0]
        for text in ("QR-13-01", "Nobody answers at night", "Draft the rota"):
            self.assertIn(text, html.decode())
        if Report.get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed on this machine")
        pdf, _kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "service_level_management.report_review", review_.ids
        )
        self.assertEqual(pdf[:4], b"%PDF")

    def test_12_yearly_review_on_the_companys_day(self):
        """The yearly review is drafted when the company's day comes, not the server's: in Shanghai at 16:00 UTC
        the day before."""
        self.company.partner_id.tz = "Asia/Shanghai"
        Review = self.env["slm.review"]
        with freeze_time("2026-11-30 15:59"):
            Review._cron_yearly_review()
        self.assertFalse(Review.search([("kind", "=", "yearly")]))
        with freeze_time("2026-11-30 16:00"):
            Review._cron_yearly_review()
        self.assertEqual(Review.search([("kind", "=", "yearly")]).year, 2026)
