# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import functools
import json
import logging
from collections import defaultdict, namedtuple
from datetime import UTC, datetime, timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, float_repr, float_round
from odoo.tools.sql import create_index

from slm_engine import (
    Calendar,
    ClockEvent,
    ClockPolicy,
    EngineError,
    EventKind,
    Status,
    evaluate,
    share_reached_at,
)

from .slm_target import format_hours

_logger = logging.getLogger(__name__)

STATUSES = [
    ("ongoing", "Ongoing"),
    ("paused", "Paused"),
    ("at_risk", "At Risk"),
    ("met", "Met"),
    ("breached", "Breached"),
    ("cancelled", "Cancelled"),
]
OPEN_STATUSES = ("ongoing", "paused", "at_risk")
# An escalation rule as clocks need it when they start (kept in caches: no record).
Rule = namedtuple("Rule", ["id", "percent", "metric"])
# Clocks the cron looks at per call; the cron is called again at once while some remain.
CRON_BATCH = 2000
# A clock that could not be evaluated is tried again after this long.
ERROR_RETRY = timedelta(days=1)
# The fields of a clock that its evaluation stores.
STORED_STATE = [
    "status",
    "breach_cause",
    "reached_date",
    "deadline",
    "warning_date",
    "next_escalation_date",
    "elapsed_hours",
    "paused_hours",
    "percent",
    "evaluated_date",
    "next_evaluation_date",
]
# The fields of a clock that its evaluation reads: its terms (calendar first), start and agreement.
EVALUATED_FROM = [
    "calendar_id",
    "target_hours",
    "warning_percent",
    "stop_at_notification",
    "start_date",
    "agreement_id",
]
# From this many rows on, statements take them as one JSON value (``rows_sql``).
MANY_ROWS = 100
# The columns of the rows that store an evaluated state (``_slm_store_states``): the stored state but
# for the instant of the evaluation, the same for every clock.
STATE_COLUMNS = ["id", *(name for name in STORED_STATE if name != "evaluated_date")]


def _utc(value):
    return value.replace(tzinfo=UTC) if value else None


def _naive(value):
    if not value:
        return False
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None, microsecond=0)


def rows_sql(model, names, rows):
    """``rows`` (tuples of ids, strings, numbers, naive datetimes or None) as a relation whose
    columns are the fields ``names`` of ``model``, typed as their columns, for a statement to join.

    A ticket's few rows go as a ``VALUES`` list. The thousands of a cron batch or a mass change
    go as one JSON value: psycopg2 quotes a ``VALUES`` list literal by literal and PostgreSQL
    plans it, which took longer than storing the rows (doc/benchmarks.rst).
    """
    many = len(rows) >= MANY_ROWS
    if many:
        source = SQL("json_array_elements(%s::json) AS r", json.dumps(rows, default=str))
    else:
        source = SQL("(VALUES %s) AS r", SQL(", ").join(rows))
    columns = tuple((name, model._fields[name].column_type[1]) for name in names)
    return SQL("(SELECT %s FROM %s)", _typed_cells(columns, many), source)


@functools.cache
def _typed_cells(columns, from_json):
    """The select list of ``rows_sql``: built once per columns (each reply would build it again)."""
    return SQL(", ").join(
        SQL(
            "%s::%s AS %s",
            SQL("(r->>%s)", index) if from_json else SQL("r.%s", SQL.identifier(f"column{index + 1}")),
            SQL(column_type),
            SQL.identifier(name),
        )
        for index, (name, column_type) in enumerate(columns)
    )


def recorded_events(start, events):
    """Engine events of a clock started at ``start`` from its ``(kind, date)`` events in the order
    they were recorded (stored dates are whole seconds, naive UTC).

    Events recorded within one second happened in the order they were recorded: a pause and a
    resume in the same second leave the clock running. Each is placed a microsecond after the one
    before, so that the engine, which orders simultaneous events by kind, keeps that order.
    """
    result = [ClockEvent(EventKind.START, _utc(start))]
    for kind, date in events:
        instant = max(_utc(date), result[-1].at + timedelta(microseconds=1))
        result.append(ClockEvent(EventKind(kind), instant))
    return result


def clock_now(events, now):
    """The instant to evaluate a clock at: ``now``, or its last event if recorded in the same second
    (``recorded_events`` places events of one second microseconds apart)."""
    return max(now, events[-1].at)


