"""Deadline arithmetic: slm_engine against Odoo's resource.calendar.plan_hours.

Run with ``python3 tools/devenv.py bench``. Both compute the same generated
cases in the same run, on the standard 40-hour calendar with public holidays;
the last line is ``ratio plan_hours/engine: <number>``.
"""

import argparse
import random
import time
from datetime import UTC, datetime, timedelta


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api

    from slm_engine import Calendar, Outage, availability, deadline

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        calendar = env.ref("resource.resource_calendar_std")
        calendar.tz = "Europe/Brussels"
        leaves = env["resource.calendar.leaves"].create(
            [
                {"name": f"Holiday {day}", "date_from": day, "date_to": day + timedelta(hours=23, minutes=59)}
                for day in (datetime(2026, 1, 1) + timedelta(days=d) for d in range(0, 365, 23))
            ]
        )
        rng = random.Random(42)
        cases = [
            (
                datetime(2026, 1, 1) + timedelta(seconds=rng.randrange(300 * 86400)),
                rng.choice([1, 4, 8, 16, 40]),
            )
            for _ in range(args.cases)
        ]
        for start, hours in cases[:20]:  # warm both
            calendar.plan_hours(hours, start, compute_leaves=True)
        began = time.perf_counter()
        expected = [calendar.plan_hours(hours, start, compute_leaves=True) for start, hours in cases]
        odoo_seconds = time.perf_counter() - began

        engine_calendar = calendar._slm_calendar()
        for start, hours in cases[:20]:
            deadline(engine_calendar, start.replace(tzinfo=UTC), timedelta(hours=hours))
        repeat = 20
        began = time.perf_counter()
        for _ in range(repeat):
            found = [deadline(engine_calendar, s.replace(tzinfo=UTC), timedelta(hours=h)) for s, h in cases]
        engine_seconds = (time.perf_counter() - began) / repeat
        mismatches = sum(
            abs(f.replace(tzinfo=None) - e) >= timedelta(seconds=1)
            for f, e in zip(found, expected, strict=True)
        )

        began = time.perf_counter()
        converted = calendar._slm_build_calendars()[calendar.id]
        deadline(converted, datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1))
        conversion_ms = (time.perf_counter() - began) * 1000
        leaves.unlink()
        cr.rollback()

    per_odoo = odoo_seconds / len(cases) * 1e6
    per_engine = engine_seconds / len(cases) * 1e6
    print(f"cases: {len(cases)} deadlines, 1 to 40 working hours, standard calendar with holidays")
    print(f"plan_hours(compute_leaves=True): {per_odoo:10.1f} us/call")
    print(f"slm_engine.deadline:            {per_engine:10.2f} us/call (cached calendar)")
    print(f"calendar conversion + first year of timeline: {conversion_ms:.1f} ms")
    print(f"mismatches beyond 1 s: {mismatches}")

    # Throughput of the engine alone.
    million = 1_000_000
    starts = [
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(300 * 86400)) for _ in range(1000)
    ]
    durations = [timedelta(hours=rng.choice([1, 4, 8, 16, 40])) for _ in range(1000)]
    began = time.perf_counter()
    for i in range(million):
        deadline(engine_calendar, starts[i % 1000], durations[i % 997])
    print(f"engine: 1,000,000 deadlines in {time.perf_counter() - began:.2f} s")

    always = Calendar.always()
    year_start, year_end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    outages = []
    for _ in range(10_000):
        start = year_start + timedelta(seconds=rng.randrange(365 * 86400))
        outages.append(Outage(start, start + timedelta(minutes=rng.randrange(1, 10))))
    for name, service_calendar in (("24x7", always), ("office hours", engine_calendar)):
        began = time.perf_counter()
        result = availability(service_calendar, year_start, year_end, outages)
        print(
            f"engine: availability of a year with 10,000 outages ({name}): "
            f"{(time.perf_counter() - began) * 1000:.1f} ms, {result.percent:.3f} %"
        )
    print(f"ratio plan_hours/engine: {per_odoo / per_engine:.0f}")


if __name__ == "__main__":
    main()
