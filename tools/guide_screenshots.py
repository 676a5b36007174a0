"""Screenshots of the role guides (doc/guides), taken in headless Chromium over a demo database.

Run by ``python3 tools/devenv.py screenshots``, which serves a fresh demo database and calls this
script with Odoo's Python (it needs ``websocket-client``, installed there for the browser tours).
Each shot logs in as the role's demo user, opens a page, waits for what must be on it, optionally
clicks something, and saves a PNG under ``doc/guides/images/`` (``<name>.png``, and
``<name>.zh_CN.png`` for the shots also taken in Chinese).
"""

import argparse
import base64
import http.cookiejar
import json
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "doc" / "guides" / "images"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1366,900",
)
SLM = "service_level_management"
UC = "underpinning_contracts"
TICKET = f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{{{SLM}.demo_ticket_calendar}}"
EMAIL_SLA = f"/odoo/action-{SLM}.slm_agreement_sla_action/{{{SLM}.demo_agreement_email}}"
PROPOSAL = f"/odoo/action-{SLM}.slm_agreement_proposal_action/{{{SLM}.demo_proposal_hospital}}"
# Each shot: its file name, the role's login, the page (records named by XML id, {module.name}),
# what must be on the page before the picture, and optionally what to click first (once the
# ``loaded`` element is there) and whether it is also taken in Chinese.
SHOTS = [
    {
        "name": "agent-tickets",
        "login": "agent",
        "page": "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action",
        "loaded": ".o_list_view .o_data_row",
        "click": ".o_switch_view.o_kanban",
        "ready": ".o_kanban_record",
        "chinese": True,
    },
    {
        "name": "agent-ticket",
        "login": "agent",
        "page": TICKET,
        "ready": ".o_field_widget[name=slm_due_text]",
        "chinese": True,
    },
    {
        "name": "agent-ticket-clocks",
        "login": "agent",
        "page": TICKET,
        "loaded": ".o_notebook .nav-link[name=slm]",
        "click": ".o_notebook .nav-link[name=slm]",
        "ready": ".o_field_widget[name=slm_live_clock_ids] .o_data_row",
    },
    {
        "name": "manager-agreement",
        "login": "manager",
        "page": EMAIL_SLA,
        "loaded": ".o_notebook .nav-link[name=targets]",
        "click": ".o_notebook .nav-link[name=targets]",
        "ready": ".o_field_widget[name=target_ids] .o_data_row",
        "chinese": True,
    },
    {
        "name": "manager-proposal-changes",
        "login": "manager",
        "page": PROPOSAL,
        "ready": ".o_field_widget[name=proposal_diff] li",
    },
    {
        "name": "manager-proposal-whatif",
        "login": "manager",
        "page": PROPOSAL,
        "loaded": ".o_notebook .nav-link[name=whatif]",
        "click": ".o_notebook .nav-link[name=whatif]",
        "ready": ".o_field_widget[name=whatif_ids] .o_data_row",
    },
    {
        "name": "manager-measurements",
        "login": "manager",
        "page": "/odoo/action-service_level_management.slm_measurement_action",
        "loaded": ".o_pivot",
        "click": ".o_switch_view.o_list",
        "ready": ".o_list_view .o_data_row",
    },
    {
        "name": "approver-proposal",
        "login": "approver",
        "page": PROPOSAL,
        "ready": "button[name=validate_tier]",
        "chinese": True,
    },
    {
        "name": "admin-stage",
        "login": "admin",
        "page": "/odoo/helpdesk.ticket.stage/{helpdesk_mgmt.helpdesk_ticket_stage_awaiting}",
        "ready": ".o_field_widget[name=slm_pause]",
    },
    {
        "name": "purchasing-uc",
        "login": "purchasing",
        "page": f"/odoo/action-{UC}.slm_agreement_uc_action/{{{UC}.demo_uc_carrier}}",
        "loaded": ".o_notebook .nav-link[name=targets]",
        "click": ".o_notebook .nav-link[name=targets]",
        "ready": ".o_field_widget[name=target_ids] .o_data_row",
        "chinese": True,
    },
    {
        "name": "purchasing-credits",
        "login": "purchasing",
        "page": f"/odoo/action-{UC}.slm_uc_credit_action",
        "ready": ".o_list_view .o_data_row",
    },
    {
        "name": "agent-ticket-vendor",
        "login": "agent",
        "page": f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{{{UC}.demo_ticket_carrier}}",
        "loaded": ".o_notebook .nav-link[name=slm]",
        "click": ".o_notebook .nav-link[name=slm]",
        "ready": ".o_field_widget[name=vendor_escalation_ids] .o_data_row",
    },
    {
        "name": "manager-report",
        "login": "manager",
        "page": "/odoo/action-service_level_management.slm_report_subscription_action"
        "/{service_level_management.demo_report_subscription_hospital}",
        "ready": ".o_form_view .o_field_widget[name=recipient_partner_ids]",
    },
    {
        "name": "manager-review",
        "login": "manager",
        "page": f"/odoo/action-{SLM}.slm_review_action/{{{SLM}.demo_review_this_year}}",
        "loaded": ".o_form_view .o_field_widget[name=commitment_line_ids]",
        "click": ".o_notebook .nav-link[name=trends]",
        "ready": ".o_field_widget[name=trend_line_ids] .o_data_row",
        "chinese": True,
    },
    {
        "name": "manager-improvements",
        "login": "manager",
        "page": "/odoo/action-service_level_management.slm_improvement_action",
        "ready": ".o_kanban_record",
    },
    {
        "name": "portal-agreement",
        "login": "emma",
        "page": "/my/agreements/{service_level_management.demo_agreement_email}",
        "ready": "a[href*='/report/pdf/']",
    },
    {"name": "portal-tickets", "login": "emma", "page": "/my/tickets", "ready": "td[name=td_slm_deadline]"},
]


