"""Ticket clocks at scale: creation overhead and one full cron pass.

Run with ``python3 tools/devenv.py bench-tickets [N]`` (default 100,000 tickets). It needs
three scratch databases made by the tool: the three addons (``--database``), plain
``helpdesk_mgmt`` (``--plain-database``) and OCA ``helpdesk_mgmt_sla``
(``--sla-database``). Each ticket gets two clocks (response and resolution on the
standard 40-hour calendar), or two ``helpdesk_mgmt_sla`` rules. Prints, per database,
the time and the SQL queries per batch, the cron pass, then
``ratio created-with-clocks/plain: <number>``.
"""

import argparse
import time
from datetime import timedelta

from clock_cron import cron_pass

BATCH = 1000
CRON_BATCH = 2000


class Workload:
    """One database's share of the run: a customer, its tickets, and the time each batch took."""

    def __init__(self, registry, prepare, **ticket_values):
        self.cr = registry.cursor()
        from odoo import SUPERUSER_ID, api

        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        partner = self.env["res.partner"].create({"name": "Benchmark customer", "is_company": True})
        self.values = {
            "name": "Benchmark ticket",
            "description": "<p>Generated</p>",
            "partner_id": partner.id,
            **prepare(self.env, partner),
            **ticket_values,
        }
        self.cr.commit()
        self.seconds, self.queries = [], []

    def create_batch(self, size):
        env = self.env
        before, began = self.cr.sql_log_count, time.perf_counter()
        env["helpdesk.ticket"].with_context(tracking_disable=True, mail_create_nolog=True).create(
            [dict(self.values) for _ in range(size)]
        )
        env.flush_all()
        self.cr.commit()
        self.seconds.append(time.perf_counter() - began)
        self.queries.append(self.cr.sql_log_count - before)
        env.invalidate_all()

    def close_batch(self, size):
        """Close ``size`` open tickets in one write (a mass action): seconds and queries."""
        env = self.env
        tickets = env["helpdesk.ticket"].search([("closed", "=", False)], limit=size)
        closed = env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        before, began = self.cr.sql_log_count, time.perf_counter()
        tickets.with_context(tracking_disable=True).write({"stage_id": closed.id})
        env.flush_all()
        self.cr.commit()
        return time.perf_counter() - began, self.cr.sql_log_count - before

    def report(self, label, count, extra=""):
        total = sum(self.seconds)
        print(
            f"{label:32s} {total:8.1f} s ({total / count * 1000:.2f} ms/ticket), "
            f"{sum(self.queries) / len(self.queries):.0f} queries/batch{extra}"
        )


def _plain(env, partner):
    return {}


def _oca_sla(env, partner):
    """OCA helpdesk_mgmt_sla: two SLA rules on a team with the standard calendar."""
    stages = env["helpdesk.ticket.stage"].search([], order="sequence")
    team = env["helpdesk.ticket.team"].create(
        {
            "name": "Benchmark team",
            "use_sla": True,
            "resource_calendar_id": env.ref("resource.resource_calendar_std").id,
        }
    )
    env["helpdesk.sla"].create(
        [
            {"name": "Respond", "team_ids": [(6, 0, team.ids)], "hours": 4, "stage_id": stages[1].id},
            {"name": "Resolve", "team_ids": [(6, 0, team.ids)], "hours": 16, "stage_id": stages[-1].id},
        ]
    )
    return {"team_id": team.id}


