"""Downloads arrive: a built file stays until the session that asked for it runs again.

Streamlit's media file manager is driven here as the server drives it: the button registers a
deferred callable during a script run, the click runs it on a worker thread without a script
context (`execute_deferred`), and every script run of every session ends with an orphan sweep.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any, cast

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.scriptrunner import ScriptRunContext
from streamlit.runtime.scriptrunner_utils.script_run_context_attr import SCRIPT_RUN_CONTEXT_ATTR_NAME

from pia_core.ui import downloads

SESSION = "session-a"
BODY = b"%PDF-1.7 a report"
MIME, NAME = "application/pdf", "rapport.pdf"


@pytest.fixture
def manager(monkeypatch: pytest.MonkeyPatch) -> Iterator[MediaFileManager]:
    mgr = MediaFileManager(MemoryMediaFileStorage("/media"))
    fake_runtime = SimpleNamespace(media_file_mgr=mgr)
    monkeypatch.setattr("streamlit.runtime.exists", lambda: True)
    monkeypatch.setattr("streamlit.runtime.get_instance", lambda: fake_runtime)
    yield mgr


def in_script_run(action: Callable[[], Any]) -> Any:
    """Run `action` on a thread that carries SESSION's script context, as a script run does."""
    return as_session(SESSION, action)


def as_session(session: str, action: Callable[[], Any]) -> Any:
    """Run `action` on a thread carrying `session`'s script context, as a script run does."""
    ctx = cast(ScriptRunContext, SimpleNamespace(session_id=session))
    result: list[Any] = []

    def target() -> None:
        setattr(threading.current_thread(), SCRIPT_RUN_CONTEXT_ATTR_NAME, ctx)
        result.append(action())

    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
    return result[0]


def render_button(mgr: MediaFileManager, build: Callable[[], bytes]) -> str:
    """What st.download_button(data=callable) does during the run: register the callable."""
    return str(mgr.add_deferred(build, MIME, "1.5.2", NAME))


def stored(mgr: MediaFileManager, url: str) -> bytes | None:
    found = mgr.read_file(url.rsplit("/", 1)[-1])
    return None if found is None else bytes(found.content)


def other_sessions_run(mgr: MediaFileManager, runs: int = 3) -> None:
    for _ in range(runs):
        mgr.remove_orphaned_files()


def test_plain_deferred_download_is_swept_before_the_browser_fetches_it(manager: MediaFileManager) -> None:
    """The Streamlit behaviour this module exists for (if this starts failing, Streamlit fixed it)."""
    file_id = in_script_run(lambda: render_button(manager, lambda: BODY))
    url = manager.execute_deferred(file_id)
    assert stored(manager, url) == BODY
    other_sessions_run(manager, runs=2)
    assert stored(manager, url) is None


def test_built_file_survives_other_sessions_runs(manager: MediaFileManager) -> None:
    file_id = in_script_run(
        lambda: render_button(manager, downloads.deferred(lambda: BODY, MIME, NAME, "pdf", heavy=True))
    )
    url = manager.execute_deferred(file_id)
    other_sessions_run(manager, runs=5)
    assert stored(manager, url) == BODY


def test_built_file_goes_once_its_session_runs_again(manager: MediaFileManager) -> None:
    file_id = in_script_run(
        lambda: render_button(manager, downloads.deferred(lambda: BODY, MIME, NAME, "pdf"))
    )
    url = manager.execute_deferred(file_id)
    manager.clear_session_refs(SESSION)  # the start of the session's next full run
    other_sessions_run(manager, runs=2)  # marked, then deleted: the memory is free again
    assert stored(manager, url) is None


def test_a_second_click_replaces_the_first_file(manager: MediaFileManager) -> None:
    bodies = iter([b"first", b"second"])
    file_id = in_script_run(
        lambda: render_button(manager, downloads.deferred(lambda: next(bodies), MIME, NAME, "pdf"))
    )
    first, second = manager.execute_deferred(file_id), manager.execute_deferred(file_id)
    other_sessions_run(manager)
    assert stored(manager, second) == b"second"
    assert stored(manager, first) is None


def test_heavy_builds_run_at_most_one_per_core_and_light_ones_do_not_wait() -> None:
    running, most = 0, 0
    lock = threading.Lock()
    started, release = threading.Event(), threading.Event()

    def heavy() -> bytes:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            if running == downloads.BUILDS_AT_ONCE:
                started.set()
        release.wait(10)
        with lock:
            running -= 1
        return b"pdf"

    heavies = [
        threading.Thread(target=downloads.deferred(heavy, MIME, NAME, "pdf", heavy=True)) for _ in range(4)
    ]
    for thread in heavies:
        thread.start()
    assert started.wait(10)
    # While heavy builds hold every slot, a light one still completes.
    assert downloads.deferred(lambda: b"csv", "text/csv", "plan.csv", "csv")() == b"csv"
    release.set()
    for thread in heavies:
        thread.join()
    assert most == downloads.BUILDS_AT_ONCE


def test_without_a_session_the_file_is_still_built(manager: MediaFileManager) -> None:
    assert downloads.deferred(lambda: b"x", "text/csv", "a.csv", "csv")() == b"x"
