# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

# Service level criteria of a requirement specification (seed §5.1 item 9) and the target each becomes.
CRITERIA_METRICS = (
    ("response_time", "response"),
    ("turnaround_time", "resolution"),
    ("availability_target", "availability"),
    ("max_incident_count", "incident_count"),
    ("min_hours_between_incidents", "mtbf"),
    ("max_incident_duration", "incident_duration_max"),
)


class SlmRequirement(models.Model):
    _inherit = "slm.requirement"

    agreement_ids = fields.One2many("slm.agreement", "requirement_id", string="Agreements")
    agreement_count = fields.Integer(compute="_compute_agreement_count")

    def _compute_agreement_count(self):
        counts = dict(
            self.env["slm.agreement"]._read_group(
                [("requirement_id", "in", self.ids)], ["requirement_id"], ["__count"]
            )
        )
        for requirement in self:
            requirement.agreement_count = counts.get(requirement, 0)

    def _slm_sla_values(self):
        """A service-level SLA for this customer and service, its targets the criteria that are set."""
        self.ensure_one()
        targets = [
            (
                0,
                0,
                {
                    "metric": metric,
                    "value": self[criterion],
                    "period": self.incident_period,
                    # Tickets are answered in support hours; the service is due in service hours.
                    "calendar_mode": "support" if metric in ("response", "resolution") else "service",
                },
            )
            for criterion, metric in CRITERIA_METRICS
            if self[criterion]
        ]
        service_hours = False
        if self.availability_hours_per_day and self.availability_days_per_week:
            hours = f"{self.availability_hours_per_day:g}"
            service_hours = Markup("<p>%s</p>") % self.env._(
                "The service is available %(hours)s hours a day, %(days)s days a week.",
                hours=hours,
                days=self.availability_days_per_week,
            )
        return {
            "title": self.env._(
                "%(service)s for %(customer)s", service=self.service_id.name, customer=self.partner_id.name
            ),
            "agreement_type": "sla",
            "level": "service",
            "partner_id": self.partner_id.id,
            "service_ids": [(6, 0, self.service_id.ids)],
            "company_id": self.company_id.id,
            "requirement_id": self.id,
            "service_hours": service_hours,
            "target_ids": targets,
        }

    def action_create_sla(self):
        """Draft the SLA this approved specification asks for, and open it."""
        self.ensure_one()
        if self.state != "approved":
            raise UserError(
                self.env._("Only an approved requirement specification can be the basis of an agreement.")
            )
        agreement = self.env["slm.agreement"].create(self._slm_sla_values())
        agreement.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": agreement, "origin": self},
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "slm.agreement",
            "res_id": agreement.id,
            "view_mode": "form",
        }

    def action_view_agreements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_level_management.slm_agreement_sla_action"
        )
        action["domain"] = [("requirement_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
