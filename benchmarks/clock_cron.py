"""The clock cron as the server runs it, batch after batch, for the benchmarks that time it."""

import time


def _elapsed_since(began):
    # freezegun freezes time.perf_counter (and any module name bound to it), not the monotonic clock.
    return time.clock_gettime(time.CLOCK_MONOTONIC) - began


def cron_pass(env, until=None):
    """Run ``slm.clock._cron_update_clocks`` and commit, batch after batch, until no clock is due (or
    ``until`` clocks were evaluated): ``(clocks evaluated, queries per batch, seconds taken by the
    first 100,000 or None)``."""
    cr, Clock = env.cr, env["slm.clock"]
    began, evaluated, batch_queries, first_100k = time.clock_gettime(time.CLOCK_MONOTONIC), 0, [], None
    while until is None or evaluated < until:
        before = cr.sql_log_count
        done = Clock._cron_update_clocks()
        cr.commit()
        env.invalidate_all()
        if not done:
            break
        evaluated += done
        batch_queries.append(cr.sql_log_count - before)
        if first_100k is None and evaluated >= 100_000:
            first_100k = _elapsed_since(began)
    return evaluated, batch_queries, first_100k
