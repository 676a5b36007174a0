"""One ticket per transaction, as the web client and the mail gateway work.

Run with ``python3 tools/devenv.py bench-single [N] [--agreements K] [--customers C] [--web-client]``
(default 300 tickets, 2 agreements, 1 customer). Three scratch databases made by the tool: the three addons
(``--database``), plain ``helpdesk_mgmt`` (``--plain-database``) and OCA ``helpdesk_mgmt_sla``
(``--sla-database``). In ours, K customers each have an active customer SLA (response 4 h and
resolution 16 h on the standard calendar); in OCA's, two SLA rules on a team. The tickets come from
C of the customers in turn, in each database: with C large, most tickets are the first the worker
sees of their customer, as at a desk serving thousands of customers.

Each ticket is created, moved one stage, answered by the agent, answered again ("follow-up") and
closed, each step in its own transaction, as a helpdesk agent, with tracking on; tickets alternate
between the databases so that the machine's drift weighs on each alike. Each step is one call of
the model (``create``, ``write``, ``message_post``) or, with ``--web-client``, what the web client
asks of the server for it (``WebClient``): then each database's own ticket form is read back at
each save. Prints the median time and queries per step and the ratios to plain, last
``ratio single-ticket create ours/plain: X``.
"""

import argparse
import statistics
import time
from datetime import timedelta

from bench_tickets import _oca_sla, _plain

STEPS = ("create", "move", "reply", "follow-up", "close")
# The web client also shows the agent's list of open tickets, after each step.
WEB_STEPS = (*STEPS, "list")
BACKLOG = 80


class Database:
    """One database: its agent, its ticket values, and what each step cost."""

    AGENT = "benchmark_agent"

    def __init__(self, registry, customers, values=None, web_client=False):
        """The database as ``prepare`` left it: its agent, stages and the first ``customers`` customers.
        With ``web_client``, each step asks the server what the web client asks (``WebClient``)."""
        from odoo import SUPERUSER_ID, api

        self.registry = registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.uid = env["res.users"].search([("login", "=", self.AGENT)]).id
            stages = env["helpdesk.ticket.stage"].search([], order="sequence")
            self.stages = {
                "open": stages.filtered(lambda s: not s.closed)[1].id,
                "closed": stages.filtered("closed")[0].id,
            }
            self.customers = (
                env["res.partner"].search([("name", "=like", "Customer %")], order="id", limit=customers).ids
            )
        self.values = {"name": "Benchmark ticket", "description": "<p>Generated</p>", **(values or {})}
        self.client = WebClient(registry, self.uid) if web_client else Server()
        self.steps = WEB_STEPS if web_client else STEPS
        self.seconds = {step: [] for step in self.steps}
        self.queries = {step: [] for step in self.steps}
        if web_client:
            self._backlog()

    def _backlog(self):
        """``BACKLOG`` open tickets of the customers in turn, for the list the agent looks at."""
        from odoo import api

        with self.registry.cursor() as cr:
            tickets = api.Environment(cr, self.uid, {})["helpdesk.ticket"]
            missing = BACKLOG - tickets.search_count([("stage_id.closed", "=", False)])
            customers = self.customers * (missing // len(self.customers) + 1)
            tickets.create(
                [{**self.values, "partner_id": customer} for customer in customers[: max(missing, 0)]]
            )

    @classmethod
    def prepare(cls, registry, prepare, agreements, customers, web_client=False):
        """Make the benchmark's agent and customers, let ``prepare`` add what the helpdesk needs."""
        from odoo import SUPERUSER_ID, api

        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = env["res.partner"].create(
                [{"name": f"Customer {n}", "is_company": True} for n in range(max(agreements, customers))]
            )
            env["res.users"].create(
                {
                    "name": "Benchmark agent",
                    "login": cls.AGENT,
                    "email": "agent@example.com",
                    "groups_id": [(6, 0, env.ref("helpdesk_mgmt.group_helpdesk_user").ids)],
                }
            )
            values = prepare(env, partners[:agreements])
        return cls(registry, customers, values, web_client)

    def _step(self, step, work):
        from odoo import api

        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.uid, {})
            before, began = cr.sql_log_count, time.perf_counter()
            result = work(env)
            env.flush_all()
            cr.commit()
            self.seconds[step].append(time.perf_counter() - began)
            self.queries[step].append(cr.sql_log_count - before)
        return result

    def ticket(self):
        """One ticket's life: each step one transaction, as the agent."""
        self.customers.append(self.customers.pop(0))
        values = {**self.values, "partner_id": self.customers[0]}
        client = self.client
        ticket_id = self._step("create", lambda env: client.create(env, values))
        self._step("move", lambda env: client.write(env, ticket_id, {"stage_id": self.stages["open"]}))
        self._step("reply", lambda env: client.post(env, ticket_id, "We are on it."))
        self._step(
            "follow-up", lambda env: client.post(env, ticket_id, "Fixed on our side: please try again.")
        )
        self._step("close", lambda env: client.write(env, ticket_id, {"stage_id": self.stages["closed"]}))
        if "list" in self.steps:
            self._step("list", client.list)

    def median(self, step):
        return statistics.median(self.seconds[step])

    def median_queries(self, step):
        return statistics.median(self.queries[step])


