# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class SlmReviewDecision(models.Model):
    """A decision of a management review; an improvement record carries it out (seed §5.7)."""

    _name = "slm.review.decision"
    _description = "Management Review Decision"
    _order = "review_id, sequence, id"

    review_id = fields.Many2one("slm.review", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Decision", required=True)
    user_id = fields.Many2one("res.users", string="Owner")
    date_deadline = fields.Date(string="Due")
    improvement_id = fields.Many2one("slm.improvement", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["slm.review"].browse([vals.get("review_id") for vals in vals_list])._slm_check_open()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - {"improvement_id"} or not self.env.su:
            self.review_id._slm_check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_open_reviews(self):
        self.review_id._slm_check_open()

    def action_start_improvement(self):
        """An improvement record for this decision, its origin the review."""
        self.ensure_one()
        self.env["slm.improvement"].check_access("create")
        if self.improvement_id:
            raise UserError(self.env._("This decision already has its improvement record."))
        improvement = self.env["slm.improvement"].create(
            {
                "title": self.name.splitlines()[0][:120],
                "origin": "review",
                "review_id": self.review_id.id,
                "company_id": self.review_id.company_id.id,
                "gap": self.name,
                "user_id": (self.user_id or self.env.user).id,
                "date_deadline": self.date_deadline,
            }
        )
        self.sudo().improvement_id = improvement
        return improvement._get_records_action()
