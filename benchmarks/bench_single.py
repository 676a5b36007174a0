"""One ticket per transaction, as the web client and the mail gateway work.

Run with ``python3 tools/devenv.py bench-single [N] [--agreements K]`` (default 300 tickets, 2
agreements). Three scratch databases made by the tool: the three addons (``--database``), plain
``helpdesk_mgmt`` (``--plain-database``) and OCA ``helpdesk_mgmt_sla`` (``--sla-database``). In ours,
the benchmark customer has a customer SLA (response 4 h and resolution 16 h on the standard
calendar) among K active customer SLAs of K customers; in OCA's, two SLA rules on a team.

Each ticket is created, moved one stage, answered by the agent and closed, each step in its own
transaction, as a helpdesk agent, with tracking on; tickets alternate between the databases so that
the machine's drift weighs on each alike. Prints the median time and queries per step and the ratios
to plain, last ``ratio single-ticket create ours/plain: X``.
"""

import argparse
import statistics
import time
from datetime import timedelta

STEPS = ("create", "move", "reply", "close")


class Database:
    """One database: its agent, its ticket values, and what each step cost."""

    def __init__(self, registry, prepare, agreements):
        from odoo import SUPERUSER_ID, api

        self.registry = registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer = env["res.partner"].create({"name": "Benchmark customer", "is_company": True})
            agent = env["res.users"].create(
                {
                    "name": "Benchmark agent",
                    "login": "benchmark_agent",
                    "email": "agent@example.com",
                    "groups_id": [(6, 0, env.ref("helpdesk_mgmt.group_helpdesk_user").ids)],
                }
            )
            stages = env["helpdesk.ticket.stage"].search([], order="sequence")
            self.stages = {
                "open": stages.filtered(lambda s: not s.closed)[1].id,
                "closed": stages.filtered("closed")[0].id,
            }
            self.values = {
                "name": "Benchmark ticket",
                "description": "<p>Generated</p>",
                "partner_id": customer.id,
                **prepare(env, customer, agreements),
            }
            self.uid = agent.id
        self.seconds = {step: [] for step in STEPS}
        self.queries = {step: [] for step in STEPS}

    def _step(self, step, work):
        from odoo import api

        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.uid, {})
            before, began = cr.sql_log_count, time.perf_counter()
            result = work(env)
            env.flush_all()
            cr.commit()
            self.seconds[step].append(time.perf_counter() - began)
            self.queries[step].append(cr.sql_log_count - before)
        return result

    def ticket(self):
        """One ticket's life: each step one transaction, as the agent."""
        ticket_id = self._step("create", lambda env: env["helpdesk.ticket"].create(dict(self.values)).id)
        self._step(
            "move",
            lambda env: env["helpdesk.ticket"].browse(ticket_id).write({"stage_id": self.stages["open"]}),
        )
        self._step(
            "reply",
            lambda env: (
                env["helpdesk.ticket"]
                .browse(ticket_id)
                .message_post(body="We are on it.", message_type="comment", subtype_xmlid="mail.mt_comment")
            ),
        )
        self._step(
            "close",
            lambda env: env["helpdesk.ticket"].browse(ticket_id).write({"stage_id": self.stages["closed"]}),
        )

    def median(self, step):
        return statistics.median(self.seconds[step])

    def median_queries(self, step):
        return statistics.median(self.queries[step])


def _plain(env, customer, agreements):
    return {}


def _oca_sla(env, customer, agreements):
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


def _ours(env, customer, agreements):
    """``agreements`` active customer SLAs, one per customer; the benchmark customer's is one of them."""
    from odoo import fields

    calendar = env.ref("resource.resource_calendar_std")
    others = env["res.partner"].create(
        [{"name": f"Customer {n}", "is_company": True} for n in range(agreements - 1)]
    )
    for start in range(0, agreements, 1000):
        env["slm.agreement"].create(
            [
                {
                    "title": f"SLA of {partner.name}",
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
                for partner in (customer | others)[start : start + 1000]
            ]
        )
        env.cr.commit()
    return {}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--plain-database", required=True)
    parser.add_argument("--sla-database", required=True, help="with OCA helpdesk_mgmt_sla")
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--agreements", type=int, default=2)
    args = parser.parse_args()

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    began = time.perf_counter()
    databases = {
        "plain": Database(Registry(args.plain_database), _plain, 0),
        "ours": Database(Registry(args.database), _ours, max(args.agreements, 1)),
        "oca": Database(Registry(args.sla_database), _oca_sla, 0),
    }
    print(f"set up in {time.perf_counter() - began:.0f} s: {args.agreements} active customer SLAs in ours")
    order = list(databases.values())
    for _ in range(args.tickets // 10):  # warm caches and JIT paths first, not measured
        for database in order:
            database.ticket()
    for database in order:
        database.seconds = {step: [] for step in STEPS}
        database.queries = {step: [] for step in STEPS}
    for _ in range(args.tickets):
        for database in order:
            database.ticket()
        order.append(order.pop(0))

    plain = databases["plain"]
    print(f"tickets: {args.tickets} per database, one transaction per step, as a helpdesk agent, tracking on")
    print(f"{'step':8s} {'plain':>18s} {'ours':>26s} {'OCA helpdesk_mgmt_sla':>30s}")
    for step in STEPS:
        cells = [f"{plain.median(step) * 1000:7.1f} ms {plain.median_queries(step):4.0f} q"]
        for name in ("ours", "oca"):
            database = databases[name]
            cells.append(
                f"{database.median(step) * 1000:7.1f} ms {database.median_queries(step):4.0f} q "
                f"({database.median(step) / plain.median(step):.2f}x)"
            )
        print(f"{step:8s} {cells[0]:>18s} {cells[1]:>26s} {cells[2]:>30s}")
    for step in STEPS:
        ours = databases["ours"]
        print(
            f"ratio single-ticket {step} ours/plain: {ours.median(step) / plain.median(step):.2f} "
            f"(+{ours.median_queries(step) - plain.median_queries(step):.0f} queries)"
        )
    ours = databases["ours"]
    print(f"ratio single-ticket create ours/plain: {ours.median('create') / plain.median('create'):.2f}")


if __name__ == "__main__":
    main()
