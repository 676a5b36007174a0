"""Ticket clocks at scale: creation overhead and one full cron pass.

Run with ``python3 tools/devenv.py bench-tickets [N]`` (default 100,000 tickets). It needs
two scratch databases made by the tool: one with the three addons (``--database``) and
one with plain ``helpdesk_mgmt`` (``--plain-database``). Each ticket gets two clocks
(response and resolution on the standard 40-hour calendar). Prints, per phase, the time
and the SQL queries per batch, then ``ratio created-with-clocks/plain: <number>``.
"""

import argparse
import time
from datetime import timedelta

BATCH = 1000


def _tickets(env, count, partner, **extra):
    values = {
        "name": "Benchmark ticket",
        "description": "<p>Generated</p>",
        "partner_id": partner.id,
        **extra,
    }
    created = 0
    began = time.perf_counter()
    queries = []
    while created < count:
        size = min(BATCH, count - created)
        before = env.cr.sql_log_count
        env["helpdesk.ticket"].with_context(tracking_disable=True, mail_create_nolog=True).create(
            [dict(values) for _ in range(size)]
        )
        env.flush_all()
        queries.append(env.cr.sql_log_count - before)
        created += size
        env.cr.commit()
        env.invalidate_all()
    return time.perf_counter() - began, queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--plain-database", required=True)
    parser.add_argument("--sla-database", required=True, help="with OCA helpdesk_mgmt_sla")
    parser.add_argument("--tickets", type=int, default=100_000)
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api, fields

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])

    # Plain helpdesk_mgmt.
    with odoo.modules.registry.Registry(args.plain_database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        partner = env["res.partner"].create({"name": "Benchmark customer", "is_company": True})
        plain_seconds, plain_queries = _tickets(env, args.tickets, partner)

    # OCA helpdesk_mgmt_sla: two SLA rules on a team with the same calendar.
    with odoo.modules.registry.Registry(args.sla_database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        partner = env["res.partner"].create({"name": "Benchmark customer", "is_company": True})
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
        cr.commit()
        oca_seconds, oca_queries = _tickets(env, args.tickets, partner, team_id=team.id)
        oca_slas = env["helpdesk.ticket.sla"].search_count([])
        # It stores no status: the closest to a cron pass is finding the expired SLAs of every ticket.
        from freezegun import freeze_time

        began = time.perf_counter()
        with freeze_time(fields.Datetime.now() + timedelta(days=30)):
            oca_expired = env["helpdesk.ticket"].search_count([("sla_expired", "=", True)])
            env["helpdesk.ticket"].search([]).mapped("sla_deadline")
        oca_check_seconds = time.perf_counter() - began

    # With clocks.
    with odoo.modules.registry.Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        calendar = env.ref("resource.resource_calendar_std")
        partner = env["res.partner"].create({"name": "Benchmark customer", "is_company": True})
        env["slm.agreement"].create(
            {
                "title": "Benchmark SLA",
                "level": "customer",
                "partner_id": partner.id,
                "state": "active",
                "date_start": fields.Date.today() - timedelta(days=1),
                "support_calendar_id": calendar.id,
                "target_ids": [
                    (0, 0, {"metric": "response", "value": 4}),
                    (0, 0, {"metric": "resolution", "value": 16}),
                ],
            }
        )
        cr.commit()
        ours_seconds, ours_queries = _tickets(env, args.tickets, partner)
        clocks = env["slm.clock"].search_count([])

        # One full cron pass with every clock due: a month later everything is breached.
        Clock = env["slm.clock"]
        batches, batch_queries = 0, []
        began = time.perf_counter()
        with freeze_time(fields.Datetime.now() + timedelta(days=30)):
            while True:
                before = cr.sql_log_count
                done = Clock._cron_update_clocks()
                cr.commit()
                env.invalidate_all()
                if not done:
                    break
                batches += 1
                batch_queries.append(cr.sql_log_count - before)
        cron_seconds = time.perf_counter() - began
        breached = Clock.search_count([("status", "=", "breached")])

    n = args.tickets
    print(f"tickets: {n}, batches of {BATCH}")
    print(
        f"plain helpdesk_mgmt creation: {plain_seconds:8.1f} s ({plain_seconds / n * 1000:.2f} ms/ticket), "
        f"{sum(plain_queries) / len(plain_queries):.0f} queries/batch"
    )
    print(
        f"creation with clocks:         {ours_seconds:8.1f} s ({ours_seconds / n * 1000:.2f} ms/ticket), "
        f"{sum(ours_queries) / len(ours_queries):.0f} queries/batch, {clocks} clocks"
    )
    print(
        f"cron pass over {clocks} open clocks: {cron_seconds:.1f} s in {batches} batches, "
        f"{max(batch_queries, default=0)} queries per batch at most, {breached} breached"
    )
    print(
        f"OCA helpdesk_mgmt_sla creation: {oca_seconds:8.1f} s ({oca_seconds / n * 1000:.2f} ms/ticket), "
        f"{sum(oca_queries) / len(oca_queries):.0f} queries/batch, {oca_slas} ticket SLAs"
    )
    print(
        f"OCA helpdesk_mgmt_sla: finding {oca_expired} expired tickets and every deadline: {oca_check_seconds:.1f} s "
        "(it stores no status and has no cron)"
    )
    print(f"ratio OCA-helpdesk_mgmt_sla/ours creation: {oca_seconds / ours_seconds:.2f}")
    print(f"ratio created-with-clocks/plain: {ours_seconds / plain_seconds:.2f}")


if __name__ == "__main__":
    main()