def _ours(env, partner):
    """A customer SLA with response and resolution targets on the standard calendar."""
    from odoo import fields

    env["slm.agreement"].create(
        {
            "title": "Benchmark SLA",
            "level": "customer",
            "partner_id": partner.id,
            "state": "active",
            "date_start": fields.Date.today() - timedelta(days=1),
            "support_calendar_id": env.ref("resource.resource_calendar_std").id,
            "target_ids": [
                (0, 0, {"metric": "response", "value": 4}),
                (0, 0, {"metric": "resolution", "value": 16}),
            ],
        }
    )
    return {}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--plain-database", required=True)
    parser.add_argument("--sla-database", required=True, help="with OCA helpdesk_mgmt_sla")
    parser.add_argument("--tickets", type=int, default=100_000)
    args = parser.parse_args()

    import odoo
    from odoo import fields
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    plain = Workload(Registry(args.plain_database), _plain)
    ours = Workload(Registry(args.database), _ours)
    oca = Workload(Registry(args.sla_database), _oca_sla)

    # Batches alternate between the databases, in a rotating order, so that the
    # machine's drift over the run weighs on each of them alike.
    workloads = [plain, ours, oca]
    created = 0
    while created < args.tickets:
        size = min(BATCH, args.tickets - created)
        for workload in workloads:
            workload.create_batch(size)
        workloads.append(workloads.pop(0))
        created += size

    # A mass action on fresh tickets: close a batch in one write.
    closing = {
        name: workload.close_batch(BATCH)
        for name, workload in (("plain", plain), ("ours", ours), ("oca", oca))
    }

    # One full cron pass with every open clock due: a month later everything is breached.
    from freezegun import freeze_time

    env = ours.env
    Clock = env["slm.clock"]
    clocks = Clock.search_count([])
    open_clocks = Clock.search_count([("status", "in", ("ongoing", "paused", "at_risk"))])
    began = time.perf_counter()
    with freeze_time(fields.Datetime.now() + timedelta(days=30)):
        _evaluated, batch_queries, first_100k_seconds = cron_pass(env)
    cron_seconds = time.perf_counter() - began
    batches = len(batch_queries)
    breached = Clock.search_count([("status", "=", "breached")])

    # helpdesk_mgmt_sla has no cron. Reading: find the expired tickets and every deadline.
    # Storing (what our pass does): its own state update, _stage_recompute, on every
    # ticket SLA in progress, in batches committed like ours.
    oca_env = oca.env
    oca_slas = oca_env["helpdesk.ticket.sla"].search_count([])
    began = time.perf_counter()
    with freeze_time(fields.Datetime.now() + timedelta(days=30)):
        oca_expired = oca_env["helpdesk.ticket"].search_count([("sla_expired", "=", True)])
        oca_env["helpdesk.ticket"].search([]).mapped("sla_deadline")
    oca_read_seconds = time.perf_counter() - began
    began = time.perf_counter()
    with freeze_time(fields.Datetime.now() + timedelta(days=30)):
        pending = oca_env["helpdesk.ticket.sla"].search([("state", "=", "in_progress")]).ids
        for start in range(0, len(pending), CRON_BATCH):
            for ticket_sla in oca_env["helpdesk.ticket.sla"].browse(pending[start : start + CRON_BATCH]):
                ticket_sla._stage_recompute()
            oca_env.flush_all()
            oca.cr.commit()
            oca_env.invalidate_all()
    oca_store_seconds = time.perf_counter() - began
    oca_stored = oca_env["helpdesk.ticket.sla"].search_count([("state", "=", "expired")])
    closing = {
        name: workload.close_batch(BATCH)
        for name, workload in (("plain", plain), ("ours", ours), ("oca", oca))
    }
    for workload in workloads:
        workload.cr.close()

    n = args.tickets
    ratios = sorted(o / p for o, p in zip(ours.seconds, plain.seconds, strict=True))
    print(f"tickets: {n}, batches of {BATCH}, alternating between the databases")
    plain.report("plain helpdesk_mgmt creation:", n)
    ours.report("creation with clocks:", n, f", {clocks} clocks")
    oca.report("OCA helpdesk_mgmt_sla creation:", n, f", {oca_slas} ticket SLAs")
    print(
        f"cron pass over {open_clocks} open clocks: {cron_seconds:.1f} s in {batches} batches, "
        f"{max(batch_queries, default=0)} queries per batch at most, {breached} breached"
    )
    if first_100k_seconds is not None:
        print(f"cron pass: the first 100000 clocks in {first_100k_seconds:.1f} s")
    print(
        f"OCA helpdesk_mgmt_sla, reading: {oca_expired} expired tickets and every deadline found in "
        f"{oca_read_seconds:.1f} s (it has no cron)"
    )
    print(
        f"OCA helpdesk_mgmt_sla, storing: _stage_recompute of {len(pending)} ticket SLAs in progress: "
        f"{oca_store_seconds:.1f} s, {oca_stored} expired"
    )
    for name, (seconds, queries) in closing.items():
        print(f"closing {BATCH} tickets in one write, {name}: {seconds:.2f} s, {queries} queries")
    print(f"median batch ratio created-with-clocks/plain: {ratios[len(ratios) // 2]:.2f}")
    print(f"ratio OCA-helpdesk_mgmt_sla/ours creation: {sum(oca.seconds) / sum(ours.seconds):.2f}")
    print(f"ratio OCA-helpdesk_mgmt_sla/ours storing every status: {oca_store_seconds / cron_seconds:.2f}")
    print(f"ratio created-with-clocks/plain: {sum(ours.seconds) / sum(plain.seconds):.2f}")


if __name__ == "__main__":
    main()
