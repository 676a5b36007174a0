# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging
from datetime import UTC, datetime, timedelta

from odoo import api, fields, models

from slm_engine import period_of

_logger = logging.getLogger(__name__)


class SlmUcCredit(models.Model):
    """The service credits a vendor owes for one UC and one closed period, proposed as a draft
    vendor credit note for purchasing to check: never posted by the system, never twice for a period.
    """

    _name = "slm.uc.credit"
    _description = "Service Credit of an Underpinning Contract"
    _order = "date_start desc, id desc"
    _rec_name = "period"

    agreement_id = fields.Many2one(
        "slm.agreement", string="UC", required=True, index=True, ondelete="restrict"
    )
    vendor_id = fields.Many2one(related="agreement_id.vendor_id", store=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    period = fields.Char(required=True)
    date_start = fields.Datetime(required=True)
    date_end = fields.Datetime(required=True)
    amount = fields.Monetary(currency_field="currency_id")
    move_id = fields.Many2one("account.move", string="Credit Note", readonly=True, ondelete="restrict")
    move_state = fields.Selection(related="move_id.state", string="Credit Note Status")

    _sql_constraints = [
        (
            "uc_period_uniq",
            "unique(agreement_id, period)",
            "Service credits are proposed once per UC and period.",
        ),
    ]

    @api.model
    def _slm_period_fee(self, uc, start, end):
        """The part of the contract value that falls in ``[start, end)``: the value spread evenly over
        the validity, or over a year when the UC runs on."""
        validity_start = datetime.combine(uc.date_start, datetime.min.time(), UTC)
        validity_end = (
            datetime.combine(uc.date_end + timedelta(days=1), datetime.min.time(), UTC)
            if uc.date_end
            else validity_start + timedelta(days=365)
        )
        covered = min(end, validity_end) - max(start, validity_start)
        if covered <= timedelta(0):
            return 0.0
        return uc.contract_value * (covered / (validity_end - validity_start))

    @api.model
    def _slm_credit_lines(self, uc, measurements):
        """``[(description, amount)]``: what the vendor owes for each missed target with a service credit."""
        lines = []
        for measurement in measurements.filtered(lambda m: m.result == "missed" and m.target_id.credit_type):
            target = measurement.target_id
            start, end = measurement.date_start.replace(tzinfo=UTC), measurement.date_end.replace(tzinfo=UTC)
            if target.credit_type == "percent":
                amount = self._slm_period_fee(uc, start, end) * target.credit_value / 100
            else:
                breaches = measurement.breached_count if target.metric in ("response", "resolution") else 1
                amount = target.credit_value * breaches
            if target.credit_cap:
                amount = min(amount, target.credit_cap)
            if amount > 0:
                lines.append(
                    (
                        self.env._(
                            "Service credit: %(target)s missed in %(period)s (achieved: %(value)s)",
                            target=target.display_name,
                            period=measurement.period,
                            value=measurement.value_display,
                        ),
                        uc.currency_id.round(amount),
                    )
                )
        return lines

    @api.model
    def _slm_propose(self, uc, instant):
        """Propose the credits of ``uc`` for its periods closed just before ``instant``, once each."""
        proposed = self.browse()
        targets = uc.target_ids.filtered("credit_type")
        for kind in set(targets.mapped("period")):
            calendar = targets.filtered(lambda t, k=kind: t.period == k)[:1]._slm_calendar_record()
            tz = (calendar and calendar.tz) or "UTC"
            current = period_of(instant, kind, tz)
            closed = period_of(current.start - timedelta(seconds=1), kind, tz)
            if closed.end <= datetime.combine(uc.date_start, datetime.min.time(), UTC):
                continue
            if self.search_count([("agreement_id", "=", uc.id), ("period", "=", closed.key)]):
                continue
            measurements = self.env["slm.measurement"]._slm_compute(uc, closed.start + timedelta(seconds=1))
            lines = self._slm_credit_lines(uc, measurements.filtered(lambda m, k=closed.key: m.period == k))
            if not lines:
                continue
            move = (
                self.env["account.move"]
                .with_company(uc.company_id)
                .create(
                    {
                        "move_type": "in_refund",
                        "partner_id": uc.vendor_id.id,
                        "company_id": uc.company_id.id,
                        "currency_id": uc.currency_id.id,
                        "uc_id": uc.id,
                        "invoice_origin": f"{uc.name} {closed.key}",
                        "ref": self.env._("Service credits %(period)s", period=closed.key),
                        "invoice_line_ids": [
                            (0, 0, {"name": description, "quantity": 1, "price_unit": amount})
                            for description, amount in lines
                        ],
                    }
                )
            )
            proposed |= self.create(
                {
                    "agreement_id": uc.id,
                    "period": closed.key,
                    "date_start": closed.start.replace(tzinfo=None),
                    "date_end": closed.end.replace(tzinfo=None),
                    "amount": sum(amount for _description, amount in lines),
                    "move_id": move.id,
                }
            )
            uc.message_post(
                body=self.env._(
                    "Service credits of %(period)s proposed to purchasing: %(move)s.",
                    period=closed.key,
                    move=move.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return proposed

    @api.model
    def _cron_propose_credits(self):
        """After each period closes, propose the credits the vendors owe; one UC's failure skips only it."""
        self = self.sudo()
        instant = datetime.now(UTC)
        ucs = self.env["slm.agreement"].search(
            [
                ("agreement_type", "=", "uc"),
                ("state", "in", ("active", "expired")),
                ("revision_of_id", "=", False),
            ]
        )
        for uc in ucs.filtered(lambda a: a.target_ids.filtered("credit_type")):
            try:
                with self.env.cr.savepoint():
                    self._slm_propose(uc, instant)
            except Exception:  # one contract never stops the others
                _logger.exception("Service credits of %s not proposed", uc.display_name)
        return True

    def action_view_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
