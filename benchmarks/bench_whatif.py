"""What-if of a proposed revision: replaying the clocks of an agreement's recent tickets.

Run with ``python3 tools/devenv.py bench-whatif [tickets]`` (default 10,000). Opens the
tickets of one customer SLA (two targets, on the standard calendar with public
holidays) spread over the last 90 days, pauses, resumes and closes them at random,
then times ``slm.revision.whatif._slm_replay`` on a proposal that tightens both
targets, twice (cold and warm engine calendars). Goal: under 5 s for 10,000 tickets.
"""

import argparse
import random
import time
from datetime import datetime, timedelta


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--tickets", type=int, default=10_000)
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True})
        calendar = env.ref("resource.resource_calendar_std")
        env["resource.calendar.leaves"].create(
            [
                {"name": f"Holiday {day}", "date_from": day, "date_to": day + timedelta(hours=23, minutes=59)}
                for day in (datetime.now() - timedelta(days=d) for d in range(3, 100, 17))
            ]
        )
        customer = env["res.partner"].create({"name": "Replay Hospital", "is_company": True})
        sla = env["slm.agreement"].create(
            {
                "title": "Replay Hospital",
                "level": "customer",
                "partner_id": customer.id,
                "state": "active",
                "support_calendar_id": calendar.id,
                "date_start": (datetime.now() - timedelta(days=400)).date(),
                "target_ids": [
                    (0, 0, {"metric": "response", "value": 4}),
                    (0, 0, {"metric": "resolution", "value": 16}),
                ],
            }
        )
        began = time.perf_counter()
        rng = random.Random(7)
        tickets = env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Replay {n}",
                    "description": "-",
                    "partner_id": customer.id,
                    "priority": rng.choice("0123"),
                }
                for n in range(args.tickets)
            ]
        )
        clocks = tickets.slm_clock_ids
        # Spread the openings over 90 days and give each clock a history: a pause, a resume, a stop.
        now = datetime.now().replace(microsecond=0)
        starts = {ticket.id: now - timedelta(minutes=rng.randrange(90 * 24 * 60)) for ticket in tickets}
        events = []
        for clock in clocks:
            start = starts[clock.ticket_id.id]
            cr.execute("UPDATE slm_clock SET start_date = %s WHERE id = %s", (start, clock.id))
            at = start + timedelta(minutes=rng.randrange(1, 60 * 24))
            if rng.random() < 0.4:
                events.append((clock.id, "pause", at))
                at += timedelta(minutes=rng.randrange(1, 60 * 24))
                events.append((clock.id, "resume", at))
            if rng.random() < 0.9:
                at += timedelta(minutes=rng.randrange(1, 60 * 48))
                if at < now:
                    events.append((clock.id, "reached", at))
        env["slm.clock.event"].create([{"clock_id": c, "kind": k, "date": d} for c, k, d in events])
        env.invalidate_all()
        setup_seconds = time.perf_counter() - began

        proposal = sla.sudo()._slm_new_proposal()
        for target in proposal.target_ids:
            target.value = target.value / 2
        env.flush_all()
        timings = []
        for _ in range(2):
            env.invalidate_all()
            began = time.perf_counter()
            lines = env["slm.revision.whatif"]._slm_replay(proposal)
            env.flush_all()
            timings.append(time.perf_counter() - began)
        summary = [
            f"  {line.metric:10} {line.target_in_force} -> {line.target_proposed}: {line.ticket_count} tickets, "
            f"met {line.rate_in_force:.1f} % -> {line.rate_proposed:.1f} %, {line.changed_count} change"
            for line in lines
        ]
        clock_count = len(clocks)
        cr.rollback()

    print(
        f"tickets: {args.tickets}, clocks: {clock_count}, events: {len(events)} (setup {setup_seconds:.1f} s)"
    )
    print("\n".join(summary))
    print(f"replay, cold calendars: {timings[0]:.2f} s; warm: {timings[1]:.2f} s (goal: under 5 s)")
    print(f"replay per ticket: {timings[1] / args.tickets * 1e6:.0f} us")


if __name__ == "__main__":
    main()
