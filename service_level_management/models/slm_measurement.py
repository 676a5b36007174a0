# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging
from datetime import UTC, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from slm_engine import Calendar, Compliance, Outage, availability, incident_statistics, period_of

from .slm_target import HIGHER_IS_BETTER, format_hours, format_quantity

_logger = logging.getLogger(__name__)

OUTAGE_METRICS = ("availability", "incident_count", "mtbf", "incident_duration_mean", "incident_duration_max")


class SlmMeasurement(models.Model):
    """What was delivered against one target in one period: the figures of the service report."""

    _name = "slm.measurement"
    _description = "Service Level Measurement"
    _order = "date_start desc, agreement_id, target_id"

    agreement_id = fields.Many2one("slm.agreement", required=True, index=True, ondelete="restrict")
    agreement_type = fields.Selection(related="agreement_id.agreement_type", store=True)
    partner_id = fields.Many2one(related="agreement_id.partner_id", store=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    target_id = fields.Many2one("slm.target", required=True, index=True, ondelete="restrict")
    metric = fields.Selection(related="target_id.metric", store=True)
    period = fields.Char(required=True, help="e.g. 2026-03, 2026-Q1, 2026")
    date_start = fields.Datetime(required=True)
    date_end = fields.Datetime(required=True)
    unit = fields.Selection(related="target_id.unit")
    # Figures of different metrics and units do not add up: never summed in pivots and graphs.
    target_value = fields.Float(digits=(16, 4), aggregator=None)
    value = fields.Float(
        digits=(16, 4),
        aggregator=None,
        help="Availability in %, incidents, hours between incidents or of incidents, or the share of "
        "tickets that met a response or resolution target, in %.",
    )
    value_display = fields.Char(string="Achieved", compute="_compute_value_display")
    target_display = fields.Char(string="Committed", compute="_compute_value_display")
    met_count = fields.Integer(string="Met")
    breached_count = fields.Integer(string="Breached")
    ongoing_count = fields.Integer(string="Ongoing")
    service_hours = fields.Float(digits=(16, 2))
    downtime_hours = fields.Float(digits=(16, 2))
    is_met = fields.Boolean(string="Target Met")
    result = fields.Selection(
        [("met", "Met"), ("missed", "Missed"), ("none", "Nothing to Measure")],
        help="Nothing to measure: no ticket was decided against the target in the period.",
    )
    computed_date = fields.Datetime()

    _sql_constraints = [
        (
            "target_period_uniq",
            "unique(agreement_id, target_id, period)",
            "One measurement per agreement, target and period.",
        ),
    ]

    @api.depends_context("lang")
    @api.depends("value", "target_value", "result", "metric", "target_id.unit")
    def _compute_value_display(self):
        for measurement in self:
            target = measurement.target_id
            measurement.target_display = target._slm_quantity() if target else False
            if measurement.result == "none":
                measurement.value_display = False
            elif measurement.metric in ("response", "resolution"):
                # The share of the period's tickets that met the target (Babel cannot read an
                # f-string inside a translated call).
                share = f"{measurement.value:.1f}"
                measurement.value_display = self.env._("%(share)s %% of tickets", share=share)
            elif measurement.metric == "availability":
                measurement.value_display = f"{measurement.value:.4f} %"
            elif measurement.metric == "incident_count":
                measurement.value_display = format_quantity(self.env, measurement.value, "count")
            else:
                measurement.value_display = format_hours(self.env, measurement.value)

    def action_slm_start_improvement(self):
        """An improvement record for this missed target of a period, its origin the measurement."""
        self.ensure_one()
        if self.result != "missed":
            raise UserError(self.env._("Only a missed target starts an improvement from a measurement."))
        improvement = self.env["slm.improvement"].create(
            {
                "title": self.env._("%(target)s missed in %(period)s", target=self.target_id.display_name,
                                    period=self.period),
                "origin": "measurement",
                "measurement_id": self.id,
                "company_id": self.company_id.id,
                "agreement_ids": [(6, 0, self.agreement_id.ids)],
                "service_ids": [(6, 0, self.agreement_id.service_ids.ids)],
                "gap": self.env._("%(agreement)s: %(achieved)s achieved, %(committed)s committed.",
                                  agreement=self.agreement_id.display_name, achieved=self.value_display,
                                  committed=self.target_display),
            }
        )  # fmt: skip
        return improvement._get_records_action()

    @api.model
    def _slm_compute(self, agreements, instant=None, *other_instants):
        """Measure each target of ``agreements`` (set or inherited) over its period containing
        ``instant`` (default: now), and over those containing ``other_instants`` (each period once).
        The system's figures: computed over every ticket, whoever asks."""
        self = self.sudo()
        instants = [(at or fields.Datetime.now()).replace(tzinfo=UTC) for at in (instant, *other_instants)]
        measurements = self.browse()
        for agreement in agreements.sudo():
            for target in agreement._slm_effective_targets():
                calendar = target._slm_calendar_record()
                tz = (calendar and calendar.tz) or "UTC"
                periods = {
                    period.key: period for period in (period_of(at, target.period, tz) for at in instants)
                }
                for period in periods.values():
                    values = self._slm_values(agreement, target, period.start, period.end)
                    values.update(
                        agreement_id=agreement.id,
                        target_id=target.id,
                        period=period.key,
                        date_start=period.start.replace(tzinfo=None),
                        date_end=period.end.replace(tzinfo=None),
                        target_value=target.value,
                        computed_date=fields.Datetime.now(),
                    )
                    existing = self.search(
                        [
                            ("agreement_id", "=", agreement.id),
                            ("target_id", "=", target.id),
                            ("period", "=", period.key),
                        ]
                    )
                    if existing:
                        existing.write(values)
                        measurements |= existing
                    else:
                        measurements |= self.create(values)
        return measurements

    def _slm_values(self, agreement, target, start, end):
        if target.metric in OUTAGE_METRICS:
            return self._slm_outage_values(agreement, target, start, end)
        # Counted by the database: a period of a large agreement holds a hundred thousand clocks.
        counts = dict(
            self.env["slm.clock"]._read_group(
                [
                    ("agreement_id", "=", agreement.id),
                    ("target_id", "=", target.id),
                    ("status", "!=", "cancelled"),
                    ("deadline", ">=", start.replace(tzinfo=None)),
                    ("deadline", "<", end.replace(tzinfo=None)),
                ],
                ["status"],
                ["__count"],
            )
        )
        met, breached = counts.pop("met", 0), counts.pop("breached", 0)
        compliance = Compliance(met=met, breached=breached, ongoing=sum(counts.values()))
        decided = compliance.ratio is not None
        return {
            "met_count": compliance.met,
            "breached_count": compliance.breached,
            "ongoing_count": compliance.ongoing,
            "value": 100.0 * compliance.ratio if decided else 0.0,
            "is_met": decided and not compliance.breached,
            "result": ("missed" if compliance.breached else "met") if decided else "none",
        }

    def _slm_outage_tickets(self, agreement, start, end):
        naive_start = start.replace(tzinfo=None)
        domain = [
            ("company_id", "=", agreement.company_id.id),
            ("is_outage", "=", True),
            ("outage_start", "<", end.replace(tzinfo=None)),
            "|",
            "|",
            ("outage_restored", "=", False),
            ("outage_restored", ">=", naive_start),
            ("customer_notified", ">=", naive_start),
        ]
        services = agreement.with_context(active_test=False).service_ids
        if services:
            domain.append(("service_id", "in", services.ids))
        if agreement.agreement_type == "sla" and agreement.partner_id:
            domain.append(("partner_id", "child_of", agreement.commercial_partner_id.id))
        if agreement.agreement_type == "ola":
            domain.append(("team_id", "=", agreement.team_id.id))
        # An archived ticket was still an outage.
        return self.env["helpdesk.ticket"].with_context(active_test=False).search(domain)

    def _slm_outage_statistics(self, agreement, calendar_record, start, end):
        """``(tickets, availability, incident statistics)`` of the agreement's outages over ``[start, end)``,
        measured in ``calendar_record`` (around the clock when empty)."""
        tickets = self._slm_outage_tickets(agreement, start, end)
        calendar = calendar_record._slm_calendar() if calendar_record else Calendar.always()
        until_notified = any(tickets.service_id.mapped("slm_stop_at_notification"))

        def utc(value):
            return value.replace(tzinfo=UTC) if value else None

        outages = [
            Outage(utc(t.outage_start), utc(t.outage_restored), utc(t.customer_notified)) for t in tickets
        ]
        return (
            tickets,
            availability(calendar, start, end, outages, until_notified),
            incident_statistics(calendar, start, end, outages, until_notified),
        )

    def _slm_outage_values(self, agreement, target, start, end):
        _tickets, result, stats = self._slm_outage_statistics(
            agreement, target._slm_calendar_record(), start, end
        )
        hours = timedelta(hours=1)
        value = {
            "availability": result.percent if result.percent is not None else 100.0,
            "incident_count": stats.count,
            "mtbf": stats.mtbf / hours if stats.mtbf is not None else 0.0,
            "incident_duration_mean": stats.mean_duration / hours if stats.mean_duration is not None else 0.0,
            "incident_duration_max": stats.max_duration / hours if stats.max_duration is not None else 0.0,
        }[target.metric]
        target_value = target._slm_comparable_value()
        if target.metric in HIGHER_IS_BETTER:
            is_met = value >= target_value or (target.metric == "mtbf" and not stats.count)
        else:
            is_met = value <= target_value
        measured = result.percent is not None or target.metric != "availability"
        return {
            "value": value,
            "service_hours": result.service_time / hours,
            "downtime_hours": result.downtime / hours,
            "is_met": measured and is_met,
            "result": ("met" if is_met else "missed") if measured else "none",
        }

    @api.model
    def _cron_measure(self):
        """Measure every active agreement over its current periods, and the previous ones once closed.

        One agreement that cannot be measured is logged and skipped; the others are measured.
        """
        agreements = self.env["slm.agreement"].sudo().search([("state", "=", "active")])
        now = fields.Datetime.now()
        for agreement in agreements:
            try:
                with self.env.cr.savepoint():
                    # The day after a period ends, its figures are final: measure the period of yesterday too.
                    self._slm_compute(agreement, now, now - timedelta(days=1))
            except Exception:  # one agreement never stops the others
                _logger.exception("Agreement %s not measured", agreement.display_name)
        return True
