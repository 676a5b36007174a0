# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import difflib
import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime, html2plaintext, is_html_empty
from odoo.tools.sql import create_index

_logger = logging.getLogger(__name__)

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
# The terms of an agreement: once it is in force they change only by an approved revision.
TERMS = [
    "title",
    "agreement_type",
    "company_id",
    "partner_id",
    "team_id",
    "level",
    "parent_id",
    "service_ids",
    "date_start",
    "date_end",
    "service_calendar_id",
    "support_calendar_id",
    "response_ends",
    *SECTIONS,
]
# Terms kept in lines of their own (targets, escalation rules) besides the fields above.
TERM_LINES = ["target_ids", "escalation_ids"]
# Written by the product only, through its actions.
SYSTEM_FIELDS = [
    "name",
    "ticket_terms",
    "state",
    "revision",
    "revision_needed",
    "termination_reason",
    "revision_of_id",
    "applied_revision_id",
    "whatif_date",
    "tz",
]
# A proposal still to be decided or applied: an agreement has at most one.
OPEN_PROPOSAL_STATES = ("draft", "to_approve", "approved")
# How far a "takes effect" instant may lie before the request (clocks of other machines).
CLOCK_SKEW = timedelta(minutes=5)


def validity(date_start, date_end, tz):
    """``(valid_from, valid_until)``: the UTC instants (without time zone, as stored) an agreement's dates
    begin and end, its dates being days in its time zone ``tz``; ``valid_until`` None without an end."""
    zone = ZoneInfo(tz or "UTC")

    def midnight(day):
        return datetime.combine(day, time.min, zone).astimezone(UTC).replace(tzinfo=None)

    return midnight(date_start), date_end and midnight(date_end + timedelta(days=1))


