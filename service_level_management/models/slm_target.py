# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import UTC, datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from slm_engine import (
    Calendar,
    DurationTarget,
    EngineError,
    deadline,
    first_weaker_availability,
    first_weaker_start,
    is_weaker_value,
)

TIME_METRICS = ("response", "resolution", "incident_duration_mean", "incident_duration_max")
DURATION_UNITS = ("minutes", "hours")
# The units a metric may be given in; durations (the rest, MTBF included) in minutes or hours.
METRIC_UNITS = {"availability": ("percent",), "incident_count": ("count",)}
# Metrics where a larger value is the better service.
HIGHER_IS_BETTER = ("availability", "mtbf")
# How far ahead strictness is checked when an agreement has no end date.
STRICTNESS_HORIZON = timedelta(days=366)
# What a target commits to: a revision compares and copies these.
TERM_FIELDS = (
    "sequence",
    "metric",
    "value",
    "unit",
    "priority",
    "category_id",
    "tag_ids",
    "warning_percent",
    "calendar_mode",
    "calendar_id",
    "period",
    "inherited_from_id",
    "supported_target_id",
)


def format_quantity(env, value, unit):
    """A target's value with its unit, in the reader's language: "8 hours", "30 minutes", "99.9 %"."""
    number = f"{value:g}"
    if unit == "percent":
        return f"{number} %"
    one = value == 1
    if unit == "minutes":
        return env._("%(n)s minute", n=number) if one else env._("%(n)s minutes", n=number)
    if unit == "hours":
        return env._("%(n)s hour", n=number) if one else env._("%(n)s hours", n=number)
    return env._("%(n)s incident", n=number) if one else env._("%(n)s incidents", n=number)


def format_hours(env, hours):
    """A duration given in hours, in the unit a person would use for it."""
    if hours < 1:
        return format_quantity(env, round(hours * 60, 2), "minutes")
    return format_quantity(env, round(hours, 4), "hours")


def specificity(scope):
    """How many of priority, category and tags a target of ``scope`` (``_slm_scope()``) sets."""
    _metric, *conditions = scope
    return sum(map(bool, conditions))


def scope_matches(scope, priority, category_id, tag_ids):
    """A target of ``scope`` (``_slm_scope()``) applies to a ticket with these values."""
    _metric, target_priority, target_category, target_tags = scope
    return (
        (not target_priority or target_priority == priority)
        and (not target_category or target_category == category_id)
        and (not target_tags or bool(target_tags & set(tag_ids)))
    )


