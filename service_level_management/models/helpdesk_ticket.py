# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging
from collections import defaultdict, namedtuple
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_datetime

from .slm_agreement import validity
from .slm_clock import STATUSES, Rule, rows_sql
from .slm_target import scope_matches, specificity

_logger = logging.getLogger(__name__)

# Ticket fields that decide which targets apply.
SCOPE_FIELDS = ("priority", "partner_id", "service_id", "team_id", "category_id", "tag_ids", "company_id")
LEVEL_PRECEDENCE = ("service", "customer", "corporate")
# The worst status shown on the ticket, worst first.
STATUS_ORDER = ("breached", "at_risk", "paused", "ongoing", "met")
# What the ticket's form and list show of its live clocks, and what the clock's rule checks:
# read with them. Any other column is read when asked for.
LIVE_CLOCK_COLUMNS = (
    "ticket_id",
    "company_id",
    "name",
    "metric",
    "priority",
    "target_hours",
    "agreement_type",
    "target_agreement_id",
    "status",
    "deadline",
    "reached_date",
    "elapsed_hours",
    "percent",
    "breach_cause",
    "breach_reason_id",
    "breach_reason",
)
# Tickets a call of the revision cron brings to new terms; it is called again while some remain.
REVISION_BATCH = 500
# Written by the product only: which SLA applies, what the clocks say (the summary), the mark of a
# revision to follow, and when the customer was told the service is restored (through "Tell
# Customer: Restored").
SUMMARY_FIELDS = ("slm_status", "slm_deadline", "slm_awaiting_response")
SYSTEM_FIELDS = ("slm_sla_id", *SUMMARY_FIELDS, "slm_revised_at", "customer_notified", "slm_review_id")
# What may make a ticket a major incident that calls for an extraordinary review.
MAJOR_INCIDENT_FIELDS = ("is_outage", "outage_start", "outage_restored", "slm_major_incident")
# How far ahead of this server's clock a "customer told" instant may be (another machine's clock).
CLOCK_SKEW = timedelta(minutes=5)


# An agreement as ``helpdesk.ticket._slm_scope_terms`` reads it.
InForce = namedtuple("InForce", "id agreement_type level revision ticket_terms date_start date_end tz")
# An agreement that may apply to the tickets of a scope (``helpdesk.ticket._slm_scope_terms``): in
# force from ``valid_from`` until before ``valid_until`` (UTC; None: no end), with the ``clocks`` it
# gives them.
Candidate = namedtuple("Candidate", "agreement_id agreement_type level valid_from valid_until clocks")


