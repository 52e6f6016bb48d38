"""PDF reports are built in worker processes: the same report as in the server, on another core,
and a worker that dies is replaced without taking the app down. A worker runs none of the app
(nothing of it in the server's log) and does not outlive the server."""

from __future__ import annotations

import functools
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.pdf_pool import (
    DEFAULT_IDLE_SECONDS,
    IDLE_ENV,
    WORKERS_ENV,
    PdfPool,
    activity_pdf,
    idle_seconds,
    organisation_pdf,
    worker_count,
)


@pytest.fixture(scope="module")
def workers() -> Iterator[PdfPool]:
    pool = PdfPool(1)
    yield pool
    pool.close()


def text_of(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_report_is_built_in_another_process_and_reads_as_one_built_here(
    workers: PdfPool, tmp_path: Path
) -> None:
    assert workers.run(os.getpid) != os.getpid()
    snapshot = load_demo("zorg-patientbrieven", shipped_content()).assessment
    there = workers.run(functools.partial(activity_pdf, snapshot, "nl"))
    here = activity_pdf(snapshot, "nl")
    assert there.startswith(b"%PDF")
    assert text_of(there, tmp_path, "there") == text_of(here, tmp_path, "here")


def test_the_organisation_report_is_built_there_too(workers: PdfPool, tmp_path: Path) -> None:
    dossier = load_demo("gemeente-organisatie", shipped_content()).dossier
    pdf = workers.run(functools.partial(organisation_pdf, dossier, "en"))
    assert dossier.organisation.name in text_of(pdf, tmp_path, "organisation")


def test_a_worker_that_dies_is_replaced(workers: PdfPool) -> None:
    with pytest.raises(BrokenProcessPool):  # tried twice, in two workers, then reported
        workers.run(functools.partial(os._exit, 3))
    assert workers.run(os.getpid) != os.getpid(), "the next report is built again"


def test_without_workers_the_report_is_built_in_the_calling_thread() -> None:
    assert PdfPool(0).run(os.getpid) == os.getpid()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0), ("3", 3), ("99", 8), ("-1", 0), ("veel", None), ("", None)],
)
def test_the_number_of_workers_comes_from_the_environment(
    value: str, expected: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_ENV, value)
    default = max(1, min(2, os.cpu_count() or 1))
    assert worker_count() == (default if expected is None else expected)


# Streamlit's script runner installs each script run's module as __main__ (app.py's, or a page's);
# multiprocessing has a new process run its parent's __main__ before anything else.
AFTER_A_SCRIPT_RUN = """
import functools, sys, types
from pia_core.pdf_pool import PdfPool
script = types.ModuleType("__main__")
script.__file__ = sys.argv[1]
sys.modules["__main__"] = script
pool = PdfPool(1)
loaded = "sorted(m for m in __import__('sys').modules if m.startswith('streamlit'))"
print(pool.run(functools.partial(eval, loaded)))
pool.close()
"""


def test_a_worker_started_during_a_script_run_runs_none_of_the_app() -> None:
    """Each worker ran app.py in bare mode: some 400 "missing ScriptRunContext" warnings in the
    server's log per worker started (two thirds of the log), and every page's imports."""
    done = subprocess.run(
        [sys.executable, "-c", AFTER_A_SCRIPT_RUN, str(REPO_DIR / "app.py")],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", "the worker imported Streamlit"
    assert "ScriptRunContext" not in done.stderr + done.stdout


SERVER = """
import os, sys
from pia_core.pdf_pool import PdfPool
pool = PdfPool(1)
print(pool.run(os.getpid), pool.run(os.getppid), flush=True)
sys.stdin.read()
"""


def ended(pid: int, timeout: float = 30) -> bool:
    """Whether process `pid` ends within `timeout` seconds (woken by its end, not by polling)."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([handle], [], [], timeout)
        return bool(readable)
    finally:
        os.close(handle)


def test_workers_end_with_a_server_that_is_killed() -> None:
    """A server stopped without shutting its pool down (SIGKILL, or SIGTERM from a process
    manager) left its workers and their fork server running, some 200 MB each, for good."""
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], cwd=REPO_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    worker, fork_server = (int(pid) for pid in server.stdout.readline().split())
    server.kill()
    server.wait(30)
    assert ended(worker), "the worker outlived the server"
    assert ended(fork_server), "the fork server outlived the server"


IDLE_SERVER = """
import os, sys
from pia_core.pdf_pool import PdfPool
pool = PdfPool(1, idle_seconds=1)
print(pool.run(os.getpid), pool.run(os.getppid), flush=True)
sys.stdin.readline()  # the test has seen them end
print(pool.retired(), pool.run(os.getpid), flush=True)
pool.close()
"""


def test_idle_workers_end_with_their_fork_server_and_the_next_report_starts_them_again() -> None:
    """An idle server kept two warm workers and their fork server, some 350 MB, for nobody."""
    server = subprocess.Popen(
        [sys.executable, "-c", IDLE_SERVER],
        cwd=REPO_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        worker, fork_server = (int(pid) for pid in server.stdout.readline().split())
        assert ended(worker, timeout=120), "the idle worker was kept"
        assert ended(fork_server, timeout=120), "the fork server was kept"
        server.stdin.write("\n")
        server.stdin.flush()
        retired, again = server.stdout.readline().split()
        assert retired == "True"
        assert int(again) not in (worker, server.pid), "the next report was not built in a new worker"
        assert server.wait(60) == 0
    finally:
        server.kill()


def test_the_idle_time_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for value, expected in (
        ("30", 30.0),
        ("0", 1.0),
        ("veel", DEFAULT_IDLE_SECONDS),
        ("", DEFAULT_IDLE_SECONDS),
    ):
        monkeypatch.setenv(IDLE_ENV, value)
        assert idle_seconds() == expected
