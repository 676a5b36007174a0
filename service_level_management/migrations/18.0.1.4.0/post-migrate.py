# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.4.0: the cron finds due clocks by when they fall due (slm.clock.next_evaluation_date)."""


def migrate(cr, version):
    if not version:
        return
    # What the cron looked for before, as an instant: a clock never evaluated or whose schedule
    # changed at once, one that could not be evaluated a day after, else its next threshold.
    cr.execute(
        """
        UPDATE slm_clock
           SET next_evaluation_date = CASE
                 WHEN evaluated_date IS NULL THEN now() AT TIME ZONE 'UTC'
                 WHEN evaluation_error IS NOT NULL THEN evaluated_date + interval '1 day'
                 ELSE LEAST(
                     CASE WHEN status = 'ongoing' THEN warning_date END,
                     CASE WHEN status IN ('ongoing', 'at_risk') THEN deadline END,
                     next_escalation_date
                 )
               END
         WHERE status IN ('ongoing', 'paused', 'at_risk') OR (status = 'breached' AND reached_date IS NULL)
        """
    )
