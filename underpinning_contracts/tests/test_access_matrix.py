# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import TransactionCase, new_test_user, tagged

# Who may read (r), write (w), create (c) and delete (u) what, by role. Evidence (clocks,
# their events and escalations, measurements, revisions, what-ifs) is read-only to every
# role: the product writes it. Roles not named on a line have no right on that model.
ROLES = {
    "agent_own": "helpdesk_mgmt.group_helpdesk_user_own",
    "agent": "helpdesk_mgmt.group_helpdesk_user",
    "employee": "base.group_user",
    "slm_user": "service_catalog.group_slm_user",
    "slm_manager": "service_catalog.group_slm_manager",
    "approver": "service_catalog.group_slm_approver",
    "purchasing": "underpinning_contracts.group_uc_officer",
    "portal": "base.group_portal",
    "public": "base.group_public",
}
INTERNAL = ("agent_own", "agent", "employee", "slm_user", "slm_manager", "approver", "purchasing")
SERVICE_LEVELS = ("slm_user", "slm_manager", "approver", "purchasing")
EVIDENCE_READERS = ("agent_own", "agent", *SERVICE_LEVELS)
MATRIX = {
    "slm.service.category": {**dict.fromkeys(INTERNAL, "r"), "slm_manager": "rwcu"},
    "slm.service": {**dict.fromkeys(INTERNAL, "r"), "slm_manager": "rwcu"},
    "slm.service.offering": {**dict.fromkeys(INTERNAL, "r"), "slm_manager": "rwcu"},
    "resource.calendar.workday": {**dict.fromkeys(INTERNAL, "r"), "slm_manager": "rwcu"},
    "slm.requirement": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu"},
    "slm.requirement.source": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu"},
    "slm.implementation.spec": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu"},
    # Agents read the UCs they escalate to; purchasing changes UCs only; customers on the portal read
    # their own signed SLAs, their targets, figures and reports (RECORD_RULES, test_portal_agreements).
    "slm.agreement": {
        **dict.fromkeys(("agent_own", "agent", "portal", *SERVICE_LEVELS), "r"),
        "slm_manager": "rwcu",
        "purchasing": "rwcu",
    },
    "slm.target": {
        **dict.fromkeys(("portal", *SERVICE_LEVELS), "r"),
        "slm_manager": "rwcu",
        "purchasing": "rwcu",
    },
    "slm.escalation": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu", "purchasing": "rwcu"},
    "slm.uc.fee": {**dict.fromkeys(SERVICE_LEVELS, "r"), "purchasing": "rwcu"},
    "slm.uc.credit": dict.fromkeys(SERVICE_LEVELS, "r"),
    "slm.vendor.escalation": dict.fromkeys(EVIDENCE_READERS, "r"),
    "slm.vendor.escalate": dict.fromkeys(("agent_own", "agent"), "rwcu"),
    "slm.agreement.terminate": {"slm_manager": "rwcu"},
    "slm.agreement.revision": dict.fromkeys(SERVICE_LEVELS, "r"),
    "slm.measurement": dict.fromkeys(("portal", *SERVICE_LEVELS), "r"),
    "slm.service.report": dict.fromkeys(("portal", *SERVICE_LEVELS), "r"),
    "slm.service.report.wizard": dict.fromkeys(SERVICE_LEVELS, "rwcu"),
    "slm.report.subscription": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu"},
    "slm.report.delivery": dict.fromkeys(SERVICE_LEVELS, "r"),
    "slm.report.send": {"slm_manager": "rwcu"},
    "slm.revision.whatif": dict.fromkeys(SERVICE_LEVELS, "r"),
    "slm.revision.whatif.ticket": dict.fromkeys(SERVICE_LEVELS, "r"),
    # Reviews and improvements: service level users read, managers run them (approvers approve through
    # tier validation); the review's sections are the system's; agents give breach reasons by the wizard.
    "slm.review": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu"},
    "slm.review.line": dict.fromkeys(SERVICE_LEVELS, "r"),
    "slm.review.decision": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu"},
    "slm.improvement": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu"},
    "slm.improvement.action": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu"},
    "slm.breach.reason": {**dict.fromkeys(EVIDENCE_READERS, "r"), "slm_manager": "rwcu"},
    "slm.breach.reason.record": dict.fromkeys(("agent_own", "agent"), "rwcu"),
    "slm.clock": dict.fromkeys(EVIDENCE_READERS, "r"),
    "slm.clock.event": dict.fromkeys(EVIDENCE_READERS, "r"),
    "slm.clock.escalation": dict.fromkeys(EVIDENCE_READERS, "r"),
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}
# The same by kind of agreement, where record rules narrow the rights of the table.
RECORD_RULES = {
    "sla": {**dict.fromkeys(SERVICE_LEVELS, "r"), "slm_manager": "rwcu"},
    "uc": {**dict.fromkeys(("agent_own", "agent", *SERVICE_LEVELS), "r"), "slm_manager": "rwcu",
           "purchasing": "rwcu"},
}  # fmt: skip


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    """Every role's rights on every model of the suite, from one table."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, f"matrix_{role}", groups=group) for role, group in ROLES.items()
        }

    def test_01_matrix(self):
        """Each role has exactly the rights of the table on each model, no more, no less."""
        problems = []
        for model, rights in MATRIX.items():
            for role, user in self.users.items():
                expected = rights.get(role, "")
                for letter, operation in OPERATIONS.items():
                    allowed = self.env[model].with_user(user).has_access(operation)
                    if allowed != (letter in expected):
                        problems.append(f"{role} {'may' if allowed else 'may not'} {operation} {model}")
        self.assertFalse(problems, "\n".join(problems))

    def test_02_every_model_in_the_table(self):
        """No model the suite defines escapes the table."""
        suite = ("service_catalog", "service_level_management", "underpinning_contracts")
        defined = {
            name
            for name, model in self.env.registry.items()
            if model._original_module in suite and not model._abstract
        }
        self.assertEqual(defined - set(MATRIX), set())

    def test_03_record_rules_by_kind_of_agreement(self):
        """Purchasing changes UCs and not SLAs; agents read UCs and not SLAs; their targets follow."""
        Agreement = self.env["slm.agreement"]
        vendor = self.env["res.partner"].create({"name": "Vendor", "is_company": True})
        agreements = {
            "sla": Agreement.create({"title": "SLA", "level": "corporate"}),
            "uc": Agreement.create(
                {"title": "UC", "agreement_type": "uc", "level": "service", "vendor_id": vendor.id}
            ),
        }
        problems = []
        for kind, agreement in agreements.items():
            target = self.env["slm.target"].create(
                {"agreement_id": agreement.id, "metric": "resolution", "value": 8, "calendar_mode": "always"}
            )
            for role, user in self.users.items():
                expected = RECORD_RULES[kind].get(role, "")
                for letter, operation in OPERATIONS.items():
                    for record in (agreement, target):
                        if record._name == "slm.target" and role in ("agent_own", "agent"):
                            continue  # agents reach no target
                        allowed = record.with_user(user).has_access(operation)
                        if allowed != (letter in expected):
                            problems.append(
                                f"{role} {'may' if allowed else 'may not'} {operation} {record._name} of a {kind}"
                            )
        self.assertFalse(problems, "\n".join(problems))
