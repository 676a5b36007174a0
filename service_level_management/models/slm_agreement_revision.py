# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmAgreementRevision(models.Model):
    """A superseded version of an agreement's terms, kept readable (the history table)."""

    _name = "slm.agreement.revision"
    _description = "Agreement Revision"
    _order = "agreement_id, version desc"

    agreement_id = fields.Many2one("slm.agreement", required=True, index=True, ondelete="cascade")
    version = fields.Integer(required=True, help="The version these terms were; the next one replaced them.")
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    reviser_id = fields.Many2one("res.users", default=lambda self: self.env.user, required=True)
    description = fields.Char(required=True)
    terms = fields.Text(help="The terms and targets of this version, line by line.")
    diff = fields.Html(string="Changes", sanitize_attributes=False)