class Server:
    """Each step as one call of the model: ``create``, ``write``, ``message_post``."""

    def create(self, env, values):
        return env["helpdesk.ticket"].create(values).id

    def write(self, env, ticket_id, values):
        env["helpdesk.ticket"].browse(ticket_id).write(values)

    def post(self, env, ticket_id, body):
        env["helpdesk.ticket"].browse(ticket_id).message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )


class WebClient(Server):
    """Each step as what the web client asks of the server for it, without HTTP: a new ticket's form
    asks for its defaults, then for the onchanges of the fields the agent fills in, and saves
    (``web_save``, which reads back every field of the ticket form); the status bar saves the new stage
    the same way; the chatter's *Send message* does what ``/mail/message/post`` does (access checks,
    the post, the message read back for the client). The views themselves are not asked for: the web
    client keeps them."""

    def __init__(self, registry, uid):
        from lxml import etree

        from odoo import api

        with registry.cursor() as cr:
            tickets = api.Environment(cr, uid, {})["helpdesk.ticket"]
            views = tickets.get_views([(False, "form"), (False, "list")])["views"]
            self.fields = _fields_spec(tickets, etree.fromstring(views["form"]["arch"]))
            self.onchanges = {
                name for name, trigger in tickets._onchange_spec(views["form"]).items() if trigger
            }
            self.list_fields = _fields_spec(tickets, etree.fromstring(views["list"]["arch"]))

    def create(self, env, values):
        tickets = env["helpdesk.ticket"]
        tickets.onchange({}, [], self.fields)
        filled = {}
        for name, value in values.items():
            filled[name] = value
            if name in self.onchanges:
                tickets.onchange(filled, [name], self.fields)
        return tickets.web_save(filled, self.fields)[0]["id"]

    def write(self, env, ticket_id, values):
        env["helpdesk.ticket"].browse(ticket_id).web_save(values, self.fields)

    def post(self, env, ticket_id, body):
        from markupsafe import Markup

        from odoo.addons.mail.tools.discuss import Store

        tickets = env["helpdesk.ticket"]
        ticket = tickets._get_thread_with_access(ticket_id, mode=tickets._mail_post_access)
        tickets._get_thread_with_access(ticket_id, "write")
        message = ticket.sudo().message_post(
            body=Markup(f"<p>{body}</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=[],
        )
        return Store().add(message, for_current_user=True).get_result()

    def list(self, env):
        """The agent's list of open tickets, its first page."""
        return env["helpdesk.ticket"].web_search_read(
            [("stage_id.closed", "=", False)], self.list_fields, limit=BACKLOG
        )


def _fields_spec(model, node):
    """What the web client reads of ``model`` for the fields of a view (``node``): ``getFieldsSpec``
    of its relational model, without the contexts: a many2one's name, an x2many's records with the
    fields of its list, the first 40 of them."""
    spec = {"display_name": {}}
    for field_node in _outer_fields(node):
        name = field_node.get("name")
        field = model._fields[name]
        invisible = field_node.get("invisible") in ("1", "True")
        if field.type in ("many2one", "reference"):
            spec[name] = {"fields": {} if invisible else {"display_name": {}}}
        elif field.type in ("one2many", "many2many") and not invisible:
            subview = next((child for child in field_node if child.tag in ("list", "kanban")), None)
            related = {"display_name": {}}
            if subview is not None:
                related = _fields_spec(model.env[field.comodel_name], subview)
            spec[name] = {"fields": related, "limit": 40}
        else:
            spec[name] = {}
    return spec


def _outer_fields(node):
    """The ``<field>`` elements of ``node`` that are not in another field's view."""
    for field_node in node.iterfind(".//field"):
        parent = field_node.getparent()
        while parent is not node and parent.tag != "field":
            parent = parent.getparent()
        if parent is node:
            yield field_node


def _ours(env, customers):
    """An active customer SLA for each of ``customers``."""
    from odoo import fields

    calendar = env.ref("resource.resource_calendar_std")
    for start in range(0, len(customers), 1000):
        env["slm.agreement"].create(
            [
                {
                    "title": f"SLA of {partner.name}",
                    "level": "customer",
                    "partner_id": partner.id,
                    "state": "active",
                    "date_start": fields.Date.today() - timedelta(days=1),
                    "support_calendar_id": calendar.id,
                    "target_ids": [
                        (0, 0, {"metric": "response", "value": 4}),
                        (0, 0, {"metric": "resolution", "value": 16}),
                    ],
                }
                for partner in customers[start : start + 1000]
            ]
        )
        env.cr.commit()
    return {}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--plain-database", required=True)
    parser.add_argument("--sla-database", required=True, help="with OCA helpdesk_mgmt_sla")
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--agreements", type=int, default=2)
    parser.add_argument("--customers", type=int, default=1)
    parser.add_argument("--web-client", action="store_true", help="each step as the web client asks it")
    args = parser.parse_args()
    if not 1 <= args.customers <= max(args.agreements, 1):
        parser.error("--customers: from 1 to the number of agreements")

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    began = time.perf_counter()
    agreements = max(args.agreements, 1)
    databases = {
        name: Database.prepare(Registry(database), prepare, agreements, args.customers, args.web_client)
        for name, database, prepare in (
            ("plain", args.plain_database, _plain),
            ("ours", args.database, _ours),
            ("oca", args.sla_database, _oca_sla),
        )
    }
    print(
        f"set up in {time.perf_counter() - began:.0f} s: {agreements} active customer SLAs in ours, "
        f"tickets from {args.customers} customers in turn"
    )
    order = list(databases.values())
    for _ in range(args.tickets // 10):  # warm caches and JIT paths first, not measured
        for database in order:
            database.ticket()
    for database in order:
        database.seconds = {step: [] for step in database.steps}
        database.queries = {step: [] for step in database.steps}
    for _ in range(args.tickets):
        for database in order:
            database.ticket()
        order.append(order.pop(0))

    plain = databases["plain"]
    print(f"tickets: {args.tickets} per database, one transaction per step, as a helpdesk agent, tracking on")
    print(f"{'step':9s} {'plain':>18s} {'ours':>26s} {'OCA helpdesk_mgmt_sla':>30s}")
    for step in plain.steps:
        cells = [f"{plain.median(step) * 1000:7.1f} ms {plain.median_queries(step):4.0f} q"]
        for name in ("ours", "oca"):
            database = databases[name]
            cells.append(
                f"{database.median(step) * 1000:7.1f} ms {database.median_queries(step):4.0f} q "
                f"({database.median(step) / plain.median(step):.2f}x)"
            )
        print(f"{step:9s} {cells[0]:>18s} {cells[1]:>26s} {cells[2]:>30s}")
    for step in plain.steps:
        ours = databases["ours"]
        print(
            f"ratio single-ticket {step} ours/plain: {ours.median(step) / plain.median(step):.2f} "
            f"(+{ours.median_queries(step) - plain.median_queries(step):.0f} queries)"
        )
    ours = databases["ours"]
    print(f"ratio single-ticket create ours/plain: {ours.median('create') / plain.median('create'):.2f}")


if __name__ == "__main__":
    main()
