# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalAgreements(HttpCase):
    """Customers find their signed SLAs, targets, latest results and reports on the portal, and only theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner, Agreement = cls.env["res.partner"], cls.env["slm.agreement"]
        cls.hospital = Partner.create({"name": "Riverside Hospital", "is_company": True})
        cls.school = Partner.create({"name": "Hillside School", "is_company": True})
        cls.emma = new_test_user(cls.env, "portal_emma", groups="base.group_portal")
        cls.emma.partner_id.parent_id = cls.hospital
        service = cls.env["slm.service"].create({"name": "Hospital E-mail", "state": "live"})

        def sla(partner, state="active", **values):
            return Agreement.create(
                {"title": f"{partner.name} {state}", "level": "customer", "partner_id": partner.id, "state": state,
                 "date_start": date(2025, 1, 1), "service_ids": [(6, 0, service.ids)],
                 "target_ids": [(0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"})],
                 **values}
            )  # fmt: skip

        cls.ours, cls.draft, cls.theirs = sla(cls.hospital), sla(cls.hospital, "draft"), sla(cls.school)
        cls.env["slm.measurement"]._slm_compute(cls.ours, datetime(2026, 3, 15))
        cls.their_report = cls.env["slm.service.report"]._slm_get(cls.theirs, "month", datetime(2026, 3, 15))

    def test_01_only_their_signed_agreements(self):
        """Record rules show the customer its signed SLAs with their targets and figures, nothing else."""
        env = self.env(user=self.emma)
        self.assertEqual(env["slm.agreement"].search([]), self.ours)
        self.assertEqual(env["slm.target"].search([]), self.ours.target_ids)
        self.assertTrue(env["slm.measurement"].search([]))
        self.assertEqual(env["slm.measurement"].search([]).agreement_id, self.ours)
        self.assertFalse(env["slm.service.report"].search([("id", "=", self.their_report.id)]))
        with self.assertRaises(AccessError):
            env["slm.service.report"].browse(self.their_report.id).read(["period"])
        with self.assertRaises(AccessError):
            env["slm.service.report"].browse(self.their_report.id)._slm_report_data()
        with self.assertRaises(AccessError):
            env["slm.clock"].search([])
        with self.assertRaises(AccessError):
            self.ours.with_user(self.emma).write({"title": "Changed"})

    def test_02_pages_and_downloads(self):
        """The list, the page with targets and reports, the downloads; another customer's are refused."""
        self.authenticate("portal_emma", "portal_emma")
        listing = self.url_open("/my/agreements")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.ours.name, listing.text)
        self.assertNotIn(self.theirs.name, listing.text)
        self.assertNotIn(self.draft.name, listing.text)
        page = self.url_open(f"/my/agreements/{self.ours.id}")
        self.assertIn("Resolution Time: 8 hours", page.text)
        self.assertIn("Hospital E-mail", page.text)
        report = self.env["slm.service.report"].search([("agreement_id", "=", self.ours.id)])
        self.assertTrue(report, "last month's report is made when the page is first opened")
        self.assertIn(f"/report/pdf/service_level_management.report_service_report/{report.id}", page.text)
        xlsx = self.url_open(f"/report/xlsx/service_level_management.service_report_xlsx/{report.id}")
        self.assertEqual(xlsx.status_code, 200)
        self.assertEqual(xlsx.content[:2], b"PK")
        other = self.url_open(f"/my/agreements/{self.theirs.id}", allow_redirects=False)
        self.assertEqual(other.status_code, 303)
        stolen = self.url_open(
            f"/report/xlsx/service_level_management.service_report_xlsx/{self.their_report.id}"
        )
        self.assertNotEqual(stolen.content[:2], b"PK")
        stolen_pdf = self.url_open(
            f"/report/pdf/service_level_management.report_service_report/{self.their_report.id}"
        )
        self.assertNotIn(self.theirs.name, stolen_pdf.text)

    def test_03_home_counter(self):
        """The portal home counts the customer's agreements."""
        self.authenticate("portal_emma", "portal_emma")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["agreement_count"]})
        self.assertEqual(counters["agreement_count"], 1)
