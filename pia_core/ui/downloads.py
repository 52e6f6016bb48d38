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
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import ScriptRunContext, add_script_run_ctx, get_script_run_ctx

from pia_core.pdf_pool import pool

PIN_PREFIX = "pia-download:"  # coordinates of our own, beside the delta paths Streamlit uses
# Heavy builds at once: one per core. Parts of a PDF build (chart rendering in vl-convert, zlib)
# run outside the GIL: two at a time on two cores built 75 PDFs 1.4x faster than one at a time
# (+31 MB kept afterwards against +11 MB); six at once kept +93 MB.
BUILDS_AT_ONCE = max(1, min(2, os.cpu_count() or 1))
_build_slots = threading.BoundedSemaphore(BUILDS_AT_ONCE)


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
    build: Callable[[], bytes], mime: str, file_name: str, slot: str, *, heavy: bool = False
) -> Callable[[], bytes]:
    """The callable for `st.download_button(data=...)`: build on click, pin the result.

    Heavy builds (the PDF) run at most BUILDS_AT_ONCE at a time and hand freed memory back
    afterwards; light ones (CSV, JSON: milliseconds) never wait behind them.
    """
    ctx = get_script_run_ctx(suppress_warning=True)

    def run() -> bytes:
        workers = pool()
        if heavy and workers.workers:
            body = bytes(workers.run(build))  # in a worker process (pia_core/pdf_pool.py)
        elif heavy:
            with _build_slots:
                try:
                    body = bytes(build())
                finally:
                    release_memory()
        else:
            body = bytes(build())
        if ctx is not None:
            pin(ctx, body, mime, file_name, slot)
        return body

    return run


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
    run. Otherwise `build` runs now and its bytes go with the button. `slot` names the download
    in the session.
    """
    st.download_button(
        label,
        # Light files are built on every run (milliseconds) and handed over as bytes: Streamlit
        # keeps those referenced by the session, and a click needs no worker thread, so a CSV
        # never waits in the executor queue behind PDF builds.
        data=deferred(build, mime, file_name, slot, heavy=True) if heavy else bytes(build()),
        file_name=file_name,
        mime=mime,
        on_click="ignore",
        **kwargs,
    )
