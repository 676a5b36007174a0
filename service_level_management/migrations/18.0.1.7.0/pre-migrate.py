# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.7.0: tickets say whether a response clock still runs (helpdesk.ticket.slm_awaiting_response).

Filled here in one statement: the ORM would compute it ticket by ticket, reading every ticket's
clocks, for the hundreds of thousands of closed tickets too."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE helpdesk_ticket ADD COLUMN IF NOT EXISTS slm_awaiting_response boolean")
    # Empty (false) for the others: no need to rewrite every closed ticket's row.
    cr.execute(
        """
        UPDATE helpdesk_ticket AS t
           SET slm_awaiting_response = true
         WHERE EXISTS (
                 SELECT 1
                   FROM slm_clock AS c
                  WHERE c.ticket_id = t.id
                    AND c.metric = 'response'
                    AND (c.status IN ('ongoing', 'paused', 'at_risk')
                         OR (c.status = 'breached' AND c.reached_date IS NULL))
               )
        """
    )
