"""One session cannot take every PDF slot: its builds come one after another, and another
session's build starts while it still has nine waiting. A build that fails tells the user so in
their language, in plain words, where Streamlit would say "Failed to generate file for download".

Builds here are stand-ins that record who is building and wait until the test lets them finish;
requests reach them the way the server sends them: through Streamlit's deferred-file handler
(one per session, as each session has its own), on an event loop with few threads.
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import pytest
from streamlit.proto.BackMsg_pb2 import BackendOperationRequest, DeferredFileRequestPayload
from streamlit.runtime.backend_operation_handler import DeferredFileHandler
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from pia_core.i18n import t
from pia_core.pdf_pool import PdfPool
from pia_core.scan.model import Language
from pia_core.ui import downloads

from .test_downloads import as_session

MIME, NAME = "application/pdf", "rapport.pdf"
CLICKS = 10  # one session's requests at once
SLOTS = 2  # shared build slots: the pool's workers on a two-core server
THREADS = 4  # the event loop's threads for deferred files (Python's default: cores + 4, six on two)
WAIT = 30  # seconds: only ever reached when what the test waits for never happens
STREAMLIT_MESSAGE = "Failed to generate file for download"


class Builds:
    """Stand-in PDF builds: each records that it started, then waits for a permit to finish."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.running: Counter[str] = Counter()
        self.most: Counter[str] = Counter()
        self.started: list[str] = []
        self.permits = threading.Semaphore(0)

    def of(self, session: str) -> Callable[[], bytes]:
        def build() -> bytes:
            with self.changed:
                self.running[session] += 1
                self.most[session] = max(self.most[session], self.running[session])
                self.started.append(session)
                self.changed.notify_all()
            assert self.permits.acquire(timeout=WAIT), "the test never let this build finish"
            with self.changed:
                self.running[session] -= 1
            return b"%PDF-1.7 " + session.encode()

        return build

    def wait_until(self, done: Callable[[], bool]) -> bool:
        with self.changed:
            return self.changed.wait_for(done, timeout=WAIT)


@pytest.fixture
def shared_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in this process (no workers), SLOTS at a time for every session together."""
    monkeypatch.setattr(downloads, "pool", lambda: PdfPool(0))
    monkeypatch.setattr(downloads, "_build_slots", threading.BoundedSemaphore(SLOTS))


@pytest.fixture
def manager(monkeypatch: pytest.MonkeyPatch) -> Iterator[MediaFileManager]:
    """Streamlit's media file manager, as the running server has one."""
    mgr = MediaFileManager(MemoryMediaFileStorage("/media"))
    monkeypatch.setattr("streamlit.runtime.exists", lambda: True)
    monkeypatch.setattr("streamlit.runtime.get_instance", lambda: SimpleNamespace(media_file_mgr=mgr))
    yield mgr


def test_one_session_builds_one_pdf_at_a_time_and_another_is_not_queued_behind(shared_slots: None) -> None:
    builds = Builds()
    clicks = [
        as_session("a", lambda: downloads.deferred(builds.of("a"), MIME, NAME, "pdf", heavy=True))
        for _ in range(CLICKS)
    ]
    other = as_session("b", lambda: downloads.deferred(builds.of("b"), MIME, NAME, "pdf", heavy=True))
    requests = [threading.Thread(target=click) for click in clicks]
    for request in requests:
        request.start()
    assert builds.wait_until(lambda: builds.started == ["a"])
    requests.append(threading.Thread(target=other))
    requests[-1].start()
    # A slot is free while "a" builds its first: "b" takes it, whatever "a" has waiting.
    assert builds.wait_until(lambda: "b" in builds.started), f"started: {builds.started}"
    builds.permits.release(CLICKS + 1)
    for request in requests:
        request.join(WAIT)
    assert builds.started.count("a") == CLICKS, "every one of the ten is built"
    assert builds.most["a"] == 1, "one after another, never side by side"


def deferred_request(
    mgr: MediaFileManager, session: str, run: Callable[[], bytes]
) -> BackendOperationRequest:
    """The button drawn in `session`'s script run, and the message its click sends."""
    file_id = as_session(session, lambda: mgr.add_deferred(run, MIME, f"1.{session}", NAME))
    return BackendOperationRequest(
        request_id=session, deferred_file=DeferredFileRequestPayload(file_id=file_id)
    )


async def served(handlers: dict[str, DeferredFileHandler], requests: list[tuple[str, Any]]) -> list[Any]:
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(THREADS))
    return await asyncio.gather(*(handlers[s].handle(r, s) for s, r in requests))


def test_waiting_requests_hold_no_server_thread(shared_slots: None, manager: MediaFileManager) -> None:
    """Ten requests of one session through Streamlit's handler: nine wait without taking one of
    the event loop's few threads, so another session's request still gets one."""
    builds = Builds()
    a = deferred_request(manager, "a", downloads.deferred(builds.of("a"), MIME, NAME, "pdf", heavy=True))
    b = deferred_request(manager, "b", downloads.deferred(builds.of("b"), MIME, NAME, "pdf", heavy=True))
    handlers = {session: DeferredFileHandler(lambda: manager) for session in "ab"}
    results: list[Any] = []

    def serve_all() -> None:
        results.extend(asyncio.run(served(handlers, [("a", a)] * CLICKS + [("b", b)])))

    server = threading.Thread(target=serve_all)
    server.start()
    assert builds.wait_until(lambda: "b" in builds.started), f"started: {builds.started}"
    builds.permits.release(CLICKS + 1)
    server.join(WAIT)
    assert [r.WhichOneof("payload") for r in results] == ["deferred_file"] * (CLICKS + 1), results
    assert builds.started.count("a") == CLICKS and builds.most["a"] == 1


def failing() -> bytes:
    raise MemoryError("the worker ran out of memory")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_failed_build_tells_the_user_in_their_language(
    lang: Language, manager: MediaFileManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(downloads, "pool", lambda: PdfPool(0))
    message = t("pdf.failed", lang)
    run = downloads.deferred(failing, MIME, NAME, "pdf", heavy=True, failed_text=message)
    request = deferred_request(manager, "a", run)
    (response,) = asyncio.run(served({"a": DeferredFileHandler(lambda: manager)}, [("a", request)]))
    assert response.error_msg == message != STREAMLIT_MESSAGE
    assert downloads.IN_TURN, "this Streamlit's handler is ours to wrap"


@pytest.fixture(scope="module")
def worker() -> Iterator[PdfPool]:
    pool = PdfPool(1)
    yield pool
    pool.close()


def test_a_worker_that_dies_twice_is_a_plain_message_in_dutch(
    worker: PdfPool, manager: MediaFileManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(downloads, "pool", lambda: worker)
    dies = functools.partial(os._exit, 3)  # as a worker killed for lack of memory
    run = downloads.deferred(dies, MIME, NAME, "pdf", heavy=True)  # the page's language unknown: Dutch
    request = deferred_request(manager, "a", run)
    (response,) = asyncio.run(served({"a": DeferredFileHandler(lambda: manager)}, [("a", request)]))
    assert response.error_msg == t("pdf.failed", "nl")
    assert "niets verloren" in response.error_msg
    assert worker.run(os.getpid) != os.getpid(), "the next report is built again"
