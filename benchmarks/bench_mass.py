"""What touches many open tickets at once, and the crons, at 100,000 open tickets.

Run with ``python3 tools/devenv.py bench-mass [N] [--customers K]`` (default 100,000 tickets and
1,000 customers). Two scratch databases made by the tool: service_level_management
(``--database``) and plain ``helpdesk_mgmt`` (``--plain-database``). In ours, each customer has a
customer SLA of six targets (response and resolution for every priority, for high and for urgent
ones) on the standard calendar, and each of two teams an OLA of two targets; the tickets are spread
over the customers, the priorities and the teams, each with four clocks. Both databases get the same
N tickets, created a thousand at a time.

Then, each step in a fresh process (so that its peak memory is its own), timed with its SQL queries:

- reassigning tickets to another agent, and moving them to the other team, a thousand per write as
  a mass edit in the list does, with tracking on — beside plain ``helpdesk_mgmt``;
- the measuring cron over every agreement and target, this month's tickets included;
- a revision of one team's OLA, approved, and the open tickets following it (the cron);
- a schedule change (a public holiday next week on the standard calendar), and the clock cron's pass
  over the first 100,000 clocks it made due.

Prints the cost per ticket or clock of each, the ratios to plain, and the peak memory of each step.
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta

from clock_cron import cron_pass

BATCH = 1000
WRITES = 3
PRIORITIES = ("0", "1", "2", "3")


def _registry(args, database):
    from odoo.modules.registry import Registry

    return Registry(database)


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(cr, work):
    """``(seconds, queries)`` of ``work()``, flushed and committed."""
    from odoo import api

    before, began = cr.sql_log_count, time.perf_counter()
    work()
    api.Environment(cr, 1, {}).flush_all()
    cr.commit()
    return time.perf_counter() - began, cr.sql_log_count - before


def setup(args, database, with_agreements):
    """Customers (with their SLAs), two teams (with their OLAs), agents, and the tickets."""
    from odoo import SUPERUSER_ID, api

    with _registry(args, database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        customers = env["res.partner"].create(
            [{"name": f"Customer {n}", "is_company": True} for n in range(args.customers)]
        )
        teams = env["helpdesk.ticket.team"].create([{"name": "First line"}, {"name": "Second line"}])
        agents = env["res.users"].create(
            [
                {
                    "name": f"Agent {n}",
                    "login": f"mass_agent_{n}",
                    "groups_id": [(6, 0, env.ref("helpdesk_mgmt.group_helpdesk_user").ids)],
                }
                for n in range(2)
            ]
        )
        if with_agreements:
            calendar = env.ref("resource.resource_calendar_std")
            common = {"state": "active", "date_start": date.today() - timedelta(days=40)}

            def target(metric, hours, priority=False):
                return (0, 0, {"metric": metric, "value": hours, "priority": priority})

            for start in range(0, len(customers), 100):
                env["slm.agreement"].create(
                    [
                        {
                            "title": f"SLA of {customer.name}",
                            "level": "customer",
                            "partner_id": customer.id,
                            "support_calendar_id": calendar.id,
                            "target_ids": [
                                target("response", 8),
                                target("resolution", 40),
                                target("response", 4, "2"),
                                target("resolution", 16, "2"),
                                target("response", 1, "3"),
                                target("resolution", 8, "3"),
                            ],
                            **common,
                        }
                        for customer in customers[start : start + 100]
                    ]
                )
            env["slm.agreement"].create(
                [
                    {
                        "title": f"OLA of {team.name}",
                        "agreement_type": "ola",
                        "level": "corporate",
                        "team_id": team.id,
                        "support_calendar_id": calendar.id,
                        "target_ids": [target("response", 2), target("resolution", 12)],
                        **common,
                    }
                    for team in teams
                ]
            )
            env["res.users"].create(
                {
                    "name": "Approver",
                    "login": "mass_approver",
                    "groups_id": [(6, 0, env.ref("service_catalog.group_slm_approver").ids)],
                }
            )
        cr.commit()
        Ticket = env["helpdesk.ticket"].with_context(tracking_disable=True, mail_create_nolog=True)
        for start in range(0, args.tickets, BATCH):
            Ticket.create(
                [
                    {
                        "name": f"Ticket {n}",
                        "description": "<p>Generated</p>",
                        "partner_id": customers[n % len(customers)].id,
                        "priority": PRIORITIES[n % len(PRIORITIES)],
                        "team_id": teams[n % 2].id,
                        "user_id": agents[0].id,
                    }
                    for n in range(start, min(start + BATCH, args.tickets))
                ]
            )
            cr.commit()
            env.invalidate_all()
        clocks = env["slm.clock"].search_count([]) if with_agreements else 0
    return {"clocks": clocks}


def _mass_writes(env, values_of, domain):
    """``WRITES`` writes of ``BATCH`` open tickets each, as a mass edit in the list: seconds and queries
    per write."""
    seconds, queries = [], []
    for _ in range(WRITES):
        tickets = env["helpdesk.ticket"].search([("closed", "=", False), *domain], limit=BATCH, order="id")
        if len(tickets) < BATCH:
            break
        spent, count = _timed(env.cr, lambda t=tickets: t.write(values_of(env)))
        seconds.append(spent)
        queries.append(count)
        env.invalidate_all()
    return {
        "writes": len(seconds),
        "ms_per_ticket": statistics.median(seconds) * 1000 / BATCH,
        "queries": statistics.median(queries),
    }


def reassign(args, database):
    """Another agent for a thousand tickets at a time, then the other team."""
    from odoo import SUPERUSER_ID, api

    with _registry(args, database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        first, second = env["res.users"].search([("login", "like", "mass_agent_")], order="login")
        first_line, second_line = env["helpdesk.ticket.team"].search([], order="id")[-2:]
        agent = _mass_writes(env, lambda env: {"user_id": second.id}, [("user_id", "=", first.id)])
        team = _mass_writes(env, lambda env: {"team_id": second_line.id}, [("team_id", "=", first_line.id)])
    return {"agent": agent, "team": team, "peak_mb": _peak_mb()}


def measure(args, database):
    """The measuring cron over every agreement in force."""
    from odoo import SUPERUSER_ID, api

    with _registry(args, database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        agreements = env["slm.agreement"].search_count([("state", "=", "active")])
        targets = env["slm.target"].search_count([("agreement_id.state", "=", "active")])
        seconds, queries = _timed(cr, env["slm.measurement"]._cron_measure)
        measurements = env["slm.measurement"].search_count([])
    return {
        "agreements": agreements,
        "targets": targets,
        "seconds": seconds,
        "queries": queries,
        "measurements": measurements,
        "peak_mb": _peak_mb(),
    }


def revise(args, database):
    """A stricter resolution in the second line's OLA, approved; its open tickets follow it."""
    from odoo import SUPERUSER_ID, api

    from odoo.addons.service_catalog.tests.common import activate

    with _registry(args, database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        ola = env["slm.agreement"].search(
            [("agreement_type", "=", "ola"), ("state", "=", "active")], order="id"
        )[-1]
        approver = env["res.users"].search([("login", "=", "mass_approver")])

        def apply():
            proposal = env["slm.agreement"].browse(ola.action_propose_revision()["res_id"])
            proposal.revision_reason = "The second line resolves faster"
            resolution = proposal.target_ids.filtered(lambda t: t.metric == "resolution")
            resolution.value -= 1
            activate(proposal, approver)

        apply_seconds, apply_queries = _timed(cr, apply)
        Ticket = env["helpdesk.ticket"]
        marked = Ticket.search_count([("slm_revised_at", "!=", False)])
        began, batches, batch_queries = time.perf_counter(), 0, []
        with _frozen_after(minutes=5):
            while Ticket.search_count([("slm_revised_at", "!=", False)]):
                batch_queries.append(_timed(cr, Ticket._cron_slm_follow_revisions)[1])
                batches += 1
                env.invalidate_all()
        follow_seconds = time.perf_counter() - began
    return {
        "apply_seconds": apply_seconds,
        "apply_queries": apply_queries,
        "tickets": marked,
        "follow_seconds": follow_seconds,
        "batches": batches,
        "max_batch_queries": max(batch_queries, default=0),
        "peak_mb": _peak_mb(),
    }


class _frozen_after:
    """Time moved ``minutes`` on, for the crons that act on what is due (the timer keeps real time)."""

    def __init__(self, minutes):
        from freezegun import freeze_time

        self.freezer = freeze_time(datetime.now() + timedelta(minutes=minutes), tick=True)

    def __enter__(self):
        self.freezer.start()

    def __exit__(self, *exc):
        self.freezer.stop()


def reschedule(args, database):
    """A public holiday next week on the standard calendar; the clock cron's pass over the first
    100,000 clocks it made due."""
    from odoo import SUPERUSER_ID, api
    from odoo.tools import SQL

    with _registry(args, database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        calendar = env.ref("resource.resource_calendar_std")
        holiday = date.today() + timedelta(days=7)
        Clock = env["slm.clock"]
        cr.execute(SQL("SELECT count(*) FROM slm_clock WHERE %s", Clock._slm_running_sql()))
        running = cr.fetchone()[0]

        def add_holiday():
            env["resource.calendar.leaves"].create(
                {
                    "name": "Public holiday",
                    "calendar_id": calendar.id,
                    "date_from": datetime.combine(holiday, datetime.min.time()),
                    "date_to": datetime.combine(holiday, datetime.max.time()).replace(microsecond=0),
                }
            )

        change_seconds, change_queries = _timed(cr, add_holiday)
        due = Clock.search_count([("evaluated_date", "=", False)])
        began = time.perf_counter()
        with _frozen_after(minutes=1):
            evaluated, batch_queries, _first_100k = cron_pass(env, until=100_000)
        cron_seconds = time.perf_counter() - began
    return {
        "running": running,
        "change_seconds": change_seconds,
        "change_queries": change_queries,
        "due": due,
        "evaluated": evaluated,
        "cron_seconds": cron_seconds,
        "batches": len(batch_queries),
        "max_batch_queries": max(batch_queries, default=0),
        "peak_mb": _peak_mb(),
    }


STEPS = {"reassign": reassign, "measure": measure, "revise": revise, "reschedule": reschedule}


def _step(args, name, database):
    """Run one step in a fresh process: its figures (JSON on the last line of its output)."""
    command = [sys.executable, __file__, "--config", args.config, "--database", args.database,
               "--plain-database", args.plain_database, "--tickets", str(args.tickets),
               "--customers", str(args.customers), "--step", name, "--step-database", database]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--plain-database", required=True)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=1_000)
    parser.add_argument("--step", choices=STEPS)
    parser.add_argument("--step-database")
    args = parser.parse_args()
    import odoo

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    if args.step:
        print(json.dumps(STEPS[args.step](args, args.step_database)))
        return

    began = time.perf_counter()
    ours = setup(args, args.database, with_agreements=True)
    setup(args, args.plain_database, with_agreements=False)
    print(
        f"open tickets: {args.tickets} in each database, {ours['clocks']} clocks in ours, "
        f"{args.customers} customer SLAs of 6 targets and 2 OLAs of 2 (setup {time.perf_counter() - began:.0f} s)"
    )
    moved, plain = _step(args, "reassign", args.database), _step(args, "reassign", args.plain_database)
    for what, label in (("agent", "another agent"), ("team", "another team")):
        ours_cost, plain_cost = moved[what], plain[what]
        ratio = ours_cost["ms_per_ticket"] / plain_cost["ms_per_ticket"]
        print(
            f"mass edit, {label}, {ours_cost['writes']} writes of {BATCH} tickets: "
            f"ours {ours_cost['ms_per_ticket']:.2f} ms/ticket ({ours_cost['queries']:.0f} queries), "
            f"plain {plain_cost['ms_per_ticket']:.2f} ms/ticket ({plain_cost['queries']:.0f} queries): {ratio:.2f}x"
        )
    measured = _step(args, "measure", args.database)
    print(
        f"measuring cron: {measured['agreements']} agreements, {measured['targets']} targets: "
        f"{measured['seconds']:.1f} s, {measured['queries']} queries, {measured['measurements']} measurements, "
        f"peak memory {measured['peak_mb']:.0f} MB (goal: under 60 s)"
    )
    revised = _step(args, "revise", args.database)
    print(
        f"OLA revision approved and applied: {revised['apply_seconds']:.1f} s, {revised['apply_queries']} queries; "
        f"{revised['tickets']} open tickets follow it in {revised['follow_seconds']:.1f} s "
        f"({revised['follow_seconds'] * 1000 / max(revised['tickets'], 1):.2f} ms/ticket), "
        f"{revised['batches']} batches of at most {revised['max_batch_queries']} queries, "
        f"peak memory {revised['peak_mb']:.0f} MB"
    )
    rescheduled = _step(args, "reschedule", args.database)
    print(
        f"schedule change (a public holiday): {rescheduled['change_seconds'] * 1000:.0f} ms, "
        f"{rescheduled['change_queries']} queries; {rescheduled['due']} of {rescheduled['running']} running "
        f"clocks due again"
    )
    print(
        f"clock cron: {rescheduled['evaluated']} due clocks in {rescheduled['cron_seconds']:.1f} s "
        f"({rescheduled['cron_seconds'] * 1e6 / max(rescheduled['evaluated'], 1):.0f} us/clock), "
        f"{rescheduled['batches']} batches of at most {rescheduled['max_batch_queries']} queries, "
        f"peak memory {rescheduled['peak_mb']:.0f} MB (goal: 100,000 under 30 s, under 500 MB)"
    )


if __name__ == "__main__":
    main()
