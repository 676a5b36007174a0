# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import review


@tagged("post_install", "-at_install")
class TestImplementationSpec(TransactionCase):
    """Implementation specifications: versions, approval, publication."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.manager = new_test_user(cls.env, "spec_manager", groups="service_catalog.group_slm_manager")
        cls.approver = new_test_user(cls.env, "spec_approver", groups="service_catalog.group_slm_approver")
        cls.user = new_test_user(cls.env, "spec_user", groups="service_catalog.group_slm_user")
        cls.service = cls.env["slm.service"].create({"name": "Office network", "state": "live"})
        cls.Spec = cls.env["slm.implementation.spec"].with_user(cls.manager)

    def _approved(self, spec):
        spec.action_request_approval()
        review(spec, self.approver)
        self.assertEqual(spec.state, "approved")
        return spec

    def test_01_versions_keep_history(self):
        """Publishing version 2 supersedes version 1, which stays readable and unchanged."""
        first = self.Spec.create(
            {
                "name": "Network operations",
                "service_id": self.service.id,
                "delivery_process": "<p>Version one</p>",
                "change_description": "First issue",
            }
        )
        self.assertEqual(first.version, 1)
        self._approved(first).action_publish()
        self.assertEqual(self.service.published_spec_id, first)
        second = self.Spec.browse(first.action_new_version()["res_id"])
        self.assertEqual(second.version, 2)
        self.assertEqual(second.state, "draft")
        second.write({"delivery_process": "<p>Version two</p>", "change_description": "New switches"})
        self._approved(second).action_publish()
        self.assertEqual(first.state, "superseded")
        self.assertIn("Version one", first.with_user(self.user).delivery_process)
        self.assertEqual(self.service.published_spec_id, second)
        self.assertEqual(second.history_ids.mapped("version"), [2, 1])

    def test_02_approved_versions_are_frozen(self):
        """An approved or published version cannot be edited; a new version is the way."""
        spec = self._approved(self.Spec.create({"name": "Ops", "service_id": self.service.id}))
        with self.assertRaises(UserError):
            spec.monitoring = "<p>changed</p>"

    def test_03_publish_only_approved(self):
        spec = self.Spec.create({"name": "Ops", "service_id": self.service.id})
        with self.assertRaises(UserError):
            spec.action_publish()

    def test_04_retired_service_gets_no_new_publication(self):
        spec = self._approved(self.Spec.create({"name": "Ops", "service_id": self.service.id}))
        self.service.state = "retired"
        with self.assertRaises(ValidationError):
            spec.action_publish()

    def test_05_access(self):
        """Users read specifications; only managers write them."""
        spec = self.Spec.create({"name": "Ops", "service_id": self.service.id})
        self.assertEqual(spec.with_user(self.user).name, "Ops")
        with self.assertRaises(AccessError):
            spec.with_user(self.user).write({"monitoring": "<p>x</p>"})
