# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SlmService(models.Model):
    """An IT service as the customer sees it (seed §5.4, the service catalog)."""

    _name = "slm.service"
    _description = "IT Service"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(help="Short reference used on tickets and agreements.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    category_id = fields.Many2one("slm.service.category", index=True, tracking=True, ondelete="restrict")
    state = fields.Selection(
        [("pipeline", "Pipeline"), ("live", "Live"), ("retired", "Retired")],
        string="Lifecycle",
        default="pipeline",
        required=True,
        tracking=True,
        group_expand=True,
        help="Pipeline: being designed, not offered yet. Live: offered in the catalog. "
        "Retired: no longer offered; kept for history.",
    )
    owner_id = fields.Many2one(
        "res.users",
        string="Service Owner",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    contact_email = fields.Char(
        compute="_compute_contact_email",
        store=True,
        readonly=False,
        help="Where customers ask about this service; printed in the catalog.",
    )
    description = fields.Html(
        string="Business Description",
        translate=True,
        help="What the service does for the customer, in the customer's words.",
    )
    service_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Service Hours",
        help="When the service must be available; availability targets are measured within these hours.",
    )
    support_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Support Hours",
        help="When the support team works on this service; response and resolution clocks run "
        "within these hours.",
    )
    continuity_requirements = fields.Html(translate=True)
    components = fields.Html(translate=True, help="Hardware, software and services this service is made of.")
    delivery_method = fields.Html(translate=True)
    quality_control = fields.Html(string="Quality Control Procedures", translate=True)
    reference_baselines = fields.Html(translate=True)
    department_ids = fields.Many2many("hr.department", string="Departments Involved")
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain=[("is_company", "=", True)],
    )
    offering_ids = fields.One2many("slm.service.offering", "service_id", string="Offerings")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The service code must be unique per company."),
    ]

    @api.depends("owner_id")
    def _compute_contact_email(self):
        for service in self:
            service.contact_email = service.owner_id.email or service.contact_email

    def action_set_live(self):
        self.write({"state": "live"})

    def action_retire(self):
        self.write({"state": "retired"})

    def action_set_pipeline(self):
        self.write({"state": "pipeline"})
