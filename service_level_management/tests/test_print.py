# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import activate, propose


@tagged("post_install", "-at_install")
class TestPrintedAgreements(TransactionCase):
    """SLAs and OLAs print as records QR-14-01 and QR-14-02, with their history and signatures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.reader = new_test_user(cls.env, "print_reader", groups="service_catalog.group_slm_user")
        cls.manager = new_test_user(cls.env, "print_manager", groups="service_catalog.group_slm_manager")
        cls.approver = new_test_user(cls.env, "print_approver", groups="service_catalog.group_slm_approver")
        cls.customer = cls.env["res.partner"].create({"name": "Riverside Hospital", "is_company": True})
        cls.sla = (
            cls.env["slm.agreement"]
            .with_user(cls.manager)
            .create(
                {
                    "title": "Riverside",
                    "level": "customer",
                    "partner_id": cls.customer.id,
                    "date_start": date(2026, 1, 1),
                    "complaints": "<p>Write to the service desk manager.</p>",
                    "target_ids": [(0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"})],
                }
            )
        )
        activate(cls.sla, cls.approver)

    def _html(self, records, report="service_level_management.report_agreement"):
        return (
            self.env["ir.actions.report"]
            .with_user(self.reader)
            ._render_qweb_html(report, records.ids)[0]
            .decode()
        )

    def test_01_sla_document(self):
        """The SLA prints its record number, parties, targets in words, sections, revisions and signatures."""
        proposal = propose(self.sla, self.manager, reason="Faster for the wards")
        proposal.target_ids.value = 6
        activate(proposal, self.approver)
        html = self._html(self.sla)
        for text in ("QR-14-01", self.sla.name, "Riverside Hospital", "Resolution Time", "6 hours",
                     "Complaints Procedure", "Write to the service desk manager.", "Revision history",
                     "Faster for the wards", "Signature"):  # fmt: skip
            self.assertIn(text, html)

    def test_02_ola_document(self):
        """An OLA prints as QR-14-02 between the provider and its team."""
        team = self.env["helpdesk.ticket.team"].create({"name": "Network team"})
        service = self.env["slm.service"].create({"name": "Network", "state": "live"})
        ola = self.env["slm.agreement"].create(
            {"title": "Network", "agreement_type": "ola", "level": "service", "team_id": team.id,
             "service_ids": [(6, 0, service.ids)], "date_start": date(2026, 1, 1)}
        )  # fmt: skip
        html = self._html(ola)
        self.assertIn("QR-14-02", html)
        self.assertIn("Network team", html)
