"""What the app server says and refuses at the HTTP level, before Streamlit sees a request.

Served as ASGI middleware of `st.App` (see web.py), so it holds for `make run` alone and behind
nginx alike (nginx passes these headers on and adds only what belongs to TLS, HSTS):

- **No framing.** Streamlit's page posts its URL (with the scan token) to its parent window with
  target "*": any site that framed the app received the token of the scan typed into it. CSP
  `frame-ancestors 'none'` (and X-Frame-Options for older browsers) makes the browser refuse the
  frame. The rest of the policy allows only this server: no script, style, font or request from
  another host, which is also what a privacy product promises.
- **Same-origin websockets only.** Streamlit accepts a websocket from any origin and, to judge a
  foreign one, asks checkip.amazonaws.com for the server's address: a request to a third party.
  A websocket whose Origin is not the page's own host is refused here, so that check never runs.
- **No public metrics.** /_stcore/metrics describes the server's load to anyone who asks.

The CSP is computed once from Streamlit's own index.html (its one inline script) and ours (the
page-language script), by hash: no 'unsafe-inline' for scripts, so an injected script would not
run even if escaping failed somewhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HIDDEN_PATHS = ("/_stcore/metrics",)
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def _script_hash(body: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii") + "'"


def _streamlit_inline_scripts() -> list[bytes]:
    import streamlit

    index = Path(streamlit.__file__).parent / "static" / "index.html"
    return _INLINE_SCRIPT.findall(index.read_bytes())


@cache
def content_security_policy() -> str:
    from pia_core.page_script import PAGE_SCRIPT

    scripts = [*_streamlit_inline_scripts(), PAGE_SCRIPT.encode("utf-8")]
    hashes = sorted({_script_hash(body) for body in scripts})
    directives = {
        "default-src": "'self'",
        # WebAssembly (Streamlit's protobuf decoding) is compiled, not JavaScript evaluated.
        "script-src": " ".join(["'self'", "'wasm-unsafe-eval'", *hashes]),
        # Streamlit's components are styled by emotion, which writes <style> elements at run time.
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",  # includes the page's own ws:// and wss:// in current browsers
        "media-src": "'self' data: blob:",
        "worker-src": "'self' blob:",
        "frame-src": "'self' blob: data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


@cache
def security_headers() -> tuple[tuple[bytes, bytes], ...]:
    headers = {
        "Content-Security-Policy": content_security_policy(),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",  # the URL holds the scan token
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }
    return tuple((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items())


def _header(scope: Scope, name: bytes) -> str | None:
    headers: Iterable[tuple[bytes, bytes]] = scope.get("headers") or ()
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def same_origin(scope: Scope) -> bool:
    """True when the request's Origin (if any) names the host the request was sent to.

    Browsers always send Origin on a websocket; a missing one is a non-browser client, which
    XSRF and the scan token already govern. Host includes the port, as does Origin's netloc.
    """
    origin = _header(scope, b"origin")
    if origin is None:
        return True
    host = _header(scope, b"host")  # nginx passes the browser's Host on unchanged (deploy/nginx.conf)
    return host is not None and urlsplit(origin).netloc.lower() == host.lower()


class HttpGuard:
    """ASGI middleware: security headers on every response, foreign websockets and metrics refused."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and not same_origin(scope):
            await send({"type": "websocket.close", "code": 1008})  # policy violation; HTTP 403
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path", "") in HIDDEN_PATHS:
            await _not_found(send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(key, value) for key, value in security_headers() if key not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _not_found(send: Send) -> None:
    body = b"Not found"
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 404, "headers": [*headers, *security_headers()]})
    await send({"type": "http.response.body", "body": body})
