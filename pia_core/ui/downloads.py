"""Download buttons whose file arrives, also when many sessions are busy at once.

`st.download_button(data=callable)` builds the file only when the user clicks (nothing is built
on the runs in between), but Streamlit 1.67 stores the built file without tying it to the
session that asked for it: `MediaFileManager.execute_deferred` leaves it unreferenced, so the
orphan sweep that ends *any* session's script run marks it, the next sweep deletes it, and
the browser's request for the URL it was just given gets HTTP 404 once two other runs finished
in between (on a busy server: often). Static bytes (`data=bytes`) do not have that problem, as
the file is referenced by the session until its next run, but they must be built on every run.

`download_button` here keeps the deferred build and closes the gap: when the file is built, it
is also registered for the asking session (`media_file_mgr.add` under that session's script
context, at a coordinate of its own). Streamlit's file ids are content hashes, so the URL the
deferred call hands out names that same registered file, which the sweeps now leave alone until
the session's own next full run drops its references (then it is cleared as any media file).

Heavy builds (the PDF) run in worker processes (`pia_core/pdf_pool.py`), so the server keeps
answering other sessions meanwhile and every core builds. Without workers (`PIA_PDF_WORKERS=0`)
they run at most one per core at a time in the server (more at once only multiplied the peak
memory and spread it over more malloc arenas) and freed memory is handed back to the operating
system after each. Light files (CSV, JSON: milliseconds) are plain bytes
built on each run: referenced by the session like any static download, and their click needs
no worker thread (Streamlit runs deferred builds on a small thread pool, where they would wait
behind a burst of PDF builds).

A session builds one heavy file at a time (`_turns`): one that asks for ten PDFs at once (ten
clicks, several report buttons, or a script sending the requests) gets them one after another,
and any other session's PDF waits for at most one of its builds at the shared slots instead of
all ten. Its waiting requests do not hold Streamlit's threads either: `_in_turn` lets a session's
deferred-file requests through one at a time before they take a thread, as Streamlit bounds its
own dataframe requests per source.

A heavy build that fails (a worker that died twice, anything it raised) says so in the user's
language, under the button where Streamlit would show "Failed to generate file for download":
that message is fixed in Streamlit's handler, so `_in_turn` puts ours in its place
(tests/core/test_pdf_limits.py fails should a new Streamlit no longer let it).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import ctypes
import ctypes.util
import functools
import os
import threading
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import ScriptRunContext, add_script_run_ctx, get_script_run_ctx

from pia_core.i18n import t
from pia_core.pdf_pool import pool
from pia_core.ui.state import lang

try:  # Streamlit's handler of deferred-file requests (one per session): see _in_turn
    from streamlit.runtime.backend_operation_handler import DeferredFileHandler
except ImportError:  # pragma: no cover - a Streamlit without it: its own message and no turns
    DeferredFileHandler = None  # type: ignore[assignment,misc]

PIN_PREFIX = "pia-download:"  # coordinates of our own, beside the delta paths Streamlit uses
# Heavy builds at once: one per core. Parts of a PDF build (chart rendering in vl-convert, zlib)
# run outside the GIL: two at a time on two cores built 75 PDFs 1.4x faster than one at a time
# (+31 MB kept afterwards against +11 MB); six at once kept +93 MB.
BUILDS_AT_ONCE = max(1, min(2, os.cpu_count() or 1))
_build_slots = threading.BoundedSemaphore(BUILDS_AT_ONCE)
FAILED_KEY = "pdf.failed"  # what a user reads when their file could not be built
TURN_ATTR = "_pia_turn"  # on each session's deferred-file handler: its requests' turn


class BuildFailed(RuntimeError):
    """A heavy build failed; the message is the user's (their language, plain words)."""


class _Turns:
    """One heavy build at a time per session. A session's other builds wait here, in front of
    the slots every session shares, so no other session is queued behind more than one of them.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._turns: dict[str, tuple[threading.Lock, int]] = {}  # session -> (turn, wanting it)

    @contextlib.contextmanager
    def of(self, session: str | None) -> Iterator[None]:
        if session is None:  # no session (a test, a script): nobody to take turns with
            yield
            return
        with self._lock:
            turn, wanting = self._turns.get(session, (threading.Lock(), 0))
            self._turns[session] = (turn, wanting + 1)
        try:
            with turn:
                yield
        finally:
            with self._lock:
                wanting = self._turns[session][1] - 1
                if wanting:
                    self._turns[session] = (turn, wanting)
                else:
                    del self._turns[session]


_turns = _Turns()
# Set by `_in_turn` for one request; asyncio.to_thread hands it to the thread that builds the file,
# where a failed heavy build leaves its message for the response.
_failure_note: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("pia_failure", default=None)


def _libc_trim() -> Callable[[], None]:
    """glibc's malloc_trim(0): give freed heap pages back to the system (a no-op elsewhere)."""
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        trim = None
    if trim is None:
        return lambda: None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int

    def release() -> None:
        trim(0)

    return release


