# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CONTENT_FIELDS = {"name", "service_id", "delivery_process", "monitoring", "maintenance", "change_description"}
# Set by the product: the version number on creation, the publication date by "Publish".
SYSTEM_FIELDS = {"version", "published_date"}


class SlmImplementationSpec(models.Model):
    """One version of a service's implementation specification (seed §5.2).

    A controlled document: delivery process, monitoring and maintenance
    technical specifications. Each version is approved by the system
    integration department and then published; publishing supersedes the
    previously published version, which stays readable, like every other.
    """

    _name = "slm.implementation.spec"
    _description = "Implementation Specification"
    _inherit = ["slm.approval.mixin", "mail.activity.mixin"]
    _order = "service_id, version desc"

    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("published", "Published"),
            ("superseded", "Superseded"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    service_id = fields.Many2one("slm.service", required=True, index=True, ondelete="restrict", tracking=True)
    company_id = fields.Many2one(related="service_id.company_id", store=True)
    version = fields.Integer(string="Version Number", readonly=True, copy=False, default=0, aggregator=False)
    version_label = fields.Char(string="Version", compute="_compute_version_label")
    date = fields.Date(string="Version Date", default=fields.Date.context_today, required=True, copy=False)
    author_id = fields.Many2one("res.users", default=lambda self: self.env.user, required=True, copy=False)
    change_description = fields.Text(
        string="Description of Change", copy=False, help="What this version changes, for the history table."
    )
    published_date = fields.Datetime(readonly=True, copy=False)
    delivery_process = fields.Html(translate=True, help="The process that delivers the service.")
    monitoring = fields.Html(translate=True, help="Technical specification of operation monitoring.")
    maintenance = fields.Html(translate=True, help="Technical specification of day-to-day maintenance.")
    history_ids = fields.One2many("slm.implementation.spec", compute="_compute_history_ids")

    _sql_constraints = [
        ("version_service_uniq", "unique(service_id, version)", "A version number is used once per service."),
    ]

    @api.depends("version")
    def _compute_version_label(self):
        for spec in self:
            spec.version_label = f"v{spec.version}"

    @api.depends("service_id")
    def _compute_history_ids(self):
        for spec in self:
            spec.history_ids = (
                self.search([("service_id", "=", spec.service_id.id)]) if spec.service_id else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                vals.pop("published_date", None)
            if vals.get("service_id") and (not vals.get("version") or not self.env.su):
                last = self.sudo().search(
                    [("service_id", "=", vals["service_id"])], order="version desc", limit=1
                )
                vals["version"] = last.version + 1
        return super().create(vals_list)

    def write(self, vals):
        if SYSTEM_FIELDS & set(vals) and not self.env.su:
            raise UserError(
                self.env._("The version and publication date of a specification are set by the system.")
            )
        if CONTENT_FIELDS & set(vals) and any(spec.state not in ("draft", "to_approve") for spec in self):
            raise UserError(
                self.env._("An approved specification cannot change; create a new version instead.")
            )
        return super().write(vals)

    def action_new_version(self):
        self.ensure_one()
        version = self.copy({"name": self.name})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": version.id,
            "view_mode": "form",
        }

    def action_publish(self):
        for spec in self:
            if spec.state != "approved":
                raise UserError(self.env._("Only an approved specification can be published."))
            if spec.service_id.state == "retired":
                raise ValidationError(
                    self.env._(
                        "The service %(service)s is retired: no new specification is published for it.",
                        service=spec.service_id.display_name,
                    )
                )
            spec.check_access("write")
            current = self.search([("service_id", "=", spec.service_id.id), ("state", "=", "published")])
            current._slm_set_state("superseded")
            spec._slm_set_state("published")
            spec.sudo().published_date = fields.Datetime.now()

    @api.depends("name", "version")
    def _compute_display_name(self):
        for spec in self:
            spec.display_name = f"{spec.name} (v{spec.version})"
