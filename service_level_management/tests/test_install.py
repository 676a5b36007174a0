# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    """The addon is installed with its dependencies, menus and access groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env, "slm_agent", groups="helpdesk_mgmt.group_helpdesk_user,service_catalog.group_slm_user"
        )
        cls.employee = new_test_user(cls.env, "slm_employee", groups="base.group_user")

    def test_01_dependencies_installed(self):
        """The OCA building blocks are installed with the addon."""
        modules = self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ["service_level_management", "helpdesk_mgmt", "base_tier_validation", "report_xlsx"],
                )
            ]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 4)

    def test_02_support_menu_for_agents_only(self):
        """Helpdesk agents see the support menu, other employees do not."""
        menu = self.env.ref("service_level_management.menu_support")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.agent)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.employee)._visible_menu_ids())

    def test_03_ticket_service_count(self):
        """An agent sees the tickets of a service from the service."""
        service = self.env["slm.service"].create({"name": "E-mail", "state": "live"})
        self.env["helpdesk.ticket"].create(
            {"name": "Cannot send mail", "description": "Outbox stuck", "service_id": service.id}
        )
        self.assertEqual(service.with_user(self.agent).ticket_count, 1)
        action = service.with_user(self.agent).action_view_tickets()
        self.assertEqual(
            self.env["helpdesk.ticket"].with_user(self.agent).search(action["domain"]).service_id, service
        )
