# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from contextlib import closing
from datetime import date, timedelta
from uuid import uuid4

from freezegun import freeze_time
from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install")
class TestCronConcurrency(BaseCase):
    """Two runs of the clock cron at once, on two database connections, as two workers would.

    Its rows are committed (two connections see only committed data) and removed afterwards.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with closing(self.registry.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            leader = env["res.users"].create(
                {"name": "Concurrent leader", "login": f"concurrency_leader_{uuid4().hex[:8]}"}
            )
            customer = env["res.partner"].create({"name": "Concurrent Clinic", "is_company": True})
            team = env["helpdesk.ticket.team"].create({"name": "Concurrent desk", "user_id": leader.id})
            agreement = env["slm.agreement"].create(
                {
                    "title": "Concurrent Clinic",
                    "level": "customer",
                    "partner_id": customer.id,
                    "state": "active",
                    "date_start": date(2020, 1, 1),
                    "target_ids": [(0, 0, {"metric": "resolution", "value": 4, "calendar_mode": "always"})],
                    "escalation_ids": [
                        (0, 0, {"percent": 50, "recipient": "team_leader", "action": "activity"}),
                        (0, 0, {"percent": 100, "recipient": "team_leader", "action": "activity"}),
                    ],
                }
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Concurrent {n}",
                        "description": "-",
                        "partner_id": customer.id,
                        "team_id": team.id,
                    }
                    for n in range(6)
                ]
            )
            self.ids = {
                "leader": leader.id,
                "customer": customer.id,
                "team": team.id,
                "agreement": agreement.id,
                "tickets": tickets.ids,
                "clocks": tickets.slm_clock_ids.ids,
                "start": min(tickets.slm_clock_ids.mapped("start_date")),
            }
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._remove)

    def _remove(self):
        """Committed rows of this test go, so that no other test sees them."""
        ids = self.ids
        with closing(self.registry.cursor()) as cr:
            tickets, clocks = tuple(ids["tickets"]), tuple(ids["clocks"])
            for statement in (
                "DELETE FROM mail_activity WHERE res_model = 'helpdesk.ticket' AND res_id IN %(tickets)s",
                "DELETE FROM mail_message WHERE model = 'helpdesk.ticket' AND res_id IN %(tickets)s",
                "DELETE FROM mail_followers WHERE res_model = 'helpdesk.ticket' AND res_id IN %(tickets)s",
                "DELETE FROM slm_clock_escalation WHERE clock_id IN %(clocks)s",
                "DELETE FROM slm_clock_event WHERE clock_id IN %(clocks)s",
                "DELETE FROM slm_clock WHERE id IN %(clocks)s",
                "DELETE FROM helpdesk_ticket WHERE id IN %(tickets)s",
                "DELETE FROM slm_escalation WHERE agreement_id = %(agreement)s",
                "DELETE FROM slm_target WHERE agreement_id = %(agreement)s",
                "DELETE FROM mail_message WHERE model = 'slm.agreement' AND res_id = %(agreement)s",
                "DELETE FROM mail_followers WHERE res_model = 'slm.agreement' AND res_id = %(agreement)s",
                "DELETE FROM slm_agreement WHERE id = %(agreement)s",
                "DELETE FROM helpdesk_ticket_team WHERE id = %(team)s",
                "DELETE FROM res_users WHERE id = %(leader)s",
            ):
                cr.execute(statement, {**ids, "tickets": tickets, "clocks": clocks})
            cr.commit()  # pylint: disable=invalid-commit

    def test_01_two_runs_share_the_work(self):
        """Each escalation fires exactly once, and neither run waits for or undoes the other."""
        with (
            freeze_time(self.ids["start"] + timedelta(hours=5)),
            closing(self.registry.cursor()) as first,
            closing(self.registry.cursor()) as second,
        ):
            # Waiting for the other run would be a failure, not a hang.
            second.execute("SET LOCAL lock_timeout = '5s'")
            first_env = api.Environment(first, SUPERUSER_ID, {})
            second_env = api.Environment(second, SUPERUSER_ID, {})
            # The first run holds its batch (three tickets) while the second one runs.
            done_first = first_env["slm.clock"]._cron_update_clocks(batch_size=3)
            done_second = second_env["slm.clock"]._cron_update_clocks(batch_size=100)
            second.commit()
            first.commit()
        self.assertEqual((done_first, done_second), (3, 3))
        # The customer was being notified by the first run: the second one left its escalations
        # for the next run, which fires them.
        with (
            freeze_time(self.ids["start"] + timedelta(hours=5, minutes=5)),
            closing(self.registry.cursor()) as cr,
        ):
            api.Environment(cr, SUPERUSER_ID, {})["slm.clock"]._cron_update_clocks()
            cr.commit()  # pylint: disable=invalid-commit
        with closing(self.registry.cursor()) as cr:
            cr.execute(
                """SELECT clock_id, escalation_id, count(*) FROM slm_clock_escalation
                    WHERE clock_id IN %s GROUP BY clock_id, escalation_id""",
                (tuple(self.ids["clocks"]),),
            )
            fired = cr.fetchall()
            cr.execute("SELECT DISTINCT status FROM slm_clock WHERE id IN %s", (tuple(self.ids["clocks"]),))
            statuses = {row[0] for row in cr.fetchall()}
        self.assertEqual(len(fired), 6 * 2)
        self.assertEqual({count for _clock, _rule, count in fired}, {1})
        self.assertEqual(statuses, {"breached"})


@tagged("post_install", "-at_install")
class TestReportClaimConcurrency(BaseCase):
    """Two report runs at once, on two connections: the period of a subscription is claimed once."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with closing(self.registry.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            customer = env["res.partner"].create(
                {"name": "Concurrent Reader", "is_company": True, "email": "reader@example.com"}
            )
            agreement = env["slm.agreement"].create(
                {"title": "Concurrent reports", "level": "customer", "partner_id": customer.id, "state": "active",
                 "date_start": date(2020, 1, 1)}
            )  # fmt: skip
            subscription = env["slm.report.subscription"].create(
                {
                    "name": "Concurrent",
                    "agreement_id": agreement.id,
                    "recipient_partner_ids": [(6, 0, customer.ids)],
                }
            )
            self.ids = {"customer": customer.id, "agreement": agreement.id, "subscription": subscription.id}
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._remove)

    def _remove(self):
        with closing(self.registry.cursor()) as cr:
            for statement in (
                "DELETE FROM slm_report_delivery WHERE subscription_id = %(subscription)s",
                "DELETE FROM mail_message WHERE model = 'slm.report.subscription' AND res_id = %(subscription)s",
                "DELETE FROM mail_followers WHERE res_model = 'slm.report.subscription' AND res_id = %(subscription)s",
                "DELETE FROM slm_report_subscription WHERE id = %(subscription)s",
                "DELETE FROM mail_message WHERE model = 'slm.agreement' AND res_id = %(agreement)s",
                "DELETE FROM mail_followers WHERE res_model = 'slm.agreement' AND res_id = %(agreement)s",
                "DELETE FROM slm_agreement WHERE id = %(agreement)s",
                "DELETE FROM res_partner WHERE id = %(customer)s",
            ):
                cr.execute(statement, self.ids)
            cr.commit()  # pylint: disable=invalid-commit

    def test_01_claimed_once(self):
        """The second run, which began before the first committed its claim, never claims it too."""
        with closing(self.registry.cursor()) as first, closing(self.registry.cursor()) as second:
            first_env, second_env = (api.Environment(cr, SUPERUSER_ID, {}) for cr in (first, second))
            agreement = second_env["slm.agreement"].browse(self.ids["agreement"])
            second_subscription = second_env["slm.report.subscription"].browse(self.ids["subscription"])
            second.execute("SELECT 1")  # its snapshot is taken now
            first_subscription = first_env["slm.report.subscription"].browse(self.ids["subscription"])
            self.assertTrue(first_subscription._slm_claim(agreement.with_env(first_env), "2026-03"))
            first.commit()
            try:
                claimed = second_subscription._slm_claim(agreement, "2026-03")
            except errors.SerializationFailure:
                claimed = None  # Odoo retries the job later, when the claim is there to be found
            second.rollback()
        self.assertFalse(claimed)
        with closing(self.registry.cursor()) as cr:
            cr.execute(
                "SELECT count(*) FROM slm_report_delivery WHERE subscription_id = %s",
                [self.ids["subscription"]],
            )
            self.assertEqual(cr.fetchone()[0], 1)
