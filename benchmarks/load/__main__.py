"""`make load`: N simulated users over Streamlit's websocket against the app and a bare script.

    python -m benchmarks.load                     # N = 1, 5, 10, 25, 50; a few minutes
    python -m benchmarks.load --sessions 25 --answers 20
    python -m benchmarks.load --soak 20           # 25 users for 20 minutes, memory over time
    python -m benchmarks.load --target http://127.0.0.1:8080 --no-bare   # a running app (e.g. make cluster)
    python -m benchmarks.load --app-option=--runner.postScriptGC=true     # compare a setting
    python -m benchmarks.load --sessions 25 --consultants 5 --no-bare      # and 5 signed-in consultants

With `--consultants N` every phase runs twice: the users alone, then the same users while N
signed-in consultants keep opening the workspace (benchmarks/load/consultants.py: one real
sign-in through the demo identity provider, its cookie reused by every consultant's websocket);
the app is started with sign-in configured and a workspace of `--workspace-clients` clients.

Loopback only; every phase is bounded in time and in the number of users and answers.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load.consultants import ConsultantFn, consultant_user, identity_cookies, seed_workspace
from benchmarks.load.journeys import STEP, Gate, Options, Recorder, UserFn, app_user, bare_user
from benchmarks.load.server import Server, descendants, free_port, require_loopback, streamlit_server
from pia_core import REPO_DIR
from pia_core.pdf_pool import DEFAULT_IDLE_SECONDS, IDLE_ENV

DEFAULT_N = [1, 5, 10, 25, 50]
INTERACTIONS = ("open step", "answer", "open summary", "pdf", "csv", "json", "workspace")
PHASE_LIMIT = 300.0  # seconds; a phase still running then is cancelled and its users count as errors
SETTLE = 5.0  # seconds after a phase before "after" memory is read
SESSION_TTL = (
    120.0  # Streamlit's server.disconnectedSessionTTL (the default; .streamlit/config.toml keeps it)
)


@dataclass
class Phase:
    rec: Recorder
    rss_idle: float | None
    rss_peak: float | None
    rss_after: float | None
    seconds: float
    load_average: float  # of the machine during the phase: other work on 2 cores shows here


async def _sample_peak(server: Server, stop: asyncio.Event, peak: list[float]) -> None:
    while not stop.is_set():
        value = server.rss_mb()
        if value is not None:
            peak.append(value)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.25)


@dataclass(frozen=True)
class Consultants:
    """Signed-in consultants beside the users of a phase, on `server` (the app at the redirect
    URI's host, where the identity cookie belongs)."""

    server: Server
    count: int
    browse: ConsultantFn


async def run_phase(
    server: Server, user: UserFn, users: int, options: Options, seed: int, beside: Consultants | None = None
) -> Phase:
    rec, gate = Recorder(), Gate(users)
    idle = server.rss_mb()
    stop, peak = asyncio.Event(), []  # type: ignore[var-annotated]
    sampler = asyncio.create_task(_sample_peak(server, stop, peak))

    async def one(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        ticket = gate.ticket()
        await asyncio.sleep(rng.uniform(0, options.think[1]))  # users arrive spread out, as they do
        try:
            await user(server, rec, options, rng, ticket)
        except Exception as exc:
            rec.errors["session"] += 1
            if len(rec.messages) < 8:
                rec.messages.append(f"session: {type(exc).__name__}: {str(exc)[:160]}")
        finally:
            ticket.drop()

    done = asyncio.Event()  # the users are through: the consultants stop

    async def consultant(index: int) -> None:
        assert beside is not None
        rng = random.Random(seed * 1000 + 500 + index)
        await asyncio.sleep(rng.uniform(0, options.think[1]))
        try:
            await beside.browse(beside.server, rec, options, rng, done)
        except Exception as exc:
            rec.errors["workspace"] += 1
            if len(rec.messages) < 8:
                rec.messages.append(f"consultant: {type(exc).__name__}: {str(exc)[:160]}")

    start = time.perf_counter()
    beside_tasks = [asyncio.create_task(consultant(i)) for i in range(beside.count if beside else 0)]
    tasks = [asyncio.create_task(one(i)) for i in range(users)]
    _, pending = await asyncio.wait(tasks, timeout=PHASE_LIMIT)
    for task in pending:
        task.cancel()
        rec.errors["timeout"] += 1
    seconds = time.perf_counter() - start
    done.set()
    if beside_tasks:
        await asyncio.wait(beside_tasks, timeout=PHASE_LIMIT)
    stop.set()
    await sampler
    load_average = os.getloadavg()[0]
    await asyncio.sleep(SETTLE)
    return Phase(rec, idle, max(peak) if peak else None, server.rss_mb(), seconds, load_average)


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def _triple(values: list[float]) -> str:
    if not values:
        return f"{'—':>20}"
    return f"{_ms(values, 0.5):6.0f} {_ms(values, 0.95):6.0f} {max(values) * 1000:6.0f}"


def _mb(value: float | None) -> str:
    return "   —" if value is None else f"{value:4.0f}"


def report(users: int, app: Phase, bare: Phase | None, beside: str = "") -> None:
    took = f"app {app.seconds:.0f} s, load avg {app.load_average:.1f}"
    took += f"; bare {bare.seconds:.0f} s, load avg {bare.load_average:.1f}" if bare else ""
    print(f"\n== {users} session(s){beside}  ({took})")
    heading = f"{'app p50 / p95 / max ms':>22}   {'bare p50 / p95 / max ms':>23}"
    print(f"  {'interaction':<13} {heading}   ratio p50  errors")
    for name in INTERACTIONS:
        if name == "workspace" and name not in app.rec.times and name not in app.rec.errors:
            continue
        app_times = app.rec.times.get(name, [])
        bare_times = bare.rec.times.get(name, []) if bare else []
        ratio = (
            f"{statistics.median(app_times) / statistics.median(bare_times):9.2f}"
            if app_times and bare_times
            else f"{'—':>9}"
        )
        errors = f"{app.rec.errors.get(name, 0)}" + (f" / {bare.rec.errors.get(name, 0)}" if bare else "")
        print(f"  {name:<13} {_triple(app_times):>22}   {_triple(bare_times):>23}   {ratio}  {errors}")
    for label, phase in (("app", app), ("bare", bare)):
        if phase is None:
            continue
        other = {k: v for k, v in phase.rec.errors.items() if k not in INTERACTIONS}
        print(
            f"  {label:<5} memory (PSS) MB idle {_mb(phase.rss_idle)} loaded {_mb(phase.rss_peak)}"
            f" after {_mb(phase.rss_after)}"
            f" · downloads {phase.rec.downloads_ok}/{phase.rec.downloads_tried} ok"
            f" · errors {phase.rec.total_errors()}" + (f" {dict(other)}" if other else "")
        )
        for message in phase.rec.messages[:4]:
            print(f"        {message}")


@contextmanager
def servers(args: argparse.Namespace, tmp: Path) -> Iterator[tuple[Server, Server | None, Server | None]]:
    """The app, the bare script (unless --no-bare) and, with --consultants, the app at the address
    its identity cookie belongs to (the redirect URI's host: localhost)."""
    with ExitStack() as stack:
        workspace = None
        if args.target:
            pids = args.target_pid or [None]
            app = Server(require_loopback(args.target), pids[0], tuple(pids[1:]))
            workspace = app if args.consultants else None  # e.g. make cluster CLUSTER_ARGS=--workspace
        else:
            store = tmp / "scans.sqlite3"
            env = {"PIA_STORE_PATH": str(store), IDLE_ENV: str(args.pdf_idle)}
            options, port = list(args.app_option), free_port()
            if args.consultants:
                from tools.oidc import DEMO_ADMINS, DEMO_ALLOW, oidc_provider, write_secrets

                base = f"http://localhost:{port}"
                provider = stack.enter_context(oidc_provider(redirect_uri=f"{base}/oauth2callback"))
                options += ["--secrets.files", str(write_secrets(tmp, provider))]
                env |= {"PIA_WORKSPACE_ALLOW": DEMO_ALLOW, "PIA_WORKSPACE_ADMINS": DEMO_ADMINS}
                seed_workspace(store, args.workspace_clients)
            app = stack.enter_context(
                streamlit_server(REPO_DIR / "app.py", REPO_DIR, env, options, port=port)
            )
            if args.consultants:
                workspace = dataclasses.replace(app, base=f"http://localhost:{port}")
        bare = None
        if not args.no_bare:
            bare_dir = tmp / "bare"
            (bare_dir / ".streamlit").mkdir(parents=True)
            # The app's own settings, so only the app's code differs.
            shutil.copy(REPO_DIR / ".streamlit" / "config.toml", bare_dir / ".streamlit" / "config.toml")
            shutil.copy(Path(__file__).with_name("bare_app.py"), bare_dir / "bare_app.py")
            bare = stack.enter_context(
                streamlit_server(bare_dir / "bare_app.py", bare_dir, {}, args.app_option)
            )
        yield app, bare, workspace


TARGET_USERS = 25  # issue 25 states its targets for 25 users on one app server
MEMORY_TARGET_MB = 300.0


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def targets(app: Phase, bare: Phase | None) -> None:
    """Issue 25's targets as ratios of this run: each figure beside its bound, met or not."""
    answers, bare_answers = (
        app.rec.times.get("answer", []),
        (bare.rec.times.get("answer", []) if bare else []),
    )
    lines: list[str] = []
    if answers and bare_answers:
        ratio = statistics.median(answers) / statistics.median(bare_answers)
        lines.append(
            f"answer p50 ratio to the bare script {ratio:.2f} (target <= 1.5): {_verdict(ratio <= 1.5)}"
        )
    if answers:
        p95 = _ms(answers, 0.95)
        lines.append(f"answer p95 {p95:.0f} ms (target <= 150 ms): {_verdict(p95 <= 150)}")
    summary = app.rec.times.get("open summary", [])
    bare_summary = bare.rec.times.get("open summary", []) if bare else []
    if summary and bare_summary:
        ratio = _ms(summary, 0.95) / _ms(bare_summary, 0.95)
        lines.append(
            f"summary by all at once, p95 {ratio:.1f}x the bare script's p95"
            f" (target <= 2.5x): {_verdict(ratio <= 2.5)}"
        )
    pdfs, failed = app.rec.times.get("pdf", []), app.rec.errors.get("pdf", 0)
    if pdfs or failed:
        p95 = _ms(pdfs, 0.95) / 1000 if pdfs else float("inf")
        met = failed == 0 and p95 <= 2.5
        lines.append(
            f"PDFs at once: {len(pdfs)} of {len(pdfs) + failed} arrived, p95 {p95:.1f} s"
            f" (target: all, p95 <= 2.5 s): {_verdict(met)}"
        )
    if app.rss_idle is not None:
        idle = app.rss_idle
        lines.append(
            f"memory idle {idle:.0f} MB PSS, app and warm PDF workers (target <= {MEMORY_TARGET_MB:.0f} MB):"
            f" {_verdict(idle <= MEMORY_TARGET_MB)}"
        )
    print(f"  targets at {TARGET_USERS} users (issue 25):")
    for line in lines:
        print(f"    {line}")


def _workers_of(server: Server) -> list[int]:
    """The server's fork server and PDF workers (its multiprocessing children but the resource tracker)."""
    found = []
    for pid in descendants(server.pid) if server.pid is not None else []:
        with suppress(OSError):
            if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found


async def retired_memory(server: Server, idle_seconds: float) -> None:
    """The idle server once its PDF workers have ended for being idle (pia_core/pdf_pool.py)."""
    deadline = time.monotonic() + idle_seconds + 120
    print(f"\n== idle: waiting for the PDF workers to end ({IDLE_ENV}={idle_seconds:g})")
    while _workers_of(server) and time.monotonic() < deadline:
        await asyncio.sleep(1)
    left = _workers_of(server)
    memory = server.rss_mb()
    met = memory is not None and memory <= MEMORY_TARGET_MB
    print(
        f"  memory (PSS) MB {_mb(memory)} with {len(left)} fork server / worker processes left"
        f" (target <= {MEMORY_TARGET_MB:.0f} MB): {_verdict(met)}"
    )


def _pair(values: list[float]) -> str:
    return f"{_ms(values, 0.5):.0f} / {_ms(values, 0.95):.0f}" if values else "—"


def compare(alone: Phase, beside: Phase, consultants: int) -> None:
    answers, opens = beside.rec.times.get("answer", []), beside.rec.times.get("workspace", [])
    print(
        f"  answer p50 / p95 ms: alone {_pair(alone.rec.times.get('answer', []))},"
        f" with {consultants} consultants {_pair(answers)};"
        f" workspace p50 / p95 ms {_pair(opens)} ({len(opens)} opens)"
    )


async def load(
    args: argparse.Namespace, app: Server, bare: Server | None, beside: Consultants | None = None
) -> int:
    options = Options(answers=args.answers, think=(args.think_min, args.think_max), downloads=args.downloads)
    # Warm-up: imports and first renders are paid once per process, not by the measured users.
    warm = Options(answers=1, think=(0, 0))
    await run_phase(
        app, app_user, 1, warm, seed=0, beside=dataclasses.replace(beside, count=1) if beside else None
    )
    if bare:
        await run_phase(bare, bare_user, 1, warm, seed=0)
    failures = 0
    for users in args.sessions:
        app_phase = await run_phase(app, app_user, users, options, seed=users)
        bare_phase = await run_phase(bare, bare_user, users, options, seed=users) if bare else None
        report(users, app_phase, bare_phase)
        if users == TARGET_USERS:
            targets(app_phase, bare_phase)
        failures += app_phase.rec.total_errors()
        if beside:  # the same users again, with the consultants browsing the workspace meanwhile
            with_phase = await run_phase(app, app_user, users, options, seed=users, beside=beside)
            report(users, with_phase, None, f" + {beside.count} signed-in consultants")
            compare(app_phase, with_phase, beside.count)
            failures += with_phase.rec.total_errors()
    if not args.target:
        await retired_memory(app, args.pdf_idle)
    return failures


async def soak(args: argparse.Namespace, app: Server) -> int:
    """`users` users at once for `minutes`, each a new browser tab doing the whole journey."""
    users, end = args.sessions[-1], time.monotonic() + args.soak * 60
    options = Options(answers=args.answers, think=(args.think_min, args.think_max))
    print(f"soak: {users} users for {args.soak} min; memory (PSS) of the app and its PDF workers over time")
    heading = f"{'answer p50/p95/max ms':>22} {'pdf p95 ms':>10}"
    print(f"  {'min':>5} {'PSS MB':>7} {'journeys':>8} {heading} errors")
    # Warm-up first, as in the load phases: the pages imported, the PDF workers started and warm.
    # "Idle" is then the server a user finds, not the one that has not been opened yet.
    await run_phase(app, app_user, 1, Options(answers=1, think=(0, 0)), seed=0)
    idle = app.rss_mb()
    print(f"  {0:5.1f} {_mb(idle):>7}  (idle after one warm-up journey)")
    total_errors, journeys = 0, 0
    window = Recorder()

    async def loop(index: int) -> None:
        nonlocal journeys
        rng = random.Random(index)
        while time.monotonic() < end:
            gate = Gate(1)
            try:
                await app_user(app, window, options, rng, gate.ticket())
            except Exception:
                window.errors["session"] += 1
            journeys += 1

    started = time.monotonic()
    tasks = [asyncio.create_task(loop(i)) for i in range(users)]
    while time.monotonic() < end:
        await asyncio.sleep(min(60.0, max(0.1, end - time.monotonic())))
        answers, pdfs = window.times.get("answer", []), window.times.get("pdf", [])
        print(
            f"  {(time.monotonic() - started) / 60:5.1f} {_mb(app.rss_mb()):>7} {journeys:>8}"
            f" {_triple(answers):>22} {_ms(pdfs, 0.95) if pdfs else 0:10.0f}"
            f" {window.total_errors()}",
            flush=True,
        )
        total_errors += window.total_errors()
        window.times.clear()
        window.errors.clear()
    await asyncio.wait(tasks, timeout=PHASE_LIMIT)
    await asyncio.sleep(SETTLE)
    print(f"  after: PSS {_mb(app.rss_mb())} MB (idle before {_mb(idle)} MB); errors {total_errors}")
    # Streamlit keeps a closed tab's session (its state, its files) for a while in case it comes
    # back: the server is idle again, like before the soak, only once those have gone.
    await asyncio.sleep(SESSION_TTL + SETTLE)
    settled = app.rss_mb()
    ratio = f"{settled / idle:.2f}" if settled and idle else "—"
    workers = len(_workers_of(app))
    print(
        f"  idle again ({SESSION_TTL:.0f} s later, the closed sessions expired, {workers} fork server /"
        f" worker processes): PSS {_mb(settled)} MB, {ratio} of idle before (target: within 10 %)"
    )
    return total_errors


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=lambda s: [int(x) for x in s.split(",")], default=DEFAULT_N)
    parser.add_argument("--answers", type=int, default=8, help="answers per user (default 8)")
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=2.0)
    parser.add_argument("--soak", type=float, default=0, help="minutes of soak (25 users)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare Streamlit baseline")
    parser.add_argument(
        "--no-downloads", dest="downloads", action="store_false", help="answers and summary only"
    )
    parser.add_argument("--target", help="a running app on this machine instead of starting one")
    parser.add_argument(
        "--target-pid",
        type=lambda s: [int(x) for x in s.split(",")],
        help="its process id(s), comma-separated, to read (and add up) their memory",
    )
    parser.add_argument("--app-option", action="append", default=[], help="passed to streamlit run")
    parser.add_argument(
        "--consultants",
        type=int,
        default=0,
        help="signed-in consultants opening the workspace meanwhile (each phase then runs with and without)",
    )
    parser.add_argument(
        "--workspace-clients",
        type=int,
        default=20,
        help="clients (two scans each) in the workspace (default 20)",
    )
    parser.add_argument(
        "--pdf-idle",
        type=float,
        default=None,
        help="seconds without work before the app's PDF workers end (default 60, and for --soak the"
        " app's own 600, so that idle before and after compare the same processes)",
    )
    args = parser.parse_args(argv)
    if max(args.sessions) > 200 or args.answers > 100 or args.soak > 120:
        parser.error("bounded: at most 200 sessions, 100 answers, 120 minutes of soak")
    if args.consultants > 50 or args.workspace_clients > 200:
        parser.error("bounded: at most 50 consultants and 200 workspace clients")
    if args.consultants and args.soak:
        parser.error("--consultants is for the load phases, not the soak")
    args.app_option = [part for option in args.app_option for part in option.split("=", 1)]
    if args.soak and args.sessions == DEFAULT_N:
        args.sessions = [25]
    if args.pdf_idle is None:
        args.pdf_idle = DEFAULT_IDLE_SECONDS if args.soak else 60.0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # figures as they come
    with (
        tempfile.TemporaryDirectory(prefix="pia-load-") as tmp,
        servers(args, Path(tmp)) as (app, bare, workspace),
    ):
        options = " ".join(args.app_option) or "none"
        print(
            f"load test: step {STEP}, {args.answers} answers per user,"
            f" think {args.think_min}-{args.think_max} s,"
            f" then summary + PDF/CSV/JSON; app options: {options}"
        )
        if args.soak:
            return 1 if asyncio.run(soak(args, app)) else 0
        beside = None
        if workspace is not None:
            identity = identity_cookies(workspace.base)
            print(
                f"{args.consultants} consultants: signed in once through the identity provider at"
                f" {workspace.base} (chromium); its identity cookie goes with each consultant's websocket"
            )
            beside = Consultants(workspace, args.consultants, consultant_user(identity))
        return 1 if asyncio.run(load(args, app, bare, beside)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
