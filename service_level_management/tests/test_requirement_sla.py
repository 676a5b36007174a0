# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.service_catalog.tests.common import review


@tagged("post_install", "-at_install")
class TestRequirementSla(TransactionCase):
    """A draft SLA made from an approved service requirement specification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.manager = new_test_user(cls.env, "srs_sla_manager", groups="service_catalog.group_slm_manager")
        approver = new_test_user(cls.env, "srs_sla_approver", groups="service_catalog.group_slm_approver")
        customer = cls.env["res.partner"].create({"name": "Acme Hospital", "is_company": True})
        cls.service = cls.env["slm.service"].create({"name": "E-mail", "state": "live"})
        cls.requirement = (
            cls.env["slm.requirement"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": customer.id,
                    "service_id": cls.service.id,
                    "availability_hours_per_day": 12,
                    "availability_days_per_week": 5,
                    "availability_target": 99.5,
                    "incident_period": "quarter",
                    "max_incident_count": 3,
                    "min_hours_between_incidents": 300,
                    "max_incident_duration": 4,
                    "response_time": 0.5,
                    "turnaround_time": 8,
                }
            )
        )
        cls.requirement.action_request_approval()
        review(cls.requirement, approver)

    def test_01_draft_sla_from_criteria(self):
        """The SLA is a draft for the customer and service, one target per criterion that is set."""
        action = self.requirement.with_user(self.manager).action_create_sla()
        agreement = self.env["slm.agreement"].browse(action["res_id"])
        self.assertEqual(
            (agreement.state, agreement.agreement_type, agreement.level),
            ("draft", "sla", "service"),
        )
        self.assertEqual(agreement.partner_id, self.requirement.partner_id)
        self.assertEqual(agreement.service_ids, self.service)
        self.assertEqual(agreement.requirement_id, self.requirement)
        self.assertEqual(
            {(t.metric, t.value, t.unit) for t in agreement.target_ids},
            {
                ("response", 0.5, "hours"),
                ("resolution", 8, "hours"),
                ("availability", 99.5, "percent"),
                ("incident_count", 3, "count"),
                ("mtbf", 300, "hours"),
                ("incident_duration_max", 4, "hours"),
            },
        )
        self.assertEqual(set(agreement.target_ids.mapped("period")), {"quarter"})
        self.assertEqual(
            {t.metric: t.calendar_mode for t in agreement.target_ids if t.calendar_mode == "support"},
            {"response": "support", "resolution": "support"},
        )
        self.assertIn("12 hours a day, 5 days a week", agreement.service_hours)
        self.assertEqual(self.requirement.agreement_count, 1)
        self.assertIn(self.requirement.name, agreement.message_ids[0].body)

    def test_02_only_approved(self):
        """A specification not approved yet cannot be the basis of an agreement."""
        draft = self.requirement.with_user(self.manager).copy()
        with self.assertRaises(UserError):
            draft.with_user(self.manager).action_create_sla()
        self.assertFalse(self.env["slm.agreement"].search([("requirement_id", "=", draft.id)]))
