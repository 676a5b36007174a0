# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import difflib
from contextlib import contextmanager

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

LEVELS = ["corporate", "customer", "service"]
# The ISO/IEC 20000 sections of an agreement, in the order they are printed.
SECTIONS = [
    "service_hours",
    "planned_interruptions",
    "customer_responsibilities",
    "priority_guide",
    "escalation",
    "complaints",
    "workload_limits",
    "exceptions",
]
# What a revision records: changing any of these on an active agreement makes a new one.
TERMS = [
    "title",
    "partner_id",
    "team_id",
    "level",
    "parent_id",
    "service_ids",
    "date_start",
    "date_end",
    "service_calendar_id",
    "support_calendar_id",
    *SECTIONS,
]


class SlmAgreement(models.Model):
    """A service level agreement with a customer (SLA) or an internal team (OLA).

    SLAs come in levels — corporate, customer, service — and lower levels
    inherit the targets of their parent and may only tighten them. OLAs back
    SLA targets and may never be weaker. Active agreements are changed by
    revisions: every change to the terms is recorded, with a readable diff.
    """

    _name = "slm.agreement"
    _description = "Service Level Agreement"
    _inherit = ["slm.approval.mixin", "mail.activity.mixin"]
    _order = "agreement_type, name desc"
    _state_to = ["active"]
    _slm_approved_state = "active"

    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("terminated", "Terminated"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    title = fields.Char(required=True, translate=True, tracking=True)
    agreement_type = fields.Selection(
        [("sla", "SLA"), ("ola", "OLA")],
        string="Type",
        required=True,
        default="sla",
        help="SLA: with a customer. OLA: with an internal team, backing SLA targets.",
    )
    level = fields.Selection(
        [("corporate", "Corporate"), ("customer", "Customer"), ("service", "Service")],
        default="customer",
        required=True,
        tracking=True,
        help="Corporate: general services for the whole organisation. Customer: for one customer. "
        "Service: for one customer and specific services. Lower levels take precedence.",
    )
    parent_id = fields.Many2one(
        "slm.agreement",
        string="Parent Agreement",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        domain="[('agreement_type', '=', agreement_type), ('id', '!=', id)]",
    )
    child_ids = fields.One2many("slm.agreement", "parent_id", string="Child Agreements")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    partner_id = fields.Many2one("res.partner", string="Customer", tracking=True, index="btree_not_null")
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Provider Team", tracking=True, help="The internal team an OLA binds."
    )
    offering_id = fields.Many2one(
        "slm.service.offering", help="New agreements copy the offering's default targets."
    )
    service_ids = fields.Many2many("slm.service", string="Services", domain=[("state", "!=", "retired")])
    requirement_id = fields.Many2one(
        "slm.requirement",
        string="Requirement Specification",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('state', '=', 'approved'), ('partner_id', '=', partner_id)]",
        help="The approved service requirement specification this agreement answers.",
    )
    date_start = fields.Date(
        string="Valid from", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="Valid to", tracking=True)
    service_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Service Hours",
        compute="_compute_calendars",
        store=True,
        readonly=False,
        precompute=True,
    )
    support_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Support Hours",
        compute="_compute_calendars",
        store=True,
        readonly=False,
        precompute=True,
    )
    target_ids = fields.One2many("slm.target", "agreement_id", string="Targets", copy=True)
    escalation_ids = fields.One2many("slm.escalation", "agreement_id", string="Escalations", copy=True)
    response_ends = fields.Selection(
        [("reply", "First Agent Reply"), ("assignment", "Assignment")],
        string="Response Ends at",
        default="reply",
        required=True,
        help="What counts as the response to a ticket.",
    )
    service_hours = fields.Html(string="Service Hours Clause", translate=True)
    planned_interruptions = fields.Html(translate=True)
    customer_responsibilities = fields.Html(translate=True)
    priority_guide = fields.Html(string="Impact and Priority Guide", translate=True)
    escalation = fields.Html(string="Escalation and Notification", translate=True)
    complaints = fields.Html(string="Complaints Procedure", translate=True)
    workload_limits = fields.Html(translate=True)
    exceptions = fields.Html(translate=True)
    revision = fields.Integer(readonly=True, copy=False, default=0)
    revision_ids = fields.One2many(
        "slm.agreement.revision", "agreement_id", string="Revisions", readonly=True
    )
    revision_needed = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="An agreement this one backs or inherits from changed: check and approve it again.",
    )
    termination_reason = fields.Text(readonly=True, copy=False)
    supported_agreement_ids = fields.Many2many(
        "slm.agreement", compute="_compute_supported_agreement_ids", string="Supports"
    )
    supporting_agreement_ids = fields.Many2many(
        "slm.agreement", compute="_compute_supporting_agreement_ids", string="Supported by"
    )
    supporting_count = fields.Integer(compute="_compute_supporting_agreement_ids")

    # -- computes ------------------------------------------------------------

    @api.depends("service_ids", "parent_id")
    def _compute_calendars(self):
        for agreement in self:
            source = agreement.service_ids[:1] or agreement.parent_id
            if not agreement.service_calendar_id:
                agreement.service_calendar_id = source.service_calendar_id
            if not agreement.support_calendar_id:
                agreement.support_calendar_id = source.support_calendar_id

    @api.depends("target_ids.supported_target_id")
    def _compute_supported_agreement_ids(self):
        for agreement in self:
            agreement.supported_agreement_ids = agreement.target_ids.supported_target_id.agreement_id

    def _compute_supporting_agreement_ids(self):
        targets = self.env["slm.target"].search([("supported_target_id.agreement_id", "in", self.ids)])
        for agreement in self:
            supporting = targets.filtered(lambda t, a=agreement: t.supported_target_id.agreement_id == a)
            agreement.supporting_agreement_ids = supporting.agreement_id
            agreement.supporting_count = len(supporting.agreement_id)

    @api.depends("name", "title")
    def _compute_display_name(self):
        for agreement in self:
            agreement.display_name = f"{agreement.name} {agreement.title or ''}".strip()

    # -- constraints -----------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end and agreement.date_end < agreement.date_start:
                raise ValidationError(
                    self.env._("The agreement %(name)s ends before it starts.", name=agreement.display_name)
                )

    @api.constrains("level", "parent_id", "partner_id", "agreement_type", "team_id", "service_ids")
    def _check_structure(self):
        for agreement in self:
            parent = agreement.parent_id
            if parent and (
                parent.agreement_type != agreement.agreement_type
                or LEVELS.index(parent.level) >= LEVELS.index(agreement.level)
            ):
                raise ValidationError(
                    self.env._(
                        "The parent of %(name)s must be an agreement of the same type at a higher level.",
                        name=agreement.display_name,
                    )
                )
            if agreement._has_cycle():
                raise ValidationError(self.env._("An agreement cannot be its own parent."))
            if (
                agreement.agreement_type == "sla"
                and agreement.level != "corporate"
                and not agreement.partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The SLA %(name)s needs a customer at this level.", name=agreement.display_name
                    )
                )
            if agreement.agreement_type == "ola" and not agreement.team_id:
                raise ValidationError(
                    self.env._("The OLA %(name)s needs a provider team.", name=agreement.display_name)
                )
            if agreement.level == "service" and not agreement.service_ids:
                raise ValidationError(
                    self.env._(
                        "The service-level agreement %(name)s needs its services.",
                        name=agreement.display_name,
                    )
                )

    @api.constrains("state", "date_start", "date_end", "level", "partner_id", "service_ids", "team_id")
    def _check_overlap(self):
        for agreement in self.filtered(lambda a: a.state == "active"):
            domain = [
                ("id", "!=", agreement.id),
                ("state", "=", "active"),
                ("agreement_type", "=", agreement.agreement_type),
                ("level", "=", agreement.level),
                ("commercial_partner_id", "=", agreement.commercial_partner_id.id),
                ("team_id", "=", agreement.team_id.id),
                ("company_id", "=", agreement.company_id.id),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", agreement.date_start),
            ]
            if agreement.date_end:
                domain.append(("date_start", "<=", agreement.date_end))
            for other in self.search(domain):
                if agreement.level != "service" or agreement.service_ids & other.service_ids:
                    raise ValidationError(
                        self.env._(
                            "%(name)s overlaps the active agreement %(other)s at the same level for the same "
                            "customer and service.",
                            name=agreement.display_name,
                            other=other.display_name,
                        )
                    )

    # -- create / copy / write ---------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                code = f"slm.agreement.{vals.get('agreement_type', 'sla')}"
                vals["name"] = self.env["ir.sequence"].next_by_code(code) or "/"
        # Creating is not revising, even an agreement created active (e.g. imported).
        agreements = super(SlmAgreement, self.with_context(slm_revising=True)).create(vals_list)
        for agreement in agreements.filtered(lambda a: not a.target_ids):
            agreement._slm_copy_default_targets()
        return agreements.with_env(self.env)

    def _slm_copy_default_targets(self):
        """A new agreement starts from its parent's targets, or else its offering's."""
        self.ensure_one()
        if self.parent_id.target_ids:
            for target in self.parent_id.target_ids:
                target.copy({"agreement_id": self.id, "inherited_from_id": target.id})
        elif self.offering_id:
            for target in self.env["slm.target"].search([("offering_id", "=", self.offering_id.id)]):
                target.copy({"agreement_id": self.id, "offering_id": False})

    def write(self, vals):
        if not set(vals) & set(TERMS) and "target_ids" not in vals:
            return super().write(vals)
        with self._slm_revision(vals.pop("revision_description", None)) as agreements:
            return super(SlmAgreement, agreements).write(vals)

    @contextmanager
    def _slm_revision(self, description=None):
        """Record a revision of every active agreement the block changes.

        Yields the agreements in a context where nested changes (targets
        written through the agreement) do not record revisions of their own.
        """
        if self.env.context.get("slm_revising"):
            yield self
            return
        active = self.filtered(lambda a: a.state == "active")
        before = {agreement.id: agreement._slm_terms() for agreement in active}
        yield self.with_context(slm_revising=True)
        for agreement in active:
            after = agreement._slm_terms()
            if after != before[agreement.id]:
                agreement._slm_record_revision(before[agreement.id], after, description)

    def _slm_terms(self):
        """The terms as readable lines: what revisions keep and compare."""
        self.ensure_one()
        lines = []
        for name in TERMS:
            field = self._fields[name]
            value = self[name]
            if field.type == "html":
                text = html2plaintext(value or "").strip()
            elif field.type in ("many2one", "many2many"):
                text = ", ".join(value.mapped("display_name"))
            elif field.type == "selection":
                text = dict(field._description_selection(self.env)).get(value, "")
            else:
                text = str(value or "")
            lines.append(f"{field._description_string(self.env)}: {text}")
        label = self.env._("Target")
        lines += [f"{label}: {target._slm_text()}" for target in self.target_ids]
        return lines

    def _slm_record_revision(self, before, after, description):
        self.ensure_one()
        diff = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Revision %(number)s of the terms:", number=self.revision + 1),
            Markup().join(
                Markup('<li class="%s">%s</li>') % ("text-success" if line[0] == "+" else "text-danger", line)
                for line in diff
            ),
        )
        self.env["slm.agreement.revision"].create(
            {
                "agreement_id": self.id,
                "version": self.revision,
                "description": description or self.env._("Terms changed"),
                "terms": "\n".join(before),
                "diff": body,
            }
        )
        self.with_context(slm_revising=True).write({"revision": self.revision + 1})
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        self._slm_flag_dependants()
        # Applying the terms to tickets is the system's doing, whoever revised them.
        self.env["helpdesk.ticket"].sudo()._slm_follow_revision(self)

    def _slm_flag_dependants(self):
        """Agreements that back or inherit from this one must be checked again."""
        dependants = (
            self.target_ids.search([("supported_target_id", "in", self.target_ids.ids)]).agreement_id
        ) | (self.child_ids)
        dependants = dependants.filtered(lambda a: a.state in ("draft", "to_approve", "active"))
        dependants.sudo().with_context(slm_revising=True).write({"revision_needed": True})
        for dependant in dependants:
            dependant.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=dependant.user_id.id or self.env.uid,
                summary=self.env._(
                    "Check against %(name)s, revision %(number)s", name=self.name, number=self.revision
                ),
                note=self.env._(
                    "%(name)s changed; this agreement may no longer satisfy it. Check its targets and request "
                    "approval again.",
                    name=self.display_name,
                ),
            )

    # -- lifecycle ---------------------------------------------------------------

    def _slm_submittable_states(self):
        return ("draft", "active") if self.revision_needed else ("draft",)

    def action_request_approval(self):
        for agreement in self:
            if agreement.state not in agreement._slm_submittable_states():
                raise UserError(
                    self.env._("Only a draft, or an agreement to revise, can be submitted for approval.")
                )
            if agreement.state == "active":
                super(SlmAgreement, agreement.with_context(slm_revising=True)).write({"state": "draft"})
        return super().action_request_approval()

    def _slm_check_can_request_approval(self):
        for agreement in self:
            if not agreement.target_ids:
                raise UserError(self.env._("%(name)s has no target.", name=agreement.display_name))
            agreement.target_ids._check_not_weaker()

    def _slm_on_approved(self):
        self.sudo().with_context(slm_revising=True).write({"revision_needed": False})
        template = self.env.ref("service_level_management.mail_template_agreement_announcement")
        for agreement in self.filtered(lambda a: a.agreement_type == "sla" and a.partner_id):
            agreement.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", partner_ids=agreement.partner_id.ids
            )

    def action_terminate(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "slm.agreement.terminate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_agreement_id": self.id},
        }

    def _slm_terminate(self, reason):
        for agreement in self:
            if agreement.state != "active":
                raise UserError(self.env._("Only an active agreement can be terminated."))
        self.with_context(slm_revising=True).write({"state": "terminated", "termination_reason": reason})
        for agreement in self:
            agreement.message_post(
                body=Markup("<p>%s</p><p>%s</p>") % (self.env._("Terminated."), escape(reason)),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _cron_expire(self):
        """Active agreements past their end date expire."""
        expired = self.search([("state", "=", "active"), ("date_end", "<", fields.Date.context_today(self))])
        expired.with_context(slm_revising=True).write({"state": "expired"})
        for agreement in expired:
            agreement.message_post(body=self.env._("Expired on its end date."), subtype_xmlid="mail.mt_note")
        return expired

    def action_view_supporting(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_level_management.slm_agreement_ola_action"
        )
        action["domain"] = [("id", "in", self.supporting_agreement_ids.ids)]
        return action

    def action_compute_measurements(self):
        """Measure the current periods now (the cron does it every day)."""
        measurements = self.env["slm.measurement"]._slm_compute(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_level_management.slm_measurement_action"
        )
        action["domain"] = [("id", "in", measurements.ids)]
        action["views"] = [(False, "list"), (False, "pivot"), (False, "graph")]
        return action
