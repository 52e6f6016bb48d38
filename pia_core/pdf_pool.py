"""PDF reports built in worker processes, beside the app server instead of inside it.

A report takes 0.3-0.6 s of CPU (layout, two chart images, font subsets). Built in the server's
own threads, it holds the one interpreter lock every session needs: while a burst of users
downloads their reports, everybody else's answers wait too, and only one core works. Worker
processes build them on every core while the server goes on answering.

- Workers come from a fork server that has imported the report code once ("forkserver": forking
  the threaded server itself is unsafe), so a new worker is ready in milliseconds.
- A worker is replaced after `TASKS_PER_WORKER` reports: what builds leave on the heap goes back
  to the system with the process. A new worker builds an empty report before its first job
  (chart renderer started, fonts parsed), so no user waits for that.
- `PIA_PDF_WORKERS` sets how many (default: one per core, at most two); 0 builds in the calling
  thread, as tests that never start a server do.
- Idle workers end: after `PIA_PDF_IDLE_SECONDS` (default ten minutes) without a report or a
  script run they end with their fork server, and the next script run starts them again.
- Workers run at a lower CPU priority than the server (nice 5): on a busy machine a report waits
  a moment rather than the clicks of people answering questions.
- A worker that dies (killed, out of memory) breaks the pool: it is replaced and the build tried
  once more; a second failure is raised to the caller.
- A worker runs none of the app: multiprocessing has a new process run its parent's `__main__`
  first, and in the server that is the page script Streamlit ran last (see `_WorkerProcess`).
- A worker ends with the server, however the server ends (see `_leave_with`).

The jobs are plain functions of this module taking a snapshot (the scan is pickled to the
worker): nothing of the session, nothing of Streamlit.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
import time
import types
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import ForkServerContext, ForkServerProcess
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pia_core.analysis.progress import Since
    from pia_core.scan.dossier import Dossier, HistoryEntry
    from pia_core.scan.model import Assessment
    from pia_core.vocabulary import Language
    from pia_core.wording.comments import ThreadRecord

WORKERS_ENV = "PIA_PDF_WORKERS"
IDLE_ENV = "PIA_PDF_IDLE_SECONDS"
DEFAULT_IDLE_SECONDS = 600.0  # ten minutes without a script run or a report: the workers end
MAX_WORKERS = 8
TASKS_PER_WORKER = 200
WORKER_NICENESS = 5  # below the app server: its sessions' clicks come first on a busy machine
PRELOAD = ["pia_core.report", "pia_core.report.organisation"]  # imported once, in the fork server

T = TypeVar("T")


def activity_pdf(
    snapshot: Assessment,
    language: Language,
    comments: Sequence[ThreadRecord] = (),
    planned: Sequence[str] = (),
    since: Since | None = None,
    history: Sequence[HistoryEntry] = (),
) -> bytes:
    """The report of one activity (the summary page's PDF), with the adviser's comments if given
    (plain records: the worker never reads the store) and, with `planned` (finding ids ticked on
    the summary), what the verdict becomes after those actions; with `since` (the activity at the
    moment the summary's "Voortgang" compares with) the section "Sinds de vorige scan"; `history`
    (the edit log, as the JSON download carries it) goes into the attached scan file."""
    from pia_core.content.bundle import shipped_content
    from pia_core.report import build_report

    # The content is loaded once per worker.
    return build_report(
        snapshot,
        shipped_content(),
        lang=language,
        comments=comments,
        planned=planned,
        since=since,
        history=history,
    )


def activity_word(snapshot: Assessment, language: Language) -> bytes:
    """The summary page's Word report (pia_core/report/word.py): like the PDF's job, it reads the
    shipped content once per worker process rather than receiving it pickled (0.35 s to unpickle
    on every click)."""
    from pia_core.content.bundle import shipped_content
    from pia_core.report.word import build_word_report

    return build_word_report(snapshot, shipped_content(), language)


def organisation_pdf(snapshot: Dossier, language: Language) -> bytes:
    """The report of the whole organisation (the overview page's PDF)."""
    from pia_core.content.bundle import shipped_content
    from pia_core.report.organisation import build_organisation_report

    return build_organisation_report(snapshot, shipped_content(), language)


def idle_seconds() -> float:
    """From `PIA_PDF_IDLE_SECONDS`, else DEFAULT_IDLE_SECONDS; never below one second."""
    raw = os.environ.get(IDLE_ENV, "").strip()
    try:
        return max(1.0, float(raw)) if raw else DEFAULT_IDLE_SECONDS
    except ValueError:
        return DEFAULT_IDLE_SECONDS


def worker_count() -> int:
    """Workers from `PIA_PDF_WORKERS`, else one per core (at most two)."""
    default = max(1, min(2, os.cpu_count() or 1))
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if not raw:
        return default
    try:
        return max(0, min(MAX_WORKERS, int(raw)))
    except ValueError:
        return default


def _ready() -> int:
    return os.getpid()


def _warm_worker(server: int) -> None:
    """A new worker ends with `server` (the process it builds for), and gives way to it: a report
    may wait a moment, a click of somebody answering questions should not. Then it builds one
    empty report: its first real one would otherwise pay for starting the chart renderer and
    parsing the fonts (a second)."""
    _leave_with(server)
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    from pia_core.scan.model import Assessment

    activity_pdf(Assessment(), "nl")


def _leave_with(server: int) -> None:
    """End this worker as soon as the process `server` ends. A worker waits for jobs on a pipe it
    holds both ends of, so a server stopped without shutting its pool down (SIGTERM, SIGKILL)
    left its workers, and the fork server they keep alive, idle for good: some 200 MB each, for
    every server a test run started and stopped."""
    try:
        handle = os.pidfd_open(server)  # readable once the process has ended (Linux 5.3+)
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):  # another system: no watch, as before
        return

    def watch() -> None:
        select.select([handle], [], [])
        os._exit(0)

    threading.Thread(target=watch, name="pia-pdf-watch", daemon=True).start()


# While a worker starts, the parent's `__main__`: a module that names no file, so the new process
# has nothing to run before its jobs (multiprocessing.spawn.get_preparation_data).
_NO_MAIN = types.ModuleType("__main__")
_STARTING = threading.Lock()


class _WorkerProcess(ForkServerProcess):
    """A PDF worker that runs none of the app when it starts.

    multiprocessing has a new process run its parent's `__main__` first, and Streamlit installs
    each script run's module as `__main__` (the page script, app.py): every worker ran the whole
    app in bare mode, logging some 400 "missing ScriptRunContext" warnings and importing all the
    pages import. Only its own start sees the module above; a script run that installs its own
    module meanwhile keeps it.
    """

    def start(self) -> None:
        with _STARTING:
            shown = sys.modules["__main__"]
            sys.modules["__main__"] = _NO_MAIN
            try:
                super().start()
            finally:
                if sys.modules["__main__"] is _NO_MAIN:
                    sys.modules["__main__"] = shown


class _WorkerContext(ForkServerContext):
    Process = _WorkerProcess


class PdfPool:
    """Runs jobs in worker processes (or, with 0 workers, in the calling thread).

    Workers that have had nothing to do for `idle_seconds` (no job, no `warm()` from a script
    run) end, and the fork server with them: an idle server gave some 350 MB to workers nobody
    used, most of it the chart renderer's JavaScript engine, one per worker (issue 25). The next
    script run of any session starts them again in the background (`warm`), so a report asked
    for a moment later still finds them ready.
    """

    def __init__(self, workers: int, idle_seconds: float = DEFAULT_IDLE_SECONDS) -> None:
        self.workers = workers
        self.idle_seconds = idle_seconds
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._warming = False
        self._running = 0  # jobs submitted and not yet returned: never retired under them
        self._last_used = time.monotonic()
        self._reaper: threading.Thread | None = None
        self._wake = threading.Event()

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                context = _WorkerContext()
                context.set_forkserver_preload(PRELOAD)
                self._executor = ProcessPoolExecutor(
                    self.workers,
                    mp_context=context,
                    initializer=_warm_worker,
                    initargs=(os.getpid(),),
                    max_tasks_per_child=TASKS_PER_WORKER,
                )
            if self._reaper is None:
                self._wake.clear()
                self._reaper = threading.Thread(
                    target=self._retire_when_idle, name="pia-pdf-idle", daemon=True
                )
                self._reaper.start()
            return self._executor

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def _retire_when_idle(self) -> None:
        """While there are workers: end them, and the fork server, once idle for `idle_seconds`."""
        while True:
            with self._lock:
                executor, idle_for = self._executor, time.monotonic() - self._last_used
                retire = executor is not None and self._running == 0 and idle_for >= self.idle_seconds
                if executor is None or retire:
                    self._executor, self._warming, self._reaper = None, False, None
                left = self.idle_seconds - idle_for
            if executor is None:
                return
            if retire:
                executor.shutdown(wait=True, cancel_futures=True)
                with self._lock:  # not under a pool started meanwhile (it would start one again)
                    if self._executor is None:
                        _stop_fork_server()
                return
            self._wake.wait(max(left, 0.05))  # woken early only by close()

    def run(self, job: Callable[[], T]) -> T:
        """`job()`, in a worker; `job` must pickle (a module-level function, or a partial of one)."""
        if self.workers == 0:
            return job()
        with self._lock:
            self._running += 1
        try:
            for attempt in (1, 2):
                executor = self._current()
                try:
                    return executor.submit(job).result()
                except BrokenProcessPool:
                    self._replace(executor)
                    if attempt == 2:
                        raise
            raise AssertionError("unreachable")
        finally:
            with self._lock:
                self._running -= 1
                self._last_used = time.monotonic()

    def warm(self) -> None:
        """Start the fork server and the workers in the background, so the first report does not
        wait seconds for them (starting them blocks, so never on a script's thread); called on
        every script run, it also keeps running workers from being retired while people work."""
        with self._lock:
            self._last_used = time.monotonic()
            if self.workers == 0 or self._warming:
                return
            self._warming = True

        def start() -> None:
            for _ in range(self.workers):
                self._current().submit(_ready)

        threading.Thread(target=start, name="pia-pdf-warm", daemon=True).start()

    def retired(self) -> bool:
        """No workers now (none started yet, or ended for being idle)."""
        with self._lock:
            return self._executor is None

    def close(self) -> None:
        with self._lock:
            executor, self._executor, self._warming = self._executor, None, False
        self._wake.set()
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def _stop_fork_server() -> None:
    """End the fork server with the workers it served (it holds the report code, some 100 MB); the
    next pool starts it again. Python has no public call for this: where its private one is
    missing, the fork server stays, which costs memory and nothing else."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)
    if callable(stop):
        stop()


_POOL: PdfPool | None = None
_POOL_LOCK = threading.Lock()


def pool() -> PdfPool:
    """The process's pool, with `worker_count()` workers (read once)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = PdfPool(worker_count(), idle_seconds())
        return _POOL