def _scope(target):
    """The scope (``slm.target._slm_scope()``) of a target of ``slm.agreement.ticket_terms``."""
    return (target["metric"], target["priority"], target["category_id"], frozenset(target["tag_ids"]))


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    service_id = fields.Many2one(
        "slm.service",
        index="btree_not_null",
        tracking=True,
        domain=[("state", "=", "live")],
        help="The IT service this ticket is about; it decides which service levels apply.",
    )
    slm_clock_ids = fields.One2many("slm.clock", "ticket_id", string="Service Level Clocks")
    slm_live_clock_ids = fields.One2many(
        "slm.clock",
        string="Service Levels",
        compute="_compute_slm_live_clock_ids",
        help="The clocks that count: running ones first, then those stopped.",
    )
    slm_due_text = fields.Char(
        string="Next Due",
        compute="_compute_slm_due_text",
        help="The target due next and the time left for it.",
    )
    slm_stop_at_notification = fields.Boolean(related="service_id.slm_stop_at_notification")
    slm_sla_id = fields.Many2one(
        "slm.agreement", string="SLA", readonly=True, copy=False, index="btree_not_null", ondelete="restrict"
    )
    slm_status = fields.Selection(
        [(key, label) for key, label in STATUSES if key != "cancelled"],
        string="Service Level",
        compute="_compute_slm_summary",
        store=True,
        index=True,
        help="The worst status of the ticket's clocks.",
    )
    slm_deadline = fields.Datetime(
        string="Due by",
        compute="_compute_slm_summary",
        store=True,
        index=True,
        help="The nearest deadline of a clock still running.",
    )
    slm_awaiting_response = fields.Boolean(
        string="Awaiting Response",
        compute="_compute_slm_summary",
        store=True,
        help="A response target of the ticket still runs: nobody has answered the customer yet.",
    )
    slm_revised_at = fields.Datetime(
        string="New Terms from",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A revised agreement applies to this open ticket from then on; the cron applies it shortly.",
    )
    is_outage = fields.Boolean(
        string="Outage", tracking=True, help="The service is interrupted (major incident)."
    )
    outage_start = fields.Datetime(tracking=True)
    outage_restored = fields.Datetime(string="Service Restored", tracking=True)
    slm_major_incident = fields.Boolean(
        string="Major Incident",
        tracking=True,
        copy=False,
        help="Calls for an extraordinary management review of service levels (seed §5.6.2), as an outage "
        "longer than the company's threshold does.",
    )
    slm_review_id = fields.Many2one(
        "slm.review", string="Extraordinary Review", readonly=True, copy=False, ondelete="set null"
    )
    customer_notified = fields.Datetime(
        string="Customer Told",
        tracking=True,
        readonly=True,
        copy=False,
        help="When the customer was told the service is restored.",
    )

    @api.depends("slm_clock_ids.status")
    def _compute_slm_live_clock_ids(self):
        live = defaultdict(list)
        # A new ticket's form (its defaults, its onchanges) has none to look for.
        saved = self._origin.browse([ticket_id for ticket_id in self._origin.ids if ticket_id])
        # A stage change, a reply or a creation has just read or written a ticket's clocks: its form
        # needs no query for them.
        unread = set(self.env.cache.get_missing_ids(saved, self._fields["slm_clock_ids"]))
        for ticket in saved:
            if ticket.id not in unread:
                live[ticket.id] = (
                    ticket.slm_clock_ids.filtered(lambda c: c.status != "cancelled")._slm_sorted().ids
                )
        # Otherwise the clocks and their columns in one query (an ordinary one2many takes two: the ids,
        # then the rows): the form and the list of tickets read them both.
        if unread:
            for clock in self.env["slm.clock"].search_fetch(
                [("ticket_id", "in", list(unread)), ("status", "!=", "cancelled")], LIVE_CLOCK_COLUMNS
            ):
                live[clock.ticket_id.id].append(clock.id)
        # Into the cache as a one2many's read puts them: assigned one by one, each list would be
        # checked and written like an agent's edit, which costs more than the query.
        self.env.cache.update(
            self, self._fields["slm_live_clock_ids"], [tuple(live[ticket._origin.id]) for ticket in self]
        )

    @api.depends(
        "slm_clock_ids.status",
        "slm_clock_ids.deadline",
        "slm_clock_ids.reached_date",
        "slm_clock_ids.metric",
    )
    def _compute_slm_summary(self):
        for ticket in self:
            ticket.slm_status, ticket.slm_deadline, ticket.slm_awaiting_response = ticket._slm_summary()

    def _slm_summary(self):
        """The worst status of this ticket's clocks, the nearest deadline of those still running,
        and whether a response clock still runs (``SUMMARY_FIELDS``)."""
        self.ensure_one()
        statuses, deadlines = set(), []
        for clock in self.slm_clock_ids:
            statuses.add(clock.status)
            if clock.status != "cancelled" and clock.deadline and not clock.reached_date:
                deadlines.append(clock.deadline)
        worst = next((status for status in STATUS_ORDER if status in statuses), False)
        awaiting = bool(self.slm_clock_ids.filtered(lambda c: c.metric == "response")._slm_running())
        return worst, min(deadlines, default=False), awaiting

    def _slm_summary_statement(self):
        """Recompute the summary of these tickets now, from their clocks in the cache, and return the
        statement that stores it, for ``slm.clock._slm_store_states`` to run with its own.

        An agent's first reply stores its clocks' new state in one statement; the ORM would recompute
        the ticket's summary at the next flush and write it in another, a third of what the reply adds
        (doc/benchmarks.rst). Where the summary is tracked (another module's choice), the ORM does it.
        """
        summary = [self._fields[name] for name in SUMMARY_FIELDS]
        if not self or any(getattr(field, "tracking", None) for field in summary):
            return SQL()
        cache = self.env.cache
        # A ticket the ORM writes anyway (changed in this transaction) gets its summary in that write.
        tickets = self.filtered(
            lambda t: (
                t.id
                and not cache.has_dirty_fields(t)
                and all(self.env.is_to_compute(field, t) for field in summary)
            )
        )
        if not tickets:
            return SQL()
        values = [ticket._slm_summary() for ticket in tickets]
        written = self.env.cr.now()
        for field, column in zip(summary, zip(*values, strict=True), strict=True):
            cache.update(tickets, field, column)
            self.env.remove_to_compute(field, tickets)
        for name, value in (("write_date", written), ("write_uid", self.env.uid)):
            cache.update(tickets, self._fields[name], [value] * len(tickets))
        tickets._validate_fields(SUMMARY_FIELDS)
        return SQL(
            """UPDATE helpdesk_ticket AS t
                  SET slm_status = v.slm_status, slm_deadline = v.slm_deadline,
                      slm_awaiting_response = v.slm_awaiting_response, write_date = %s, write_uid = %s
                 FROM %s AS v
                WHERE t.id = v.id""",
            written,
            self.env.uid,
            rows_sql(
                self,
                ["id", *SUMMARY_FIELDS],
                [
                    (ticket.id, status or None, deadline or None, awaiting)
                    for ticket, (status, deadline, awaiting) in zip(tickets, values, strict=True)
                ],
            ),
        )

    @api.depends_context("lang")
    @api.depends("slm_deadline")
    def _compute_slm_due_text(self):
        now = fields.Datetime.now()
        # The live clocks of all the tickets are read at once (a list shows eighty); only the one due
        # is labelled.
        label = self.env["slm.clock"]._slm_labeller()
        texts = []
        for ticket in self.sudo():
            due = ticket.slm_deadline and next(
                (
                    clock
                    for clock in ticket.slm_live_clock_ids
                    if clock.deadline == ticket.slm_deadline and not clock.reached_date
                ),
                None,
            )
            texts.append(f"{label(due)}, {due._slm_due_text(now)}" if due else False)
        # Into the cache at once, as for the live clocks.
        self.env.cache.update(self, self._fields["slm_due_text"], texts)

    def action_view_slm_clocks(self):
        """Every clock of the ticket, cancelled ones included."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("service_level_management.slm_clock_action")
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.constrains("outage_start", "outage_restored", "customer_notified")
    def _check_outage(self):
        latest = fields.Datetime.now() + CLOCK_SKEW
        for ticket in self:
            if (
                ticket.outage_start
                and ticket.outage_restored
                and ticket.outage_restored < ticket.outage_start
            ):
                raise ValidationError(
                    self.env._(
                        "The service of ticket %(ticket)s cannot be restored before the outage started.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.customer_notified and ticket.customer_notified > latest:
                raise ValidationError(
                    self.env._(
                        "The customer of ticket %(ticket)s cannot have been told in the future.",
                        ticket=ticket.display_name,
                    )
                )

    # -- which targets apply -------------------------------------------------------

    def _slm_scope_key(self):
        """Tickets with the same key may get the same agreements and targets (``_slm_scope_terms``):
        those in force when each was opened (``_slm_terms_at``), on the UTC day of the key."""
        return (
            (self.company_id or self.env.company).id,
            self.partner_id.commercial_partner_id.id,
            self.service_id.id,
            self.team_id.id,
            fields.Date.to_date(self.create_date or fields.Datetime.now()),
            self.priority,
            self.category_id.id,
            tuple(sorted(self.tag_ids.ids)),
        )

    @api.model
    @tools.ormcache("key", "self.env.lang")
    def _slm_scope_terms(self, key):
        """What a ticket of ``key`` (``_slm_scope_key``) may get: its candidates (``Candidate``), the
        agreements that cover it and may be in force on the day of the key, newest first, each with
        the clocks it gives, as ``(items, escalation rules)``; ``_slm_terms_at`` picks those in force.

        An agreement covers the ticket through its customer (matched through its commercial
        partner), its team for an OLA, or its company for a corporate SLA, and its services; for
        each metric it gives the most specific matching target among those it sets or inherits (the
        strictest on a tie). Found by indexed queries on the customer, team and company, never by
        reading every agreement, each agreement with what tickets get of it
        (``slm.agreement.ticket_terms``); cached for the registry (all workers), which agreements
        in force clear when they change (``slm.agreement._slm_scope_changed``).
        """
        company_id, customer_id, service_id, team_id, day, priority, category_id, tag_ids = key
        # In plain SQL: each first ticket of a customer in a worker runs it, and Odoo's domain
        # handling took as long as the query (doc/benchmarks.rst). Each party has its partial index.
        # An agreement's dates are days in its time zone: those of the day before and after the key's
        # (a UTC day) are candidates too.
        self.env["slm.agreement"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """SELECT id, agreement_type, level, revision, ticket_terms, date_start, date_end, tz
                     FROM slm_agreement
                    WHERE state = 'active' AND company_id = %(company)s
                      AND date_start <= %(last_day)s AND (date_end IS NULL OR date_end >= %(first_day)s)
                      AND ((agreement_type = 'sla' AND level = 'corporate')
                           OR (agreement_type = 'sla' AND commercial_partner_id = %(customer)s)
                           OR (agreement_type = 'ola' AND team_id = %(team)s))
                 ORDER BY date_start DESC, id DESC""",
                company=company_id,
                first_day=day - timedelta(days=1),
                last_day=day + timedelta(days=1),
                customer=customer_id or None,
                team=team_id or None,
            )
        )
        candidates = []
        for agreement in map(InForce._make, rows):
            terms = agreement.ticket_terms
            if terms["service_ids"] and service_id not in terms["service_ids"]:
                continue
            rules = tuple(Rule(*rule) for rule in terms["rules"])
            clocks = []
            for metric in ("response", "resolution"):
                matching = [
                    (target, scope)
                    for target in terms["targets"]
                    for scope in [_scope(target)]
                    if target["metric"] == metric and scope_matches(scope, priority, category_id, tag_ids)
                ]
                # The most specific target, the strictest on a tie.
                best = min(
                    matching, key=lambda each: (-specificity(each[1]), each[0]["target_hours"]), default=None
                )
                if best:
                    clocks.append((self._slm_clock_items(agreement, best[0]), rules))
            candidates.append(
                Candidate(
                    agreement.id,
                    agreement.agreement_type,
                    agreement.level,
                    *validity(agreement.date_start, agreement.date_end, agreement.tz),
                    tuple(clocks),
                )
            )
        return tuple(candidates)

    @api.model
    def _slm_terms_at(self, candidates, at):
        """``(SLA id, clocks)``: what a ticket opened at ``at`` (UTC) gets of its ``candidates``
        (``_slm_scope_terms``): the clocks of the SLA in force of the highest precedence (service
        level, then customer level, then corporate; the newest on a tie) and of the OLAs in force."""
        in_force = [
            candidate
            for candidate in candidates
            if candidate.valid_from <= at and not (candidate.valid_until and candidate.valid_until <= at)
        ]
        sla = next(
            (
                candidate
                for level in LEVEL_PRECEDENCE
                for candidate in in_force
                if candidate.agreement_type == "sla" and candidate.level == level
            ),
            None,
        )
        applying = ([sla] if sla else []) + [c for c in in_force if c.agreement_type == "ola"]
        return (sla.agreement_id if sla else False), tuple(clock for c in applying for clock in c.clocks)

    @api.model
    def _slm_clock_items(self, agreement, target):
        """What a clock of ``agreement`` copies from the ``target`` of its ``ticket_terms`` when it starts
        (``_slm_target_values``), as items."""
        return (
            ("target_id", target["target_id"]),
            ("agreement_id", agreement.id),
            ("agreement_type", agreement.agreement_type),
            ("agreement_revision", agreement.revision),
            ("target_agreement_id", target["target_agreement_id"]),
            ("name", self.env["slm.target"]._slm_clock_name_of(target)),
            ("metric", target["metric"]),
            ("priority", target["priority"]),
            ("target_hours", target["target_hours"]),
            ("warning_percent", target["warning_percent"]),
            ("calendar_id", target["calendar_id"]),
        )

    # -- clocks ---------------------------------------------------------------------

    @api.model
    def _slm_target_values(self, agreement, target):
        """What a clock of ``agreement`` copies from its ``target`` when it starts."""
        return dict(self._slm_clock_items(agreement, target._slm_ticket_terms()))

    def _slm_clock_values(self, terms, rules, start, paused_at=None):
        return {
            **terms,
            "rules": rules,
            "ticket_id": self.id,
            "company_id": self.company_id.id,
            "stop_at_notification": terms["metric"] == "resolution"
            and self.service_id.slm_stop_at_notification,
            "start_date": start,
            "paused_at": paused_at,
        }

    def _slm_sync_clocks(self, new=False, revised_at=None):
        """Start clocks for targets that now apply, cancel those that no longer do.

        Returns ``{ticket: [line, ...]}``, what changed in words. Built for batches:
        the agreements and calendars are read once and the new clocks are inserted
        in one statement. ``new`` tickets have no clocks yet. With ``revised_at``
        (agreements were revised then), running clocks whose target's terms changed
        are cancelled and, like targets that newly apply, start at that instant
        with the new terms: a revision applies from its date, never before.
        Breached clocks keep their history and stay counted; closed tickets keep
        the clocks they were closed with.
        """
        now = fields.Datetime.now()
        # Nothing starts in the future, whatever the skew between this server's clock and another's.
        at = min(revised_at or now, now)
        Clock = self.env["slm.clock"]
        changes, new_clocks, sla_of = defaultdict(list), [], defaultdict(list)
        cancelled = []
        open_tickets = self.filtered(lambda t: not t.closed)
        if not new:
            Clock._slm_fetch_for(open_tickets)
        for ticket in open_tickets:
            sla_id, terms = self._slm_terms_at(
                self._slm_scope_terms(ticket._slm_scope_key()), ticket.create_date or now
            )
            sla_of[sla_id].append(ticket.id)
            wanted = {
                (values["agreement_id"], values["target_id"]): values
                for values in (dict(items) for items, _rules in terms)
            }
            # A new ticket has no clock yet: nothing to read.
            kept = (
                Clock
                if new
                else ticket.slm_clock_ids._slm_scoped().filtered(lambda c: c.status != "cancelled")
            )
            running = kept.filtered(lambda c: not c.reached_date and c.status != "breached")
            obsolete = running.filtered(lambda c, w=wanted: (c.agreement_id.id, c.target_id.id) not in w)
            superseded = Clock
            if revised_at:
                # Breached before the revision: that is history, under the old terms.
                superseded = (running - obsolete).filtered(
                    lambda c, w=wanted: (
                        not (c.deadline and c.deadline < revised_at)
                        and c._slm_terms_changed(w[c.agreement_id.id, c.target_id.id])
                    )
                )
            cancelled += (obsolete | superseded).ids
            changes[ticket] += [self.env._("%(clock)s: no longer applies", clock=c.name) for c in obsolete]
            changes[ticket] += [
                self.env._("%(clock)s: replaced by the new terms", clock=c.name) for c in superseded
            ]
            # create_date is the database's clock: it may run ahead of this server's.
            opened = min(ticket.create_date or now, now).replace(microsecond=0)
            covered = {(c.agreement_id.id, c.target_id.id) for c in kept - obsolete - superseded}
            for items, rules in sorted(terms, key=lambda clock: dict(clock[0])["target_id"]):
                values = dict(items)
                if (values["agreement_id"], values["target_id"]) in covered:
                    continue
                # An SLA counts from the ticket's opening (also after a priority change);
                # an OLA from when its team got the ticket; revised terms from their revision.
                sla_from_opening = values["agreement_type"] == "sla" and not revised_at
                start = opened if new or sla_from_opening else at
                new_clocks.append(
                    ticket._slm_clock_values(
                        values, rules, start, paused_at=at if ticket.stage_id.slm_pause else None
                    )
                )
                changes[ticket].append(self.env._("%(clock)s: started", clock=values["name"]))
        Clock.browse(cancelled)._slm_add_events("cancel", at)
        problems = {}
        if new_clocks:
            Clock._slm_start(new_clocks, now, problems, new=new)
        for sla_id, ticket_ids in sla_of.items():
            tickets = self.browse(ticket_ids)
            tickets.filtered(lambda t, a=sla_id: t.slm_sla_id.id != a)._slm_set_sla(sla_id)
        if problems:
            failed = self.browse(list(problems))
            failed._slm_log_changes(
                {ticket: problems[ticket.id] for ticket in failed},
                self.env._("Service levels could not start:"),
            )
        return changes

    def _slm_set_sla(self, sla_id):
        """Which SLA applies: stored with the ticket's own update (no write of its own, no tracking)."""
        self.env.cache.update(self, self._fields["slm_sla_id"], [sla_id or None] * len(self), dirty=True)

    def _slm_write_system(self, vals):
        """Write the fields only the product writes (``SYSTEM_FIELDS``), without moving clocks."""
        assert set(vals) <= set(SYSTEM_FIELDS)
        return super(HelpdeskTicket, self.sudo()).write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            vals_list = [{k: v for k, v in vals.items() if k not in SYSTEM_FIELDS} for vals in vals_list]
        tickets = super().create(vals_list)
        # Applying agreements is the system's doing: agents and portal users need no rights on them.
        tickets.sudo()._slm_sync_clocks(new=True)
        if any(vals.get("slm_major_incident") or vals.get("outage_restored") for vals in vals_list):
            tickets._slm_propose_reviews()
        return tickets

    def write(self, vals):
        if set(SYSTEM_FIELDS) & set(vals):
            raise AccessError(
                self.env._(
                    "The service level of a ticket (which agreement applies, what its clocks say) is "
                    "decided by the service level rules, not by hand."
                )
            )
        old_stages = {ticket.id: ticket.stage_id for ticket in self} if "stage_id" in vals else {}
        assigned = self.filtered(lambda t: not t.user_id) if vals.get("user_id") else self.browse()
        result = super().write(vals)
        now = fields.Datetime.now()
        if set(SCOPE_FIELDS) & set(vals):
            self.sudo()._slm_sync_clocks()
        # Events are recorded per kind over the whole batch: mass stage changes stay a few queries.
        # Recording them is the system's doing: agents need no rights on clocks.
        Clock = self.env["slm.clock"].sudo()
        events, reopened = defaultdict(lambda: Clock), self.browse()
        moved = self.sudo().filtered(
            lambda t: (
                t.id in old_stages
                and (old_stages[t.id].slm_pause, old_stages[t.id].closed)
                != (t.stage_id.slm_pause, t.stage_id.closed)
            )
        )
        Clock._slm_fetch_for(moved | assigned)
        for ticket in moved:
            before, after = old_stages[ticket.id], ticket.stage_id
            if after.slm_pause and not before.slm_pause:
                events["pause"] |= ticket.slm_clock_ids._slm_waiting_with_ticket()
            elif before.slm_pause and not after.slm_pause:
                events["resume"] |= ticket.slm_clock_ids._slm_waiting_with_ticket()
            if after.closed and not before.closed:
                events["reached"] |= ticket.slm_clock_ids
            elif before.closed and not after.closed:
                reopened |= ticket
        for kind in ("pause", "resume", "reached"):
            events[kind]._slm_add_events(kind, now)
        if reopened:
            reopened.sudo().slm_clock_ids._slm_reopen(now)
            reopened._slm_write_system({"customer_notified": False})
        assigned.sudo().slm_clock_ids._slm_responses_ending_at("assignment")._slm_add_events("reached", now)
        if set(MAJOR_INCIDENT_FIELDS) & set(vals):
            self._slm_propose_reviews()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_timed(self):
        """The clocks of a ticket are the evidence of the service levels it was given: deleting the
        ticket would delete them with it."""
        timed = self.sudo().filtered("slm_clock_ids")
        if timed:
            raise UserError(
                self.env._(
                    "%(tickets)s: service levels were timed on these tickets, and their clocks are the "
                    "evidence of it. Close or archive them instead of deleting them.",
                    tickets=", ".join(timed.mapped("display_name")),
                )
            )

    def _slm_is_major_incident(self):
        """Flagged so, or an outage restored after the company's threshold."""
        self.ensure_one()
        if self.slm_major_incident:
            return True
        threshold = self.company_id.slm_major_incident_hours
        return bool(
            self.is_outage
            and self.outage_start
            and self.outage_restored
            and threshold
            and self.outage_restored - self.outage_start >= timedelta(hours=threshold)
        )

    def _slm_propose_reviews(self):
        """A draft extraordinary review for each major incident that has none yet (the system's doing)."""
        for ticket in self.sudo().filtered(lambda t: not t.slm_review_id):
            if ticket._slm_is_major_incident():
                self.env["slm.review"].sudo()._slm_propose_for_incident(ticket)

    def _slm_breach_reason_activities(self):
        activity_type = self.env.ref(
            "service_level_management.mail_activity_type_breach_reason", raise_if_not_found=False
        )
        return self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def action_slm_breach_reason(self):
        """Say why this ticket missed its targets."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Why Missed"),
            "res_model": "slm.breach.reason.record",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def _message_post_after_hook(self, message, msg_vals):
        """The first reply of an agent to the customer ends the response clocks."""
        result = super()._message_post_after_hook(message, msg_vals)
        # Once answered, later replies stop at the mark, which comes with the ticket's row: no clock is
        # read. Notes first: the ticket's own creation posts one before its clocks start.
        if (
            message.message_type == "comment"
            and message.subtype_id.id == self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
            and self.slm_awaiting_response
            and self._slm_is_agent_reply(message.author_id)
        ):
            self.env["slm.clock"]._slm_fetch_for(self)
            responses = self.sudo().slm_clock_ids._slm_responses_ending_at("reply")._slm_running()
            responses._slm_record("reached", message.date or fields.Datetime.now())
        return result

    def _slm_is_agent_reply(self, author):
        """A helpdesk agent wrote it, not someone of the customer (who may be an internal user too)."""
        self.ensure_one()
        # Usually the user who posts: no need to look the author's users up.
        author_user = self.env.user if author == self.env.user.partner_id else author.user_ids[:1]
        customer = self.commercial_partner_id
        return bool(
            author_user
            and author_user.has_group("helpdesk_mgmt.group_helpdesk_user_own")
            and not (customer and author.commercial_partner_id == customer)
        )

    def action_slm_notify_restored(self):
        """Tell the customer the service is restored; clocks that wait for it stop now."""
        for ticket in self:
            if not ticket.partner_id:
                raise UserError(
                    self.env._("The ticket %(ticket)s has no customer to tell.", ticket=ticket.display_name)
                )
            now = fields.Datetime.now()
            ticket.message_post(
                body=self.env._("The service is restored."),
                partner_ids=ticket.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
            ticket._slm_write_system({"customer_notified": now})
            if ticket.is_outage and not ticket.outage_restored:
                ticket.outage_restored = now
            ticket.sudo().slm_clock_ids._slm_add_events("customer_notified", now)

    def action_slm_recompute(self):
        """Apply the agreements as they are now to these open tickets, and log what changed.

        A service level manager's explicit, logged action; the system then does the work."""
        if not self.env.user.has_group("service_catalog.group_slm_manager"):
            raise AccessError(
                self.env._("Only service level managers recompute the service levels of tickets.")
            )
        self.check_access("write")
        tickets = self.filtered(lambda t: not t.closed).sudo()
        changes = tickets._slm_sync_clocks()
        for clock in tickets.slm_clock_ids.filtered(lambda c: c.status != "cancelled")._slm_evaluate():
            changes[clock.ticket_id].append(self.env._("%(clock)s: re-evaluated", clock=clock.name))
        tickets._slm_log_changes(changes, self.env._("Service levels recomputed:"))
        return True

    def _slm_follow_terms(self, revised_at):
        changes = self._slm_sync_clocks(revised_at=revised_at)
        self.filtered(lambda t: changes[t])._slm_log_changes(
            changes,
            self.env._(
                "The agreements' new terms apply from %(date)s:", date=format_datetime(self.env, revised_at)
            ),
        )

    def _slm_log_changes(self, changes, title):
        """A note on each ticket listing its changes (``{ticket: [line, ...]}``)."""
        bodies = {
            ticket.id: Markup("<p>%s</p><ul>%s</ul>")
            % (title, Markup().join(Markup("<li>%s</li>") % line for line in changes.get(ticket) or ["-"]))
            for ticket in self
        }
        self._message_log_batch(bodies)

    @api.model
    def _slm_follow_revision(self, agreement, instant=None):
        """Mark the open tickets ``agreement`` may concern to follow its new terms from ``instant``
        (default: now).

        Those it measures, and those its new terms may reach: a customer's or
        service SLA reaches its customer's tickets, a corporate one every ticket
        of its company, an OLA its team's. The cron applies the terms in batches
        (``_cron_slm_follow_revisions``), from this instant.
        """
        concerned = [[("slm_clock_ids.agreement_id", "=", agreement.id)]]
        if agreement.agreement_type == "sla":
            concerned.append([("slm_sla_id", "=", agreement.id)])
            if agreement.level == "corporate":
                concerned.append([("company_id", "=", agreement.company_id.id)])
            elif agreement.commercial_partner_id:
                concerned.append([("commercial_partner_id", "=", agreement.commercial_partner_id.id)])
        elif agreement.team_id:
            concerned.append([("team_id", "=", agreement.team_id.id)])
        tickets = self.search(expression.AND([[("closed", "=", False)], expression.OR(concerned)]))
        if not tickets:
            return
        self.flush_model(["slm_revised_at"])
        # The earliest pending revision wins: the tickets follow every later one from it.
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET slm_revised_at = LEAST(slm_revised_at, %s) WHERE id IN %s",
                instant or fields.Datetime.now(),
                tuple(tickets.ids),
            )
        )
        tickets.invalidate_recordset(["slm_revised_at"])
        self.env.ref("service_level_management.ir_cron_follow_revisions")._trigger()

    @api.model
    def _cron_slm_follow_revisions(self):
        """Open tickets marked by a revision follow the new terms and say so, a batch per call."""
        self = self.sudo()
        pending = self.search([("slm_revised_at", "!=", False)], limit=REVISION_BATCH, order="id")
        for revised_at, tickets in pending.grouped("slm_revised_at").items():
            tickets = tickets.filtered(lambda t: not t.closed)
            try:
                with self.env.cr.savepoint():
                    tickets._slm_follow_terms(revised_at)
            except Exception:  # one ticket never stops the others
                for ticket in tickets:
                    try:
                        with self.env.cr.savepoint():
                            ticket._slm_follow_terms(revised_at)
                    except Exception:
                        _logger.exception("Ticket %s could not follow the revised terms", ticket.id)
        pending._slm_write_system({"slm_revised_at": False})
        remaining = self.search_count([("slm_revised_at", "!=", False)])
        self.env["ir.cron"]._notify_progress(done=len(pending), remaining=remaining)
