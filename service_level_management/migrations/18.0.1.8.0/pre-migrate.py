# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.8.0: clocks keep the priority of their target (slm.clock.priority), which their label
names: a list of tickets reads no target.

Filled here in one statement from the targets, which agreements in force do not let change."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE slm_clock ADD COLUMN IF NOT EXISTS priority varchar")
    cr.execute(
        """
        UPDATE slm_clock AS c
           SET priority = t.priority
          FROM slm_target AS t
         WHERE t.id = c.target_id AND t.priority IS NOT NULL
        """
    )
