# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

# The service level criteria of seed §5.1 item 9, with the unit shown to users.
CRITERIA = (
    "availability_target",
    "max_incident_count",
    "min_hours_between_incidents",
    "max_incident_duration",
    "response_time",
    "turnaround_time",
)
FROZEN_FIELDS = {
    "partner_id",
    "service_id",
    "source_ids",
    "expectations",
    "availability_hours_per_day",
    "availability_days_per_week",
    "continuity_requirements",
    "department_ids",
    "reference_baselines",
    "components",
    "delivery_method",
    "quality_control",
    "incident_period",
    *CRITERIA,
}


class SlmRequirement(models.Model):
    """Service requirement specification (seed §5.1, record QR-14-04).

    What one customer needs from one service, written down from its sources
    (service contract, meeting minutes, management review) and approved by
    the service management team before agreements are drafted from it.
    """

    _name = "slm.requirement"
    _description = "Service Requirement Specification"
    _inherit = ["slm.approval.mixin", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_names_search = ["name", "partner_id", "service_id"]

    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("superseded", "Superseded"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    date = fields.Date(default=fields.Date.context_today, required=True, tracking=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        domain=[("is_company", "=", True)],
    )
    service_id = fields.Many2one("slm.service", required=True, tracking=True, index=True, ondelete="restrict")
    previous_id = fields.Many2one("slm.requirement", string="Revises", readonly=True, copy=False)
    source_ids = fields.One2many("slm.requirement.source", "requirement_id", string="Sources", copy=True)
    # The nine items of seed §5.1.
    expectations = fields.Html(string="Customer Expectations", help="What the users expect of the service.")
    availability_hours_per_day = fields.Float(help="Hours a day the service must be available.")
    availability_days_per_week = fields.Integer(help="Days a week the service must be available.")
    continuity_requirements = fields.Html()
    department_ids = fields.Many2many("hr.department", string="Departments Needed")
    reference_baselines = fields.Html(
        help="Current operating methods or quality standards to take as baseline."
    )
    components = fields.Html(
        string="Service and Components", help="Internal description of the service and its parts."
    )
    delivery_method = fields.Html(help="How the service is implemented and delivered.")
    quality_control = fields.Html(string="Quality Control Procedures")
    # Item 9: service level criteria, as numbers with units.
    availability_target = fields.Float(string="Availability (%)", digits=(5, 3))
    incident_period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        default="month",
        required=True,
        help="The period the incident count is measured over.",
    )
    max_incident_count = fields.Integer(string="Incidents per Period (max)")
    min_hours_between_incidents = fields.Float(
        string="Time between Incidents (h, min)",
        help="Incident frequency: mean service hours between incidents.",
    )
    max_incident_duration = fields.Float(string="Incident Duration (h, max)")
    response_time = fields.Float(string="Response Time (h)")
    turnaround_time = fields.Float(string="Turnaround Time (h)")

    def _slm_print_items(self):
        """``[(label, value, is_html)]``: the nine items of seed §5.1 as printed, the empty ones left out."""
        self.ensure_one()
        items = []
        for name in ("expectations", "availability_hours_per_day", "availability_days_per_week",
                     "continuity_requirements", "department_ids", "reference_baselines", "components",
                     "delivery_method", "quality_control", *CRITERIA):  # fmt: skip
            field, value = self._fields[name], self[name]
            if field.type == "html":
                if is_html_empty(value):
                    continue
            elif field.type == "many2many":
                value = ", ".join(value.mapped("display_name"))
            elif not value:
                continue
            else:
                value = f"{value:g}"
            items.append((field._description_string(self.env), value, field.type == "html"))
        return items

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                vals.pop("previous_id", None)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("slm.requirement") or "/"
        records = super().create(vals_list)
        records._check_service_not_retired()
        return records

    def write(self, vals):
        if FROZEN_FIELDS & set(vals):
            self._slm_check_editable()
        if {"name", "previous_id"} & set(vals) and not self.env.su:
            raise UserError(
                self.env._("The reference of a specification and which one it revises are set by the system.")
            )
        return super().write(vals)

    def _slm_check_editable(self):
        if not self.env.su and any(record.state in ("approved", "superseded") for record in self):
            raise UserError(
                self.env._(
                    "An approved requirement specification cannot change; create a new revision instead."
                )
            )

    @api.constrains(*CRITERIA, "availability_hours_per_day", "availability_days_per_week")
    def _check_criteria(self):
        for requirement in self:
            if any(requirement[name] < 0 for name in CRITERIA):
                raise ValidationError(self.env._("Service level criteria must be positive numbers."))
            if requirement.availability_target > 100:
                raise ValidationError(self.env._("Availability cannot be above 100 %."))
            if not 0 <= requirement.availability_hours_per_day <= 24:
                raise ValidationError(self.env._("Availability hours per day must be between 0 and 24."))
            if not 0 <= requirement.availability_days_per_week <= 7:
                raise ValidationError(self.env._("Availability days per week must be between 0 and 7."))

    def _check_service_not_retired(self):
        retired = self.filtered(lambda r: r.service_id.state == "retired" and r.state == "draft")
        if retired:
            raise ValidationError(
                self.env._(
                    "The service %(service)s is retired: it gets no new requirement specification.",
                    service=retired[0].service_id.display_name,
                )
            )

    def _slm_check_can_request_approval(self):
        self._check_service_not_retired()

    def _slm_on_approved(self):
        for requirement in self:
            older = self.search(
                [
                    ("id", "!=", requirement.id),
                    ("partner_id", "=", requirement.partner_id.id),
                    ("service_id", "=", requirement.service_id.id),
                    ("state", "=", "approved"),
                ]
            )
            older.sudo().write({"state": "superseded"})

    def action_new_revision(self):
        self.ensure_one()
        self.check_access("write")
        revision = self.sudo().copy({"previous_id": self.id}).with_env(self.env)
        revision._check_service_not_retired()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": revision.id,
            "view_mode": "form",
        }

    @api.depends("name", "partner_id.name")
    def _compute_display_name(self):
        for requirement in self:
            requirement.display_name = f"{requirement.name} - {requirement.partner_id.name or ''}"
