# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCatalogReport(TransactionCase):
    """The printed catalog: live services grouped by category, in business language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, "catalog_reader", groups="base.group_user")
        workplace = cls.env["slm.service.category"].create({"name": "Workplace"})
        calendar = cls.env.ref("resource.resource_calendar_std")
        calendar.tz = "Europe/Brussels"
        cls.mail = cls.env["slm.service"].create(
            {
                "name": "Corporate mail",
                "state": "live",
                "category_id": workplace.id,
                "service_calendar_id": calendar.id,
                "description": "<p>Send and receive mail anywhere.</p>",
                "offering_ids": [(0, 0, {"name": "Gold"}), (0, 0, {"name": "Silver"})],
            }
        )
        cls.pipeline = cls.env["slm.service"].create(
            {"name": "Hidden pipeline service", "state": "pipeline", "category_id": workplace.id}
        )

    def test_01_html_catalog(self):
        """Every employee can print the catalog; it shows live services only."""
        action = self.env["slm.service"].with_user(self.employee).action_print_catalog()
        self.assertEqual(action["report_name"], "service_catalog.report_service_catalog")
        services = self.env["slm.service"].browse(action["context"]["active_ids"])
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.employee)
            ._render_qweb_html("service_catalog.report_service_catalog", services.ids)
        )
        html = html.decode()
        self.assertIn("Workplace", html)
        self.assertIn("Corporate mail", html)
        self.assertIn("Send and receive mail anywhere.", html)
        self.assertIn("Gold, Silver", html)
        self.assertNotIn("Hidden pipeline service", html)

    def test_02_hours_in_words(self):
        """Working hours are printed as days and hours with the time zone."""
        hours = self.mail._catalog_hours(self.mail.service_calendar_id)
        self.assertIn("08:00-12:00, 13:00-17:00", hours)
        self.assertIn("Europe/Brussels", hours)
        always = self.env["resource.calendar"].create(
            {
                "name": "24x7",
                "attendance_ids": [(5, 0, 0)]
                + [
                    (0, 0, {"name": str(d), "dayofweek": str(d), "hour_from": 0, "hour_to": 24})
                    for d in range(7)
                ],
            }
        )
        self.assertEqual(self.mail._catalog_hours(always), "24 hours a day, 7 days a week")

    def test_03_pdf_when_wkhtmltopdf_exists(self):
        """The PDF renders where wkhtmltopdf is installed."""
        report = self.env["ir.actions.report"]
        if report.get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed on this machine")
        # Under test, Odoo renders HTML unless asked for the real PDF.
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "service_catalog.report_service_catalog", self.mail.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