class SlmTarget(models.Model):
    """A service level target: what an agreement commits to, measured how and when."""

    _name = "slm.target"
    _inherit = ["slm.agreement.term.mixin"]
    _description = "Service Level Target"
    _order = "agreement_id, sequence, id"
    _check_company_auto = True
    _slm_origin_field = "origin_target_id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(
        default=True, help="A target a revision dropped is archived: the history that measured it stays."
    )
    agreement_id = fields.Many2one("slm.agreement", index=True, ondelete="cascade")
    offering_id = fields.Many2one(
        "slm.service.offering",
        index=True,
        ondelete="cascade",
        help="Targets of an offering are the default targets new agreements for it copy.",
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True, precompute=True
    )
    name = fields.Char(
        compute="_compute_name", help="What is measured and for which tickets, in your language."
    )
    metric = fields.Selection(
        [
            ("response", "Response Time"),
            ("resolution", "Resolution Time"),
            ("availability", "Availability"),
            ("incident_count", "Incidents per Period"),
            ("mtbf", "Time between Incidents (MTBF)"),
            ("incident_duration_mean", "Incident Duration (mean)"),
            ("incident_duration_max", "Incident Duration (max)"),
        ],
        required=True,
        default="resolution",
    )
    value = fields.Float(required=True, digits=(16, 4))
    unit = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("percent", "%"), ("count", "Incidents")],
        compute="_compute_unit",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]._fields["priority"].selection,
        help="Only tickets of this priority; empty for every priority.",
    )
    # Deleting a category or tag would widen the targets set for it: archived instead.
    category_id = fields.Many2one(
        "helpdesk.ticket.category", string="Ticket Category", check_company=True, ondelete="restrict"
    )
    tag_ids = fields.Many2many(
        "helpdesk.ticket.tag", string="Ticket Tags", check_company=True, ondelete="restrict"
    )
    warning_percent = fields.Float(
        string="Warning at (%)", default=75.0, help="Share of the target after which a ticket is at risk."
    )
    calendar_mode = fields.Selection(
        [
            ("support", "Support Hours"),
            ("service", "Service Hours"),
            ("always", "24x7"),
            ("custom", "Other Schedule"),
        ],
        string="Measured in",
        default="support",
        required=True,
    )
    calendar_id = fields.Many2one(
        "resource.calendar", string="Schedule", ondelete="restrict", check_company=True
    )
    period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        string="Measurement Period",
        default="month",
        required=True,
    )
    inherited_from_id = fields.Many2one(
        "slm.target",
        string="Inherited from",
        index="btree_not_null",
        ondelete="restrict",
        help="The target of the parent agreement this one was copied from.",
    )
    supported_target_id = fields.Many2one(
        "slm.target",
        string="Supports",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        domain="[('agreement_id.agreement_type', '=', 'sla'), ('metric', '=', metric), "
        "('agreement_id.revision_of_id', '=', False)]",
        help="The SLA target this OLA or UC target backs; it may never be weaker.",
    )
    origin_target_id = fields.Many2one(
        "slm.target",
        string="Revises",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="In a proposed revision: the target in force these terms replace.",
    )

    @api.depends("agreement_id.company_id", "offering_id.company_id")
    def _compute_company_id(self):
        for target in self:
            target.company_id = target.agreement_id.company_id or target.offering_id.company_id

    @api.depends("metric")
    def _compute_unit(self):
        for target in self:
            target.unit = {
                "availability": "percent",
                "incident_count": "count",
                "mtbf": "hours",
            }.get(target.metric, target.unit if target.unit in ("minutes", "hours") else "hours")

    @api.depends_context("lang")
    @api.depends("metric", "priority")
    def _compute_name(self):
        name_of = self._slm_namer()
        for target in self:
            target.name = name_of(target.metric, target.priority)

    @api.model
    def _slm_name_of(self, metric, priority):
        """The name of a target of ``metric`` and ``priority``, in the reader's language."""
        return self._slm_namer()(metric, priority)

    @api.model
    def _slm_namer(self):
        """``_slm_name_of`` for many targets: the labels of the metrics and priorities read once (a
        list of tickets names eighty)."""
        metrics = dict(self._fields["metric"]._description_selection(self.env))
        priorities = dict(self._fields["priority"]._description_selection(self.env))

        def name_of(metric, priority):
            name = metrics.get(metric, "")
            return f"{name} ({priorities[priority]})" if priority else name

        return name_of

    @api.depends_context("lang")
    @api.depends("name", "value", "unit", "agreement_id.name")
    def _compute_display_name(self):
        for target in self:
            agreement = f"{target.agreement_id.name}: " if target.agreement_id else ""
            target.display_name = f"{agreement}{target._slm_clock_name()}"

    @api.constrains("value", "unit", "metric", "warning_percent")
    def _check_value(self):
        for target in self:
            if target.value <= 0 and target.metric != "incident_count":
                raise ValidationError(
                    self.env._("The target %(target)s must be greater than zero.", target=target.display_name)
                )
            if target.value < 0:
                raise ValidationError(self.env._("An incident count cannot be negative."))
            if target.metric == "availability" and target.value > 100:
                raise ValidationError(self.env._("Availability cannot be above 100 %."))
            if not 0 < target.warning_percent <= 100:
                raise ValidationError(self.env._("The warning threshold must be above 0 and at most 100 %."))
            if target.unit not in METRIC_UNITS.get(target.metric, DURATION_UNITS):
                raise ValidationError(
                    self.env._("The unit of %(target)s does not fit its metric.", target=target.display_name)
                )

    @api.constrains("agreement_id", "offering_id")
    def _check_owner(self):
        for target in self:
            if bool(target.agreement_id) == bool(target.offering_id):
                raise ValidationError(self.env._("A target belongs to either an agreement or an offering."))

    @api.constrains("calendar_mode", "calendar_id")
    def _check_calendar(self):
        for target in self:
            if target.calendar_mode == "custom" and not target.calendar_id:
                raise ValidationError(
                    self.env._(
                        "The target %(target)s is measured in another schedule: choose it.",
                        target=target.display_name,
                    )
                )

    @api.constrains(
        "value",
        "unit",
        "calendar_mode",
        "calendar_id",
        "period",
        "priority",
        "category_id",
        "tag_ids",
        "inherited_from_id",
        "supported_target_id",
        "active",
    )
    def _check_not_weaker(self):
        # A proposed revision starts from the terms in force, which a revision of what they back
        # may have made too weak: it is checked when it is submitted (``_slm_check_strictness``).
        self.filtered(lambda t: not t.agreement_id.revision_of_id)._slm_check_strictness()

    def _slm_check_strictness(self):
        """Raise when one of these targets is weaker than its parent's or the SLA target it backs."""
        for target in self.filtered(lambda t: t.agreement_id and t.active):
            for reference in target._slm_parent_reference() | target.supported_target_id:
                problem = target._slm_weaker_than(reference)
                if problem:
                    raise ValidationError(problem)

    def _slm_parent_reference(self):
        """The target of the parent agreements this one may only tighten: the most specific of
        theirs (set or inherited) for the same metric whose scope covers this one's."""
        self.ensure_one()
        parent = self.agreement_id.parent_id
        if not parent:
            return self.browse()
        _metric, priority, category, tags = self._slm_scope()
        covering = parent._slm_effective_targets(in_force=False).filtered(
            lambda t: (
                t.metric == self.metric
                and (not t.priority or t.priority == priority)
                and (not t.category_id or t.category_id.id == category)
                and (not t.tag_ids or (tags and tags <= set(t.tag_ids.ids)))
            )
        )
        return covering.sorted(lambda t: (-t._slm_specificity(), t._slm_comparable_value()))[:1]

    def _slm_scope(self):
        """The tickets a target is for: metric, priority, category and tags."""
        self.ensure_one()
        return (self.metric, self.priority or False, self.category_id.id, frozenset(self.tag_ids.ids))

    def _slm_matches(self, priority, category_id, tag_ids):
        """This target applies to a ticket of this priority, category and tags."""
        self.ensure_one()
        return scope_matches(self._slm_scope(), priority, category_id, tag_ids)

    def _slm_specificity(self):
        return specificity(self._slm_scope())

    def _slm_check_schedules(self):
        """Every schedule these targets are measured in can time them."""
        for target in self.filtered(lambda t: t.metric in TIME_METRICS):
            calendar = target._slm_calendar_record()
            if not calendar:
                if target.calendar_mode != "always":
                    raise UserError(
                        self.env._(
                            "The target %(target)s is measured in the agreement's %(hours)s, which it does not "
                            "set: choose them, or measure the target around the clock.",
                            target=target.display_name,
                            hours=dict(self._fields["calendar_mode"]._description_selection(self.env))[
                                target.calendar_mode
                            ],
                        )
                    )
                continue
            try:
                deadline(calendar._slm_calendar(), datetime.now(UTC), target._slm_duration())
            except EngineError as exc:
                raise UserError(
                    self.env._(
                        "The working schedule %(name)s cannot time the target %(target)s: %(reason)s",
                        name=calendar.display_name,
                        target=target.display_name,
                        reason=str(exc),
                    )
                ) from exc

    # -- engine --------------------------------------------------------------

    def _slm_calendar_record(self):
        self.ensure_one()
        agreement = self.agreement_id
        return {
            "support": agreement.support_calendar_id,
            "service": agreement.service_calendar_id,
            "custom": self.calendar_id,
            "always": self.env["resource.calendar"],
        }[self.calendar_mode]

    def _slm_engine_calendar(self):
        calendar = self._slm_calendar_record()
        return calendar._slm_calendar() if calendar else Calendar.always()

    def _slm_duration(self):
        self.ensure_one()
        return timedelta(minutes=self.value) if self.unit == "minutes" else timedelta(hours=self.value)

    def _slm_comparable_value(self):
        """The value in the unit measurements use: hours for durations, else as given."""
        self.ensure_one()
        return self._slm_duration() / timedelta(hours=1) if self.unit in DURATION_UNITS else self.value

    def _slm_window(self, reference):
        """The start instants both agreements are in force, bounded to a year when open-ended."""
        starts = [d for d in (self.agreement_id.date_start, reference.agreement_id.date_start) if d]
        ends = [d for d in (self.agreement_id.date_end, reference.agreement_id.date_end) if d]
        start = datetime.combine(max(starts), datetime.min.time(), UTC) if starts else datetime.now(UTC)
        end = datetime.combine(min(ends) + timedelta(days=1), datetime.min.time(), UTC) if ends else None
        if not end or end - start > STRICTNESS_HORIZON:
            end = start + STRICTNESS_HORIZON
        return start, max(start, end)

    def _slm_format(self, instant, calendar):
        tz = pytz.timezone(self.env.user.tz or (calendar and calendar.tz) or "UTC")
        return instant.astimezone(tz).strftime("%a %Y-%m-%d %H:%M:%S %Z")

    def _slm_weaker_than(self, reference):
        """A translated explanation if this target is weaker than ``reference``, else None."""
        self.ensure_one()
        try:
            return self._slm_compare(reference)
        except EngineError as exc:
            return self.env._(
                "The target %(target)s cannot be compared with %(reference)s: %(reason)s",
                target=self.display_name,
                reference=reference.display_name,
                reason=str(exc),
            )

    def _slm_compare(self, reference):
        self.ensure_one()
        if self.metric != reference.metric:
            return self.env._(
                "The target %(target)s measures something else than %(reference)s.",
                target=self.display_name,
                reference=reference.display_name,
            )
        if self.metric in TIME_METRICS:
            start, end = self._slm_window(reference)
            found = first_weaker_start(
                DurationTarget(reference._slm_duration(), reference._slm_engine_calendar()),
                DurationTarget(self._slm_duration(), self._slm_engine_calendar()),
                start,
                end,
            )
            if found:
                calendar = reference._slm_calendar_record()
                return self.env._(
                    "The target %(target)s is weaker than %(reference)s: for a ticket opened %(start)s "
                    "it is due %(due)s, after the %(reference_due)s the reference allows.",
                    target=self.display_name,
                    reference=reference.display_name,
                    start=self._slm_format(found.start, calendar),
                    due=self._slm_format(found.supporting_deadline, calendar),
                    reference_due=self._slm_format(found.sla_deadline, calendar),
                )
            return None
        if self.period != reference.period:
            return self.env._(
                "The target %(target)s must be measured over the same period as %(reference)s.",
                target=self.display_name,
                reference=reference.display_name,
            )
        if self.metric == "availability":
            start, end = self._slm_window(reference)
            reference_calendar = reference._slm_calendar_record()
            found = first_weaker_availability(
                reference.value,
                reference._slm_engine_calendar(),
                self.value,
                self._slm_engine_calendar(),
                start,
                end,
                self.period,
                (reference_calendar and reference_calendar.tz) or "UTC",
            )
            if found and found.uncovered_at:
                return self.env._(
                    "The target %(target)s does not cover the hours of %(reference)s: %(instant)s is outside them.",
                    target=self.display_name,
                    reference=reference.display_name,
                    instant=self._slm_format(found.uncovered_at, reference_calendar),
                )
            if found:
                return self.env._(
                    "The target %(target)s allows %(allowed)s of downtime in the period starting %(start)s, "
                    "more than the %(reference_allowed)s of %(reference)s.",
                    target=self.display_name,
                    reference=reference.display_name,
                    start=self._slm_format(found.period_start, reference_calendar),
                    allowed=_hours(found.supporting_downtime),
                    reference_allowed=_hours(found.sla_downtime),
                )
            return None
        if is_weaker_value(
            reference._slm_comparable_value(), self._slm_comparable_value(), self.metric in HIGHER_IS_BETTER
        ):
            return self.env._(
                "The target %(target)s is weaker than %(reference)s.",
                target=self.display_name,
                reference=reference.display_name,
            )
        return None

    @api.model
    def _slm_check_not_in_scope(self, records, field_name):
        """``records`` (ticket categories or tags, in ``field_name``) are deleted: not one a target is for."""
        target = (
            self.sudo().with_context(active_test=False).search([(field_name, "in", records.ids)], limit=1)
        )
        if target:
            raise UserError(
                self.env._(
                    "%(record)s is in the scope of the target %(target)s: archive it instead of deleting it.",
                    record=(target[field_name] & records)[:1].display_name,
                    target=target.display_name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_measured(self):
        measured = self.env["slm.clock"].sudo().search_count(
            [("target_id", "in", self.ids)], limit=1
        ) or self.env["slm.measurement"].sudo().search_count([("target_id", "in", self.ids)], limit=1)
        if measured:
            raise UserError(
                self.env._("A target that tickets were measured against is archived, not deleted.")
            )

    @api.model
    def _slm_term_fields(self):
        """Hook: the fields of a target that are terms (``TERM_FIELDS``); extend for other terms."""
        return list(TERM_FIELDS)

    def _slm_term_values(self):
        """The terms of this target, as values to write on the target it revises."""
        self.ensure_one()
        return {
            name: self._fields[name].convert_to_write(self[name], self) for name in self._slm_term_fields()
        }

    def _slm_clock_terms(self):
        """What a clock measuring this target keeps of it: its terms when the clock started."""
        return {
            "target_hours": self._slm_duration().total_seconds() / 3600,
            "warning_percent": self.warning_percent,
            "calendar_id": self._slm_calendar_record().id,
        }

    def _slm_quantity(self):
        self.ensure_one()
        return format_quantity(self.env, self.value, self.unit) if self.unit else ""

    def _slm_clock_name(self):
        """e.g. "Resolution Time (Very High): 8 hours"."""
        return f"{self.name}: {self._slm_quantity()}"

    @api.model
    def _slm_clock_name_of(self, terms):
        """``_slm_clock_name`` of the target ``terms`` are of (``_slm_ticket_terms``)."""
        quantity = format_quantity(self.env, terms["value"], terms["unit"]) if terms["unit"] else ""
        return f"{self._slm_name_of(terms['metric'], terms['priority'])}: {quantity}"

    def _slm_ticket_terms(self):
        """What tickets are matched on and what their clocks copy of this target, in no language (JSON):
        ``slm.agreement.ticket_terms`` keeps them."""
        self.ensure_one()
        return {
            "target_id": self.id,
            "target_agreement_id": self.agreement_id.id,
            "metric": self.metric,
            "priority": self.priority or False,
            "category_id": self.category_id.id,
            "tag_ids": self.tag_ids.ids,
            "value": self.value,
            "unit": self.unit or False,
            **self._slm_clock_terms(),
        }

    def _slm_text(self):
        """One line of the terms, for revisions and their diff."""
        self.ensure_one()
        # The priority is in the name already.
        scope = ", ".join(
            filter(None, [self.category_id.display_name, ", ".join(self.tag_ids.mapped("name"))])
        )
        modes = dict(self._fields["calendar_mode"]._description_selection(self.env))
        calendar = (
            self.calendar_id.display_name if self.calendar_mode == "custom" else modes[self.calendar_mode]
        )
        text = f"{self.name}: {self._slm_quantity()}, {calendar}"
        if scope:
            text += f" [{scope}]"
        return text


def _hours(delta):
    return f"{delta.total_seconds() / 3600:.2f} h"
