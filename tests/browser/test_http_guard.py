"""Issue 26 (1, 5, 7): the served app refuses to be framed, says what a browser may load, refuses
websockets from other sites and keeps its metrics to itself (pia_core/http_guard.py).

A page on another origin that framed the app used to receive the scan token: Streamlit posts
`{"type": "SET_QUERY_PARAM", "queryParams": "?scan=..."}` to its parent with target "*".
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect
from websockets.typing import Origin, Subprotocol

from pia_core.http_guard import content_security_policy
from tools.screenshots import load_demo

from .conftest import App, open_app
from .helpers import go, main

# Collects what the browser refused under the page's Content-Security-Policy.
CSP_WATCH = (
    "window.piaViolations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.piaViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture
def foreign_site(app: App) -> Iterator[str]:
    """A page on another origin (another port of localhost) that frames the app and listens."""
    page = f"""<!doctype html><html><body>
<iframe id="app" src="{app.base}/" width="800" height="600"></iframe>
<script>
window.received = [];
window.addEventListener('message', e => window.received.push(JSON.stringify(e.data)));
document.getElementById('app').addEventListener('load', () => {{ window.frameLoaded = true; }});
</script></body></html>""".encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_on_another_origin_cannot_frame_the_app_or_read_its_token(
    foreign_site: str, new_page: Callable[[], Page]
) -> None:
    page = new_page()
    page.goto(foreign_site)
    page.wait_for_function("() => window.frameLoaded === true")
    framed = [frame for frame in page.frames if frame != page.main_frame]
    assert framed, "the iframe has no frame at all"
    # The browser refused the frame: it shows its own error page, not the app.
    assert framed[0].url.startswith("chrome-error://"), framed[0].url
    assert framed[0].locator("[data-testid=stApp]").count() == 0
    received = page.evaluate("window.received")
    assert not any("scan=" in message for message in received), received


def test_the_app_works_under_its_policy(app: App, new_page: Callable[[], Page]) -> None:
    """Pages, charts and the page-language script run with nothing refused by the CSP."""
    page = new_page()
    page.add_init_script(CSP_WATCH)
    open_app(page, app.base)
    load_demo(page, "gemeente-verhuizen")
    for url_path in ("stap-5", "communicatie", "samenvatting"):
        go(page, url_path)
    # The summary's charts are drawn (Vega runs without eval) and our script set the language.
    assert main(page).locator("[data-testid=stVegaLiteChart] svg").count() >= 1
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.evaluate("window.piaViolations") == []


def _headers(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, {key.lower(): value for key, value in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {key.lower(): value for key, value in error.headers.items()}


def check_guarded(base: str) -> None:
    """The page's headers, and what the server keeps to itself (shared with the nginx test)."""
    status, headers = _headers(f"{base}/")
    assert status == 200
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["content-security-policy"] == content_security_policy()
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    status, _ = _headers(f"{base}/_stcore/metrics")
    assert status == 404


def _websocket_status(base: str, origin: str) -> int:
    """101 when the websocket opens, else the HTTP status it was refused with."""

    url = base.replace("http://", "ws://") + "/_stcore/stream"
    try:
        with connect(url, origin=Origin(origin), subprotocols=[Subprotocol("streamlit")], open_timeout=10):
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


def test_make_run_sends_the_headers_and_refuses_foreign_websockets(app: App) -> None:
    check_guarded(app.base)
    assert _websocket_status(app.base, app.base) == 101
    assert _websocket_status(app.base, "http://evil.example") == 403
