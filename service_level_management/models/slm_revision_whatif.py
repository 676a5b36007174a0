# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from slm_engine import Calendar, ClockPolicy, Compliance, EngineError, Status, evaluate

from .slm_clock import clock_now, recorded_events
from .slm_target import scope_matches

# How many days of tickets a proposal is replayed against (a system parameter overrides it).
WHATIF_DAYS_PARAM = "service_level_management.whatif_days"
WHATIF_DAYS = 90
OUTCOMES = [
    ("met", "Met"),
    ("breached", "Breached"),
    ("running", "Running"),
    ("none", "Not Measured"),
]


def _outcome(state):
    if state is None:
        return "none"
    if state.status is Status.MET:
        return "met"
    if state.status is Status.BREACHED:
        return "breached"
    return "running"


def _rate(counts):
    """Share of decided clocks that met their target, in %; None when none is decided."""
    ratio = Compliance(met=counts["met"], breached=counts["breached"], ongoing=counts["running"]).ratio
    return 100.0 * ratio if ratio is not None else None


class SlmRevisionWhatif(models.Model):
    """What the terms of a proposed revision would have meant for the agreement's recent tickets.

    One line per pair of targets — the one in force and the proposed one a ticket
    would get — with the outcomes of the same tickets under each. Computed by
    replaying the stored events of the tickets' clocks through the engine under
    both terms: written by the system, read by the reviewers.
    """

    _name = "slm.revision.whatif"
    _description = "What-if of a Proposed Revision"
    _order = "proposal_id, metric, id"

    proposal_id = fields.Many2one("slm.agreement", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="proposal_id.company_id", store=True, index=True)
    metric = fields.Selection([("response", "Response"), ("resolution", "Resolution")], required=True)
    target_in_force = fields.Char(string="In Force", help="The target these tickets have now.")
    target_proposed = fields.Char(string="Proposed", help="The target these tickets would have.")
    ticket_count = fields.Integer(string="Tickets")
    met_in_force = fields.Integer(string="Met Now")
    breached_in_force = fields.Integer(string="Breached Now")
    met_proposed = fields.Integer(string="Met as Proposed")
    breached_proposed = fields.Integer(string="Breached as Proposed")
    rate_in_force = fields.Float(string="Met Now (%)", digits=(5, 1), aggregator=False)
    rate_proposed = fields.Float(string="Met as Proposed (%)", digits=(5, 1), aggregator=False)
    has_rates = fields.Boolean(help="Some tickets were decided (met or breached) under both terms.")
    changed_count = fields.Integer(string="Outcome Changes")

    @api.model
    def _slm_replay(self, proposal):
        """Replay the clocks of the last days' tickets of the agreement ``proposal`` revises under the
        terms in force and under the proposed ones; store the comparison on the proposal."""
        proposal = proposal.sudo()
        agreement = proposal.revision_of_id
        days = int(self.env["ir.config_parameter"].sudo().get_param(WHATIF_DAYS_PARAM, WHATIF_DAYS))
        now = datetime.now(UTC).replace(microsecond=0)
        clocks = self._slm_recent_clocks(agreement, now - timedelta(days=days))
        scopes = self._slm_ticket_scopes({clock["ticket_id"] for clock in clocks})
        in_force = _Terms(agreement._slm_effective_targets())
        proposed = _Terms(proposal._slm_effective_targets())
        lines = defaultdict(
            lambda: {"in_force": defaultdict(int), "proposed": defaultdict(int), "changed": []}
        )
        for clock in clocks:
            scope = scopes[clock["ticket_id"]]
            old_target, new_target = (
                in_force.best(clock["metric"], scope),
                proposed.best(clock["metric"], scope),
            )
            if not (old_target or new_target):
                continue
            old_state = in_force.evaluate(old_target, clock, now)
            new_state = proposed.evaluate(new_target, clock, now)
            line = lines[clock["metric"], old_target, new_target]
            old_outcome, new_outcome = _outcome(old_state), _outcome(new_state)
            line["in_force"][old_outcome] += 1
            line["proposed"][new_outcome] += 1
            if old_outcome != new_outcome:
                line["changed"].append((clock, old_outcome, new_outcome, old_state, new_state))
        proposal.whatif_ids.unlink()
        proposal.whatif_ticket_ids.unlink()
        for (metric, old_target, new_target), line in sorted(
            lines.items(), key=lambda item: (item[0][0], item[0][1].id or 0, item[0][2].id or 0)
        ):
            old_rate, new_rate = _rate(line["in_force"]), _rate(line["proposed"])
            whatif = self.create(
                {
                    "proposal_id": proposal.id,
                    "metric": metric,
                    "target_in_force": old_target._slm_text() if old_target else False,
                    "target_proposed": new_target._slm_text() if new_target else False,
                    "ticket_count": sum(line["in_force"].values()),
                    "met_in_force": line["in_force"]["met"],
                    "breached_in_force": line["in_force"]["breached"],
                    "met_proposed": line["proposed"]["met"],
                    "breached_proposed": line["proposed"]["breached"],
                    "rate_in_force": old_rate or 0.0,
                    "rate_proposed": new_rate or 0.0,
                    "has_rates": old_rate is not None and new_rate is not None,
                    "changed_count": len(line["changed"]),
                }
            )
            self.env["slm.revision.whatif.ticket"].create(
                [
                    {
                        "whatif_id": whatif.id,
                        "ticket_id": clock["ticket_id"],
                        "outcome_in_force": old_outcome,
                        "outcome_proposed": new_outcome,
                        "deadline_in_force": _naive(old_state and old_state.deadline),
                        "deadline_proposed": _naive(new_state and new_state.deadline),
                    }
                    for clock, old_outcome, new_outcome, old_state, new_state in line["changed"]
                ]
            )
        # The replay is the system's doing, also while the proposal waits for its reviewers.
        proposal.sudo().with_context(skip_validation_check=True).whatif_date = now.replace(tzinfo=None)
        return proposal.whatif_ids

    @api.model
    def _slm_recent_clocks(self, agreement, since):
        """The last clock per ticket and metric of ``agreement`` started since ``since``, with its events."""
        Clock = self.env["slm.clock"]
        Clock.flush_model()
        self.env.cr.execute(
            SQL(
                """
            SELECT DISTINCT ON (ticket_id, metric) id, ticket_id, metric, start_date, stop_at_notification
              FROM slm_clock
             WHERE agreement_id = %s AND start_date >= %s AND status != 'cancelled'
                   AND metric IN ('response', 'resolution')
             ORDER BY ticket_id, metric, id DESC
            """,
                agreement.id,
                since.replace(tzinfo=None),
            )
        )
        clocks = [
            {
                "id": clock_id,
                "ticket_id": ticket_id,
                "metric": metric,
                "stop_at_notification": stop_at_notification,
                "start": start,
            }
            for clock_id, ticket_id, metric, start, stop_at_notification in self.env.cr.fetchall()
        ]
        recorded = Clock.browse([clock["id"] for clock in clocks])._slm_recorded_events()
        for clock in clocks:
            clock["events"] = recorded_events(clock["start"], recorded[clock["id"]])
        return clocks

    @api.model
    def _slm_ticket_scopes(self, ticket_ids):
        """``{ticket id: (priority, category id, tag ids)}``, what decides which target a ticket gets."""
        if not ticket_ids:
            return {}
        Ticket = self.env["helpdesk.ticket"]
        Ticket.flush_model(["priority", "category_id", "tag_ids"])
        self.env.cr.execute(
            SQL("SELECT id, priority, category_id FROM helpdesk_ticket WHERE id = ANY(%s)", list(ticket_ids))
        )
        scopes = {
            ticket_id: (priority, category_id or False, set())
            for ticket_id, priority, category_id in self.env.cr.fetchall()
        }
        tags = Ticket._fields["tag_ids"]
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s FROM %s WHERE %s = ANY(%s)",
                SQL.identifier(tags.column1),
                SQL.identifier(tags.column2),
                SQL.identifier(tags.relation),
                SQL.identifier(tags.column1),
                list(ticket_ids),
            )
        )
        for ticket_id, tag_id in self.env.cr.fetchall():
            scopes[ticket_id][2].add(tag_id)
        return scopes


