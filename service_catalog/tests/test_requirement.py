# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import review


@tagged("post_install", "-at_install")
class TestRequirement(TransactionCase):
    """Service requirement specifications: approval, revisions and their constraints."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.manager = new_test_user(cls.env, "srs_manager", groups="service_catalog.group_slm_manager")
        cls.approver = new_test_user(cls.env, "srs_approver", groups="service_catalog.group_slm_approver")
        cls.user = new_test_user(cls.env, "srs_user", groups="service_catalog.group_slm_user")
        cls.portal = new_test_user(cls.env, "srs_portal", groups="base.group_portal")
        cls.customer = cls.env["res.partner"].create({"name": "Acme Hospital", "is_company": True})
        cls.service = cls.env["slm.service"].create({"name": "E-mail", "state": "live"})
        cls.Requirement = cls.env["slm.requirement"].with_user(cls.manager)

    def _requirement(self, **values):
        return self.Requirement.create(
            {
                "partner_id": self.customer.id,
                "service_id": self.service.id,
                "availability_target": 99.5,
                "response_time": 0.5,
                "turnaround_time": 8,
                **values,
            }
        )

    def test_01_reference_from_sequence(self):
        """Each specification gets the next number of the configurable sequence."""
        first, second = self._requirement(), self._requirement()
        self.assertTrue(first.name.startswith("SRS/"))
        self.assertNotEqual(first.name, second.name)

    def test_02_approval_by_reviewer(self):
        """The service management team approves; the requester cannot skip it."""
        requirement = self._requirement()
        requirement.action_request_approval()
        self.assertEqual(requirement.state, "to_approve")
        self.assertEqual(
            requirement.review_ids.reviewer_ids, self.env.ref("service_catalog.group_slm_approver").users
        )
        with self.assertRaises(UserError):
            requirement.write({"state": "approved"})
        review(requirement, self.approver)
        self.assertEqual(requirement.state, "approved")
        self.assertEqual(requirement.review_ids.done_by, self.approver)

    def test_03_plain_user_cannot_approve(self):
        """A service level user without the approver right cannot review."""
        requirement = self._requirement()
        requirement.action_request_approval()
        self.assertFalse(requirement.with_user(self.user).can_review)
        review(requirement, self.user)
        self.assertEqual(requirement.state, "to_approve")

    def test_04_rejection_back_to_draft(self):
        """A rejected specification goes back to draft and can be submitted again."""
        requirement = self._requirement()
        requirement.action_request_approval()
        review(requirement, self.approver, reject=True)
        self.assertEqual(requirement.state, "draft")
        requirement.action_request_approval()
        self.assertEqual(len(requirement.review_ids), 1)
        self.assertTrue(requirement.with_user(self.approver).can_review)

    def test_05_self_approval_refused(self):
        """Where the tier says so, whoever requested the approval cannot give it."""
        self.env.ref("service_catalog.tier_definition_requirement").slm_forbid_self_review = True
        both = new_test_user(
            self.env,
            "srs_both",
            groups="service_catalog.group_slm_manager,service_catalog.group_slm_approver",
        )
        requirement = self.Requirement.with_user(both).create(
            {"partner_id": self.customer.id, "service_id": self.service.id}
        )
        requirement.action_request_approval()
        with self.assertRaises(UserError):
            requirement.validate_tier()
        review(requirement, self.approver)
        self.assertEqual(requirement.state, "approved")

    def test_06_revision_supersedes(self):
        """A new revision keeps the approved one intact until it is approved itself."""
        requirement = self._requirement()
        requirement.action_request_approval()
        review(requirement, self.approver)
        with self.assertRaises(UserError):
            requirement.response_time = 1
        action = requirement.action_new_revision()
        revision = self.Requirement.browse(action["res_id"])
        self.assertEqual(revision.previous_id, requirement)
        self.assertEqual(revision.response_time, 0.5)
        revision.response_time = 0.25
        revision.action_request_approval()
        review(revision, self.approver)
        self.assertEqual(requirement.state, "superseded")
        self.assertEqual(requirement.response_time, 0.5)

    def test_07_bad_criteria(self):
        """Criteria are positive and availability is at most 100 %."""
        with self.assertRaises(ValidationError):
            self._requirement(availability_target=100.5)
        with self.assertRaises(ValidationError):
            self._requirement(response_time=-1)
        with self.assertRaises(ValidationError):
            self._requirement(availability_hours_per_day=25)

    def test_08_retired_service(self):
        """A retired service gets no new specification."""
        self.service.state = "retired"
        with self.assertRaises(ValidationError):
            self._requirement()

    def test_09_access(self):
        """Service level users read, managers write, portal users see nothing."""
        requirement = self._requirement()
        self.assertEqual(requirement.with_user(self.user).partner_id, self.customer)
        with self.assertRaises(AccessError):
            requirement.with_user(self.user).write({"response_time": 2})
        with self.assertRaises(AccessError):
            requirement.with_user(self.portal).read(["name"])

    def test_10_form_offers_one_way_to_submit(self):
        """The form submits with Request Approval only; the reviews panel stays."""
        form = etree.fromstring(self.Requirement.get_view(view_type="form")["arch"])
        buttons = set(form.xpath("//button/@name"))
        self.assertIn("action_request_approval", buttons)
        self.assertFalse(buttons & {"request_validation", "restart_validation"})
        self.assertIn("validate_tier", buttons)

    def test_11_printed_as_qr_14_04(self):
        """The specification prints as record QR-14-04 with its items and who approved it."""
        requirement = self._requirement(expectations="<p>Mail reaches the wards within a minute.</p>")
        requirement.action_request_approval()
        review(requirement, self.approver)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user)
            ._render_qweb_html("service_catalog.report_requirement", requirement.ids)[0]
            .decode()
        )
        for text in ("QR-14-04", requirement.name, "Acme Hospital", "Mail reaches the wards within a minute.",
                     "99.5", self.approver.name):  # fmt: skip
            self.assertIn(text, html)
