# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools import groupby


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
    requirement_ids = fields.One2many("slm.requirement", "service_id", string="Requirement Specifications")
    requirement_count = fields.Integer(compute="_compute_requirement_count")
    spec_ids = fields.One2many(
        "slm.implementation.spec", "service_id", string="Implementation Specifications"
    )
    published_spec_id = fields.Many2one(
        "slm.implementation.spec",
        string="Published Specification",
        compute="_compute_published_spec_id",
    )

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The service code must be unique per company."),
    ]

    def _compute_requirement_count(self):
        counts = dict(
            self.env["slm.requirement"]._read_group(
                [("service_id", "in", self.ids), ("state", "!=", "superseded")], ["service_id"], ["__count"]
            )
        )
        for service in self:
            service.requirement_count = counts.get(service, 0)

    @api.depends("spec_ids.state")
    def _compute_published_spec_id(self):
        published = self.env["slm.implementation.spec"].search(
            [("service_id", "in", self.ids), ("state", "=", "published")]
        )
        by_service = {spec.service_id: spec for spec in published}
        for service in self:
            service.published_spec_id = by_service.get(service, False)

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

    def action_view_requirements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("service_catalog.slm_requirement_action")
        action["domain"] = [("service_id", "=", self.id)]
        action["context"] = {"default_service_id": self.id, "search_default_current": 1}
        return action

    def action_view_specification(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_catalog.slm_implementation_spec_action"
        )
        action["domain"] = [("service_id", "=", self.id)]
        action["context"] = {"default_service_id": self.id, "default_name": self.name}
        if self.published_spec_id:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.published_spec_id.id)
        return action

    def action_print_catalog(self):
        live = self.search([("state", "=", "live")])
        return self.env.ref("service_catalog.action_report_service_catalog").report_action(live)

    def _catalog_sections(self):
        """Live services of this set grouped by category, for the printed catalog."""
        live = self.filtered(lambda s: s.state == "live").sorted(
            lambda s: (s.category_id.complete_name or "", s.sequence, s.name)
        )
        # odoo.tools.groupby keeps the order of first appearance, i.e. by category name.
        sections = groupby(live, key=lambda s: s.category_id)
        return [
            {"category": category.complete_name or self.env._("Other Services"), "services": services}
            for category, services in sections
        ]

    def _catalog_hours(self, calendar):
        """Working hours in words, e.g. "Monday-Friday 08:00-12:00, 13:00-17:00 (Europe/Brussels)"."""
        day_names = dict(
            self.env["resource.calendar.attendance"]._fields["dayofweek"]._description_selection(self.env)
        )
        lines = calendar.attendance_ids.filtered(lambda a: not a.display_type and a.day_period != "lunch")
        if calendar.two_weeks_calendar:
            lines = lines.filtered(lambda a: a.week_type == "0")
        hours_by_day = {}
        for line in lines.sorted(lambda a: (int(a.dayofweek), a.hour_from)):
            hours_by_day.setdefault(int(line.dayofweek), []).append(
                f"{_hhmm(line.hour_from)}-{_hhmm(line.hour_to)}"
            )
        if len(hours_by_day) == 7 and all(h == ["00:00-24:00"] for h in hours_by_day.values()):
            return self.env._("24 hours a day, 7 days a week")
        parts, days = [], sorted(hours_by_day)
        while days:
            first = last = days.pop(0)
            while days and days[0] == last + 1 and hours_by_day[days[0]] == hours_by_day[first]:
                last = days.pop(0)
            label = (
                day_names[str(first)] if first == last else f"{day_names[str(first)]}-{day_names[str(last)]}"
            )
            parts.append(f"{label} {', '.join(hours_by_day[first])}")
        return f"{'; '.join(parts)} ({calendar.tz})"


def _hhmm(hours):
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
