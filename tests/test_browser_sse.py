"""A real browser on the seed's stream: headless Chromium, native EventSource, an approval gate.

A page served on loopback does what the seed's front end does (the integration guide's
TripPlanning component and its product backend's approve route): it starts a plan with
``fetch``, opens ``new EventSource('/v1/stream/{job_id}')`` on a real `lotara serve` (another
origin, allowed by ``CORS_ORIGINS``), sets its status from each ``state_change``, keeps the
``agent_output`` flights and hotels, approves when the stream says ``waiting_approval`` and
closes on ``complete``. It writes what it received into the page; the test reads it over the
DevTools protocol (the ``websockets`` client). One ``open`` event means the stream stayed
open through the gate: EventSource reconnects by itself when a stream ends.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import TEST_NOW
from tests.test_serve import start_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>planning</title></head>
<body><pre id="out"></pre>
<script>
const api = "__API__";
const seen = {opens: 0, statuses: [], flights: [], hotels: [], approval: null,
              lotaraApproval: null, decision: null, result: null, complete: null, errors: []};
let decided = Promise.resolve();
function finish() {
  document.getElementById("out").textContent = JSON.stringify(seen);
  document.title = "done";
}
fetch(api + "/v1/plan", {
  method: "POST",
  headers: {"Content-Type": "application/json"},
  body: JSON.stringify({user_id: "browser", query: "Plan a 5-day trip to Tokyo",
    constraints: {budget_usd: 500, duration_days: 5, interests: ["food", "culture"],
                  departure_city: "LAX"}})
}).then(r => r.json()).then(({job_id}) => {
  const source = new EventSource(api + "/v1/stream/" + job_id);
  source.addEventListener("open", () => { seen.opens += 1; });
  source.addEventListener("state_change", (e) => {
    const {status, approval_data} = JSON.parse(e.data);
    seen.statuses.push(status);
    if (status === "waiting_approval" && seen.decision === null) {
      seen.approval = approval_data;
      seen.decision = "sent";
      decided = fetch(api + "/v1/approve", {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({job_id, approved: true, notes: "Looks good"})
      }).then(r => { seen.decision = r.status; });
    }
  });
  source.addEventListener("approval_required", (e) => {
    seen.lotaraApproval = JSON.parse(e.data).kind;
  });
  source.addEventListener("agent_output", (e) => {
    const {key, value} = JSON.parse(e.data);
    if (key === "flights") seen.flights = value;
    if (key === "hotels") seen.hotels = value;
  });
  source.addEventListener("complete", (e) => {
    const data = JSON.parse(e.data);
    seen.result = data.result;
    seen.complete = data.status;
    source.close();
    decided.then(finish);  // the approve answer may land after the last event
  });
  source.addEventListener("error", (e) => {
    seen.errors.push(e.data ? JSON.parse(e.data) : "transport");
    if (e.data) { source.close(); finish(); }
  });
});
</script></body></html>
"""


@pytest.fixture
def page_server() -> Iterator[tuple[int, list[str]]]:
    """A loopback HTTP server for the page; ``html`` holds what it serves."""
    html: list[str] = [""]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = html[0].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], html
    httpd.shutdown()
    httpd.server_close()


class DevTools:
    """Just enough of the Chrome DevTools protocol: navigate, evaluate."""

    def __init__(self, url: str) -> None:
        from websockets.sync.client import connect

        self.ws = connect(url, max_size=None, open_timeout=30)
        self.next_id = 0

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=30))
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]

    def evaluate(self, expression: str) -> Any:
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)[
            "result"
        ].get("value")

    def close(self) -> None:
        self.ws.close()


def _open_chromium(profile: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        found = re.search(r"DevTools listening on ws://([^/]+)/", line)
        if found:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # drain
            return proc, found.group(1)
    proc.kill()
    raise AssertionError("chromium did not open its DevTools port")


def test_native_event_source_follows_a_plan_through_its_gate_to_complete(
    home: Path, tmp_path: Path, page_server: tuple[int, list[str]]
) -> None:
    page_port, html = page_server
    origin = f"http://127.0.0.1:{page_port}"
    served = start_server(
        "--max-running",
        "1",
        extra_env={"LOTARA_HOME": str(home), "LOTARA_NOW": TEST_NOW, "CORS_ORIGINS": origin},
    )
    browser, devtools_at = _open_chromium(tmp_path / "profile")
    try:
        html[0] = PAGE.replace("__API__", served.base)
        pages = httpx.get(f"http://{devtools_at}/json/list", timeout=10).json()
        target = next(p for p in pages if p["type"] == "page")
        tab = DevTools(target["webSocketDebuggerUrl"])
        try:
            tab.call("Page.navigate", url=f"{origin}/")
            deadline = time.monotonic() + 120
            while tab.evaluate("document.title") != "done":
                assert time.monotonic() < deadline, tab.evaluate("JSON.stringify(seen)")
                time.sleep(0.1)
            seen = json.loads(tab.evaluate("document.getElementById('out').textContent"))
        finally:
            tab.close()
    finally:
        browser.kill()
        browser.wait(10)
        served.stop()

    assert seen["opens"] == 1, seen  # one connection, from the first event to `complete`
    assert seen["errors"] == []
    assert seen["statuses"][0] == "planning" and seen["statuses"][-1] == "completed"
    assert "waiting_approval" in seen["statuses"]
    assert seen["approval"]["kind"] == "budget_override" and seen["decision"] == 200
    assert seen["lotaraApproval"] == "budget_override"
    assert seen["flights"] and all("price" in f for f in seen["flights"])
    assert seen["hotels"] and all("city" in h and "name" in h for h in seen["hotels"])
    assert seen["complete"] == "completed"
    assert seen["result"]["days"] and seen["result"]["cost"]["total"] > 0
