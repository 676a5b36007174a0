# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SlmImprovementAction(models.Model):
    """One action of an improvement record: what, who, by when, with which people and resources.

    Its owner gets an activity; the owner or a service level manager marks it done.
    """

    _name = "slm.improvement.action"
    _description = "Service Improvement Action"
    _order = "improvement_id, sequence, id"

    improvement_id = fields.Many2one("slm.improvement", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="improvement_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        domain=lambda self: [("groups_id", "in", self.env.ref("service_catalog.group_slm_user").ids)],
        help="Someone who can open service improvements: the action is theirs to do and mark done.",
    )
    date_deadline = fields.Date(string="Due")
    resources = fields.Text(string="People and Resources")
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("cancelled", "Cancelled")], default="todo", required=True
    )
    date_done = fields.Datetime(string="Done on", readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue")

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = action.state == "todo" and bool(
                action.date_deadline and action.date_deadline < today
            )

    @api.constrains("user_id", "name")  # name: always given, so a new action is checked
    def _check_owner(self):
        for action in self:
            if not action.user_id:
                raise ValidationError(
                    self.env._("The action “%(action)s” needs an owner.", action=action.name)
                )
            if not action.user_id.has_group("service_catalog.group_slm_user"):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot open service improvements, so cannot do the action “%(action)s”: "
                        "choose another owner, or give them a Service Levels access right first.",
                        user=action.user_id.name,
                        action=action.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("state", "todo") != "todo" for vals in vals_list):
            raise UserError(self.env._("An action starts to do; mark it done when it is."))
        actions = super().create(vals_list)
        actions._slm_schedule_activities()
        return actions

    def write(self, vals):
        if {"state", "date_done"} & set(vals) and not self.env.su:
            raise UserError(self.env._("An action is marked done or cancelled with its buttons."))
        result = super().write(vals)
        if {"user_id", "date_deadline", "name"} & set(vals):
            self.filtered(lambda a: a.state == "todo")._slm_schedule_activities()
        return result

    def _slm_schedule_activities(self):
        """One to-do activity for the owner of each open action, due with it (replacing an earlier one)."""
        for action in self.sudo():
            action.activity_id.unlink()
            activity = action.improvement_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.date_deadline or fields.Date.context_today(action),
                summary=action.name[:100],
                note=action.resources or "",
                user_id=action.user_id.id,
            )
            action.activity_id = activity

    def action_mark_done(self):
        """Done, by its owner or a service level manager."""
        self._slm_check_owner_or_manager()
        for action in self.sudo():
            if action.state != "todo":
                raise UserError(self.env._("Only an action to do is marked done."))
            action.activity_id.action_feedback(feedback=self.env._("Done"))
            action.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self.check_access("write")
        for action in self.sudo():
            if action.state != "todo":
                raise UserError(self.env._("Only an action to do is cancelled."))
            action.activity_id.unlink()
            action.state = "cancelled"
        return True

    def _slm_check_owner_or_manager(self):
        if self.env.user.has_group("service_catalog.group_slm_manager"):
            return
        if any(action.user_id != self.env.user for action in self):
            raise UserError(self.env._("Only its owner or a service level manager marks an action done."))
        self.check_access("read")
