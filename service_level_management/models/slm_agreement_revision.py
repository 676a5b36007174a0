# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class SlmAgreementRevision(models.Model):
    """A superseded version of an agreement's terms, kept readable (the history table).

    Written by the system when an approved proposal applies; read-only to everyone.
    """

    _name = "slm.agreement.revision"
    _description = "Agreement Revision"
    _order = "agreement_id, version desc"

    agreement_id = fields.Many2one("slm.agreement", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    proposal_id = fields.Many2one(
        "slm.agreement",
        ondelete="restrict",
        help="The approved proposal that replaced these terms: it holds the new ones.",
    )
    version = fields.Integer(required=True, help="The version these terms were; the next one replaced them.")
    new_version = fields.Integer(string="Revision", compute="_compute_new_version")
    date = fields.Datetime(
        string="Effective", default=fields.Datetime.now, required=True, help="When the new terms applied."
    )
    reviser_id = fields.Many2one(
        "res.users", string="Proposed by", default=lambda self: self.env.user, required=True
    )
    approver_ids = fields.Many2many("res.users", string="Approved by")
    description = fields.Char(string="Reason", required=True)
    improvement_id = fields.Many2one(
        "slm.improvement", string="For Improvement", index="btree_not_null", ondelete="restrict"
    )
    terms = fields.Text(string="Terms Replaced", help="The terms and targets of this version, line by line.")
    diff = fields.Html(string="Changes", sanitize_attributes=False)

    def _compute_new_version(self):
        for revision in self:
            revision.new_version = revision.version + 1