def format_span(env, delta):
    """A span of time as a person reads it: "2 d 3 h", "3 h 20 min", "45 min"."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return env._("%(days)s d %(hours)s h", days=days, hours=hours)
    if hours:
        return env._("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
    return env._("%(minutes)s min", minutes=minutes)


def _as_stored(field, value, record):
    """``value`` as reading it back from the database gives it (floats rounded to their digits)."""
    return field.convert_to_record(field.convert_to_cache(value, record), record)


def _policy(target_hours, calendar, warning_percent, stop_at_notification):
    return ClockPolicy(
        target=timedelta(hours=target_hours),
        calendar=calendar or Calendar.always(),
        warning=warning_percent / 100,
        stop_at_notification=stop_at_notification,
    )


def _rule_instants(rules, metric, policy, events, now):
    """``(rule, instant)`` for each escalation rule of ``metric`` whose threshold is or will be reached."""
    pairs = []
    for rule in rules:
        if rule.metric and rule.metric != metric:
            continue
        instant = share_reached_at(policy, events, now, rule.percent / 100)
        if instant:
            pairs.append((rule, instant))
    return pairs


def _next_escalation(rules, metric, policy, events, now):
    """The earliest instant at which one of ``rules`` is or will be reached, or None."""
    return min(
        (instant for _rule, instant in _rule_instants(rules, metric, policy, events, now)), default=None
    )


def _next_evaluation(state, next_escalation):
    """When the clock moves on by itself: at risk, breached or its next escalation due; None when
    only an event (a reply, a stage change) moves it."""
    instants = [next_escalation]
    if state.status is Status.ONGOING:
        instants += [state.warning_at, state.deadline]
    elif state.status is Status.AT_RISK:
        instants.append(state.deadline)
    return min(filter(None, instants), default=None)


def _stored_state(state, next_escalation, now):
    """The stored fields of a clock from its engine state."""
    return {
        "status": state.status.value,
        "deadline": _naive(state.deadline),
        "warning_date": _naive(state.warning_at),
        "reached_date": _naive(state.stopped_at),
        "elapsed_hours": state.elapsed / timedelta(hours=1),
        "paused_hours": state.paused / timedelta(hours=1),
        "percent": state.percent,
        "next_escalation_date": _naive(next_escalation),
        "evaluated_date": _naive(now),
        "next_evaluation_date": _naive(_next_evaluation(state, next_escalation)),
    }


class SlmClock(models.Model):
    """One service level target measured on one ticket: the stored evidence.

    The target's terms are copied when the clock starts, so later changes to
    the agreement never rewrite it; the events (start, pauses, reached,
    customer notified) are kept, and the status, deadline and threshold
    instants are stored so that reports and the cron read them without
    recomputing anything.
    """

    _name = "slm.clock"
    _description = "Service Level Clock"
    # Per ticket, the clocks still running first, by deadline; then the stopped ones, latest first.
    _order = "ticket_id.id desc, reached_date desc, deadline, id"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    target_id = fields.Many2one("slm.target", index=True, ondelete="restrict")
    # Indexed by slm_clock_agreement_deadline_idx (init), which also serves lookups by agreement.
    agreement_id = fields.Many2one(
        "slm.agreement",
        required=True,
        ondelete="restrict",
        help="The agreement this clock measures: the ticket's SLA, or an OLA of its team.",
    )
    agreement_type = fields.Selection(related="agreement_id.agreement_type", store=True)
    target_agreement_id = fields.Many2one(
        "slm.agreement",
        string="Target from",
        ondelete="restrict",
        help="The agreement whose target this is: a parent agreement's when the target is inherited.",
    )
    level = fields.Selection(related="target_agreement_id.level", string="Level")
    agreement_revision = fields.Integer(help="The revision of the agreement the clock started under.")
    name = fields.Char(required=True)
    metric = fields.Selection([("response", "Response"), ("resolution", "Resolution")], required=True)
    target_hours = fields.Float(required=True, digits=(16, 4))
    priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]._fields["priority"].selection,
        string="Target Priority",
        help="The priority the target is for, as it was when the clock started; empty for every priority.",
    )
    warning_percent = fields.Float(required=True)
    calendar_id = fields.Many2one(
        "resource.calendar", string="Schedule", ondelete="restrict", help="Empty: around the clock."
    )
    stop_at_notification = fields.Boolean(
        help="Resolution ends when the customer is told the service is restored, not when the ticket closes."
    )
    start_date = fields.Datetime(required=True)
    # Changed at every evaluation: not indexed one by one (the cron finds due clocks through
    # slm_clock_running_idx, periods through slm_clock_agreement_deadline_idx).
    deadline = fields.Datetime()
    warning_date = fields.Datetime(string="At Risk from")
    next_escalation_date = fields.Datetime()
    reached_date = fields.Datetime(string="Stopped on")
    status = fields.Selection(STATUSES, required=True, default="ongoing", index=True)
    elapsed_hours = fields.Float(digits=(16, 2))
    paused_hours = fields.Float(digits=(16, 2))
    percent = fields.Float(string="Consumed (%)", digits=(16, 1), aggregator="avg")
    breach_cause = fields.Selection(
        [("internal", "Internal Team"), ("ola", "OLA Team")],
        help="Who caused the breach: the team itself, or a team bound by an OLA that breached first.",
    )
    breach_reason_id = fields.Many2one("slm.breach.reason", index="btree_not_null", ondelete="restrict")
    breach_reason = fields.Char(string="Why Missed", help="Why the target was missed, as the team said it.")
    breach_reason_user_id = fields.Many2one("res.users", string="Reason Given by", ondelete="set null")
    evaluated_date = fields.Datetime()
    # Indexed by slm_clock_next_evaluation_idx (init): the cron's queue.
    next_evaluation_date = fields.Datetime(
        help="When the cron evaluates the clock again (it turns at risk, breaches or escalates then, or "
        "its schedule changed); empty while only an event can move it."
    )
    label = fields.Char(
        string="Clock", compute="_compute_label", help="What the clock measures, in your language."
    )
    due_text = fields.Char(string="Time Left", compute="_compute_due_text")
    evaluation_error = fields.Char(
        help="Why the clock could not be evaluated the last time (e.g. its schedule has no working time)."
    )
    event_ids = fields.One2many("slm.clock.event", "clock_id", string="Events")
    escalation_log_ids = fields.One2many("slm.clock.escalation", "clock_id", string="Escalations Done")

    def init(self):
        # A period of an agreement, in the order of its deadlines: reports and measurements page through
        # it (slm.service.report._slm_clock_rows).
        create_index(
            self.env.cr, "slm_clock_agreement_deadline_idx", self._table, ["agreement_id", "deadline", "id"]
        )
        # The cron's queue, in the order clocks fall due (_slm_lock_due).
        create_index(
            self.env.cr,
            "slm_clock_next_evaluation_idx",
            self._table,
            ["next_evaluation_date", "id"],
            where="next_evaluation_date IS NOT NULL",
        )
        # The clocks still running, a small part of all once tickets close: a schedule change
        # looks among them only (_slm_reschedule).
        create_index(
            self.env.cr,
            "slm_clock_running_idx",
            self._table,
            ["ticket_id", "id"],
            where=self.env.cr.mogrify(self._slm_running_sql()).decode(),
        )

    @api.depends_context("lang")
    @api.depends("metric", "priority", "target_hours")
    def _compute_label(self):
        label = self._slm_labeller()
        for clock in self:
            clock.label = label(clock)

    @api.model
    def _slm_labeller(self):
        """``label(clock)``: the clock's target named from what the clock copied of it (a list of
        tickets reads no target); each duration put in words once, as a batch has few of them."""
        name_of = self.env["slm.target"]._slm_namer()
        hours_text = functools.cache(functools.partial(format_hours, self.env))
        return lambda clock: f"{name_of(clock.metric, clock.priority)}: {hours_text(clock.target_hours)}"

    @api.depends("label")
    def _compute_display_name(self):
        for clock in self:
            clock.display_name = clock.label

    @api.depends_context("lang")
    @api.depends("status", "deadline", "reached_date", "target_hours", "elapsed_hours")
    def _compute_due_text(self):
        now = fields.Datetime.now()
        for clock in self:
            clock.due_text = clock._slm_due_text(now)

    def _slm_due_text(self, now):
        """How the clock stands, in words: "due in 2 h 10 min", "3 h 5 min late"..."""
        self.ensure_one()
        _ = self.env._
        if self.status == "cancelled":
            return _("cancelled")
        if self.status == "paused":
            left = timedelta(hours=max(self.target_hours - self.elapsed_hours, 0))
            return _("paused, %(span)s of work left", span=format_span(self.env, left))
        if not self.deadline:
            return ""
        if self.reached_date:
            if self.reached_date <= self.deadline:
                return _(
                    "met, %(span)s before due", span=format_span(self.env, self.deadline - self.reached_date)
                )
            return _("%(span)s late", span=format_span(self.env, self.reached_date - self.deadline))
        if now <= self.deadline:
            return _("due in %(span)s", span=format_span(self.env, self.deadline - now))
        return _("overdue by %(span)s", span=format_span(self.env, now - self.deadline))

    # -- access: a clock is visible to whoever may read its ticket -----------------

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if not self.env.su:
            # Archived tickets keep their clocks.
            tickets = self.env["helpdesk.ticket"].with_context(active_test=False)
            readable = tickets._search([]) if tickets.has_access("read") else []
            domain = expression.AND([domain, [("ticket_id", "in", readable)]])
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not self:
            return result
        tickets = self.sudo().ticket_id.with_env(self.env)
        denied = tickets._check_access("read")
        if denied:
            forbidden = self.sudo().filtered(lambda c: c.ticket_id in denied[0]).with_env(self.env)
            return forbidden, denied[1]
        return None

    # -- engine ------------------------------------------------------------

    def _slm_policy(self, calendars):
        calendar = None
        if self.calendar_id:
            calendar = calendars.get(self.calendar_id.id)
            if calendar is None:
                raise UserError(
                    self.env._(
                        "The working schedule %(name)s cannot time service levels.",
                        name=self.calendar_id.display_name,
                    )
                )
        return _policy(self.target_hours, calendar, self.warning_percent, self.stop_at_notification)

    def _slm_sorted(self):
        """These clocks in the order of ``_order``, from their values: no query once they are read."""
        return self.sorted(
            lambda c: (
                -c.ticket_id.id,
                # Descending puts empty values first in PostgreSQL, ascending last.
                bool(c.reached_date),
                -(c.reached_date - datetime.min).total_seconds() if c.reached_date else 0,
                not c.deadline,
                c.deadline or datetime.max,
                c.id,
            )
        )

    def _slm_recorded_events(self):
        """``{clock id: [(kind, date)]}``: the events of these clocks as stored, in order; from the
        cache when it has them (``_slm_fetch_for``), else in one query, as plain rows."""
        cache = self.env.cache
        events_field = self._fields["event_ids"]
        if any(True for _ in cache.get_missing_ids(self, events_field)):
            self.env["slm.clock.event"].flush_model()
            self.env.cr.execute(
                SQL(
                    "SELECT clock_id, kind, date FROM slm_clock_event WHERE clock_id = ANY(%s) ORDER BY date, id",
                    self.ids,
                )
            )
            recorded = {clock_id: [] for clock_id in self.ids}
            for clock_id, kind, date in self.env.cr.fetchall():
                recorded[clock_id].append((kind, date))
            return recorded
        # Read as cached values, not records: the cron reads thousands of clocks' events at a time.
        Event = self.env["slm.clock.event"]
        per_clock = list(cache.get_values(self, events_field))
        events = Event.browse([event_id for event_ids in per_clock for event_id in event_ids])
        events.fetch(["kind", "date"])
        kind_of = dict(zip(events._ids, cache.get_values(events, Event._fields["kind"]), strict=True))
        date_of = dict(zip(events._ids, cache.get_values(events, Event._fields["date"]), strict=True))
        return {
            clock_id: [(kind_of[e], date_of[e]) for e in sorted(event_ids, key=lambda e: (date_of[e], e))]
            for clock_id, event_ids in zip(self._ids, per_clock, strict=True)
        }

    @api.model
    @tools.ormcache()
    def _slm_fetch_sql(self):
        """``(fields, columns, order)``: what ``_slm_fetch_for`` reads of a clock and in which order,
        as the ORM reads a ticket's clocks; built once (building it took as long as running it)."""
        query = self.sudo()._search([])
        fields_read = [
            field
            for field in self._fields.values()
            if field.store
            and field.column_type
            and field.prefetch is True
            and not field.translate
            and not field.company_dependent
        ]
        columns = SQL(", ").join(self._field_to_sql(self._table, field.name, query) for field in fields_read)
        return fields_read, columns, self._order_to_sql(self._order, query)

    @api.model
    def _slm_fetch_for(self, tickets):
        """Put the clocks of ``tickets`` in the cache with their columns and events, in one query.

        Every reply and stage change of a ticket looks at its clocks and replays their
        events, and asks their agreements what ends the response: the ORM reads the
        ticket's one2many, then the clocks' columns, then their events, then their
        agreements, in four queries. Those not in the cache yet are read here as the ORM
        would read them (same columns, same order, nothing in the cache overwritten).
        """
        clocks_field = tickets._fields["slm_clock_ids"]
        missing = list(self.env.cache.get_missing_ids(tickets, clocks_field))
        if not missing:
            return
        Event = self.env["slm.clock.event"]
        self.flush_model()
        Event.flush_model()
        columns, selected, order = self._slm_fetch_sql()
        # The events as one JSON value per clock: PostgreSQL plans this in a third of the time a join
        # of their aggregates took, which was longer than running it (doc/benchmarks.rst).
        rows = self.env.execute_query(
            SQL(
                """SELECT slm_clock.id, %s,
                          (SELECT response_ends FROM slm_agreement WHERE id = slm_clock.agreement_id),
                          (SELECT json_agg(json_build_array(e.id, e.kind, e.date) ORDER BY e.date, e.id)
                             FROM slm_clock_event AS e
                            WHERE e.clock_id = slm_clock.id)
                     FROM slm_clock
                    WHERE slm_clock.ticket_id = ANY(%s)
                 ORDER BY %s""",
                selected,
                missing,
                order,
            )
        )
        cache = self.env.cache
        by_ticket = defaultdict(list)
        if rows:
            ids, *values, response_ends, recorded_rows = zip(*rows, strict=True)
            recorded_rows = [each or [] for each in recorded_rows]
            clocks = self.browse(ids)
            for field, column in zip(columns, values, strict=True):
                cache.insert_missing(clocks, field, column)
            cache.insert_missing(
                clocks, self._fields["event_ids"], [tuple(row[0] for row in each) for each in recorded_rows]
            )
            events = [row for each in recorded_rows for row in each]
            recorded = Event.browse([row[0] for row in events])
            cache.insert_missing(
                recorded,
                Event._fields["clock_id"],
                [c for c, each in zip(ids, recorded_rows, strict=True) for _ in each],
            )
            cache.insert_missing(recorded, Event._fields["kind"], [row[1] for row in events])
            cache.insert_missing(
                recorded, Event._fields["date"], [datetime.fromisoformat(row[2]) for row in events]
            )
            Agreement = self.env["slm.agreement"]
            agreement_ids = values[columns.index(self._fields["agreement_id"])]
            cache.insert_missing(
                Agreement.browse(agreement_ids), Agreement._fields["response_ends"], response_ends
            )
            for clock_id, ticket_id in zip(
                ids, values[columns.index(self._fields["ticket_id"])], strict=True
            ):
                by_ticket[ticket_id].append(clock_id)
        cache.insert_missing(
            tickets.browse(missing), clocks_field, [tuple(by_ticket[ticket_id]) for ticket_id in missing]
        )

    def _slm_state_values(self, policy, events, now, agreement_rules):
        """The stored fields of this clock at ``now``: pure computation, no database access but for
        the escalation rules of a clock still running (``agreement_rules()``, its agreement's) and
        those already fired on it."""
        now = clock_now(events, now)
        state = evaluate(policy, events, now)
        next_escalation = None
        rules = not state.stopped_at and agreement_rules()
        if rules:
            if self.escalation_log_ids:
                fired = set(self.escalation_log_ids.escalation_id.ids)
                rules = [rule for rule in rules if rule.id not in fired]
            next_escalation = _next_escalation(rules, self.metric, policy, events, now)
        values = _stored_state(state, next_escalation, now)
        if values["status"] == "breached" and not self.breach_cause:
            values["breach_cause"] = self._slm_breach_cause()
        return values

    def _slm_rules_of(self, agreement_ids):
        """``{agreement id: [Rule]}``: the escalation rules of the agreements ``agreement_ids``, read at
        once for the clocks evaluated together."""
        agreements = self.env["slm.agreement"].browse(agreement_ids)
        rules_of = {agreement_id: [] for agreement_id in agreements.ids}
        for rule in agreements.escalation_ids:
            rules_of[rule.agreement_id.id].append(Rule(rule.id, rule.percent, rule.metric))
        return rules_of

    def _slm_column_values(self, names):
        """The values of fields ``names`` of these clocks as they are cached, one tuple per clock.

        The cron evaluates thousands of clocks at a time: reading each field of each record
        through the ORM cost as much as evaluating it. Many2one values are ids (None if empty).
        """
        self.fetch(names)
        cache = self.env.cache
        columns = [list(cache.get_values(self, self._fields[name])) for name in names]
        return list(zip(*columns, strict=True))

    def _slm_states(self, now, event=None, failing=(EngineError, UserError)):
        """``(states, failed)``: the stored fields of these clocks at ``now`` (``{clock id: values}``),
        with ``event`` (``(kind, date)``) as if recorded on each of them first; and why those that
        raised one of ``failing`` could not be evaluated (``{clock id: message}``).

        Thousands of clocks at a time (the cron, mass changes): their policies are built once
        per terms, their agreements' escalation rules read at once, their events read at once.
        """
        errors = {}
        calendars = self.calendar_id._slm_calendars(errors)
        recorded = self._slm_recorded_events()
        rows = self._slm_column_values(EVALUATED_FROM)
        rules_of = {}

        def agreement_rules(agreement_id):
            # Read for every agreement of these clocks at once, once one of them runs on.
            if not rules_of:
                rules_of.update(self._slm_rules_of({row[-1] for row in rows}))
            return rules_of[agreement_id]

        policies = {}
        states, failed = {}, {}
        for clock, (calendar_id, *terms, start, agreement_id) in zip(self, rows, strict=True):
            try:
                key = (calendar_id, *terms)
                policy = policies.get(key)
                if policy is None:
                    policy = policies[key] = clock._slm_policy(calendars)
                events = recorded_events(start, recorded[clock.id] + ([event] if event else []))
                states[clock.id] = clock._slm_state_values(
                    policy, events, now, functools.partial(agreement_rules, agreement_id)
                )
            except failing as exc:
                failed[clock.id] = errors.get(calendar_id) or str(exc)
        return states, failed

    @api.model
    def _slm_start(self, vals_list, now, problems=None, new=False):
        """Create clocks from the terms in ``vals_list``, their state computed at ``now``.

        Tickets bring their clocks by the thousand (imports, the mail gateway), and the
        ORM's ``create`` spends more time per clock on defaults and caches than the
        database spends on the row (doc/benchmarks.rst). So the complete rows are
        inserted in one statement: clocks have no defaults, constraints or ``create``
        overrides to honour; what was inserted goes into the cache, as the ORM would
        put it. Each ``vals`` carries the escalation ``rules`` of its agreement and may
        carry ``paused_at`` (a ticket in a pausing stage). With ``new``, the tickets had
        no clock before. A clock whose schedule cannot time it does not start: its
        ticket is still created, and ``problems`` (``{ticket id: [message]}``) says why.
        """
        if not vals_list:
            return self.browse()
        self.check_access("create")
        utc_now = _utc(now)
        errors = {}
        schedules = self.env["resource.calendar"].browse(
            {vals["calendar_id"] for vals in vals_list} - {False}
        )
        calendars = schedules._slm_calendars(errors)
        started, pauses = [], []
        for vals in vals_list:
            paused_at = vals.pop("paused_at", None)
            rules = vals.pop("rules")
            events = recorded_events(vals["start_date"], [("pause", paused_at)] if paused_at else [])
            try:
                calendar = calendars.get(vals["calendar_id"]) if vals["calendar_id"] else Calendar.always()
                if calendar is None:
                    raise EngineError(errors[vals["calendar_id"]])
                policy = _policy(
                    vals["target_hours"], calendar, vals["warning_percent"], vals["stop_at_notification"]
                )
                at = clock_now(events, utc_now)
                next_escalation = _next_escalation(rules, vals["metric"], policy, events, at)
                vals.update(_stored_state(evaluate(policy, events, at), next_escalation, at))
            except EngineError as exc:
                _logger.warning(
                    "Service level clock %s of ticket %s not started: %s",
                    vals["name"],
                    vals["ticket_id"],
                    exc,
                )
                if problems is not None:
                    problems.setdefault(vals["ticket_id"], []).append(
                        self.env._("%(clock)s did not start: %(reason)s", clock=vals["name"], reason=str(exc))
                    )
                continue
            vals.update(create_uid=self.env.uid, create_date=now, write_uid=self.env.uid, write_date=now)
            started.append(vals)
            pauses.append(paused_at)
        if not started:
            return self.browse()
        # Plain values (ids, strings, numbers, naive UTC datetimes): only an empty one
        # (False) must become NULL, outside boolean columns.
        columns = list(started[0])
        nullable = [self._fields[name].type != "boolean" for name in columns]
        rows = [
            tuple(
                None if value is False and null else value
                for value, null in zip((vals[name] for name in columns), nullable, strict=True)
            )
            for vals in started
        ]
        self.env.cr.execute(
            SQL(
                "INSERT INTO slm_clock (%s) SELECT * FROM %s AS v RETURNING id",
                SQL(", ").join(map(SQL.identifier, columns)),
                rows_sql(self, columns, rows),
            )
        )
        clocks = self.browse([row[0] for row in self.env.cr.fetchall()])
        # What the rows hold, in the cache: reading them back would cost a query per batch.
        for name in columns:
            field = self._fields[name]
            self.env.cache.update(
                clocks, field, [field.convert_to_cache(vals[name], clocks) for vals in started]
            )
        self.env.cache.update(clocks, self._fields["escalation_log_ids"], [()] * len(clocks))
        # Nor has a clock that just started a breach reason: the ticket's form shows it empty.
        for name in {"breach_cause", "breach_reason_id", "breach_reason"} - set(columns):
            field = self._fields[name]
            self.env.cache.update(clocks, field, [field.convert_to_cache(False, clocks)] * len(clocks))
        unpaused = self.browse(
            [clock.id for clock, paused_at in zip(clocks, pauses, strict=True) if not paused_at]
        )
        self.env.cache.update(unpaused, self._fields["event_ids"], [()] * len(unpaused))
        self.env["slm.clock.event"].create(
            [
                {"clock_id": clock.id, "kind": "pause", "date": paused_at}
                for clock, paused_at in zip(clocks, pauses, strict=True)
                if paused_at
            ]
        )
        tickets = self.env["helpdesk.ticket"].browse({vals["ticket_id"] for vals in started})
        tickets.modified(["slm_clock_ids"])
        if new:
            # A new ticket has no other clock: its list, for its form, without reading it back.
            by_ticket = defaultdict(list)
            for clock in clocks._slm_sorted():
                by_ticket[clock.ticket_id.id].append(clock.id)
            self.env.cache.update(
                tickets, tickets._fields["slm_clock_ids"], [tuple(by_ticket[t.id]) for t in tickets]
            )
        else:
            tickets.invalidate_recordset(["slm_clock_ids"], flush=False)
        # Started late (an SLA counts from the ticket's opening): breached already.
        late = clocks.browse()
        for clock, vals in zip(clocks, started, strict=True):
            if vals["status"] == "breached":
                clock.breach_cause = clock._slm_breach_cause()
                late |= clock
        late._slm_ask_breach_reason()
        return clocks

    def _slm_evaluate(self, now=None, event=None):
        """Replay the events of these clocks and store their state; return the clocks that changed.

        With ``event`` (``(kind, date)``), that event is recorded on each of them first, in
        the statement that stores their new state (``_slm_store_states``).

        A clock that cannot be evaluated (its schedule lost its working time) keeps its
        last state and says why in ``evaluation_error``: the ticket's own change goes on.
        """
        now = _utc(now or fields.Datetime.now())
        states, failed = self._slm_states(now, event)
        changed, breached = [], []
        for clock in self.browse(list(states)):
            values = states[clock.id]
            if values["status"] == "breached" and clock.status != "breached":
                breached.append(clock.id)
            if any(
                clock[name] != _as_stored(self._fields[name], value, clock)
                for name, value in values.items()
                if name not in ("evaluated_date", "next_evaluation_date")
            ):
                changed.append(clock.id)
        self._slm_store_states(states, _naive(now), dict.fromkeys(self.ids, event) if event else {})
        self._slm_store_errors(failed, _naive(now))
        self.browse(breached)._slm_ask_breach_reason()
        return self.browse(changed)

    def _slm_ask_breach_reason(self):
        """Ask the team leader of each ticket of these newly breached clocks why (one request open per ticket),
        or whoever works the ticket when its team has no leader."""
        if not self:
            return
        activity_type = self.env.ref(
            "service_level_management.mail_activity_type_breach_reason", raise_if_not_found=False
        )
        if not activity_type:
            return
        for ticket in self.sudo().ticket_id:
            user = ticket.team_id.user_id or ticket.user_id
            if not user or ticket._slm_breach_reason_activities():
                continue
            ticket.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                note=self.env._("A service level target of this ticket was missed: record why (Why Missed)."),
            )

    def action_slm_start_improvement(self):
        """An improvement record for this missed target, its origin the breach."""
        self.ensure_one()
        if self.status != "breached":
            raise UserError(self.env._("Only a missed target starts an improvement from a clock."))
        improvement = self.env["slm.improvement"].create(
            {
                "title": self.env._(
                    "%(clock)s missed on %(ticket)s", clock=self.label, ticket=self.ticket_id.display_name
                ),
                "origin": "breach",
                "clock_id": self.id,
                "ticket_id": self.ticket_id.id,
                "company_id": self.company_id.id or self.env.company.id,
                "agreement_ids": [(6, 0, self.agreement_id.ids)],
                "service_ids": [(6, 0, self.ticket_id.service_id.ids)],
                "gap": "\n".join(
                    filter(None, [self.display_name, self.breach_reason_id.name, self.breach_reason])
                ),
            }
        )
        return improvement._get_records_action()

    def _slm_without_reason(self):
        """These clocks that breached and have no reason yet."""
        return self.filtered(lambda c: c.status == "breached" and not (c.breach_reason_id or c.breach_reason))

    def _slm_record_breach_reason(self, reason, note, user):
        """The reason people gave, kept on the clocks (the system writes it, under sudo)."""
        self.write(
            {"breach_reason_id": reason.id, "breach_reason": note or False, "breach_reason_user_id": user.id}
        )

    def _slm_breach_cause(self):
        """An SLA clock breached because an OLA clock backing it on the same ticket ran late, or by
        the team itself.

        The OLA clock ran late when its deadline passed before it was reached, no later than the
        SLA's own deadline: deadlines are stored, so the answer does not depend on which of the two
        clocks was evaluated first (both may breach in the same instant, e.g. at a late closing).
        """
        if self.agreement_type != "sla" or not self.deadline:
            return "internal"
        backing = self.ticket_id.slm_clock_ids.filtered(
            lambda c: (
                c.agreement_type == "ola"
                and c.status != "cancelled"
                and c.target_id.supported_target_id == self.target_id
                and c.deadline
                and c.deadline <= self.deadline
                and (not c.reached_date or c.reached_date > c.deadline)
            )
        )
        return "ola" if backing else "internal"

    def _slm_terms_changed(self, terms):
        """The target's ``terms`` now (its ``_slm_clock_terms``) are not those this clock copied
        when it started."""
        self.ensure_one()
        return bool(
            float_compare(self.target_hours, terms["target_hours"], precision_digits=4)
            or float_compare(self.warning_percent, terms["warning_percent"], precision_digits=2)
            or self.calendar_id.id != terms["calendar_id"]
        )

    def _slm_scoped(self):
        """These clocks that the ticket's scope decides (its SLA, its team's OLAs); others start on request."""
        return self.filtered(lambda c: c.agreement_type in ("sla", "ola"))

    def _slm_waiting_with_ticket(self):
        """Hook: these clocks that stop while the ticket waits for its customer."""
        return self

    def _slm_running(self):
        """These clocks that still count time: open, or breached but not stopped."""
        return self.filtered(
            lambda c: c.status in OPEN_STATUSES or (c.status == "breached" and not c.reached_date)
        )

    def _slm_record(self, kind, date):
        """Record an event on each of these clocks and evaluate them (the system's doing)."""
        if self:
            self.env["slm.clock.event"].check_access("create")
            # As stored (whole seconds): the state is computed from what later replays will read.
            self._slm_evaluate(event=(kind, fields.Datetime.to_datetime(date).replace(microsecond=0)))

    def _slm_add_events(self, kind, date):
        """Record an event on each of these clocks still running, and evaluate them."""
        self._slm_running()._slm_record(kind, date)

    def _slm_reopen(self, date):
        """Reopened tickets: resolution clocks that were reached run again."""
        self.filtered(
            lambda c: c.metric == "resolution" and c.reached_date and c.status != "cancelled"
        )._slm_record("reopen", date)

    def _slm_responses_ending_at(self, ending):
        """The response clocks of these whose agreement ends the response at ``ending``."""
        return self.filtered(lambda c: c.metric == "response" and c.agreement_id.response_ends == ending)

    # -- escalations -----------------------------------------------------------

    def _slm_fire_escalations(self, now=None):
        """Fire every escalation whose threshold has been reached, once per clock and rule."""
        now = _utc(now or fields.Datetime.now())
        calendars = self.calendar_id._slm_calendars()
        recorded = self._slm_recorded_events()
        for clock in self:
            rules = clock.agreement_id.escalation_ids - clock.escalation_log_ids.escalation_id
            policy, events = (
                clock._slm_policy(calendars),
                recorded_events(clock.start_date, recorded[clock.id]),
            )
            at = clock_now(events, now)
            for rule, instant in _rule_instants(rules, clock.metric, policy, events, at):
                if instant <= at:
                    rule._slm_fire(clock)

    # -- cron ------------------------------------------------------------------

    @api.model
    def _slm_reschedule(self, calendars=None):
        """Running clocks on these schedules (on any schedule when None) changed working time:
        the cron evaluates them again soon. One statement, however many clocks."""
        self.flush_model(["status", "reached_date", "calendar_id", "evaluated_date", "next_evaluation_date"])
        on_schedules = SQL("calendar_id IS NOT NULL")
        if calendars is not None:
            on_schedules = SQL("calendar_id IN %s", tuple(calendars.ids))
        self.env.cr.execute(
            SQL(
                # Not evaluated under the new working time: due even if evaluated this very second.
                "UPDATE slm_clock SET next_evaluation_date = %s, evaluated_date = NULL WHERE %s AND %s",
                fields.Datetime.now(),
                self._slm_running_sql(),
                on_schedules,
            )
        )
        rescheduled = self.env.cr.rowcount
        self.invalidate_model(["evaluated_date", "next_evaluation_date"])
        if rescheduled:
            self.env.ref("service_level_management.ir_cron_update_clocks")._trigger()

    @api.model
    def _slm_running_sql(self):
        return SQL("(status IN %s OR (status = 'breached' AND reached_date IS NULL))", OPEN_STATUSES)

    @api.model
    def _slm_store_states(self, states, now, events=None):
        """Store the evaluated state of clocks (``{clock id: state values}``), evaluated at ``now``,
        record the ``events`` (``{clock id: (kind, date)}``) they were evaluated with and store the
        summary of the tickets it changed, in one statement. The values are made what their columns
        keep (floats rounded), in place.

        The cron and mass stage changes evaluate thousands of clocks at a time, and
        each agent's reply or stage change records and evaluates a few: a write per
        clock, or the ORM's ``create`` per event, would cost more than the evaluation
        itself (doc/benchmarks.rst).
        """
        written = fields.Datetime.now()
        recording = SQL()
        if events:
            self.env["slm.clock.event"].flush_model()
            recording = SQL(
                "INSERT INTO slm_clock_event (clock_id, kind, date, create_uid, create_date, write_uid, "
                "write_date) SELECT v.clock_id, v.kind, v.date, %s, %s, %s, %s FROM %s AS v",
                self.env.uid,
                written,
                self.env.uid,
                written,
                rows_sql(
                    self.env["slm.clock.event"],
                    ["clock_id", "kind", "date"],
                    [(clock_id, kind, date) for clock_id, (kind, date) in events.items()],
                ),
            )
            self.browse(list(events)).invalidate_recordset(["event_ids"])
        if not states:
            if events:
                self.env.cr.execute(recording)
            return
        self.flush_model()
        clocks = self.browse(list(states))
        # What tickets show of their clocks (their summary, the breach request): recomputed only where
        # it changed, not at every evaluation.
        shown = ("status", "deadline", "reached_date", "breach_cause")
        shown_before = list(zip(*(clocks.mapped(name) for name in shown), strict=True))
        # Each value as its column keeps it, put in the cache as is: floats rounded to their digits
        # (once, not by the ORM's conversions for the row and again for the cache).
        floats = {name: self._fields[name] for name in ("elapsed_hours", "paused_hours", "percent")}
        digits = {name: field.get_digits(self.env)[1] for name, field in floats.items()}
        for (*_shown, cause_before), values in zip(shown_before, states.values(), strict=True):
            for name, precision in digits.items():
                values[name] = float_round(values[name], precision_digits=precision)
            values["breach_cause"] = values.get("breach_cause") or cause_before
        rows = [
            (
                clock_id,
                values["status"],
                values["breach_cause"] or None,
                values["reached_date"] or None,
                values["deadline"] or None,
                values["warning_date"] or None,
                values["next_escalation_date"] or None,
                *(float_repr(values[name], precision) for name, precision in digits.items()),
                values["next_evaluation_date"] or None,
            )
            for clock_id, values in states.items()
        ]
        # What is stored, in the cache first: the tickets' summary is recomputed from it.
        cache = self.env.cache
        for name in STATE_COLUMNS[1:]:
            if name in floats:
                cache.update(clocks, floats[name], [values[name] for values in states.values()])
            else:
                cache.update(clocks, self._fields[name], [values[name] or None for values in states.values()])
        for name, value in (
            ("evaluated_date", now),
            ("evaluation_error", None),
            ("write_date", written),
            ("write_uid", self.env.uid),
        ):
            cache.update(clocks, self._fields[name], [value] * len(clocks))
        clocks.modified([name for name in STORED_STATE if name not in shown])
        shown_after = (tuple(values[name] or False for name in shown) for values in states.values())
        changed = self.browse(
            [
                clock_id
                for clock_id, before, after in zip(states, shown_before, shown_after, strict=True)
                if before != after
            ]
        )
        changed.modified(list(shown))
        side_effects = [
            SQL("%s AS (%s)", SQL.identifier(name), statement)
            for name, statement in (
                ("recorded", recording),
                ("summary", changed.ticket_id._slm_summary_statement()),
            )
            if statement
        ]
        self.env.cr.execute(
            SQL(
                """%s
            UPDATE slm_clock AS c
               SET status = v.status,
                   breach_cause = v.breach_cause,
                   reached_date = v.reached_date,
                   deadline = v.deadline,
                   warning_date = v.warning_date,
                   next_escalation_date = v.next_escalation_date,
                   next_evaluation_date = v.next_evaluation_date,
                   elapsed_hours = v.elapsed_hours,
                   paused_hours = v.paused_hours,
                   percent = v.percent,
                   evaluated_date = %s,
                   evaluation_error = NULL,
                   write_date = %s,
                   write_uid = %s
              FROM %s AS v
             WHERE c.id = v.id
            """,
                SQL("WITH %s", SQL(", ").join(side_effects)) if side_effects else SQL(),
                now,
                written,
                self.env.uid,
                rows_sql(self, STATE_COLUMNS, rows),
            )
        )

    @api.model
    def _slm_store_errors(self, errors, now):
        """Clocks that could not be evaluated at ``now`` (``{clock id: message}``): the cron tries them
        again a day later, not at every run."""
        for clock_id, message in errors.items():
            _logger.error("Service level clock %s not evaluated: %s", clock_id, message)
        if not errors:
            return
        self.flush_model(["evaluated_date", "evaluation_error", "next_evaluation_date"])
        self.env.cr.execute(
            SQL(
                """UPDATE slm_clock AS c
                      SET evaluated_date = %s, evaluation_error = v.message, next_evaluation_date = %s
                     FROM (VALUES %s) AS v(id, message) WHERE c.id = v.id""",
                now,
                now + ERROR_RETRY,
                SQL(", ").join(errors.items()),
            )
        )
        self.browse(list(errors)).invalidate_recordset(
            ["evaluated_date", "evaluation_error", "next_evaluation_date"]
        )

    @api.model
    def _slm_lock_due(self, now, limit):
        """Clocks that moved on silently since they were last evaluated, locked for this run, in
        the order they fell due.

        Clocks and their tickets are locked and skipped when another transaction holds
        them (a concurrent run, or a person working the ticket): two runs share the work
        instead of waiting on or undoing each other.
        """
        self.flush_model()
        # Read from slm_clock_next_evaluation_idx: as many rows as the batch takes, however many
        # clocks run. Not twice in one second (a clock due at its deadline breaches after it).
        self.env.cr.execute(
            SQL(
                """
            SELECT id, ticket_id FROM slm_clock
             WHERE next_evaluation_date <= %(now)s
               AND (evaluated_date IS NULL OR evaluated_date < %(now)s)
               AND %(running)s
             ORDER BY next_evaluation_date, id
             LIMIT %(limit)s
               FOR UPDATE SKIP LOCKED
            """,
                now=now,
                running=self._slm_running_sql(),
                limit=limit,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return self.browse(), False
        self.env.cr.execute(
            SQL(
                "SELECT id FROM helpdesk_ticket WHERE id IN %s FOR UPDATE SKIP LOCKED",
                tuple({ticket_id for _clock_id, ticket_id in rows}),
            )
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        kept = [(clock_id, ticket_id) for clock_id, ticket_id in rows if ticket_id in locked]
        clocks = self.browse([clock_id for clock_id, _ticket_id in kept])
        # Their tickets are known: the clocks are read with their tickets' (_slm_fetch_for).
        self.env.cache.insert_missing(
            clocks, self._fields["ticket_id"], [ticket_id for _clock_id, ticket_id in kept]
        )
        return clocks, len(rows) == limit

    @api.model
    def _slm_lock_customers(self, clocks):
        """The clocks of ``clocks`` whose ticket's customer this run may notify now.

        Notifying on a customer's ticket writes the customer (Odoo prepares their portal
        access): two runs escalating tickets of one customer would collide there, so one
        escalates them now and the other at its next run.
        """
        partners = {clock.ticket_id.partner_id.id for clock in clocks} - {False}
        locked = set()
        if partners:
            self.env.cr.execute(
                SQL("SELECT id FROM res_partner WHERE id IN %s FOR UPDATE SKIP LOCKED", tuple(partners))
            )
            locked = {row[0] for row in self.env.cr.fetchall()}
        return [
            clock
            for clock in clocks
            if not clock.ticket_id.partner_id or clock.ticket_id.partner_id.id in locked
        ]

    @api.model
    def _cron_update_clocks(self, batch_size=CRON_BATCH):
        """Move silent clocks on (at risk, breached) and fire due escalations, a batch per call.

        The system's doing: it reads and writes every clock, whoever runs it. A clock
        that cannot be evaluated or escalated is logged, marked and skipped without
        touching the others; evaluating again changes nothing twice, so repeated or
        concurrent runs are harmless.
        """
        self = self.sudo()
        now = fields.Datetime.now()
        due, more = self._slm_lock_due(now, batch_size)
        utc_now = _utc(now)
        self._slm_fetch_for(due.ticket_id)
        # Compute everything first, in Python: a failing clock is skipped without touching the others.
        states, failed = due._slm_states(utc_now, failing=Exception)
        escalate = due.browse(
            [
                clock_id
                for clock_id, values in states.items()
                if values["next_escalation_date"] and values["next_escalation_date"] <= now
            ]
        )
        self._slm_store_states(states, now)
        escalated = self.browse()
        for clock in self._slm_lock_customers(escalate):
            try:
                with self.env.cr.savepoint():
                    clock._slm_fire_escalations(utc_now)
                escalated |= clock
            except Exception as exc:  # one escalation never stops the others
                failed[clock.id] = str(exc)
        escalated._slm_evaluate(utc_now)
        self._slm_store_errors(failed, now)
        if more:
            self.env["ir.cron"]._notify_progress(done=len(due), remaining=1)
        return len(due) - len(failed)
