"""Service reports at scale: one agreement's month with 100,000 clocks, and 1,000 subscriptions.

Run with ``python3 tools/devenv.py bench-report [clocks] [subscriptions]`` (defaults 100,000 and
1,000). Fills a scratch database by SQL (tickets and their clocks over one month, a tenth of them
breached, twenty outages), then renders the month's service report as PDF and as XLSX, timing
each with its queries and the process's peak memory; then runs the scheduled delivery once over
the subscriptions (XLSX, one customer SLA each) and reports the batch's cost per delivery.
Goals (issue "Service reports"): PDF and XLSX each under 10 s, bounded queries.
"""

import argparse
import resource
import time
from datetime import datetime, timedelta

MONTH_START = datetime(2026, 3, 1)
# The real clock, out of freezegun's reach (it replaces the functions it finds in modules).
REAL_CLOCK = [time.perf_counter]


def seconds_since(start):
    return REAL_CLOCK[0]() - start


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--clocks", type=int, default=100_000)
    parser.add_argument("--subscriptions", type=int, default=1_000)
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=error"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True})
        env.company.partner_id.tz = "UTC"
        customer = env["res.partner"].create({"name": "Scale Hospital", "is_company": True})
        sla = env["slm.agreement"].create(
            {
                "title": "Scale Hospital",
                "level": "customer",
                "partner_id": customer.id,
                "state": "active",
                "date_start": datetime(2025, 1, 1).date(),
                "target_ids": [
                    (0, 0, {"metric": "response", "value": 1, "calendar_mode": "always"}),
                    (0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"}),
                    (0, 0, {"metric": "availability", "value": 99.9, "calendar_mode": "always"}),
                    (0, 0, {"metric": "incident_count", "value": 5, "calendar_mode": "always"}),
                ],
            }
        )
        response, resolution = (
            sla.target_ids.filtered(lambda t, m=m: t.metric == m) for m in ("response", "resolution")
        )
        began = time.perf_counter()
        tickets = args.clocks // 2
        minutes = 30 * 24 * 60
        cr.execute(
            """INSERT INTO helpdesk_ticket (name, description, company_id, partner_id, create_date, slm_sla_id,
                                            is_outage, outage_start, outage_restored)
               SELECT 'Scale ' || n, '-', %(company)s, %(partner)s,
                      %(start)s + (n %% %(minutes)s) * interval '1 minute', %(sla)s, n <= 20,
                      CASE WHEN n <= 20 THEN %(start)s + n * interval '1 day' END,
                      CASE WHEN n <= 20 THEN %(start)s + n * interval '1 day' + interval '30 minutes' END
                 FROM generate_series(1, %(tickets)s) n""",
            {"company": env.company.id, "partner": customer.id, "start": MONTH_START, "minutes": minutes,
             "sla": sla.id, "tickets": tickets},
        )  # fmt: skip
        for target, hours in ((response, 1), (resolution, 8)):
            cr.execute(
                """INSERT INTO slm_clock (ticket_id, company_id, agreement_id, target_id, target_agreement_id,
                                          agreement_type, name, metric, target_hours, warning_percent, start_date,
                                          deadline, reached_date, status, breach_cause, elapsed_hours)
                   SELECT t.id, t.company_id, %(sla)s, %(target)s, %(sla)s, 'sla', %(name)s, %(metric)s, %(hours)s,
                          80, t.create_date, t.create_date + %(hours)s * interval '1 hour',
                          t.create_date + (CASE WHEN t.id %% 10 = 0 THEN 2 ELSE 0.5 END) * %(hours)s
                                          * interval '1 hour',
                          CASE WHEN t.id %% 10 = 0 THEN 'breached' ELSE 'met' END,
                          CASE WHEN t.id %% 10 = 0 THEN 'internal' END, %(hours)s
                     FROM helpdesk_ticket t WHERE t.partner_id = %(partner)s""",
                {"sla": sla.id, "target": target.id, "name": target._slm_clock_name(), "metric": target.metric,
                 "hours": hours, "partner": customer.id},
            )  # fmt: skip
        env.invalidate_all()
        clocks = env["slm.clock"].search_count([("agreement_id", "=", sla.id)])
        setup_seconds = time.perf_counter() - began
        report = env["slm.service.report"]._slm_get(sla, "month", MONTH_START + timedelta(days=10))
        Report = env["ir.actions.report"].with_context(force_report_rendering=True)
        figures = {}
        pdf_report = "service_level_management.action_report_service_report"
        xlsx_report = "service_level_management.action_report_service_report_xlsx"
        for kind, render in (
            ("PDF", lambda: Report._render_qweb_pdf(pdf_report, report.ids)),
            ("XLSX", lambda: Report._render_xlsx(xlsx_report, report.ids, {})),
        ):
            env.invalidate_all()
            queries, before = cr.sql_log_count, time.perf_counter()
            content, _kind = render()
            figures[kind] = (
                time.perf_counter() - before,
                cr.sql_log_count - queries,
                len(content),
                peak_mb(),
            )

        # The scheduled delivery over many small customer SLAs.
        customers = env["res.partner"].create(
            [
                {"name": f"Customer {n}", "is_company": True, "email": f"c{n}@example.com"}
                for n in range(args.subscriptions)
            ]
        )
        agreements = env["slm.agreement"].create(
            [{"title": p.name, "level": "customer", "partner_id": p.id, "state": "active",
              "date_start": datetime(2025, 1, 1).date(),
              "target_ids": [(0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"})]}
             for p in customers]
        )  # fmt: skip
        env["slm.report.subscription"].create(
            [{"name": a.title, "agreement_id": a.id, "recipient_partner_ids": [(6, 0, a.partner_id.ids)],
              "report_format": "xlsx"} for a in agreements]
        )  # fmt: skip
        env.flush_all()
        from freezegun import freeze_time

        with freeze_time(MONTH_START + timedelta(days=32)):
            queries, before = cr.sql_log_count, REAL_CLOCK[0]()
            batch = env["slm.report.subscription"]._cron_send_reports()
            batch_seconds, batch_queries = seconds_since(before), cr.sql_log_count - queries
        cr.rollback()

    print(f"clocks in the month: {clocks} over {tickets} tickets (setup {setup_seconds:.1f} s)")
    for kind, (seconds, queries, size, memory) in figures.items():
        print(f"{kind}: {seconds:.2f} s, {queries} queries, {size / 1024:.0f} KiB, peak memory {memory:.0f} MB "
              "(goal: under 10 s)")  # fmt: skip
    print(
        f"scheduled delivery: {len(batch)} of {args.subscriptions} subscriptions in one batch, "
        f"{batch_seconds:.1f} s, {batch_queries} queries: {batch_seconds / max(len(batch), 1) * 1000:.0f} ms "
        "and {:.0f} queries per delivery".format(batch_queries / max(len(batch), 1))
    )


if __name__ == "__main__":
    main()