class Odoo:
    """The demo server, reached over JSON-RPC as one of its users."""

    def __init__(self, url, database):
        self.url, self.database = url, database

    def session(self, login, lang):
        """A session cookie of ``login`` (its password is its login in the demo data), who reads ``lang``."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        user = self._call(
            opener, "/web/session/authenticate", {"db": self.database, "login": login, "password": login}
        )
        if user["user_context"].get("lang") != lang:
            self._call(
                opener,
                "/web/dataset/call_kw",
                {
                    "model": "res.users",
                    "method": "write",
                    "args": [[user["uid"]], {"lang": lang}],
                    "kwargs": {},
                },
            )
            return self.session(login, lang)  # a session in the new language
        return next(cookie.value for cookie in jar if cookie.name == "session_id"), opener

    def _call(self, opener, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with opener.open(request, timeout=60) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer["result"]

    def record_id(self, opener, xmlid):
        module, name = xmlid.split(".")
        found = self._call(
            opener,
            "/web/dataset/call_kw",
            {
                "model": "ir.model.data",
                "method": "search_read",
                "args": [[["module", "=", module], ["name", "=", name]], ["res_id"]],
                "kwargs": {},
            },
        )
        return found[0]["res_id"]


class Browser:
    """Headless Chromium driven over its DevTools protocol."""

    def __init__(self, chromium, port):
        self.profile = tempfile.TemporaryDirectory(prefix="slm-chromium-", ignore_cleanup_errors=True)
        self.process = subprocess.Popen(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile.name}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        target = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as response:
                    target = next(t for t in json.load(response) if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        if not target:
            raise RuntimeError("Chromium did not start")
        self.socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0
        self.send("Page.enable")

    def send(self, method, **params):
        self.counter += 1
        self.socket.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                return
            time.sleep(0.25)
        failed = IMAGES.parent / "failed.png"
        failed.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))
        raise RuntimeError(f"{selector} did not appear (the page as it was: {failed})")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait()
        self.profile.cleanup()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--port", type=int, default=9333)
    args = parser.parse_args()
    odoo = Odoo(args.url, args.database)
    IMAGES.mkdir(parents=True, exist_ok=True)
    browser = Browser(args.chromium, args.port)
    try:
        _session, admin = odoo.session("admin", "en_US")
        for lang in ("en_US", "zh_CN"):
            for shot in SHOTS:
                if lang != "en_US" and not shot.get("chinese"):
                    continue
                session, _opener = odoo.session(shot["login"], lang)
                page = shot["page"]
                for xmlid in [part.split("}")[0] for part in page.split("{")[1:]]:
                    page = page.replace("{" + xmlid + "}", str(odoo.record_id(admin, xmlid)))
                browser.send("Network.enable")
                browser.send("Network.clearBrowserCookies")
                browser.send("Network.setCookie", name="session_id", value=session, url=args.url)
                browser.send("Page.navigate", url=args.url + page)
                if shot.get("click"):
                    browser.wait_for(shot["loaded"])
                    time.sleep(0.5)
                    browser.evaluate(f"document.querySelector({json.dumps(shot['click'])}).click()")
                browser.wait_for(shot["ready"])
                browser.evaluate(
                    f"document.querySelector({json.dumps(shot['ready'])}).scrollIntoView({{block: 'center'}})"
                )
                time.sleep(1.0)  # let animations and lazy widgets settle
                # Notifications of the moment (e.g. assets built since the page loaded) are not the screen.
                browser.evaluate("document.querySelectorAll('.o_notification').forEach(e => e.remove())")
                picture = browser.send("Page.captureScreenshot", format="png")
                suffix = "" if lang == "en_US" else f".{lang}"
                path = IMAGES / f"{shot['name']}{suffix}.png"
                path.write_bytes(base64.b64decode(picture["data"]))
                print(f"{path.relative_to(REPO)}")
        for login in {shot["login"] for shot in SHOTS}:
            odoo.session(login, "en_US")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