class _Terms:
    """The targets of one version of the terms, ready to replay clocks with."""

    def __init__(self, targets):
        self.by_metric = defaultdict(list)
        for target in targets.filtered(lambda t: t.metric in ("response", "resolution")).sorted(
            lambda t: (-t._slm_specificity(), t._slm_duration())
        ):
            self.by_metric[target.metric].append((target._slm_scope(), target))
        schedules = targets.env["resource.calendar"].union(*(t._slm_calendar_record() for t in targets))
        self.calendars = schedules._slm_calendars({})
        self.policies = {}
        self.empty = targets.browse()

    def best(self, metric, scope):
        """The target a ticket of ``scope`` gets for ``metric``, the most specific first (as tickets do)."""
        for target_scope, target in self.by_metric[metric]:
            if scope_matches(target_scope, *scope):
                return target
        return self.empty

    def evaluate(self, target, clock, now):
        if not target:
            return None
        key = (target.id, clock["stop_at_notification"])
        if key not in self.policies:
            terms = target._slm_clock_terms()
            calendar = self.calendars.get(terms["calendar_id"]) if terms["calendar_id"] else Calendar.always()
            self.policies[key] = (
                ClockPolicy(
                    target=timedelta(hours=terms["target_hours"]),
                    calendar=calendar,
                    warning=terms["warning_percent"] / 100,
                    stop_at_notification=clock["stop_at_notification"],
                )
                if calendar
                else None
            )
        policy = self.policies[key]
        if policy is None:
            return None
        try:
            return evaluate(policy, clock["events"], clock_now(clock["events"], now))
        except EngineError:
            return None


def _naive(instant):
    return instant.astimezone(UTC).replace(tzinfo=None) if instant else False


class SlmRevisionWhatifTicket(models.Model):
    """A ticket whose outcome the proposed terms would change."""

    _name = "slm.revision.whatif.ticket"
    _description = "Ticket a Proposed Revision Would Change"
    _order = "whatif_id, ticket_id"

    whatif_id = fields.Many2one(
        "slm.revision.whatif", string="What-if", required=True, index=True, ondelete="cascade"
    )
    proposal_id = fields.Many2one(related="whatif_id.proposal_id", store=True, index=True)
    company_id = fields.Many2one(related="whatif_id.company_id", store=True)
    metric = fields.Selection(related="whatif_id.metric")
    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    outcome_in_force = fields.Selection(OUTCOMES, string="Now")
    outcome_proposed = fields.Selection(OUTCOMES, string="As Proposed")
    deadline_in_force = fields.Datetime(string="Due Now")
    deadline_proposed = fields.Datetime(string="Due as Proposed")
