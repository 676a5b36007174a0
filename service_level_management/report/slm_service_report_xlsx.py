# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import UTC, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import xlsxwriter

from odoo import models

from .sheet_rows import add_rows, number_cell, sheet_file, text_cell

EXCEL_EPOCH = datetime(1899, 12, 30)


def excel_serial(moment):
    """The date-time as Excel stores it: days since its epoch."""
    return (moment - EXCEL_EPOCH).total_seconds() / 86400


class ServiceReportXlsx(models.AbstractModel):
    """The service report as a workbook: summary, targets, every clock of the period, outages, trend."""

    _name = "report.service_level_management.service_report_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Service Report (XLSX)"

    def create_xlsx_report(self, docids, data):
        # As report_xlsx does, then the rows of the clocks sheets are added to the finished workbook.
        reports = self._get_objs_for_report(docids, data)
        file_data = BytesIO()
        workbook = xlsxwriter.Workbook(file_data, self.get_workbook_options())
        late_rows = self.generate_xlsx_report(workbook, data, reports)
        workbook.close()
        return add_rows(file_data.getvalue(), late_rows), "xlsx"

    def generate_xlsx_report(self, workbook, data, reports):
        """Write the sheets of each report; return the rows of their clocks sheets, ``{sheet file: rows}``."""
        late_rows = {}
        for report in reports:
            lang = report.partner_id.lang or report.company_id.partner_id.lang or self.env.lang
            report, writer = report.with_context(lang=lang), self.with_context(lang=lang)
            content = report._slm_report_data()
            styles = writer._styles(workbook)
            writer._summary_sheet(workbook, styles, report, content)
            writer._targets_sheet(workbook, styles, content)
            clocks, rows = writer._clocks_sheet(workbook, styles, report, content)
            late_rows[sheet_file(workbook, clocks)] = rows
            writer._outages_sheet(workbook, styles, report, content)
            writer._trend_sheet(workbook, styles, content)
        return late_rows

    def _styles(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#e9ecef", "border": 1, "text_wrap": True}
            ),
            "label": workbook.add_format({"bold": True}),
            "percent": workbook.add_format({"num_format": "0.0000%"}),
            "number": workbook.add_format({"num_format": "0.00"}),
            "integer": workbook.add_format({"num_format": "0"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        }

    @staticmethod
    def _add_sheet(workbook, name):
        """A new sheet; the sheets of a second report in the workbook are numbered."""
        taken = {sheet.name.lower() for sheet in workbook.worksheets()}
        unique, number = name, 1
        while unique.lower() in taken:
            number += 1
            unique = f"{name} ({number})"
        return workbook.add_worksheet(unique)

    def _sheet_with_header(self, workbook, styles, name, headers, widths):
        sheet = self._add_sheet(workbook, name)
        for column, (header, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.set_column(column, column, width)
            sheet.write(0, column, header, styles["header"])
        sheet.freeze_panes(1, 0)
        return sheet

    @staticmethod
    def _local(zone, moment):
        """A naive local date-time for the sheet, in the agreement's time ``zone``."""
        return moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None) if moment else None

    def _summary_sheet(self, workbook, styles, report, content):
        _ = self.env._
        sheet = self._add_sheet(workbook, _("Summary"))
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 2, 40)
        agreement = content["agreement"]
        outages = content["outages"]
        sheet.write(0, 0, report.display_name, styles["title"])
        rows = [
            (_("Agreement"), f"{agreement.name} {agreement.title}"),
            (_("Period"), content["period_label"]),
            (_("Customer"), agreement.commercial_partner_id.display_name or ""),
            (_("Revision"), agreement.revision),
            (_("Availability measured over"), outages["calendar"]),
        ]
        row = 2
        for label, value in rows:
            sheet.write(row, 0, label, styles["label"])
            sheet.write(row, 1, value)
            row += 1
        sheet.write(row, 0, _("Availability"), styles["label"])
        if outages["availability"] is not None:
            sheet.write_number(row, 1, outages["availability"] / 100, styles["percent"])
        figures = [
            (_("Downtime (minutes)"), outages["downtime_minutes"]),
            (_("Incidents"), outages["incidents"]),
        ]
        for label, value in figures:
            row += 1
            sheet.write(row, 0, label, styles["label"])
            sheet.write_number(row, 1, value, styles["number"])
        for label, value in ((_("MTBF"), outages["mtbf"]), (_("MTTR"), outages["mttr"]),
                             (_("Longest incident"), outages["longest"])):  # fmt: skip
            row += 1
            sheet.write(row, 0, label, styles["label"])
            sheet.write(row, 1, value)
        row += 2
        sheet.write(row, 0, _("Breaches by cause"), styles["header"])
        sheet.write(row, 1, _("Party"), styles["header"])
        sheet.write(row, 2, _("Breaches"), styles["header"])
        for cause, party, count in content["causes"]:
            row += 1
            sheet.write_row(row, 0, [cause, party])
            sheet.write_number(row, 2, count, styles["integer"])
        if agreement.agreement_type == "sla":
            row += 2
            sheet.write(row, 0, _("Services delivered outside any SLA"), styles["header"])
            sheet.write(row, 1, _("Tickets"), styles["header"])
            for service, count in content["outside"]:
                row += 1
                sheet.write(row, 0, service)
                sheet.write_number(row, 1, count, styles["integer"])

    def _targets_sheet(self, workbook, styles, content):
        _ = self.env._
        headers = [_("Target"), _("Committed"), _("Achieved"), _("Value"), _("Result"), _("Met"), _("Breached"),
                   _("Ongoing")]  # fmt: skip
        sheet = self._sheet_with_header(
            workbook, styles, _("Targets"), headers, [34, 16, 20, 12, 14, 10, 10, 10]
        )
        for row, line in enumerate(content["targets"], start=1):
            sheet.write_row(row, 0, [line["name"], line["committed"], line["achieved"]])
            if line["result"] != "none":
                if line["unit"] == "percent" or line["target"].metric in ("response", "resolution"):
                    sheet.write_number(row, 3, line["value"] / 100, styles["percent"])
                else:
                    sheet.write_number(row, 3, line["value"], styles["number"])
            sheet.write(row, 4, line["result_label"])
            for column, key in ((5, "met"), (6, "breached"), (7, "ongoing")):
                sheet.write_number(row, column, line[key], styles["integer"])

    def _clocks_sheet(self, workbook, styles, report, content):
        """The header of the clocks sheet; returns its rows, written later as sheet XML (see ``sheet_rows``)."""
        _ = self.env._
        headers = [_("Ticket"), _("Subject"), _("Clock"), _("Started"), _("Due"), _("Stopped"), _("Status"),
                   _("Elapsed (hours)"), _("Paused (hours)"), _("Breach Cause"), _("Party"),
                   _("Breach Reason")]  # fmt: skip
        widths = [12, 36, 34, 17, 17, 17, 11, 12, 12, 16, 24, 30]
        sheet = self._sheet_with_header(workbook, styles, _("Clocks"), headers, widths)
        # The index of a format in the workbook's styles; xlsxwriter gives it on first use, before closing.
        cell_styles = (styles["datetime"]._get_xf_index(), styles["number"]._get_xf_index())
        return sheet, self._clock_rows(report, content, *cell_styles)

    def _clock_rows(self, report, content, date_style, number_style):
        """The clocks of the period as ``<row>`` elements, a batch of rows per string."""
        Clock = self.env["slm.clock"].sudo()
        statuses = dict(Clock._fields["status"]._description_selection(self.env))
        causes = dict(Clock._fields["breach_cause"]._description_selection(self.env))
        labels = {target.id: target._slm_clock_name() for target in content["agreement"].with_context(
            active_test=False).target_ids}  # fmt: skip
        parties = content["parties"]
        # The kinds of reason, for any reader of the report (a customer on the portal included).
        reasons = {reason.id: reason.name for reason in self.env["slm.breach.reason"].sudo().with_context(
            active_test=False).search([])}  # fmt: skip
        zone = ZoneInfo(report.agreement_id._slm_tz())

        def when(column, row, moment):
            return (
                number_cell(column, row, excel_serial(self._local(zone, moment)), date_style)
                if moment
                else ""
            )

        row = 1
        for batch in report._slm_clock_rows():
            rows = []
            for (clock_id, number, subject, target_id, name, started, due, stopped, status, elapsed, paused,
                 cause, reason_id) in batch:  # fmt: skip
                row += 1
                rows.append(
                    f'<row r="{row}">{text_cell("A", row, number or "")}{text_cell("B", row, subject)}'
                    f"{text_cell('C', row, labels.get(target_id, name))}{when('D', row, started)}"
                    f"{when('E', row, due)}{when('F', row, stopped)}{text_cell('G', row, statuses.get(status, ''))}"
                    f"{number_cell('H', row, elapsed or 0.0, number_style)}"
                    f"{number_cell('I', row, paused or 0.0, number_style)}"
                    f"{text_cell('J', row, causes[cause]) if cause else ''}"
                    f"{text_cell('K', row, parties[clock_id]) if clock_id in parties else ''}"
                    f"{text_cell('L', row, reasons[reason_id]) if reason_id in reasons else ''}</row>"
                )
            yield "".join(rows)

    def _outages_sheet(self, workbook, styles, report, content):
        _ = self.env._
        headers = [_("Ticket"), _("Subject"), _("Service"), _("Outage Start"), _("Service Restored"),
                   _("Customer Told"), _("Duration (minutes)")]  # fmt: skip
        sheet = self._sheet_with_header(workbook, styles, _("Outages"), headers, [12, 36, 24, 17, 17, 17, 14])
        zone = ZoneInfo(report.agreement_id._slm_tz())
        for row, ticket in enumerate(content["outages"]["tickets"], start=1):
            sheet.write_row(row, 0, [ticket.number or "", ticket.name, ticket.service_id.display_name or ""])
            for column, moment in ((3, ticket.outage_start), (4, ticket.outage_restored),
                                   (5, ticket.customer_notified)):  # fmt: skip
                if moment:
                    sheet.write_datetime(row, column, self._local(zone, moment), styles["datetime"])
            if ticket.outage_start and ticket.outage_restored:
                minutes = (ticket.outage_restored - ticket.outage_start).total_seconds() / 60
                sheet.write_number(row, 6, minutes, styles["number"])

    def _trend_sheet(self, workbook, styles, content):
        _ = self.env._
        trend = content["trend"]
        periods = [point["period"] for point in trend[0]["points"]] if trend else []
        sheet = self._sheet_with_header(
            workbook, styles, _("Trend"), [_("Target"), *periods], [34, *[10] * len(periods)]
        )
        for row, line in enumerate(trend, start=1):
            sheet.write(row, 0, line["name"])
            as_share = line["target"].metric in ("response", "resolution", "availability")
            for column, point in enumerate(line["points"], start=1):
                if point["value"] is None:
                    continue
                if as_share:
                    sheet.write_number(row, column, point["value"] / 100, styles["percent"])
                else:
                    sheet.write_number(row, column, point["value"], styles["number"])