class SlmAgreement(models.Model):
    """A service level agreement with a customer (SLA) or an internal team (OLA).

    SLAs come in levels — corporate, customer, service — and lower levels
    inherit the targets of their parent and may only tighten them. OLAs back
    SLA targets and may never be weaker.

    The terms of an agreement in force change only by a *proposed revision*:
    a draft copy of the agreement (``revision_of_id``) with the new terms, a
    reason and an effective date, approved in chatter like a new agreement.
    Until it is approved the terms in force stay; once approved it becomes
    the agreement's next numbered revision from its effective date.
    """

    _name = "slm.agreement"
    _description = "Service Level Agreement"
    _inherit = ["slm.approval.mixin", "mail.activity.mixin"]
    _order = "agreement_type, name desc, id desc"
    _check_company_auto = True
    _state_to = ["active", "approved"]
    _slm_approved_state = "active"

    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("active", "Active"),
            ("applied", "Applied"),
            ("expired", "Expired"),
            ("terminated", "Terminated"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        help="Approved and Applied are the states of proposed revisions: approved, waiting for the "
        "instant they take effect, then applied to the agreement.",
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
        check_company=True,
        domain="[('agreement_type', '=', agreement_type), ('id', '!=', id), ('revision_of_id', '=', False)]",
    )
    child_ids = fields.One2many(
        "slm.agreement", "parent_id", string="Child Agreements", domain=[("revision_of_id", "=", False)]
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", tracking=True, index="btree_not_null", check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    contact_ids = fields.Many2many(
        "res.partner",
        string="Customer Contacts",
        check_company=True,
        help="Who the customer wants told of the agreement and its revisions; the customer itself when empty.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Provider Team",
        tracking=True,
        check_company=True,
        help="The internal team an OLA binds.",
    )
    offering_id = fields.Many2one(
        "slm.service.offering", check_company=True, help="New agreements copy the offering's default targets."
    )
    service_ids = fields.Many2many(
        "slm.service", string="Services", domain=[("state", "!=", "retired")], check_company=True
    )
    service_names = fields.Char(
        compute="_compute_service_names",
        compute_sudo=True,
        help="The services covered, by name: what customers read of them on the portal.",
    )
    requirement_id = fields.Many2one(
        "slm.requirement",
        string="Requirement Specification",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        domain="[('state', '=', 'approved'), ('partner_id', '=', partner_id)]",
        help="The approved service requirement specification this agreement answers.",
    )
    date_start = fields.Date(
        string="Valid from", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="Valid to", tracking=True)
    tz = fields.Char(
        string="Time Zone",
        compute="_compute_tz",
        store=True,
        help="Where the agreement's dates and periods are days: the time zone of its service hours, else "
        "of its support hours, else of its company.",
    )
    service_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Service Hours",
        compute="_compute_calendars",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
        check_company=True,
    )
    support_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Support Hours",
        compute="_compute_calendars",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
        check_company=True,
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
    ticket_terms = fields.Json(
        compute="_compute_ticket_terms",
        store=True,
        copy=False,
        groups="base.group_system",
        # Read by the scope lookup only, in SQL; not with the agreement's row wherever the system
        # reads one (a clock's level, a ticket's SLA).
        prefetch=False,
        help="What tickets get of the agreement (the services it covers, its effective targets of "
        "response and resolution, its escalation rules), kept by the system whenever it changes.",
    )
    # The clauses are read together, on the agreement's form and in its PDF, not wherever an
    # agreement's name is shown (a ticket's SLA, a clock's agreement).
    service_hours = fields.Html(string="Service Hours Clause", translate=True, prefetch="clauses")
    planned_interruptions = fields.Html(translate=True, prefetch="clauses")
    customer_responsibilities = fields.Html(translate=True, prefetch="clauses")
    priority_guide = fields.Html(string="Impact and Priority Guide", translate=True, prefetch="clauses")
    escalation = fields.Html(string="Escalation and Notification", translate=True, prefetch="clauses")
    complaints = fields.Html(string="Complaints Procedure", translate=True, prefetch="clauses")
    workload_limits = fields.Html(translate=True, prefetch="clauses")
    exceptions = fields.Html(translate=True, prefetch="clauses")
    revision = fields.Integer(readonly=True, copy=False, default=0)
    revision_ids = fields.One2many(
        "slm.agreement.revision", "agreement_id", string="Revisions", readonly=True
    )
    revision_needed = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="An agreement this one backs or inherits from changed: check it again, or propose a revision.",
    )
    termination_reason = fields.Text(readonly=True, copy=False)
    supported_agreement_ids = fields.Many2many(
        "slm.agreement", compute="_compute_supported_agreement_ids", string="Supports"
    )
    supporting_agreement_ids = fields.Many2many(
        "slm.agreement", compute="_compute_supporting_agreement_ids", string="Supported by"
    )
    supporting_count = fields.Integer(compute="_compute_supporting_agreement_ids")
    # -- proposed revisions --------------------------------------------------------
    revision_of_id = fields.Many2one(
        "slm.agreement",
        string="Proposed Revision of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="This is a proposal: the new terms of that agreement, applied once approved.",
    )
    proposal_ids = fields.One2many("slm.agreement", "revision_of_id", string="Proposed Revisions")
    proposal_count = fields.Integer(compute="_compute_proposal_count")
    effective_date = fields.Datetime(
        string="Takes Effect",
        copy=False,
        tracking=True,
        help="When the proposed terms apply, once approved: open tickets follow them from then on.",
    )
    revision_reason = fields.Text(string="Reason", copy=False, help="Why the terms change.")
    improvement_id = fields.Many2one(
        "slm.improvement",
        string="For Improvement",
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The service improvement record this proposed revision carries out.",
    )
    proposal_diff = fields.Html(string="Changes", compute="_compute_proposal_diff", sanitize_attributes=False)
    applied_revision_id = fields.Many2one(
        "slm.agreement.revision", string="Revision Made", readonly=True, copy=False, ondelete="restrict"
    )
    whatif_ids = fields.One2many("slm.revision.whatif", "proposal_id", string="What-if per Target")
    whatif_ticket_ids = fields.One2many(
        "slm.revision.whatif.ticket", "proposal_id", string="Tickets that Change Outcome"
    )
    whatif_date = fields.Datetime(string="Replayed on", readonly=True, copy=False)

    def init(self):
        # How a ticket finds the agreements that may apply to it (helpdesk.ticket._slm_scope_terms):
        # among those in force, by its customer, its team, or its company for a corporate SLA.
        for name, columns, where in (
            ("customer", ["commercial_partner_id"], "state = 'active' AND agreement_type = 'sla'"),
            ("team", ["team_id"], "state = 'active' AND agreement_type = 'ola'"),
            ("corporate", ["company_id"], "state = 'active' AND level = 'corporate'"),
        ):
            create_index(self.env.cr, f"slm_agreement_in_force_{name}_idx", self._table, columns, where=where)

    # -- computes ------------------------------------------------------------

    @api.depends("service_ids", "parent_id")
    def _compute_calendars(self):
        for agreement in self:
            source = agreement.service_ids[:1] or agreement.parent_id
            if not agreement.service_calendar_id:
                agreement.service_calendar_id = source.service_calendar_id
            if not agreement.support_calendar_id:
                agreement.support_calendar_id = source.support_calendar_id

    @api.depends("service_calendar_id.tz", "support_calendar_id.tz", "company_id.partner_id.tz")
    def _compute_tz(self):
        # Schedules and the company's address are not every reader's to see (a customer on the portal).
        for agreement, source in zip(self, self.sudo(), strict=True):
            agreement.tz = (
                source.service_calendar_id.tz
                or source.support_calendar_id.tz
                or source.company_id.partner_id.tz
                or "UTC"
            )

    @api.depends("target_ids.supported_target_id")
    def _compute_supported_agreement_ids(self):
        for agreement in self:
            agreement.supported_agreement_ids = agreement.target_ids.supported_target_id.agreement_id

    @api.depends_context("lang")
    @api.depends("service_ids.name")
    def _compute_service_names(self):
        for agreement in self:
            agreement.service_names = ", ".join(agreement.service_ids.mapped("name"))

    def _compute_supporting_agreement_ids(self):
        targets = self.env["slm.target"].search(
            [
                ("supported_target_id.agreement_id", "in", self.ids),
                ("agreement_id.revision_of_id", "=", False),
            ]
        )
        for agreement in self:
            supporting = targets.filtered(lambda t, a=agreement: t.supported_target_id.agreement_id == a)
            agreement.supporting_agreement_ids = supporting.agreement_id
            agreement.supporting_count = len(supporting.agreement_id)

    def _compute_proposal_count(self):
        counts = dict(
            self.env["slm.agreement"]._read_group(
                [("revision_of_id", "in", self.ids)], ["revision_of_id"], ["__count"]
            )
        )
        for agreement in self:
            agreement.proposal_count = counts.get(agreement, 0)

    @api.depends_context("lang")
    @api.depends("revision_of_id", "target_ids", "escalation_ids", *TERMS)
    def _compute_proposal_diff(self):
        for agreement in self:
            original = agreement.revision_of_id
            agreement.proposal_diff = (
                _diff_html(original._slm_terms(), agreement._slm_terms()) if original else False
            )

    @api.depends("name", "title", "revision_of_id")
    def _compute_display_name(self):
        for agreement in self:
            name = f"{agreement.name} {agreement.title or ''}".strip()
            if agreement.revision_of_id:
                name = self.env._("%(name)s (proposed revision)", name=name)
            agreement.display_name = name

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
        """Safety net: requesting approval already refuses an overlap (``_slm_check_overlap``)."""
        self.filtered(lambda a: a.state == "active")._slm_check_overlap()

    def _slm_overlapping(self):
        """Active agreements that would apply to the same tickets as this one, at the same level.

        Same type, level, company, customer (commercial partner) and team, validity
        periods that meet, and services in common, where no services means every service.
        """
        self.ensure_one()
        domain = [
            ("id", "not in", (self | self.revision_of_id).ids),
            ("state", "=", "active"),
            ("agreement_type", "=", self.agreement_type),
            ("level", "=", self.level),
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("team_id", "=", self.team_id.id),
            ("company_id", "=", self.company_id.id),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", self.date_start),
        ]
        if self.date_end:
            domain.append(("date_start", "<=", self.date_end))
        services = self.with_context(active_test=False).service_ids
        return (
            self.sudo()
            .search(domain)
            .filtered(
                lambda other: (
                    not services
                    or not other.with_context(active_test=False).service_ids
                    or services & other.with_context(active_test=False).service_ids
                )
            )
        )

    def _slm_check_overlap(self):
        for agreement in self:
            other = agreement._slm_overlapping()[:1]
            if other:
                raise ValidationError(
                    self.env._(
                        "%(name)s would apply to the same tickets as %(other)s, in force at the same level "
                        "for the same customer, team and services in the same period. Narrow the services or "
                        "the validity, or revise %(other)s instead.",
                        name=agreement.display_name,
                        other=other.display_name,
                    )
                )

    # -- create / write / unlink ---------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("name") == "/":
                    del vals["name"]
                self._slm_check_not_system(set(vals) - {"state"})
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                code = f"slm.agreement.{vals.get('agreement_type', 'sla')}"
                vals["name"] = self.env["ir.sequence"].next_by_code(code) or "/"
        agreements = super().create(vals_list)
        for agreement in agreements.filtered(lambda a: not a.target_ids and not a.revision_of_id):
            agreement._slm_copy_default_targets()
        if agreements._slm_in_force():
            agreements._slm_scope_changed()
        return agreements

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
        if not self.env.su:
            # Who may not write is told so before being told how terms change.
            self.check_access("write")
            self._slm_check_not_system(vals)
            if set(vals) & set(self._slm_term_fields() + TERM_LINES):
                self._slm_check_terms_editable()
        was_in_force = self._slm_in_force()
        result = super().write(vals)
        if was_in_force or self._slm_in_force():
            self._slm_scope_changed()
        return result

    # -- printing (records QR-14-01, QR-14-02) ---------------------------------------------------

    def _slm_record_code(self):
        """The record number of the procedure this document is printed as."""
        return {"sla": "QR-14-01", "ola": "QR-14-02"}.get(self.agreement_type, "")

    def _slm_print_parties(self):
        """``[(role, party)]``: who agrees, the provider first; the signature block follows them."""
        self.ensure_one()
        provider = self.env._("Service provider")
        if self.agreement_type == "ola":
            return [(provider, self.company_id.name), (self.env._("Team"), self.team_id.display_name or "")]
        return [(provider, self.company_id.name),
                (self.env._("Customer"), self.commercial_partner_id.display_name or self.company_id.name)]  # fmt: skip

    def _slm_print_sections(self):
        """``[(title, text)]``: the ISO/IEC 20000 sections the agreement sets, in their printed order."""
        self.ensure_one()
        return [
            (self._fields[name]._description_string(self.env), self[name])
            for name in SECTIONS
            if not is_html_empty(self[name])
        ]

    def action_print_agreement(self):
        self.ensure_one()
        return self.env.ref("service_level_management.action_report_agreement").report_action(self)

    def _slm_portal_latest_results(self):
        """``[(target, measurement)]``: each target and its latest measurement of a closed period, as the
        customer reads them on the portal (the measurements its rules let it read)."""
        self.ensure_one()
        now = fields.Datetime.now()
        measurements = self.env["slm.measurement"].search(
            [("agreement_id", "=", self.id), ("date_end", "<=", now)], order="date_end desc"
        )
        return [
            (target, measurements.filtered(lambda m, t=target: m.target_id == t)[:1])
            for target in self.target_ids
        ]

    def _slm_tz(self):
        """The time zone of the agreement's dates and periods (``tz``)."""
        self.ensure_one()
        return self.tz or "UTC"

    def _slm_day_at(self, instant):
        """The day it is at ``instant`` (UTC) where the agreement's dates are days: its time zone."""
        return instant.replace(tzinfo=UTC).astimezone(ZoneInfo(self._slm_tz())).date()

    def _slm_valid_at(self, instant):
        """The agreement's dates cover ``instant`` (UTC), whatever its state."""
        valid_from, valid_until = validity(self.date_start, self.date_end, self._slm_tz())
        return valid_from <= instant and not (valid_until and valid_until <= instant)

    def _slm_in_force(self):
        return any(agreement.state == "active" for agreement in self)

    def _slm_lines_changed(self):
        """A target or a rule of these agreements changed (``slm.agreement.term.mixin``)."""
        self.filtered(lambda agreement: agreement.state == "active")._slm_scope_changed()

    def _slm_scope_changed(self):
        """What tickets get of these agreements changed: their ``ticket_terms`` and those of the
        agreements below them are computed again, and every worker forgets what tickets got
        (``helpdesk.ticket._slm_scope_terms``)."""
        if not self:
            return
        self.env.add_to_compute(self._fields["ticket_terms"], self._slm_with_descendants())
        self.env.registry.clear_cache()

    def _slm_with_descendants(self):
        """These agreements and every agreement below them: children inherit their parents' targets."""
        agreements = children = self
        while children:
            children = self.search([("parent_id", "in", children.ids), ("id", "not in", agreements.ids)])
            agreements |= children
        return agreements

    def _compute_ticket_terms(self):
        # No dependencies declared: targets pass on from parents in force only, which the ORM cannot
        # follow. The terms are computed again where they change (``_slm_scope_changed``).
        for agreement in self:
            agreement.ticket_terms = agreement._slm_ticket_terms()

    def _slm_ticket_terms(self):
        """What the clocks of a ticket may start with, in no language (JSON): the services this
        agreement covers (none: every service), its effective targets of a ticket's times and its
        escalation rules. A ticket reads them with the agreement, in the query that finds it."""
        self.ensure_one()
        return {
            # An archived service stays among the services the agreement covers.
            "service_ids": self.with_context(active_test=False).service_ids.ids,
            "targets": [
                target._slm_ticket_terms()
                for target in self._slm_effective_targets()
                if target.metric in ("response", "resolution")
            ],
            "rules": [[rule.id, rule.percent, rule.metric] for rule in self.escalation_ids],
        }

    @api.model
    def _slm_check_not_system(self, names):
        """People write none of the fields ``names`` that only the product writes."""
        if set(names) & set(self._slm_system_fields()):
            raise UserError(
                self.env._(
                    "The reference, revision, status and what the system records of an agreement "
                    "(its ticket terms, replay, reminder, renewal) are set by the system."
                )
            )

    @api.model
    def _slm_system_fields(self):
        """Hook: the fields only the product writes (``SYSTEM_FIELDS``); extend for what the system
        records of other kinds of agreement."""
        return list(SYSTEM_FIELDS)

    @api.model
    def _slm_term_fields(self):
        """Hook: the fields that are terms (``TERMS``); extend for terms of other kinds of agreement."""
        return list(TERMS)

    def _slm_check_terms_editable(self):
        """Only drafts change their terms; an agreement in force changes by a proposed revision."""
        for agreement in self:
            if agreement.state == "draft":
                continue
            if agreement.state == "active":
                raise UserError(
                    self.env._(
                        "%(name)s is in force: its terms change by a revision that is approved before it "
                        "applies. Use Propose Revision.",
                        name=agreement.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "The terms of %(name)s cannot change in its status (%(state)s).",
                    name=agreement.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[agreement.state],
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        for agreement in self:
            if agreement.state != "draft" or agreement.revision or agreement.review_ids:
                raise UserError(
                    self.env._(
                        "%(name)s has a history: terminate it, or let it expire, instead of deleting it.",
                        name=agreement.display_name,
                    )
                )

    # -- targets that apply --------------------------------------------------------

    def _slm_effective_targets(self, in_force=True):
        """Its own targets and those it inherits: a parent's target (the nearest parent's first) for
        every metric and scope it does not set itself. With ``in_force``, only parents in force pass
        their targets on (what tickets get); otherwise any parent does (what strictness checks)."""
        self.ensure_one()
        targets = self.target_ids
        scopes = {target._slm_scope() for target in targets}
        parent, seen = self.parent_id, {self.id}
        while parent and parent.id not in seen and (parent.state == "active" or not in_force):
            seen.add(parent.id)
            for target in parent.target_ids:
                if target._slm_scope() not in scopes:
                    targets |= target
                    scopes.add(target._slm_scope())
            parent = parent.parent_id
        return targets

    # -- terms and their differences --------------------------------------------------

    def _slm_terms(self):
        """The terms as readable lines: what revisions keep and compare."""
        self.ensure_one()
        lines = []
        for name in self._slm_term_fields():
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
        target_label, escalation_label = self.env._("Target"), self.env._("Escalation")
        lines += sorted(f"{target_label}: {target._slm_text()}" for target in self.target_ids)
        lines += sorted(f"{escalation_label}: {rule._slm_text()}" for rule in self.escalation_ids)
        return lines

    # -- proposed revisions ---------------------------------------------------------------

    def action_propose_revision(self):
        """Open the proposal of new terms for this agreement in force (a new one if none is open)."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "active" or self.revision_of_id:
            raise UserError(self.env._("Only an agreement in force is revised."))
        proposal = self.proposal_ids.filtered(lambda p: p.state in OPEN_PROPOSAL_STATES)[:1]
        if not proposal:
            proposal = self._slm_new_proposal()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": proposal.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _slm_new_proposal(self):
        """A draft copy of the terms in force, its targets and rules linked to those they revise."""
        # Proposals are made by the system: their link to the agreement is not for people to set.
        proposal = self.sudo().copy(
            {
                "name": self.name,
                "revision_of_id": self.id,
                "target_ids": [],
                "escalation_ids": [],
                "effective_date": fields.Datetime.now(),
            }
        )
        for target in self.sudo().target_ids:
            target.copy({"agreement_id": proposal.id, "origin_target_id": target.id})
        for rule in self.sudo().escalation_ids:
            rule.copy({"agreement_id": proposal.id, "origin_escalation_id": rule.id})
        return proposal.with_env(self.env)

    def _slm_check_proposal(self):
        self.ensure_one()
        if self.revision_of_id.state != "active":
            raise UserError(
                self.env._(
                    "%(name)s is no longer in force: its proposed revision cannot be submitted.",
                    name=self.revision_of_id.display_name,
                )
            )
        if not (self.revision_reason or "").strip():
            raise UserError(self.env._("Say why the terms change (Reason) before submitting the revision."))
        if self.effective_date and self.effective_date < fields.Datetime.now() - CLOCK_SKEW:
            raise UserError(
                self.env._("A revision takes effect now or later, never in the past: change Takes Effect.")
            )
        if not self.proposal_diff:
            raise UserError(self.env._("The proposed revision changes nothing."))

    def _slm_apply(self):
        """Make these approved proposals the terms of their agreements, each as its next revision.

        The system's doing, whoever approved: the agreement is written as it is (the terms of a
        document in force are read-only to people), its targets and rules are changed in place
        when they revise one, added otherwise, archived when the proposal dropped them; history
        points to them and stays. Open tickets follow from the instant the revision takes effect.
        """
        now = fields.Datetime.now()
        for proposal in self.sudo():
            agreement = proposal.revision_of_id
            if proposal.state != "approved" or agreement.state != "active":
                continue
            before = agreement._slm_terms()
            proposal._slm_copy_terms_to(agreement)
            # From its instant, or from its approval if it was approved later: never before.
            approved = max(proposal.review_ids.mapped("reviewed_date"), default=now)
            effective = max(proposal.effective_date or approved, approved)
            revision = proposal.env["slm.agreement.revision"].create(
                {
                    "agreement_id": agreement.id,
                    "proposal_id": proposal.id,
                    "version": agreement.revision,
                    "date": effective,
                    "reviser_id": proposal.create_uid.id,
                    "approver_ids": [(6, 0, proposal.review_ids.done_by.ids)],
                    "description": proposal.revision_reason,
                    "improvement_id": proposal.improvement_id.id,
                    "terms": "\n".join(before),
                    "diff": _diff_html(before, agreement._slm_terms()),
                }
            )
            agreement.write({"revision": agreement.revision + 1, "revision_needed": False})
            proposal.write({"state": "applied", "applied_revision_id": revision.id})
            agreement.message_post(
                body=Markup("<p>%s</p><p>%s</p>%s")
                % (
                    proposal.env._(
                        "Revision %(number)s applies from %(date)s.",
                        number=agreement.revision,
                        date=format_datetime(proposal.env, effective),
                    ),
                    proposal.revision_reason,
                    revision.diff,
                ),
                subtype_xmlid="mail.mt_note",
            )
            agreement._slm_flag_dependants()
            agreement._slm_tell_customer("service_level_management.mail_template_agreement_revised")
            proposal.env["helpdesk.ticket"]._slm_follow_revision(agreement, effective)

    def _slm_copy_terms_to(self, agreement):
        """Write the terms of this proposal onto ``agreement`` (the system, under sudo)."""
        self.ensure_one()
        values = {}
        for name in self._slm_term_fields():
            field = self._fields[name]
            if field.translate:
                continue
            value = field.convert_to_write(self[name], self)
            # Only what changed: rewriting the party or the type would recompute what every clock
            # and measurement of the agreement stores of it.
            if value != field.convert_to_write(agreement[name], agreement):
                values[name] = value
        agreement.write(values)
        for lang, _label in self.env["res.lang"].get_installed():
            translated = self.with_context(lang=lang)
            agreement.with_context(lang=lang).write(
                {name: translated[name] for name in self._slm_term_fields() if self._fields[name].translate}
            )
        kept = self.env["slm.target"]
        for target in self.target_ids:
            values = target._slm_term_values()
            if target.origin_target_id:
                target.origin_target_id.write(values)
                kept |= target.origin_target_id
            else:
                kept |= target.copy({"agreement_id": agreement.id, "origin_target_id": False})
        (agreement.target_ids - kept).write({"active": False})
        kept_rules = self.env["slm.escalation"]
        for rule in self.escalation_ids:
            origin = rule.origin_escalation_id
            if origin and origin._slm_text() == rule._slm_text():
                kept_rules |= origin
            else:
                # A changed rule is a new rule: the escalations it already did stay those of the old one.
                kept_rules |= rule.copy({"agreement_id": agreement.id, "origin_escalation_id": False})
        (agreement.escalation_ids - kept_rules).write({"active": False})

    @api.model
    def _cron_apply_revisions(self):
        """Approved revisions whose instant has come apply, each on its own."""
        due = self.search([("state", "=", "approved"), ("effective_date", "<=", fields.Datetime.now())])
        for proposal in due:
            try:
                with self.env.cr.savepoint():
                    proposal._slm_apply()
            except Exception:  # one revision never stops the others
                _logger.exception("Revision %s could not be applied", proposal.display_name)
        return due

    # -- lifecycle ---------------------------------------------------------------

    def _slm_approval_state(self):
        self.ensure_one()
        return "approved" if self.revision_of_id else "active"

    def _slm_check_can_request_approval(self):
        for agreement in self:
            if agreement.revision_of_id:
                agreement._slm_check_proposal()
            if not agreement.target_ids:
                raise UserError(self.env._("%(name)s has no target.", name=agreement.display_name))
            agreement.target_ids._slm_check_strictness()
            agreement.target_ids._slm_check_schedules()
            if not agreement.revision_of_id:
                agreement._slm_check_overlap()

    def action_request_approval(self):
        result = super().action_request_approval()
        # Reviewers see what the proposed terms would have meant, replayed when they were submitted.
        for proposal in self.filtered("revision_of_id"):
            self.env["slm.revision.whatif"].sudo()._slm_replay(proposal)
        return result

    def _slm_on_approved(self):
        now = fields.Datetime.now()
        for agreement in self:
            if agreement.revision_of_id:
                if agreement.effective_date and agreement.effective_date > now:
                    self.env.ref("service_level_management.ir_cron_apply_revisions")._trigger(
                        agreement.effective_date
                    )
                else:
                    agreement._slm_apply()
                continue
            agreement.sudo().revision_needed = False
            agreement._slm_tell_customer("service_level_management.mail_template_agreement_announcement")

    def _slm_recipients(self):
        self.ensure_one()
        return self.contact_ids or self.partner_id

    def _slm_tell_customer(self, template_xmlid):
        """Mail the customer contacts of an SLA (in their language), from the company."""
        template = self.env.ref(template_xmlid)
        for agreement in self.filtered(lambda a: a.agreement_type == "sla" and a._slm_recipients()):
            agreement.sudo().message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=agreement._slm_recipients().ids,
                author_id=agreement.company_id.partner_id.id,
                email_from=agreement._slm_sender(),
            )

    def _slm_flag_dependants(self):
        """Agreements that back or inherit from this one must be checked again."""
        dependants = (
            self.env["slm.target"].search([("supported_target_id", "in", self.target_ids.ids)]).agreement_id
        ) | self.child_ids
        dependants = dependants.filtered(
            lambda a: a.state in ("draft", "to_approve", "active") and not a.revision_of_id
        )
        dependants.sudo().write({"revision_needed": True})
        for dependant in dependants:
            dependant.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=dependant.user_id.id or self.env.uid,
                summary=self.env._(
                    "Check against %(name)s, revision %(number)s", name=self.name, number=self.revision
                ),
                note=self.env._(
                    "%(name)s changed; this agreement may no longer satisfy it. Check it again, or propose "
                    "a revision.",
                    name=self.display_name,
                ),
            )

    def action_check_again(self):
        """An agreement flagged "revision needed" still satisfies what it backs or inherits: say so."""
        self.check_access("write")
        for agreement in self.filtered("revision_needed"):
            agreement.target_ids._slm_check_strictness()
            agreement.sudo().revision_needed = False
            agreement.message_post(
                body=self.env._(
                    "Checked again: every target still satisfies the agreements it backs or inherits."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_terminate(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "res_model": "slm.agreement.terminate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_agreement_id": self.id},
        }

    def _slm_terminate(self, reason):
        self.check_access("write")
        for agreement in self:
            if agreement.state != "active" or agreement.revision_of_id:
                raise UserError(self.env._("Only an active agreement can be terminated."))
        self._slm_set_state("terminated")
        self.sudo().termination_reason = reason
        for agreement in self:
            agreement.message_post(
                body=Markup("<p>%s</p><p>%s</p>") % (self.env._("Terminated."), escape(reason)),
                subtype_xmlid="mail.mt_note",
            )
            agreement._slm_close_proposals()

    def _slm_close_proposals(self):
        """Proposals of an agreement no longer in force have nothing left to revise."""
        open_proposals = self.proposal_ids.filtered(lambda p: p.state in OPEN_PROPOSAL_STATES)
        open_proposals.sudo().restart_validation()
        open_proposals._slm_set_state("draft")

    @api.model
    def _cron_expire(self):
        """Active agreements past their end date, a day in their time zone, expire."""
        now = fields.Datetime.now()
        # Ended by UTC's today at the latest, wherever they are.
        ended = self.search([("state", "=", "active"), ("date_end", "<=", now.date())])
        expired = ended.filtered(lambda agreement: agreement.date_end < agreement._slm_day_at(now))
        expired._slm_set_state("expired")
        for agreement in expired:
            agreement.message_post(body=self.env._("Expired on its end date."), subtype_xmlid="mail.mt_note")
            agreement._slm_close_proposals()
        return expired

    # -- views ---------------------------------------------------------------------------

    def action_view_supporting(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_level_management.slm_agreement_ola_action"
        )
        action["domain"] = [("id", "in", self.supporting_agreement_ids.ids)]
        return action

    def action_view_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_level_management.slm_agreement_proposal_action"
        )
        action["domain"] = [("revision_of_id", "=", self.id)]
        return action

    def action_compute_measurements(self):
        """Measure the current periods now (the cron does it every day)."""
        self.check_access("read")
        measurements = self.env["slm.measurement"].sudo()._slm_compute(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_level_management.slm_measurement_action"
        )
        action["domain"] = [("id", "in", measurements.ids)]
        action["views"] = [(False, "list"), (False, "pivot"), (False, "graph")]
        return action

    def action_whatif(self):
        """Replay the agreement's recent tickets under the proposed terms."""
        self.ensure_one()
        self.check_access("read")
        if not self.revision_of_id:
            raise UserError(self.env._("Only a proposed revision can be replayed."))
        self.env["slm.revision.whatif"].sudo()._slm_replay(self)
        return True


def _diff_html(before, after):
    """The lines that changed between two versions of the terms, as HTML."""
    changed = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    if not changed:
        return False
    return Markup("<ul>%s</ul>") % Markup().join(
        Markup('<li class="%s">%s</li>') % ("text-success" if line[0] == "+" else "text-danger", line)
        for line in changed
    )