release_memory = _libc_trim()


def pin(ctx: ScriptRunContext, body: bytes, mime: str, file_name: str, slot: str) -> None:
    """Register `body` as a file of the session behind `ctx`, as a static download would be.

    Runs on a short thread of its own that carries the session's script context (Streamlit's
    documented way to act for a session outside its script thread), so no pool thread keeps it.
    """
    if not runtime.exists():
        return
    manager = runtime.get_instance().media_file_mgr

    def register() -> None:
        manager.add(body, mime, PIN_PREFIX + slot, file_name, is_for_static_download=True)

    worker = threading.Thread(target=register, name="pia-download-pin", daemon=True)
    add_script_run_ctx(worker, ctx)
    worker.start()
    worker.join()


def deferred(
    build: Callable[[], bytes],
    mime: str,
    file_name: str,
    slot: str,
    *,
    heavy: bool = False,
    failed_text: str | None = None,
) -> Callable[[], bytes]:
    """The callable for `st.download_button(data=...)`: build on click, pin the result.

    Heavy builds (the PDF) take the session's turn, run in a worker process (or at most
    BUILDS_AT_ONCE at a time here, handing freed memory back afterwards), and fail with
    BuildFailed(`failed_text`); light ones (CSV, JSON: milliseconds) never wait behind them.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    session = ctx.session_id if ctx is not None else None

    def run() -> bytes:
        body = _heavy(build, session, failed_text or t(FAILED_KEY, "nl")) if heavy else bytes(build())
        if ctx is not None:
            pin(ctx, body, mime, file_name, slot)
        return body

    return run


def _heavy(build: Callable[[], bytes], session: str | None, failed_text: str) -> bytes:
    try:
        with _turns.of(session):
            return _build_heavy(build)
    except Exception as exc:  # the cause goes to the log with Streamlit's own report of it
        note = _failure_note.get()
        if note is not None:
            note.append(failed_text)
        raise BuildFailed(failed_text) from exc


def _build_heavy(build: Callable[[], bytes]) -> bytes:
    workers = pool()
    if workers.workers:
        return bytes(workers.run(build))  # in a worker process (pia_core/pdf_pool.py)
    with _build_slots:
        try:
            return bytes(build())
        finally:
            release_memory()


def _in_turn(handle: Callable[[Any, Any, str], Awaitable[Any]]) -> Callable[[Any, Any, str], Awaitable[Any]]:
    """Streamlit's deferred-file handling with the session's requests taken one at a time, and
    our message in place of its own when our build failed.

    A request takes one of the event loop's few threads (asyncio.to_thread) for as long as its
    file is built: ten requests of one session waiting their turn there held them all, and every
    other session's request queued behind. Here they wait on the loop, holding no thread.
    """

    @functools.wraps(handle)
    async def serve(self: Any, request: Any, session_id: str) -> Any:
        turn = getattr(self, TURN_ATTR, None)
        if turn is None:  # one handler per session: its lock is the session's
            turn = asyncio.Lock()
            setattr(self, TURN_ATTR, turn)
        note: list[str] = []
        _failure_note.set(note)  # this request's own: each request is a task of its own
        async with turn:
            response = await handle(self, request, session_id)
        if note and response.error_msg:  # Streamlit's "Failed to generate file for download"
            response.error_msg = note[-1]
        return response

    serve.pia_in_turn = True  # type: ignore[attr-defined]
    return serve


def _install_in_turn() -> bool:
    """Wrap Streamlit's deferred-file handler once per process; False if this Streamlit has none."""
    if DeferredFileHandler is None:
        return False
    if not getattr(DeferredFileHandler.handle, "pia_in_turn", False):
        setattr(DeferredFileHandler, "handle", _in_turn(DeferredFileHandler.handle))  # noqa: B010
    return True


IN_TURN = _install_in_turn()


def download_button(
    label: str,
    build: Callable[[], bytes],
    *,
    file_name: str,
    mime: str,
    slot: str,
    heavy: bool = False,
    **kwargs: Any,
) -> None:
    """`st.download_button` whose file arrives, however busy the server.

    `heavy` (a build of a noticeable fraction of a second: the PDF report): built on click in a
    worker process, so `build` must pickle (a module-level function with a snapshot bound by
    functools.partial; it cannot read st.session_state), and kept for the session until its next
    run; a failure is told in the page's language. Otherwise `build` runs now and its bytes go
    with the button. `slot` names the download in the session.
    """
    st.download_button(
        label,
        # Light files are built on every run (milliseconds) and handed over as bytes: Streamlit
        # keeps those referenced by the session, and a click needs no worker thread, so a CSV
        # never waits in the executor queue behind PDF builds.
        data=(
            deferred(build, mime, file_name, slot, heavy=True, failed_text=t(FAILED_KEY, lang()))
            if heavy
            else bytes(build())
        ),
        file_name=file_name,
        mime=mime,
        on_click="ignore",
        **kwargs,
    )
