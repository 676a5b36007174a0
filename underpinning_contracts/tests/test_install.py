# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    """The addon is installed with its menus and its access group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(cls.env, "uc_officer", groups="underpinning_contracts.group_uc_officer")
        cls.slm_user = new_test_user(cls.env, "slm_user", groups="service_catalog.group_slm_user")

    def test_01_module_installed(self):
        """The module and purchase are installed."""
        modules = self.env["ir.module.module"].search(
            [("name", "in", ["underpinning_contracts", "purchase"]), ("state", "=", "installed")]
        )
        self.assertEqual(len(modules), 2)

    def test_02_officer_is_purchase_and_slm_user(self):
        """A purchasing officer works in purchase and reads the service levels."""
        self.assertTrue(self.officer.has_group("purchase.group_purchase_user"))
        self.assertTrue(self.officer.has_group("service_catalog.group_slm_user"))

    def test_03_suppliers_menu(self):
        """Only purchasing officers see the suppliers menu."""
        menu = self.env.ref("underpinning_contracts.menu_suppliers")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.officer)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.slm_user)._visible_menu_ids())
