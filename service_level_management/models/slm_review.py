# Copyright 2026 Service Level Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, is_html_empty

# What people write on a review; frozen once it is submitted.
CONTENT_FIELDS = {"date_from", "date_to", "review_date", "chair_id", "attendee_ids", "minutes", "decision_ids",
                  "kind", "incident_ticket_id", "company_id", "title"}  # fmt: skip
# What the system alone writes: the reference, and when the content was gathered (``_slm_refresh``).
SYSTEM_FIELDS = {"name", "refreshed_date"}
# Reasons people gave for a group of breaches, at most this many in a review line.
REASONS_PER_LINE = 10


class SlmReview(models.Model):
    """A management review of service levels (seed §5.6.2, §5.6.3).

    Yearly, made by a cron before the year ends, or extraordinary, proposed after a major incident.
    Its four sections are filled by the system from what happened since the last review (Refresh,
    while a draft): agreements signed and revised, the measured trend of each target, procedure
    changes and the improvements opened or closed, and the breaches by cause with the reasons people
    gave. People write the attendees, minutes and decisions; once submitted the review is frozen,
    and approved through tier validation; decisions start improvement records.
    """

    _name = "slm.review"
    _description = "Management Review"
    _inherit = ["slm.approval.mixin", "mail.activity.mixin"]
    _order = "date_to desc, id desc"

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    title = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [("yearly", "Yearly"), ("extraordinary", "Extraordinary")],
        required=True,
        default="extraordinary",
        tracking=True,
        help="Yearly: at least once a year, with the year's work report. Extraordinary: after an urgent "
        "or major incident (seed §5.6.2).",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "In Review"), ("approved", "Approved"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(compute="_compute_year", store=True, aggregator=None)
    date_from = fields.Date(string="Covers from", required=True, tracking=True)
    date_to = fields.Date(string="Covers to", required=True, tracking=True)
    review_date = fields.Date(string="Meeting Date", tracking=True)
    incident_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Major Incident", index="btree_not_null", ondelete="restrict", tracking=True
    )
    chair_id = fields.Many2one(
        "res.users", string="Process Owner", default=lambda self: self.env.user, tracking=True
    )
    attendee_ids = fields.Many2many("res.users", string="Attendees")
    minutes = fields.Html()
    decision_ids = fields.One2many("slm.review.decision", "review_id", string="Decisions")
    line_ids = fields.One2many("slm.review.line", "review_id", string="Content", readonly=True)
    commitment_line_ids = fields.One2many(
        "slm.review.line", "review_id", domain=[("section", "=", "commitment")], readonly=True,
        string="Agreements and Commitments",
    )  # fmt: skip
    trend_line_ids = fields.One2many(
        "slm.review.line",
        "review_id",
        domain=[("section", "=", "trend")],
        readonly=True,
        string="Service Trends",
    )
    procedure_line_ids = fields.One2many(
        "slm.review.line", "review_id", domain=[("section", "=", "procedure")], readonly=True,
        string="Procedure Changes and Resources",
    )  # fmt: skip
    breach_line_ids = fields.One2many(
        "slm.review.line", "review_id", domain=[("section", "=", "breach")], readonly=True,
        string="Reasons for Missed Service Levels",
    )  # fmt: skip
    refreshed_date = fields.Datetime(string="Content as of", readonly=True, copy=False)
    improvement_ids = fields.One2many("slm.improvement", "review_id", string="Improvements")
    improvement_count = fields.Integer(string="Number of Improvements", compute="_compute_improvement_count")

    def init(self):
        # Once per year and company, once per incident: also when the cron or a ticket runs twice at once.
        for name, columns, where in (
            ("slm_review_yearly_uniq", "company_id, year", "kind = 'yearly'"),
            ("slm_review_incident_uniq", "incident_ticket_id", "incident_ticket_id IS NOT NULL"),
        ):
            self.env.cr.execute(
                SQL("CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s) WHERE %s", SQL.identifier(name),
                    SQL.identifier(self._table), SQL(columns), SQL(where))
            )  # fmt: skip

    @api.depends("kind", "date_to")
    def _compute_year(self):
        for review in self:
            review.year = review.date_to.year if review.kind == "yearly" and review.date_to else 0

    @api.depends("improvement_ids")
    def _compute_improvement_count(self):
        for review in self:
            review.improvement_count = len(review.improvement_ids)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for review in self:
            if review.date_to < review.date_from:
                raise ValidationError(
                    self.env._("The review of %(review)s covers a period that ends before it starts.",
                               review=review.title)
                )  # fmt: skip

    @api.constrains("kind", "year", "company_id")
    def _check_one_yearly_review(self):
        for review in self.filtered(lambda r: r.kind == "yearly"):
            review._slm_check_yearly_free(review.company_id, review.year)

    def _slm_yearly_reviews(self, company, year):
        """How many yearly reviews of ``year`` ``company`` has, these left aside."""
        return self.search_count([("kind", "=", "yearly"), ("year", "=", year), ("company_id", "=", company.id),
                                  ("id", "not in", self.ids)])  # fmt: skip

    def _slm_check_yearly_free(self, company, year):
        """Refuse a second yearly review of ``year`` for ``company`` (the database refuses it too)."""
        if self._slm_yearly_reviews(company, year):
            raise ValidationError(
                self.env._("%(company)s already has its yearly review of %(year)s.", company=company.name,
                           year=year)
            )  # fmt: skip

    # -- create, write --------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("kind") == "yearly" and vals.get("date_to"):
                company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
                self.browse()._slm_check_yearly_free(company, fields.Date.to_date(vals["date_to"]).year)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("slm.review") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if SYSTEM_FIELDS & set(vals):
                raise UserError(
                    self.env._(
                        "The reference of a review and when its content was gathered are set by the system."
                    )
                )
            if CONTENT_FIELDS & set(vals):
                self._slm_check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(review.state != "draft" for review in self):
            raise UserError(self.env._("A submitted review is a record: it is kept, never deleted."))

    def _slm_check_open(self):
        for review in self:
            if review.state != "draft":
                raise UserError(
                    self.env._(
                        "%(review)s was submitted: it is frozen. Send it back to draft to change it.",
                        review=review.display_name,
                    )
                )

    @api.depends("name", "title")
    def _compute_display_name(self):
        for review in self:
            review.display_name = f"{review.name} {review.title or ''}".strip()

    # -- made by the system --------------------------------------------------------------------

    def _slm_since_last_review(self, company, until):
        """The day after the last review of ``company`` ended, before ``until``; else the year's first day."""
        last = self.search(
            [("company_id", "=", company.id), ("date_to", "<", until)], order="date_to desc", limit=1
        )
        return last.date_to + timedelta(days=1) if last else date(until.year, 1, 1)

    @api.model
    def _cron_yearly_review(self):
        """Before each year ends, the draft of its yearly review for each company, with an activity for
        the process owner to prepare it: once per year and company, however often it runs."""
        for company in self.env["res.company"].search([]):
            # The company's today, not the server's.
            today = fields.Date.context_today(self.with_context(tz=company.partner_id.tz or "UTC"))
            year_end = date(today.year, 12, 31)
            if today < year_end - timedelta(days=company.slm_review_days_before_year_end):
                continue
            if self._slm_yearly_reviews(company, today.year):
                continue
            review = self.create(
                {
                    "kind": "yearly",
                    "title": self.env._("Yearly review of service levels %(year)s", year=today.year),
                    "company_id": company.id,
                    "date_from": self._slm_since_last_review(company, year_end),
                    "date_to": year_end,
                    "chair_id": company.slm_review_owner_id.id,
                }
            )
            review._slm_refresh()
            review._slm_ask_owner(self.env._("Prepare the yearly management review of service levels."))
        return True

    @api.model
    def _slm_propose_for_incident(self, ticket):
        """A draft extraordinary review after the major incident ``ticket``, up to its restoration (or today),
        told on the ticket."""
        today = fields.Date.context_today(self, ticket.outage_restored or None)
        review = self.create(
            {
                "kind": "extraordinary",
                "title": self.env._("After the major incident %(ticket)s", ticket=ticket.display_name),
                "company_id": ticket.company_id.id,
                "incident_ticket_id": ticket.id,
                "date_from": self._slm_since_last_review(ticket.company_id, today),
                "date_to": today,
                "chair_id": ticket.company_id.slm_review_owner_id.id,
            }
        )
        ticket._slm_write_system({"slm_review_id": review.id})
        review._slm_refresh()
        review._slm_ask_owner(
            self.env._("A major incident calls for an extraordinary review of service levels: %(ticket)s.",
                       ticket=ticket.display_name)
        )  # fmt: skip
        ticket.message_post(
            body=self.env._("Major incident: the extraordinary management review %(review)s is proposed.",
                            review=review.display_name),
            subtype_xmlid="mail.mt_note",
        )  # fmt: skip
        return review

    def _slm_ask_owner(self, note):
        owner = (
            self.chair_id
            or self.env.ref("service_catalog.group_slm_manager").users.filtered(
                lambda u: self.company_id in u.company_ids
            )[:1]
        )
        if owner:
            self.activity_schedule("mail.mail_activity_data_todo", user_id=owner.id, note=note,
                                   summary=self.env._("Management review"))  # fmt: skip

    # -- the four sections of seed §5.6.3 -------------------------------------------------------

    def action_refresh(self):
        """Fill the sections again from the data, as of now (drafts only)."""
        self.check_access("write")
        self._slm_check_open()
        self._slm_refresh()
        return True

    def _slm_window(self):
        self.ensure_one()
        return datetime.combine(self.date_from, time.min), datetime.combine(
            self.date_to + timedelta(days=1), time.min
        )

    def _slm_refresh(self):
        Line = self.env["slm.review.line"].sudo()
        for review in self.sudo():
            review.line_ids.unlink()
            values = [
                *review._slm_commitment_lines(),
                *review._slm_trend_lines(),
                *review._slm_procedure_lines(),
                *review._slm_breach_lines(),
            ]
            Line.create([{**line, "review_id": review.id, "sequence": n} for n, line in enumerate(values)])
            review.refreshed_date = fields.Datetime.now()

    def _slm_commitment_lines(self):
        """(1) Agreements that came into force, were revised or ended in the period."""
        start, end = self._slm_window()
        company = [("company_id", "=", self.company_id.id)]
        Agreement = self.env["slm.agreement"].with_context(active_test=False)
        documents = [*company, ("revision_of_id", "=", False)]
        states = dict(Agreement._fields["state"]._description_selection(self.env))

        def line(agreement, day, label, note, revision=None):
            return {"section": "commitment", "agreement_id": agreement.id, "revision_id": revision and revision.id,
                    "date": day if isinstance(day, datetime) else datetime.combine(day, time.min), "label": label,
                    "note": note}  # fmt: skip

        in_force = Agreement.search(
            [*documents, ("state", "in", ["active", "expired", "terminated"]),
             ("date_start", ">=", self.date_from), ("date_start", "<=", self.date_to)], order="date_start, id",
        )  # fmt: skip
        revisions = self.env["slm.agreement.revision"].search(
            [*company, ("date", ">=", start), ("date", "<", end)], order="date, id"
        )
        ended = Agreement.search(
            [*documents, ("state", "in", ["expired", "terminated"]),
             ("date_end", ">=", self.date_from), ("date_end", "<=", self.date_to)], order="date_end, id",
        )  # fmt: skip
        return [
            *(line(a, a.date_start, self.env._("In force from"), a.title) for a in in_force),
            *(
                line(
                    r.agreement_id,
                    r.date,
                    self.env._("Revision %(number)s", number=r.new_version),
                    r.description,
                    r,
                )
                for r in revisions
            ),
            *(
                line(a, a.date_end, self.env._("Ended (%(state)s)", state=states[a.state]), a.title)
                for a in ended
            ),
        ]

    def _slm_trend_lines(self):
        """(2) The measured value of each target in each of its periods that overlap the review's (the
        current one as measured so far)."""
        start, end = self._slm_window()
        measurements = self.env["slm.measurement"].search(
            [("company_id", "=", self.company_id.id), ("date_start", "<", end), ("date_end", ">", start)],
            order="agreement_id, target_id, date_start",
        )
        return [
            {"section": "trend", "agreement_id": m.agreement_id.id, "target_id": m.target_id.id,
             "measurement_id": m.id, "label": m.period, "value": m.value_display or "",
             "committed": m.target_display or "", "result": m.result, "date": m.date_start}
            for m in measurements
        ]  # fmt: skip

    def _slm_procedure_lines(self):
        """(3) Procedures changed (implementation specifications published) and the improvements opened or
        closed in the period, with the people and resources they need."""
        start, end = self._slm_window()
        company = [("company_id", "=", self.company_id.id)]
        lines = [
            {"section": "procedure", "spec_id": spec.id, "date": spec.published_date, "label": spec.display_name,
             "note": spec.change_description or ""}
            for spec in self.env["slm.implementation.spec"].search(
                [*company, ("published_date", ">=", start), ("published_date", "<", end)], order="published_date")
        ]  # fmt: skip
        improvements = self.env["slm.improvement"].search(
            [*company, "|", "&", ("create_date", ">=", start), ("create_date", "<", end),
             "&", ("date_done", ">=", start), ("date_done", "<", end)], order="create_date")  # fmt: skip
        states = dict(improvements._fields["state"]._description_selection(self.env))
        lines += [
            {"section": "procedure", "improvement_id": improvement.id, "date": improvement.create_date,
             "label": states[improvement.state], "note": improvement._slm_resources_text()}
            for improvement in improvements
        ]  # fmt: skip
        return lines

    def _slm_breach_groupby(self):
        """Hook: what breaches are grouped by in section (4), besides their cause and reason."""
        return ["breach_cause", "breach_reason_id"]

    def _slm_breach_lines(self):
        """(4) Breached clocks whose deadline fell in the period, grouped by cause (and reason given), with
        the reasons people wrote."""
        start, end = self._slm_window()
        Clock = self.env["slm.clock"]
        domain = [("company_id", "=", self.company_id.id), ("status", "=", "breached"),
                  ("deadline", ">=", start), ("deadline", "<", end)]  # fmt: skip
        groupby = self._slm_breach_groupby()
        lines = []
        groups = Clock._read_group(
            domain, groupby, ["__count", "breach_reason:array_agg"], order="__count desc"
        )
        for *keys, count, said in groups:
            group = dict(zip(groupby, keys, strict=True))
            # The latest first, each once.
            reasons = list(dict.fromkeys(reason for reason in reversed(said) if reason))[:REASONS_PER_LINE]
            lines.append(
                {"section": "breach", "cause": group["breach_cause"] or False,
                 "reason_id": group["breach_reason_id"].id,
                 "partner_id": group.get("breach_vendor_id") and group["breach_vendor_id"].id,
                 "count": count, "note": "\n".join(reasons)}
            )  # fmt: skip
        return lines

    # -- actions ---------------------------------------------------------------------------------

    def action_request_approval(self):
        # Approvers see the sections as of the submission.
        self.check_access("write")
        self.filtered(lambda r: r.state == "draft")._slm_refresh()
        return super().action_request_approval()

    def _slm_check_can_request_approval(self):
        if is_html_empty(self.minutes):
            raise UserError(self.env._("Write the minutes of %(review)s before submitting it.",
                                       review=self.display_name))  # fmt: skip

    def _slm_on_approved(self):
        for review in self:
            review.message_post(
                body=self.env._("The management review is approved."), subtype_xmlid="mail.mt_note"
            )

    def action_close(self):
        """The decisions are under way: the review is done with."""
        self.check_access("write")
        if any(review.state != "approved" for review in self):
            raise UserError(self.env._("Only an approved review is closed."))
        self._slm_set_state("closed")
        return True

    def action_view_improvements(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Improvements"),
            "res_model": "slm.improvement",
            "view_mode": "kanban,list,form",
            "domain": [("review_id", "=", self.id)],
            "context": {"default_review_id": self.id, "default_origin": "review"},
        }
