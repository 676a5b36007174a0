"""One ticket per transaction, as the web client and the mail gateway work.

Run with ``python3 tools/devenv.py bench-single [N] [--agreements K] [--customers C]`` (default 300
tickets, 2 agreements, 1 customer). Three scratch databases made by the tool: the three addons
(``--database``), plain ``helpdesk_mgmt`` (``--plain-database``) and OCA ``helpdesk_mgmt_sla``
(``--sla-database``). In ours, K customers each have an active customer SLA (response 4 h and
resolution 16 h on the standard calendar); in OCA's, two SLA rules on a team. The tickets come from
C of the customers in turn, in each database: with C large, most tickets are the first the worker
sees of their customer, as at a desk serving thousands of customers.

Each ticket is created, moved one stage, answered by the agent, answered again ("follow-up") and
closed, each step in its own transaction, as a helpdesk agent, with tracking on; tickets alternate
between the databases so that the machine's drift weighs on each alike. Prints the median time and
queries per step and the ratios to plain, last ``ratio single-ticket create ours/plain: X``.
"""

import argparse
import statistics
import time
from datetime import timedelta

from bench_tickets import _oca_sla, _plain

STEPS = ("create", "move", "reply", "follow-up", "close")


class Database:
    """One database: its agent, its ticket values, and what each step cost."""

    AGENT = "benchmark_agent"

    def __init__(self, registry, customers, values=None):
        """The database as ``prepare`` left it: its agent, stages and the first ``customers`` customers."""
        from odoo import SUPERUSER_ID, api

        self.registry = registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.uid = env["res.users"].search([("login", "=", self.AGENT)]).id
            stages = env["helpdesk.ticket.stage"].search([], order="sequence")
            self.stages = {
                "open": stages.filtered(lambda s: not s.closed)[1].id,
                "closed": stages.filtered("closed")[0].id,
            }
            self.customers = (
                env["res.partner"].search([("name", "=like", "Customer %")], order="id", limit=customers).ids
            )
        self.values = {"name": "Benchmark ticket", "description": "<p>Generated</p>", **(values or {})}
        self.seconds = {step: [] for step in STEPS}
        self.queries = {step: [] for step in STEPS}

    @classmethod
    def prepare(cls, registry, prepare, agreements, customers):
        """Make the benchmark's agent and customers, let ``prepare`` add what the helpdesk needs."""
        from odoo import SUPERUSER_ID, api

        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = env["res.partner"].create(
                [{"name": f"Customer {n}", "is_company": True} for n in range(max(agreements, customers))]
            )
            env["res.users"].create(
                {
                    "name": "Benchmark agent",
                    "login": cls.AGENT,
                    "email": "agent@example.com",
                    "groups_id": [(6, 0, env.ref("helpdesk_mgmt.group_helpdesk_user").ids)],
                }
            )
            values = prepare(env, partners[:agreements])
        return cls(registry, customers, values)

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
        self.customers.append(self.customers.pop(0))
        values = {**self.values, "partner_id": self.customers[0]}
        ticket_id = self._step("create", lambda env: env["helpdesk.ticket"].create(values).id)
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
            "follow-up",
            lambda env: (
                env["helpdesk.ticket"]
                .browse(ticket_id)
                .message_post(
                    body="Fixed on our side: please try again.",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
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


def _ours(env, customers):
    """An active customer SLA for each of ``customers``."""
    from odoo import fields

    calendar = env.ref("resource.resource_calendar_std")
    for start in range(0, len(customers), 1000):
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
                for partner in customers[start : start + 1000]
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
    parser.add_argument("--customers", type=int, default=1)
    args = parser.parse_args()
    if not 1 <= args.customers <= max(args.agreements, 1):
        parser.error("--customers: from 1 to the number of agreements")

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    began = time.perf_counter()
    agreements = max(args.agreements, 1)
    databases = {
        "plain": Database.prepare(Registry(args.plain_database), _plain, agreements, args.customers),
        "ours": Database.prepare(Registry(args.database), _ours, agreements, args.customers),
        "oca": Database.prepare(Registry(args.sla_database), _oca_sla, agreements, args.customers),
    }
    print(
        f"set up in {time.perf_counter() - began:.0f} s: {agreements} active customer SLAs in ours, "
        f"tickets from {args.customers} customers in turn"
    )
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
    print(f"{'step':9s} {'plain':>18s} {'ours':>26s} {'OCA helpdesk_mgmt_sla':>30s}")
    for step in STEPS:
        cells = [f"{plain.median(step) * 1000:7.1f} ms {plain.median_queries(step):4.0f} q"]
        for name in ("ours", "oca"):
            database = databases[name]
            cells.append(
                f"{database.median(step) * 1000:7.1f} ms {database.median_queries(step):4.0f} q "
                f"({database.median(step) / plain.median(step):.2f}x)"
            )
        print(f"{step:9s} {cells[0]:>18s} {cells[1]:>26s} {cells[2]:>30s}")
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
