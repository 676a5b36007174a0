# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from slm_engine import period_of

from .slm_target import format_hours

# How many periods the trend looks back, the report's own included.
TREND_PERIODS = 12
# The XLSX reads the period's clocks this many at a time.
CLOCK_BATCH = 5000
# The PDF lists this many breached tickets; the XLSX lists them all.
PDF_BREACH_ROWS = 100
RESULT_COLOURS = {"met": "#28a745", "missed": "#dc3545", "none": "#adb5bd"}


class SlmServiceReport(models.Model):
    """The service report of one agreement for one period (seed §2.7, §5.6.1): what was delivered
    against each target, availability and incidents, tickets outside any SLA, breaches by cause,
    and the trend. A record of the report made (§7); its figures are read from the clocks and
    outages, which are the system's evidence, when it is printed.
    """

    _name = "slm.service.report"
    _description = "Service Report"
    _order = "date_start desc, agreement_id"
    _rec_names_search = ["agreement_id", "period"]

    agreement_id = fields.Many2one("slm.agreement", required=True, index=True, ondelete="restrict")
    agreement_type = fields.Selection(related="agreement_id.agreement_type", store=True)
    partner_id = fields.Many2one(related="agreement_id.commercial_partner_id", store=True, index=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    period_kind = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")], required=True, string="Period Type"
    )
    period = fields.Char(required=True, help="e.g. 2026-03, 2026-Q1, 2026")
    date_start = fields.Datetime(required=True)
    date_end = fields.Datetime(required=True)

    _sql_constraints = [
        (
            "agreement_period_uniq",
            "unique(agreement_id, period)",
            "One service report per agreement and period.",
        )
    ]

    @api.depends("agreement_id.name", "period")
    def _compute_display_name(self):
        for report in self:
            report.display_name = self.env._(
                "Service report %(agreement)s %(period)s",
                agreement=report.agreement_id.name,
                period=report.period,
            )

    # -- the report of a period -------------------------------------------------------------

    @api.model
    def _slm_get(self, agreement, kind, instant):
        """The report of ``agreement`` for its period of ``kind`` containing ``instant`` (made once).

        Whoever may read the agreement may have its report made: the record is the system's.
        """
        agreement.check_access("read")
        if agreement.revision_of_id:
            raise UserError(
                self.env._("A service report is made for an agreement, not for a proposed revision.")
            )
        period = period_of(instant.replace(tzinfo=UTC), kind, agreement._slm_tz())
        Report = self.sudo()
        report = Report.search([("agreement_id", "=", agreement.id), ("period", "=", period.key)])
        if not report:
            report = Report.create(
                {
                    "agreement_id": agreement.id,
                    "period_kind": kind,
                    "period": period.key,
                    "date_start": period.start.astimezone(UTC).replace(tzinfo=None),
                    "date_end": period.end.astimezone(UTC).replace(tzinfo=None),
                }
            )
        return report.with_env(self.env)

    def _slm_bounds(self):
        self.ensure_one()
        return self.date_start.replace(tzinfo=UTC), self.date_end.replace(tzinfo=UTC)

    def _slm_report_data(self):
        """Everything the PDF and the XLSX show, from the system's evidence (read under sudo once
        the report itself could be read)."""
        self.ensure_one()
        self.check_access("read")
        report = self.sudo()
        agreement = report.agreement_id
        start, end = report._slm_bounds()
        return {
            "report": report,
            "agreement": agreement,
            "period_label": report._slm_period_label(),
            "targets": report._slm_target_rows(agreement, start, end),
            "outages": report._slm_outage_figures(agreement, start, end),
            "outside": report._slm_outside_rows(agreement, start, end),
            "causes": report._slm_cause_rows(agreement, start, end),
            "breaches": report._slm_breach_clocks(agreement, start, end),
            "parties": report._slm_breach_parties(),
            "trend": report._slm_trend(agreement),
        }

    def _slm_period_label(self):
        tz = self.agreement_id._slm_tz()
        start, end = (moment.astimezone(ZoneInfo(tz)) for moment in self._slm_bounds())
        last_day = (end - timedelta(days=1)).date()
        return self.env._(
            "%(period)s (%(start)s to %(end)s, %(tz)s)",
            period=self.period,
            start=fields.Date.to_string(start.date()),
            end=fields.Date.to_string(last_day),
            tz=tz,
        )

    def _slm_targets(self, agreement):
        return agreement._slm_effective_targets()

    def _slm_measure(self, agreement, target, start, end):
        """A measurement of ``target`` over ``[start, end)``, in memory: its figures and their display."""
        values = self.env["slm.measurement"]._slm_values(agreement, target, start, end)
        return self.env["slm.measurement"].new(
            {**values, "agreement_id": agreement.id, "target_id": target.id, "target_value": target.value}
        )

    def _slm_target_rows(self, agreement, start, end):
        results = dict(self.env["slm.measurement"]._fields["result"]._description_selection(self.env))
        rows = []
        for target in self._slm_targets(agreement):
            measurement = self._slm_measure(agreement, target, start, end)
            rows.append(
                {
                    "target": target,
                    "name": target.name,
                    "committed": target._slm_quantity(),
                    "achieved": measurement.value_display or "",
                    "value": measurement.value,
                    "result": measurement.result,
                    "result_label": results.get(measurement.result, ""),
                    "met": measurement.met_count,
                    "breached": measurement.breached_count,
                    "ongoing": measurement.ongoing_count,
                    "unit": target.unit,
                }
            )
        return rows

    def _slm_outage_figures(self, agreement, start, end):
        """Availability over the agreement's service hours, and the incidents of the period."""
        calendar_record = agreement.service_calendar_id
        tickets, result, stats = self.env["slm.measurement"]._slm_outage_statistics(
            agreement, calendar_record, start, end
        )
        hours = timedelta(hours=1)

        def duration(value):
            return format_hours(self.env, value / hours) if value is not None else "—"

        return {
            "calendar": calendar_record.name or self.env._("24x7"),
            "availability": result.percent,
            "availability_text": f"{result.percent:.4f} %" if result.percent is not None else "—",
            "service_minutes": result.service_time / timedelta(minutes=1),
            "downtime_minutes": result.downtime / timedelta(minutes=1),
            "incidents": stats.count,
            "mtbf": duration(stats.mtbf),
            "mttr": duration(stats.mean_duration),
            "longest": duration(stats.max_duration),
            "tickets": tickets.sorted("outage_start"),
        }

    def _slm_outside_domain(self, agreement, start, end):
        """Tickets delivered outside any SLA (§2.7 (2)): those of the customer opened in the period
        that no SLA applied to."""
        domain = [
            ("company_id", "=", agreement.company_id.id),
            ("slm_sla_id", "=", False),
            ("create_date", ">=", start.replace(tzinfo=None)),
            ("create_date", "<", end.replace(tzinfo=None)),
        ]
        if agreement.commercial_partner_id:
            domain.append(("partner_id", "child_of", agreement.commercial_partner_id.id))
        return domain

    def _slm_outside_rows(self, agreement, start, end):
        if agreement.agreement_type != "sla":
            return []
        groups = self.env["helpdesk.ticket"]._read_group(
            self._slm_outside_domain(agreement, start, end), ["service_id"], ["__count"]
        )
        none = self.env._("No service")
        return sorted(
            ((service.display_name or none, count) for service, count in groups), key=lambda r: r[0]
        )

    def _slm_breach_domain(self, agreement, start, end):
        return [
            ("agreement_id", "=", agreement.id),
            ("status", "=", "breached"),
            ("deadline", ">=", start.replace(tzinfo=None)),
            ("deadline", "<", end.replace(tzinfo=None)),
        ]

    def _slm_cause_groupby(self):
        """Hook: what a breach is put down to, as ``_read_group`` groupings (``underpinning_contracts``
        adds the vendor)."""
        return ["breach_cause"]

    def _slm_cause_rows(self, agreement, start, end):
        """``[(cause, party, count)]``: the breaches of the period by what caused them (§2.7 (3))."""
        causes = dict(self.env["slm.clock"]._fields["breach_cause"]._description_selection(self.env))
        rows = []
        for *keys, count in self.env["slm.clock"]._read_group(
            self._slm_breach_domain(agreement, start, end), self._slm_cause_groupby(), ["__count"]
        ):
            cause, *parties = keys
            party = ", ".join(p.display_name for p in parties if p)
            rows.append((causes.get(cause, self.env._("Not judged")), party, count))
        return sorted(rows)

    def _slm_breach_clocks(self, agreement, start, end, limit=PDF_BREACH_ROWS):
        return self.env["slm.clock"].search(
            self._slm_breach_domain(agreement, start, end), order="deadline, id", limit=limit
        )

    def _slm_breach_count(self):
        self.ensure_one()
        start, end = self._slm_bounds()
        return (
            self.env["slm.clock"].sudo().search_count(self._slm_breach_domain(self.agreement_id, start, end))
        )

    def _slm_clock_rows(self):
        """The clocks of the period as plain rows, a batch at a time (keyset pagination, so that each batch
        costs the same): ``(id, ticket number, ticket subject, target id, clock name, start, deadline,
        stopped, status, elapsed hours, paused hours, breach cause, breach reason id)``."""
        self.ensure_one()
        self.check_access("read")
        self.env["slm.clock"].flush_model()
        self.env["helpdesk.ticket"].flush_model(["number", "name"])
        start, end = self._slm_bounds()
        last = (datetime.min, 0)
        while True:
            self.env.cr.execute(
                SQL(
                    """SELECT c.id, t.number, t.name, c.target_id, c.name, c.start_date, c.deadline, c.reached_date,
                              c.status, c.elapsed_hours, c.paused_hours, c.breach_cause, c.breach_reason_id
                         FROM slm_clock c JOIN helpdesk_ticket t ON t.id = c.ticket_id
                        WHERE c.agreement_id = %s AND c.status != 'cancelled'
                          AND c.deadline >= %s AND c.deadline < %s AND (c.deadline, c.id) > (%s, %s)
                     ORDER BY c.deadline, c.id
                        LIMIT %s""",
                    self.agreement_id.id,
                    start.replace(tzinfo=None),
                    end.replace(tzinfo=None),
                    *last,
                    CLOCK_BATCH,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                return
            yield rows
            last = (rows[-1][6], rows[-1][0])

    def _slm_breach_parties(self):
        """Hook: ``{clock id: party}`` for the breaches of the period put down to someone besides their cause."""
        return {}

    # -- trend -----------------------------------------------------------------------------

    def _slm_trend_periods(self, agreement):
        """The report's period and the ones before it since the agreement began, oldest first."""
        tz = agreement._slm_tz()
        began = datetime.combine(agreement.date_start, time.min, ZoneInfo(tz))
        periods = []
        instant = self.date_start.replace(tzinfo=UTC)
        for _index in range(TREND_PERIODS):
            period = period_of(instant, self.period_kind, tz)
            if period.end <= began:
                break
            periods.append(period)
            instant = period.start - timedelta(seconds=1)
        return periods[::-1]

    def _slm_trend(self, agreement):
        """Per target, its figures over the last periods, with a chart."""
        periods = self._slm_trend_periods(agreement)
        trend = []
        for target in self._slm_targets(agreement):
            points = []
            for period in periods:
                measurement = self._slm_measure(agreement, target, period.start, period.end)
                points.append(
                    {
                        "period": period.key,
                        "value": measurement.value if measurement.result != "none" else None,
                        "result": measurement.result,
                        "achieved": measurement.value_display or "",
                    }
                )
            trend.append({"target": target, "name": target._slm_clock_name(), "points": points,
                          "chart": self._slm_trend_chart(target, points)})  # fmt: skip
        return trend

    def _slm_trend_chart(self, target, points):
        """A bar chart as inline SVG (reports run no JavaScript): one bar per period, coloured by
        result, and the committed value as a line where it is comparable."""
        if not points:
            return Markup()
        width, height, left, bottom, top = 640, 150, 44, 22, 10
        values = [p["value"] for p in points if p["value"] is not None]
        committed = (
            target._slm_comparable_value() if target.metric not in ("response", "resolution") else None
        )
        scale = [*values, *([committed] if committed is not None else [])] or [0.0, 100.0]
        low, high = min(scale), max(scale)
        if target.metric in ("response", "resolution", "availability"):
            high = 100.0
            low = min(low, high - 1.0) if target.metric == "availability" else 0.0
        else:
            low = 0.0
        span = (high - low) or 1.0
        plot_height = height - bottom - top
        step = (width - left) / len(points)

        def y(value):
            return top + plot_height * (1 - (value - low) / span)

        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="9">',
            f'<line x1="{left}" y1="{top + plot_height}" x2="{width}" y2="{top + plot_height}" stroke="#6c757d"/>',
            f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{high:g}</text>',
            f'<text x="{left - 4}" y="{top + plot_height}" text-anchor="end">{low:g}</text>',
        ]
        for index, point in enumerate(points):
            x = left + index * step
            if point["value"] is not None:
                bar_top = y(max(point["value"], low))
                parts.append(
                    f'<rect x="{x + step * 0.15:.1f}" y="{bar_top:.1f}" width="{step * 0.7:.1f}" '
                    f'height="{top + plot_height - bar_top:.1f}" fill="{RESULT_COLOURS[point["result"]]}"/>'
                )
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 6}" text-anchor="middle">{escape(point["period"])}</text>'
            )
        if committed is not None and low <= committed <= high:
            parts.append(
                f'<line x1="{left}" y1="{y(committed):.1f}" x2="{width}" y2="{y(committed):.1f}" '
                'stroke="#0d6efd" stroke-dasharray="4 3"/>'
            )
        parts.append("</svg>")
        # Every piece is a number, a colour of ours or an escaped period key.
        return Markup("".join(parts))  # noqa: S704

    # -- printing --------------------------------------------------------------------------

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("service_level_management.action_report_service_report").report_action(self)

    def action_print_xlsx(self):
        self.ensure_one()
        return self.env.ref("service_level_management.action_report_service_report_xlsx").report_action(self)
