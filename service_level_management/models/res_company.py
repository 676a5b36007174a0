# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    slm_review_owner_id = fields.Many2one(
        "res.users",
        string="Service Level Process Owner",
        help="Prepares the management reviews of service levels: gets the yearly review and the "
        "extraordinary ones to prepare.",
    )
    slm_review_days_before_year_end = fields.Integer(
        string="Yearly Review Prepared",
        default=30,
        help="Days before the end of the year when the draft of the yearly management review is made.",
    )
    slm_major_incident_hours = fields.Float(
        string="Major Incident after",
        default=4.0,
        help="An outage restored after this many hours calls for an extraordinary management review "
        "(0: only tickets flagged as major incidents do).",
    )

    @api.constrains("slm_review_days_before_year_end", "slm_major_incident_hours")
    def _check_slm_review_settings(self):
        for company in self:
            if not 0 <= company.slm_review_days_before_year_end <= 365:
                raise ValidationError(
                    self.env._("The yearly review is prepared between 0 and 365 days before the year ends.")
                )
            if company.slm_major_incident_hours < 0:
                raise ValidationError(self.env._("The major incident threshold cannot be negative."))
