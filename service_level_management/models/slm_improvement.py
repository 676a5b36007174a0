# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

ORIGINS = [
    ("review", "Management Review"),
    ("meeting", "Meeting Minutes"),
    ("breach", "Missed Target"),
    ("ticket", "Ticket"),
    ("complaint", "Customer Complaint"),
    ("measurement", "Measurement"),
]
# Moved by the actions of the record only.
STATE_FIELDS = {"state", "date_done", "date_verified", "verified_by_id"}


class SlmImprovement(models.Model):
    """A service improvement record (seed §5.7, record QR-13-01).

    A gap found by a management review, a meeting, a missed target, a ticket, a complaint or a
    measurement; the actions that close it, each with its owner, due date, people and resources;
    and what it changes: agreement revisions (SLAs, OLAs, UCs), implementation specifications
    (procedures), services. Draft → planned → in progress → done → verified.
    """

    _name = "slm.improvement"
    _description = "Service Improvement Record"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    title = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    state = fields.Selection(
        [("draft", "Draft"), ("planned", "Planned"), ("in_progress", "In Progress"), ("done", "Done"),
         ("verified", "Verified"), ("cancelled", "Cancelled")],
        default="draft", required=True, tracking=True, copy=False, group_expand=True,
    )  # fmt: skip
    origin = fields.Selection(ORIGINS, required=True, default="meeting", tracking=True)
    review_id = fields.Many2one(
        "slm.review", string="Management Review", index="btree_not_null", ondelete="restrict"
    )
    clock_id = fields.Many2one(
        "slm.clock", string="Missed Target", index="btree_not_null", ondelete="restrict"
    )
    ticket_id = fields.Many2one("helpdesk.ticket", ondelete="restrict")
    measurement_id = fields.Many2one("slm.measurement", ondelete="restrict")
    origin_note = fields.Text(
        string="Found in", help="The minutes, the complaint or what else revealed the gap."
    )
    gap = fields.Text(string="Problem or Gap", required=True)
    user_id = fields.Many2one("res.users", string="Owner", default=lambda self: self.env.user, tracking=True)
    date_deadline = fields.Date(string="Due", tracking=True)
    resources = fields.Text(
        string="People and Resources", help="The additional people and resources it needs."
    )
    action_ids = fields.One2many("slm.improvement.action", "improvement_id", string="Actions")
    service_ids = fields.Many2many("slm.service", string="Services")
    agreement_ids = fields.Many2many("slm.agreement", string="Agreements to Change",
                                     domain="[('revision_of_id', '=', False)]")  # fmt: skip
    proposal_ids = fields.One2many("slm.agreement", "improvement_id", string="Proposed Revisions")
    revision_ids = fields.One2many("slm.agreement.revision", "improvement_id", string="Revisions Made")
    spec_ids = fields.One2many("slm.implementation.spec", "improvement_id", string="Procedure Versions")
    result = fields.Text(help="What changed, and how it was checked.")
    date_done = fields.Datetime(string="Done on", readonly=True, copy=False)
    date_verified = fields.Datetime(string="Verified on", readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", string="Verified by", readonly=True, copy=False)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue",
        help="An action or the record itself is past due and not done.",
    )  # fmt: skip
    open_action_count = fields.Integer(string="Open Actions", compute="_compute_open_action_count")

    @api.depends("action_ids.state", "action_ids.date_deadline", "date_deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for improvement in self:
            improvement.is_overdue = improvement.state in ("draft", "planned", "in_progress") and (
                bool(improvement.date_deadline and improvement.date_deadline < today)
                or any(action.is_overdue for action in improvement.action_ids)
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue improvements with = or !=."))
        today = fields.Date.context_today(self)
        overdue = [("state", "in", ["draft", "planned", "in_progress"]), "|", ("date_deadline", "<", today),
                   "&", ("action_ids.state", "=", "todo"), ("action_ids.date_deadline", "<", today)]  # fmt: skip
        return overdue if (operator == "=") == value else ["!", *overdue]

    @api.depends("action_ids.state")
    def _compute_open_action_count(self):
        for improvement in self:
            improvement.open_action_count = len(improvement._slm_open_actions())

    def _slm_open_actions(self):
        return self.action_ids.filtered(lambda action: action.state == "todo")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(STATE_FIELDS & set(vals) for vals in vals_list):
            raise UserError(
                self.env._("A new improvement starts as a draft; it moves on through its actions.")
            )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("slm.improvement") or "/"
        # Actions are added once the record (and its followers) exist: each schedules its owner's activity.
        actions = [vals.pop("action_ids", None) for vals in vals_list]
        improvements = super().create(vals_list)
        for improvement, commands in zip(improvements, actions, strict=True):
            if commands:
                improvement.write({"action_ids": commands})
        return improvements

    def write(self, vals):
        if not self.env.su:
            if STATE_FIELDS & set(vals):
                raise UserError(self.env._("The status of an improvement changes only through its actions."))
            if "name" in vals:
                raise UserError(self.env._("The reference of an improvement is set by the system."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(improvement.state != "draft" for improvement in self):
            raise UserError(self.env._("An improvement under way is a record: cancel it, it is kept."))

    @api.depends("name", "title")
    def _compute_display_name(self):
        for improvement in self:
            improvement.display_name = f"{improvement.name} {improvement.title or ''}".strip()

    def _slm_resources_text(self):
        """People and resources of the record and its actions, for the reviews."""
        self.ensure_one()
        parts = [self.resources or ""]
        parts += [f"{action.name}: {action.resources}" for action in self.action_ids if action.resources]
        return "\n".join(part for part in parts if part)

    # -- the state moves through these actions ------------------------------------------------------

    def _slm_move(self, from_states, state, refusal, **values):
        self.check_access("write")
        if any(improvement.state not in from_states for improvement in self):
            raise UserError(refusal)
        self.sudo().write({"state": state, **values})
        return True

    def action_plan(self):
        for improvement in self:
            if not improvement.action_ids:
                raise UserError(
                    self.env._("Plan the actions of %(record)s first: what, who and by when.",
                               record=improvement.display_name)
                )  # fmt: skip
        return self._slm_move(["draft"], "planned", self.env._("Only a draft is planned."))

    def action_start(self):
        return self._slm_move(["planned"], "in_progress", self.env._("Only a planned improvement starts."))

    def action_done(self):
        for improvement in self:
            open_actions = improvement._slm_open_actions()
            if open_actions:
                raise UserError(
                    self.env._("%(record)s still has open actions: %(actions)s. Finish or cancel them first.",
                               record=improvement.display_name, actions=", ".join(open_actions.mapped("name")))
                )  # fmt: skip
        return self._slm_move(
            ["in_progress"], "done", self.env._("Only an improvement in progress is done."),
            date_done=fields.Datetime.now(),
        )  # fmt: skip

    def action_verify(self):
        for improvement in self:
            if not (improvement.result or "").strip():
                raise UserError(
                    self.env._("Say what changed and how it was checked (Result) before verifying %(record)s.",
                               record=improvement.display_name)
                )  # fmt: skip
        return self._slm_move(
            ["done"], "verified", self.env._("Only a done improvement is verified."),
            date_verified=fields.Datetime.now(), verified_by_id=self.env.user.id,
        )  # fmt: skip

    def action_cancel(self):
        return self._slm_move(
            ["draft", "planned", "in_progress"],
            "cancelled",
            self.env._("A done improvement is not cancelled."),
        )

    def action_reset(self):
        return self._slm_move(
            ["cancelled", "done"], "draft", self.env._("Only a cancelled or done improvement goes back to draft."),
            date_done=False,
        )  # fmt: skip

    def action_propose_revisions(self):
        """Propose a revision of each agreement to change, made for this improvement."""
        self.ensure_one()
        in_force = self.agreement_ids.filtered(lambda a: a.state == "active")
        if not in_force:
            raise UserError(self.env._("Name the agreements in force this improvement changes first."))
        proposals = self.env["slm.agreement"]
        for agreement in in_force:
            proposals |= self.env["slm.agreement"].browse(agreement.action_propose_revision()["res_id"])
        proposals.filtered(lambda p: not p.improvement_id).write({"improvement_id": self.id})
        return proposals._get_records_action(name=self.env._("Proposed Revisions"))
