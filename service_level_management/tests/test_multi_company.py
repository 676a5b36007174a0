# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from slm_engine import deadline

from .common import activate, propose

MODELS = (
    "slm.agreement",
    "slm.target",
    "slm.escalation",
    "slm.agreement.revision",
    "slm.clock",
    "slm.clock.event",
    "slm.clock.escalation",
    "slm.measurement",
    "slm.revision.whatif",
)


@tagged("post_install", "-at_install")
class TestMultiCompany(TransactionCase):
    """Two companies share a database and never see or affect each other's service levels."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.companies = cls.env["res.company"].create([{"name": "North IT"}, {"name": "South IT"}])
        cls.sides = {}
        for company in cls.companies:
            groups = ",".join(
                (
                    "helpdesk_mgmt.group_helpdesk_user",
                    "service_catalog.group_slm_manager",
                    "service_catalog.group_slm_approver",
                )
            )
            user = new_test_user(
                cls.env,
                f"mc_{company.name.split()[0].lower()}",
                groups=groups,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
                email=f"{company.name.split()[0].lower()}@example.com",
            )
            env = cls.env(user=user, context=dict(cls.env.context, allowed_company_ids=company.ids))
            calendar = (
                env["resource.calendar"]
                .sudo()
                .create({"name": f"{company.name} office", "tz": "UTC", "company_id": company.id})
            )
            customer = (
                env["res.partner"]
                .sudo()
                .create({"name": f"Customer of {company.name}", "is_company": True, "company_id": company.id})
            )
            team = (
                env["helpdesk.ticket.team"]
                .sudo()
                .create({"name": f"{company.name} desk", "company_id": company.id})
            )
            sla = env["slm.agreement"].create(
                {
                    "title": f"{company.name} corporate",
                    "level": "corporate",
                    "support_calendar_id": calendar.id,
                    "service_calendar_id": calendar.id,
                    "date_start": date(2020, 1, 1),
                    "target_ids": [
                        (0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "support"}),
                        (0, 0, {"metric": "availability", "value": 99, "calendar_mode": "always"}),
                    ],
                    "escalation_ids": [(0, 0, {"percent": 50})],
                }
            )
            cls.sides[company.name] = {"user": user, "env": env, "calendar": calendar, "customer": customer,
                                       "team": team, "sla": sla, "company": company}  # fmt: skip

    def _activate_both(self):
        approvers = {name: side["user"] for name, side in self.sides.items()}
        for name, side in self.sides.items():
            activate(side["sla"], approvers[name])
            self.assertEqual(side["sla"].state, "active")

    def _ticket(self, side, **values):
        return side["env"]["helpdesk.ticket"].create(
            {"name": "Down", "description": "-", "partner_id": side["customer"].id, "team_id": side["team"].id,
             "company_id": side["company"].id, **values}
        )  # fmt: skip

    def test_01_nothing_of_the_other_company(self):
        """Agreements, targets, rules, revisions, clocks, events, escalations, measurements, what-ifs stay home."""
        self._activate_both()
        north, south = self.sides["North IT"], self.sides["South IT"]
        for side in (north, south):
            ticket = self._ticket(side, is_outage=True, outage_start=datetime(2026, 3, 2, 9),
                                  outage_restored=datetime(2026, 3, 2, 10))  # fmt: skip
            clock = ticket.sudo().slm_clock_ids
            with freeze_time(clock.start_date + timedelta(hours=20)):
                self.env["slm.clock"]._cron_update_clocks()
            side["env"]["slm.measurement"].browse()  # figures by the system, for everyone of the company
            self.env["slm.measurement"]._slm_compute(side["sla"], datetime(2026, 3, 15))
            proposal = propose(side["sla"], side["user"])
            proposal.target_ids.filtered(lambda t: t.metric == "resolution").value = 6
            proposal.with_user(side["user"]).action_whatif()
            side["ticket"] = ticket
        for side, other in ((north, south), (south, north)):
            for model in MODELS:
                records = side["env"][model].search([])
                foreign = records.filtered(
                    lambda r, c=other["company"]: (
                        (r.sudo().company_id if "company_id" in r._fields else r.sudo().clock_id.company_id)
                        == c
                    )
                )
                self.assertFalse(foreign, f"{side['company'].name} sees {model} of {other['company'].name}")
            self.assertTrue(side["env"]["slm.clock"].search([]))
            self.assertTrue(side["env"]["slm.clock.escalation"].search([]))

    def test_02_no_cross_company_links(self):
        """An agreement cannot name another company's customer, schedule or parent."""
        north, south = self.sides["North IT"], self.sides["South IT"]
        Agreement = north["env"]["slm.agreement"]
        base = {"title": "Mixed", "level": "customer", "date_start": date(2026, 1, 1)}
        for values in (
            {"partner_id": south["customer"].id},
            {"partner_id": north["customer"].id, "support_calendar_id": south["calendar"].id},
            {"partner_id": north["customer"].id, "parent_id": south["sla"].id},
        ):
            with self.assertRaises(UserError):
                Agreement.sudo().create({**base, **values})

    def test_03_outages_and_holidays_stay_home(self):
        """A corporate SLA measures its own company's outages; one company's holiday closes only its schedules."""
        self._activate_both()
        north, south = self.sides["North IT"], self.sides["South IT"]
        self._ticket(
            north,
            is_outage=True,
            outage_start=datetime(2026, 3, 2, 9),
            outage_restored=datetime(2026, 3, 2, 19),
        )
        figures = self.env["slm.measurement"]._slm_compute(south["sla"] | north["sla"], datetime(2026, 3, 15))
        availability = {m.agreement_id: m for m in figures if m.metric == "availability"}
        self.assertEqual(availability[north["sla"]].downtime_hours, 10)
        self.assertEqual(availability[south["sla"]].downtime_hours, 0)
        monday = datetime(2026, 3, 9)
        north["env"]["resource.calendar.leaves"].sudo().create(
            {"name": "North holiday", "date_from": monday, "date_to": monday + timedelta(days=1),
             "company_id": north["company"].id}
        )  # fmt: skip
        start = datetime(2026, 3, 9, 8).astimezone()
        north_due = deadline(north["calendar"]._slm_calendar(), start, timedelta(hours=8))
        south_due = deadline(south["calendar"]._slm_calendar(), start, timedelta(hours=8))
        self.assertGreater(north_due, south_due)
