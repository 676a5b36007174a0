# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import fields, models


class SlmServiceReportWizard(models.TransientModel):
    """Choose the period of an agreement's service report and print it."""

    _name = "slm.service.report.wizard"
    _description = "Print a Service Report"

    agreement_id = fields.Many2one("slm.agreement", required=True, readonly=True)
    period_kind = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        string="Period Type",
        required=True,
        default="month",
    )
    day = fields.Date(
        string="Period of",
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(months=1),
        help="Any day of the period to report on; by default, last month.",
    )

    def _slm_report(self):
        self.ensure_one()
        instant = datetime.combine(self.day, time(12))
        return self.env["slm.service.report"]._slm_get(self.agreement_id, self.period_kind, instant)

    def action_print_pdf(self):
        return self._slm_report().action_print_pdf()

    def action_print_xlsx(self):
        return self._slm_report().action_print_xlsx()
