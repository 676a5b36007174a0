# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

SECTIONS = [
    ("commitment", "Agreements and Commitments"),
    ("trend", "Service Trends"),
    ("procedure", "Procedure Changes and Resources"),
    ("breach", "Reasons for Missed Service Levels"),
]


class SlmReviewLine(models.Model):
    """A line of one of the four sections of a management review (seed §5.6.3), written by the system.

    Figures and texts are copied, not computed: what the review said stays as it was approved.
    """

    _name = "slm.review.line"
    _description = "Management Review Line"
    _order = "review_id, sequence, id"

    review_id = fields.Many2one("slm.review", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    sequence = fields.Integer()
    section = fields.Selection(SECTIONS, required=True)
    date = fields.Datetime()
    label = fields.Char(string="What")
    agreement_id = fields.Many2one("slm.agreement", ondelete="restrict")
    revision_id = fields.Many2one("slm.agreement.revision", ondelete="restrict")
    target_id = fields.Many2one("slm.target", ondelete="restrict")
    measurement_id = fields.Many2one("slm.measurement", ondelete="set null")
    committed = fields.Char()
    value = fields.Char(string="Achieved")
    result = fields.Selection([("met", "Met"), ("missed", "Missed"), ("none", "Nothing to Measure")])
    spec_id = fields.Many2one(
        "slm.implementation.spec", string="Implementation Specification", ondelete="restrict"
    )
    improvement_id = fields.Many2one("slm.improvement", ondelete="restrict")
    cause = fields.Selection(
        lambda self: self.env["slm.clock"]._fields["breach_cause"]._description_selection(self.env),
        string="Breach Cause",
    )
    reason_id = fields.Many2one("slm.breach.reason", ondelete="restrict")
    partner_id = fields.Many2one("res.partner", string="Party", ondelete="restrict")
    count = fields.Integer(string="Breaches", aggregator="sum")
    note = fields.Text(string="Details")
