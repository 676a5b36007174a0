# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import propose

MARCH = datetime(2026, 3, 15, 12)


@tagged("post_install", "-at_install")
class TestServiceReport(TransactionCase):
    """The service report of an agreement and a period: figures, PDF, XLSX, language and rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.reader = new_test_user(cls.env, "report_reader", groups="service_catalog.group_slm_user")
        cls.manager = new_test_user(cls.env, "report_manager", groups="service_catalog.group_slm_manager")
        cls.agent = new_test_user(cls.env, "report_agent", groups="helpdesk_mgmt.group_helpdesk_user")
        cls.env.company.partner_id.tz = "UTC"
        cls.customer = cls.env["res.partner"].create({"name": "Riverside Hospital", "is_company": True})
        Service = cls.env["slm.service"]
        cls.email = Service.create({"name": "E-mail", "state": "live"})
        cls.printing = Service.create({"name": "Printing", "state": "live"})
        cls.sla = cls.env["slm.agreement"].create(
            {
                "title": "Riverside e-mail",
                "level": "service",
                "partner_id": cls.customer.id,
                "service_ids": [(6, 0, cls.email.ids)],
                "state": "active",
                "date_start": date(2026, 1, 1),
                "target_ids": [
                    (0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"}),
                    (0, 0, {"metric": "availability", "value": 99.9, "calendar_mode": "always"}),
                ],
            }
        )
        cls.done = cls.env["helpdesk.ticket.stage"].create({"name": "Solved", "closed": True})
        Ticket = cls.env["helpdesk.ticket"]
        for opened, hours in ((datetime(2026, 3, 2, 9), 1), (datetime(2026, 3, 3, 9), 10)):
            with freeze_time(opened):
                ticket = Ticket.create({"name": "Mail down", "description": "-", "partner_id": cls.customer.id,
                                        "service_id": cls.email.id})  # fmt: skip
            with freeze_time(opened.replace(hour=9 + hours)):
                ticket.stage_id = cls.done
        with freeze_time(datetime(2026, 3, 10, 9)):
            Ticket.create({"name": "Outage", "description": "-", "partner_id": cls.customer.id,
                           "service_id": cls.email.id, "is_outage": True, "outage_start": datetime(2026, 3, 10, 10),
                           "outage_restored": datetime(2026, 3, 10, 11)})  # fmt: skip
            jam = Ticket.create({"name": "Printer jam", "description": "-", "partner_id": cls.customer.id,
                                 "service_id": cls.printing.id})  # fmt: skip
        # The database stamps creation with its own clock, which freezegun does not stop.
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", [datetime(2026, 3, 10, 9), jam.id]
        )
        jam.invalidate_recordset(["create_date"])

    def _report(self, user=None, day=date(2026, 3, 20)):
        wizard = (
            self.env["slm.service.report.wizard"]
            .with_user(user or self.reader)
            .create({"agreement_id": self.sla.id, "period_kind": "month", "day": day})
        )
        return wizard._slm_report()

    def test_01_figures_of_the_period(self):
        """Targets met and missed, availability to 4 decimals, downtime, tickets outside any SLA, causes."""
        report = self._report()
        self.assertEqual((report.period, report.date_start, report.date_end),
                         ("2026-03", datetime(2026, 3, 1), datetime(2026, 4, 1)))  # fmt: skip
        data = report._slm_report_data()
        rows = {row["target"].metric: row for row in data["targets"]}
        resolution = rows["resolution"]
        self.assertEqual((resolution["met"], resolution["breached"], resolution["result"]), (1, 1, "missed"))
        self.assertEqual(resolution["achieved"], "50.0 % of tickets")
        outages = data["outages"]
        # One hour down in the 744 hours of March.
        self.assertEqual(outages["availability_text"], "99.8656 %")
        self.assertEqual((outages["downtime_minutes"], outages["incidents"]), (60, 1))
        self.assertEqual(rows["availability"]["result"], "missed")
        self.assertEqual(data["outside"], [("Printing", 1)])
        self.assertEqual({cause for cause, _party, _count in data["causes"]}, {"Internal Team"})
        self.assertIn("Mail down", data["breaches"].ticket_id.mapped("name"))
        # The trend starts with the agreement: January to March.
        self.assertEqual([p["period"] for p in data["trend"][0]["points"]], ["2026-01", "2026-02", "2026-03"])
        self.assertIn("<svg", data["trend"][0]["chart"])

    def test_02_pdf_and_html(self):
        """The report prints with its figures and charts; the PDF renders where wkhtmltopdf exists."""
        report = self._report()
        Report = self.env["ir.actions.report"].with_user(self.reader)
        html = Report._render_qweb_html("service_level_management.report_service_report", report.ids)[
            0
        ].decode()
        for text in ("Service report", "99.8656 %", "Printing", "Internal Team", "<svg", "Mail down"):
            self.assertIn(text, html)
        if Report.get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed on this machine")
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "service_level_management.report_service_report", report.ids
        )
        self.assertEqual((kind, pdf[:4]), ("pdf", b"%PDF"))

    def _workbook(self, reports, user=None):
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user or self.reader)
            ._render_xlsx("service_level_management.action_report_service_report_xlsx", reports.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_03_xlsx_sheets(self):
        """The workbook has its sheets, frozen headers, every clock of the period and shares as numbers."""
        late = self.env["slm.clock"].search([("agreement_id", "=", self.sla.id), ("status", "=", "breached")])
        # What a subject may hold: markup, a control character, spaces at its ends.
        late.ticket_id.name = " Mail <down> & \x0bout "
        book = self._workbook(self._report())
        self.assertEqual(book.sheetnames, ["Summary", "Targets", "Clocks", "Outages", "Trend"])
        clocks = book["Clocks"]
        self.assertEqual(clocks.freeze_panes, "A2")
        march = self.sla.sudo().env["slm.clock"].search_count(
            [("agreement_id", "=", self.sla.id), ("status", "!=", "cancelled"),
             ("deadline", ">=", datetime(2026, 3, 1)), ("deadline", "<", datetime(2026, 4, 1))]
        )  # fmt: skip
        self.assertEqual(clocks.max_row - 1, march)
        rows = {row[0].value: row for row in clocks.iter_rows(min_row=2)}
        row = rows[late.ticket_id.number]
        self.assertEqual(row[1].value, " Mail <down> & out ")
        self.assertEqual(
            (row[2].value, row[6].value, row[9].value),
            ("Resolution Time: 8 hours", "Breached", "Internal Team"),
        )
        self.assertEqual((row[3].value, row[4].value), (datetime(2026, 3, 3, 9), datetime(2026, 3, 3, 17)))
        self.assertEqual((row[3].number_format, row[7].number_format), ("yyyy-mm-dd hh:mm", "0.00"))
        self.assertAlmostEqual(row[7].value, 10.0)
        targets = book["Targets"]
        shares = {row[0].value: row[3].value for row in targets.iter_rows(min_row=2)}
        self.assertAlmostEqual(shares["Resolution Time"], 0.5)
        self.assertAlmostEqual(shares["Availability"], 0.998656, places=6)
        self.assertEqual(book["Outages"].max_row, 2)

    def test_03b_two_reports_in_one_workbook(self):
        """Printed together, two reports give one workbook whose second set of sheets is numbered."""
        reports = self._report(day=date(2026, 2, 10)) | self._report()
        book = self._workbook(reports)
        self.assertEqual(
            book.sheetnames[5:], ["Summary (2)", "Targets (2)", "Clocks (2)", "Outages (2)", "Trend (2)"]
        )
        self.assertEqual(book["Clocks"].max_row, 1)  # no clock was due in February
        self.assertGreater(book["Clocks (2)"].max_row, 1)

    def test_04_once_per_period_and_rights(self):
        """One report per agreement and period; agents cannot have one made; nobody edits one."""
        report = self._report()
        self.assertEqual(self._report(self.manager), report)
        with self.assertRaises(AccessError):
            self._report(self.agent)
        with self.assertRaises(AccessError):
            report.with_user(self.manager).write({"period": "2026-04"})
        proposal = propose(self.sla, self.manager)
        with self.assertRaises(UserError):
            self.env["slm.service.report"].with_user(self.manager)._slm_get(proposal, "month", MARCH)

    def test_05_in_the_customer_language(self):
        """A Chinese customer gets the report in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["service_level_management"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        report = self._report()
        self.assertEqual(self._workbook(report).sheetnames, ["摘要", "目标", "计时", "服务中断", "趋势"])
        html = (
            self.env["ir.actions.report"]
            .with_user(self.reader)
            ._render_qweb_html("service_level_management.report_service_report", report.ids)[0]
            .decode()
        )
        self.assertIn("服务报告", html)
        self.assertNotIn("Breaches by cause", html)
