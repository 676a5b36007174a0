# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    """The addon is installed with its menus and its access groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, "slm_employee", groups="base.group_user")
        cls.manager = new_test_user(cls.env, "slm_manager", groups="service_catalog.group_slm_manager")
        cls.portal = new_test_user(cls.env, "slm_portal", groups="base.group_portal")

    def test_01_module_installed(self):
        """The module is installed."""
        module = self.env["ir.module.module"].search([("name", "=", "service_catalog")])
        self.assertEqual(module.state, "installed")

    def test_02_group_chain(self):
        """Managers and approvers are service level users, users are employees."""
        user_group = self.env.ref("service_catalog.group_slm_user")
        self.assertIn(self.env.ref("base.group_user"), user_group.implied_ids)
        self.assertIn(user_group, self.env.ref("service_catalog.group_slm_manager").implied_ids)
        self.assertIn(user_group, self.env.ref("service_catalog.group_slm_approver").implied_ids)
        self.assertTrue(self.manager.has_group("service_catalog.group_slm_user"))

    def test_03_menus_per_group(self):
        """Employees see the catalog menu, only managers the configuration."""
        root = self.env.ref("service_catalog.menu_service_levels_root")
        catalog = self.env.ref("service_catalog.menu_service")
        configuration = self.env.ref("service_catalog.menu_configuration")
        employee_menus = self.env["ir.ui.menu"].with_user(self.employee)._visible_menu_ids()
        manager_menus = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        self.assertIn(root.id, employee_menus)
        self.assertIn(catalog.id, employee_menus)
        self.assertNotIn(configuration.id, employee_menus)
        self.assertIn(configuration.id, manager_menus)
        self.assertFalse(self.portal.has_group("base.group_user"))

    def test_04_catalog_access(self):
        """Employees read services, managers write them, portal users see nothing."""
        service = self.env["slm.service"].with_user(self.manager).create({"name": "Printing"})
        self.assertEqual(service.with_user(self.employee).name, "Printing")
        with self.assertRaises(AccessError):
            service.with_user(self.employee).write({"name": "Printing and scanning"})
        with self.assertRaises(AccessError):
            service.with_user(self.portal).read(["name"])
