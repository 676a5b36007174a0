"""This clone against an earlier commit, one ticket per transaction, in two processes taking turns.

Run with ``python3 tools/devenv.py bench-ab [BASE] [N] [--agreements K] [--customers C]`` (default:
the previous release, 100 tickets, 1,000 agreements, 1 customer). The tool installs
``service_level_management`` of BASE in a scratch database, where ``setup`` (run with BASE's code)
gives K customers an active customer SLA as ``bench-single`` does; it copies that database and
upgrades the copy to this clone. ``compare`` then starts a ``worker`` on each database, each with
its own code, and has them take turns ticket by ticket (who goes first alternates): each ticket is
created, moved, answered twice and closed by a helpdesk agent, each step in its own transaction. Both
workers see the same machine at the same moments, so the ratio of their medians says what the code
changed, where ``bench-single``'s ratios to plain move by several per cent from run to run. Prints
the medians and queries per step and, last, ``ratio ab create this/base: X``.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

from bench_single import STEPS, Database, _ours


def _registry(config, database):
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", config, "--log-level=warn"])
    return Registry(database)


def setup(args):
    Database.prepare(_registry(args.config, args.database), _ours, args.agreements, args.customers)


def worker(args):
    """Each line read: one ticket's life; writes its steps' seconds and queries as JSON."""
    database = Database(_registry(args.config, args.database), args.customers)
    print("ready", flush=True)
    for _line in sys.stdin:
        database.ticket()
        print(json.dumps({step: [database.seconds[step][-1], database.queries[step][-1]] for step in STEPS}))
        sys.stdout.flush()


def _spawn(config, database, customers, pythonpath):
    command = [sys.executable, __file__, "worker", "--config", config, "--database", database]
    process = subprocess.Popen(
        [*command, "--customers", str(customers)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=pythonpath),
    )
    if process.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker on {database} did not start")
    return process


def compare(args):
    workers = {
        "base": _spawn(args.base_config, args.base_database, args.customers, args.base_path),
        "this": _spawn(args.config, args.database, args.customers, os.environ.get("PYTHONPATH", "")),
    }
    figures = {name: [] for name in workers}
    order = list(workers)
    warm_up = args.tickets // 10
    for ticket in range(warm_up + args.tickets):
        for name in order:
            workers[name].stdin.write("go\n")
            workers[name].stdin.flush()
            steps = json.loads(workers[name].stdout.readline())
            if ticket >= warm_up:
                figures[name].append(steps)
        order.reverse()
    for process in workers.values():
        process.stdin.close()
        process.wait()

    def median(name, step, index):
        return statistics.median(steps[step][index] for steps in figures[name])

    print(f"tickets: {args.tickets} per database after {warm_up} to warm up, from {args.customers} customers")
    print(f"{'step':9s} {'base':>18s} {'this clone':>26s}")
    for step in STEPS:
        base, this = median("base", step, 0), median("this", step, 0)
        print(
            f"{step:9s} {base * 1000:7.1f} ms {median('base', step, 1):4.0f} q "
            f"{this * 1000:7.1f} ms {median('this', step, 1):4.0f} q ({this / base:.3f}x)"
        )
    for step in (*STEPS[1:], STEPS[0]):
        print(f"ratio ab {step} this/base: {median('this', step, 0) / median('base', step, 0):.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("setup", "worker", "compare"))
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--base-config")
    parser.add_argument("--base-database")
    parser.add_argument("--base-path", help="the earlier commit's tree (its addons and engine)")
    parser.add_argument("--tickets", type=int, default=100)
    parser.add_argument("--agreements", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=1)
    args = parser.parse_args()
    if not 1 <= args.customers <= args.agreements:
        parser.error("--customers: from 1 to the number of agreements")
    {"setup": setup, "worker": worker, "compare": compare}[args.mode](args)


if __name__ == "__main__":
    main()
