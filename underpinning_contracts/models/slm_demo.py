# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
from datetime import UTC, timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class SlmDemo(models.AbstractModel):
    _inherit = "slm.demo"

    @api.model
    def _demo_carrier(self):
        """The carrier's UC, its purchase and bills, a ticket it made late and the credit it owes."""
        ref = self.env.ref
        purchasing = ref("underpinning_contracts.demo_user_purchasing")
        sla = ref("service_level_management.demo_agreement_email")
        backed = {target.metric: target for target in sla.target_ids}
        now = fields.Datetime.now().replace(minute=0, second=0)
        uc = self.env["slm.agreement"].create(
            {
                "title": "Fibre line and mail relay for Riverside Hospital",
                "agreement_type": "uc",
                "level": "service",
                "vendor_id": ref("underpinning_contracts.demo_vendor_carrier").id,
                "vendor_contact_id": ref("underpinning_contracts.demo_vendor_carrier_noc").id,
                "user_id": purchasing.id,
                "service_ids": [(6, 0, ref("service_catalog.demo_service_email").ids)],
                "date_start": (now - timedelta(days=200)).date(),
                "date_end": (now + timedelta(days=165)).date(),
                "contract_value": 14400,
                "notice_days": 90,
                "support_calendar_id": ref("service_catalog.demo_calendar_always").id,
                "service_calendar_id": ref("service_catalog.demo_calendar_always").id,
                "signed_contract": base64.b64encode(b"%PDF-1.4 signed contract (demo)"),
                "signed_contract_name": "northlink-contract-2026.pdf",
                "fee_ids": [(0, 0, {"product_id": ref("underpinning_contracts.demo_product_line").id, "quantity": 12,
                                    "price_unit": 1200})],
                "target_ids": [
                    (0, 0, {"metric": "availability", "value": 99.95, "calendar_mode": "service",
                            "supported_target_id": backed["availability"].id}),
                    (0, 0, {"metric": "response", "value": 15, "unit": "minutes", "calendar_mode": "support",
                            "supported_target_id": backed["response"].id}),
                    (0, 0, {"metric": "resolution", "value": 4, "calendar_mode": "support",
                            "supported_target_id": backed["resolution"].id, "credit_type": "fixed",
                            "credit_value": 500, "credit_cap": 1200}),
                ],
            }
        )  # fmt: skip
        self._demo_xmlid(uc, "demo_uc_carrier", module="underpinning_contracts")
        uc.action_request_approval()
        admin = ref("base.user_admin")
        self._demo_approve(uc, admin, "Terms checked against the e-mail SLA; signed copy attached.")
        # Bought through a purchase order, billed twice.
        order = self.env["purchase.order"].browse(
            uc.with_user(purchasing).action_purchase_request()["res_id"]
        )
        order.button_confirm()
        for months in (2, 1):
            bill = self.env["account.move"].create(
                {
                    "move_type": "in_invoice",
                    "partner_id": uc.vendor_id.id,
                    "uc_id": uc.id,
                    "invoice_date": (now - timedelta(days=30 * months)).date(),
                    "ref": f"NL-{months:04d}",
                    "invoice_line_ids": [
                        (0, 0, {"product_id": ref("underpinning_contracts.demo_product_line").id, "quantity": 1,
                                "price_unit": 1200, "purchase_line_id": order.order_line[:1].id})
                    ],
                }
            )  # fmt: skip
            bill.action_post()
        # A ticket handed to the carrier, which resolved it late: the SLA breach is the carrier's.
        opened = now - timedelta(days=40, hours=2)
        ticket = self._demo_ticket(
            {
                "name": "No mail from outside since the line went down",
                "description": "<p>Mail from outside does not arrive; the carrier's line is down.</p>",
                "partner_id": ref("service_level_management.demo_contact_it").id,
                "service_id": ref("service_catalog.demo_service_email").id,
                "team_id": ref("service_level_management.demo_team_second_line").id,
                "priority": "3",
            },
            opened,
            timedelta(minutes=10),
            None,
        )
        self._demo_xmlid(ticket, "demo_ticket_carrier", module="underpinning_contracts")
        escalated, vendor_done, closed = (opened + timedelta(hours=1), opened + timedelta(hours=7),
                                          opened + timedelta(hours=9))  # fmt: skip
        escalation = self.env["slm.vendor.escalation"]._slm_escalate(ticket, uc, "NL-CASE-4711")
        self.env.cr.execute(
            SQL(
                "UPDATE slm_vendor_escalation SET escalated_date = %s WHERE id = %s", escalated, escalation.id
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE slm_clock SET start_date = %s WHERE vendor_escalation_id = %s",
                escalated,
                escalation.id,
            )
        )
        escalation.invalidate_recordset()
        escalation.clock_ids.invalidate_recordset()
        escalation.clock_ids._slm_evaluate()
        # The carrier answered within ten minutes, and resolved six hours later.
        answered = escalated + timedelta(minutes=10)
        escalation.clock_ids.filtered(lambda c: c.metric == "response")._slm_add_events("reached", answered)
        escalation.clock_ids.filtered(lambda c: c.metric == "resolution")._slm_add_events(
            "reached", vendor_done
        )
        escalation.write({"responded_date": answered, "resolved_date": vendor_done})
        ticket.sudo().slm_clock_ids.filtered(lambda c: c.metric == "resolution")._slm_add_events(
            "reached", closed
        )
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET stage_id = %s, closed_date = %s WHERE id = %s",
                ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
                closed,
                ticket.id,
            )
        )
        ticket.invalidate_recordset()
        # Told after the fact, the breach is judged again as it would have been when it happened.
        sla_clocks = ticket.sudo().slm_clock_ids.filtered(lambda c: c.agreement_type == "sla")
        self.env.cr.execute(
            SQL("UPDATE slm_clock SET breach_cause = NULL WHERE id IN %s", tuple(sla_clocks.ids))
        )
        sla_clocks.invalidate_recordset(["breach_cause"])
        sla_clocks._slm_evaluate()
        # The month it happened is closed: the credit the carrier owes is proposed to purchasing.
        month_after = (opened.replace(tzinfo=UTC) + timedelta(days=32)).replace(day=2)
        self.env["slm.uc.credit"]._slm_propose(uc, month_after)
        self.env["slm.measurement"]._slm_compute(sla, opened)
