# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

MODELS = ("slm.agreement", "slm.target", "slm.uc.fee", "slm.vendor.escalation", "slm.uc.credit")


@tagged("post_install", "-at_install")
class TestUcMultiCompany(TransactionCase):
    """Two companies never see each other's UCs, fees, vendor escalations or service credits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.sides = []
        for name in ("North IT", "South IT"):
            company = cls.env["res.company"].create({"name": name})
            user = new_test_user(
                cls.env,
                f"uc_mc_{name.split()[0].lower()}",
                groups="underpinning_contracts.group_uc_officer,helpdesk_mgmt.group_helpdesk_user",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )
            env = cls.env(user=user, context=dict(cls.env.context, allowed_company_ids=company.ids))
            Partner = cls.env["res.partner"]
            customer = Partner.create(
                {"name": f"Customer of {name}", "is_company": True, "company_id": company.id}
            )
            vendor = Partner.create(
                {"name": f"Vendor of {name}", "is_company": True, "company_id": company.id}
            )
            service = cls.env["slm.service"].create(
                {"name": f"E-mail of {name}", "state": "live", "company_id": company.id}
            )
            sla = cls.env["slm.agreement"].create(
                {
                    "title": f"{name} e-mail",
                    "level": "service",
                    "company_id": company.id,
                    "partner_id": customer.id,
                    "service_ids": [(6, 0, service.ids)],
                    "state": "active",
                    "date_start": date(2020, 1, 1),
                    "target_ids": [(0, 0, {"metric": "resolution", "value": 8, "calendar_mode": "always"})],
                }
            )
            product = cls.env["product.product"].create({"name": f"Line of {name}", "purchase_ok": True})
            uc = cls.env["slm.agreement"].create(
                {
                    "title": f"{name} line",
                    "agreement_type": "uc",
                    "level": "service",
                    "company_id": company.id,
                    "vendor_id": vendor.id,
                    "service_ids": [(6, 0, service.ids)],
                    "state": "active",
                    "date_start": date(2020, 1, 1),
                    "fee_ids": [(0, 0, {"product_id": product.id, "quantity": 12, "price_unit": 100})],
                    "target_ids": [
                        (0, 0, {"metric": "resolution", "value": 4, "calendar_mode": "always",
                                "supported_target_id": sla.target_ids.id}),
                    ],
                }
            )  # fmt: skip
            ticket = env["helpdesk.ticket"].create(
                {"name": "Line down", "description": "-", "partner_id": customer.id, "service_id": service.id,
                 "company_id": company.id}
            )  # fmt: skip
            cls.env["slm.vendor.escalation"].with_user(user)._slm_escalate(ticket, uc, "V-1")
            cls.env["slm.uc.credit"].create(
                {"agreement_id": uc.id, "period": "2026-01", "date_start": datetime(2026, 1, 1),
                 "date_end": datetime(2026, 2, 1), "amount": 100}
            )  # fmt: skip
            cls.sides.append({"company": company, "env": env, "sla": sla, "uc": uc, "vendor": vendor})

    def test_01_nothing_of_the_other_company(self):
        """Each officer finds only the UCs, fees, escalations and credits of their company."""
        for side, other in (self.sides, self.sides[::-1]):
            for model in MODELS:
                records = side["env"][model].search([])
                self.assertTrue(records, f"{side['company'].name} sees no {model} of its own")
                self.assertFalse(
                    records.sudo().filtered(lambda r, c=other["company"]: r.company_id == c),
                    f"{side['company'].name} sees {model} of {other['company'].name}",
                )

    def test_02_no_cross_company_links(self):
        """A UC cannot back another company's SLA target; a bill of one company cannot name a UC of another."""
        north, south = self.sides
        with self.assertRaises(UserError):
            self.env["slm.target"].create(
                {"agreement_id": north["uc"].id, "metric": "resolution", "value": 2, "calendar_mode": "always",
                 "supported_target_id": south["sla"].target_ids.id}
            )  # fmt: skip
        with self.assertRaises(UserError):
            self.env["account.move"].create(
                {"move_type": "in_invoice", "partner_id": north["vendor"].id, "uc_id": north["uc"].id,
                 "company_id": south["company"].id}
            )  # fmt: skip
