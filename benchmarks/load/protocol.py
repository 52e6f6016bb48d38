"""One simulated browser tab: Streamlit's own websocket protocol, spoken with Streamlit's protobuf classes.

The browser sends a `BackMsg` (a rerun with the widget states, or a request for a deferred file)
and the server answers with a stream of `ForwardMsg`s: the page's elements as deltas, then
`script_finished`. A session here keeps what a browser keeps between runs (the query string with
the scan token, the page hashes, the widget values) and returns each run's elements, so the
caller can read what the server rendered.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin, Subprotocol

XSRF_COOKIE = "_streamlit_xsrf"
HEALTH_PATH = "/_stcore/health"
RUN_TIMEOUT = 60.0  # one script run; a hung server fails the interaction, not the whole load run


class ProtocolError(RuntimeError):
    """The server did not answer as a browser expects (error element, failed run, missing widget)."""


@dataclass
class Element:
    kind: str  # the Element oneof: "radio", "metric", "download_button", ...
    proto: Any  # the element's own message (Radio, Metric, ...)


@dataclass
class RunResult:
    elements: list[Element]
    seconds: float

    def of_kind(self, kind: str) -> list[Any]:
        return [e.proto for e in self.elements if e.kind == kind]

    def labelled(self, kind: str, label: str) -> Any:
        for proto in self.of_kind(kind):
            if proto.label == label:
                return proto
        raise ProtocolError(f"no {kind} labelled {label!r} in the page")


@dataclass
class Session:
    """A browser tab connected to one Streamlit server."""

    ws_url: str
    origin: str
    cookie: str = ""  # what the browser got with the page (a load balancer's route cookie)
    # A signed-in browser's identity cookies ("_streamlit_user=..."; benchmarks/load/consultants.py):
    # sent with the websocket, and the page's XSRF cookie as the second subprotocol, as the
    # browser does; Streamlit reads the identity only when that token matches the cookie.
    identity: str = ""
    query_string: str = ""
    session_id: str = ""  # the server's id of this session (from new_session)
    page_hashes: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    # The page shown: a browser sends its hash with every rerun, else the server runs the default page.
    current_page: tuple[str, str] = ("", "")  # (url path, page script hash)
    widgets: dict[str, WidgetState] = field(default_factory=dict)  # widget id -> last value sent
    _ws: ClientConnection | None = None
    _incoming: asyncio.Queue[ForwardMsg] = field(default_factory=asyncio.Queue)
    _replies: dict[str, asyncio.Future[ForwardMsg]] = field(default_factory=dict)
    _reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Session:
        # As a browser: the page first, then the websocket and every download with its cookies.
        self.cookie = await asyncio.get_running_loop().run_in_executor(None, page_cookies, self.origin)
        protocols = [Subprotocol("streamlit")]
        if self.identity:
            # The browser asks for the health check before it connects: that sets the XSRF cookie.
            health = await asyncio.get_running_loop().run_in_executor(
                None, page_cookies, self.origin, HEALTH_PATH, self.cookie
            )
            self.cookie = "; ".join(part for part in (self.cookie, health) if part)
            xsrf = cookie_value(self.cookie, XSRF_COOKIE)
            if not xsrf:
                raise ProtocolError("the page set no XSRF cookie: a signed-in session cannot connect")
            protocols.append(Subprotocol(xsrf))
            self.cookie = "; ".join(part for part in (self.cookie, self.identity) if part)
        self._ws = await connect(
            self.ws_url,
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
            subprotocols=protocols,
            origin=Origin(self.origin),
            max_size=None,
            open_timeout=RUN_TIMEOUT,
            ping_interval=None,
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._ws is not None:
            await self._ws.close()

    async def _read(self) -> None:
        assert self._ws is not None
        async for raw in self._ws:
            msg = ForwardMsg()
            msg.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            if msg.WhichOneof("type") == "backend_operation_response":
                reply = self._replies.pop(msg.backend_operation_response.request_id, None)
                if reply is not None and not reply.done():
                    reply.set_result(msg)
                continue
            await self._incoming.put(msg)

    async def _send(self, back: BackMsg) -> None:
        assert self._ws is not None
        await self._ws.send(back.SerializeToString())

    async def run(
        self, *, page: str | None = None, changes: dict[str, WidgetState] | None = None
    ) -> RunResult:
        """A rerun as the browser asks for one: on `page` (url path) or the current page, with
        the widget values of the last run plus `changes`. Returns when the script has finished."""
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        if page is not None:
            state.page_name = page
            state.page_script_hash = self.page_hashes.get(page, "")
        else:
            state.page_name, state.page_script_hash = self.current_page
        self.widgets.update(changes or {})
        for widget in self.widgets.values():
            state.widget_states.widgets.append(widget)
        start = time.perf_counter()
        await self._send(back)
        elements: list[Element] = []
        while True:
            msg = await asyncio.wait_for(self._incoming.get(), RUN_TIMEOUT)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                element_kind = element.WhichOneof("type")
                if element_kind is None:
                    continue
                if element_kind == "exception":
                    raise ProtocolError("the page raised an exception")
                elements.append(Element(element_kind, getattr(element, element_kind)))
            elif kind == "new_session" and msg.new_session.HasField("initialize"):
                self.session_id = msg.new_session.initialize.session_id
            elif kind == "navigation":
                for app_page in msg.navigation.app_pages:
                    self.page_hashes[app_page.url_pathname] = app_page.page_script_hash
                shown_hash = msg.navigation.page_script_hash
                path = next((p for p, h in self.page_hashes.items() if h == shown_hash), "")
                self.current_page = (path, shown_hash)
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found" and page is None:
                raise ProtocolError("page not found")
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the app reran itself (st.rerun): wait for the run that shows the page
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise ProtocolError(f"script finished with status {status}")
                break
        seconds = time.perf_counter() - start
        # As a browser: only the widgets on this page report their values on the next run.
        shown = {getattr(e.proto, "id", "") for e in elements}
        self.widgets = {wid: w for wid, w in self.widgets.items() if wid in shown}
        return RunResult(elements, seconds)

    async def deferred_file_url(self, file_id: str) -> str:
        """Ask for a deferred download (st.download_button(data=callable)) as the browser does on a click."""
        back = BackMsg()
        request = back.backend_operation_request
        request.request_id = uuid.uuid4().hex
        request.session_id = self.session_id
        request.deferred_file.file_id = file_id
        reply: asyncio.Future[ForwardMsg] = asyncio.get_running_loop().create_future()
        self._replies[request.request_id] = reply
        await self._send(back)
        msg = await asyncio.wait_for(reply, RUN_TIMEOUT)
        response = msg.backend_operation_response
        if response.error_msg:
            raise ProtocolError(f"deferred file: {response.error_msg}")
        return str(response.deferred_file.url)


def page_cookies(base: str, path: str = "/", cookie: str = "") -> str:
    """The cookies set with the app's page (or `path`, asked with `cookie`), as a Cookie header
    value ("" if none)."""
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=RUN_TIMEOUT) as response:
        response.read()
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(cookie.split(";", 1)[0] for cookie in cookies)


def cookie_value(header: str, name: str) -> str:
    """One cookie's value from a Cookie header value ("" if it is not there)."""
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def string_value(widget_id: str, value: str) -> WidgetState:
    state = WidgetState(id=widget_id)
    state.string_value = value
    return state
