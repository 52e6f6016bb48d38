"""What one simulated user does, on the app and on the bare script, with every step checked.

A user opens step 8, answers questions with think time (each answer a different value than the
question had, and checked: the score the server re-renders must be the score pia_core computes
for the answers given so far), then opens the summary and downloads the PDF, the CSV and the
JSON over HTTP (each file checked). Timings go into a Recorder by interaction.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import urllib.request
from collections import defaultdict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from benchmarks.load.protocol import ProtocolError, RunResult, Session, string_value
from benchmarks.load.server import Server
from pia_core.analysis.scoring import score
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.model import Answer, Assessment, Language
from pia_core.scan.serialization import dossier_from_data
from pia_core.wording.verdict import format_score

STEP = 8
STEP_URL, SUMMARY_URL = f"stap-{STEP}", "samenvatting"
LANGUAGE: Language = "nl"
HTTP = ThreadPoolExecutor(max_workers=64, thread_name_prefix="load-http")


class Gate:
    """Lets every user of a phase through at once, once each has arrived or dropped out."""

    def __init__(self, users: int) -> None:
        self.users, self.arrived, self.open = users, 0, asyncio.Event()

    def ticket(self) -> Ticket:
        return Ticket(self)

    def _arrive(self) -> None:
        self.arrived += 1
        if self.arrived >= self.users:
            self.open.set()


class Ticket:
    def __init__(self, gate: Gate) -> None:
        self.gate, self.used = gate, False

    async def wait(self) -> None:
        if not self.used:
            self.used = True
            self.gate._arrive()
        await self.gate.open.wait()

    def drop(self) -> None:
        """A user that failed before the gate must not hold the others back."""
        if not self.used:
            self.used = True
            self.gate._arrive()


@dataclass
class Options:
    answers: int = 8
    think: tuple[float, float] = (0.5, 2.0)
    downloads: bool = True


@dataclass
class Recorder:
    """Seconds per interaction, errors per interaction (with the first few messages), downloads."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    messages: list[str] = field(default_factory=list)
    downloads_ok: int = 0
    downloads_tried: int = 0

    async def timed(self, name: str, action: Callable[[], Awaitable[float | None]]) -> bool:
        """Run one interaction; it returns its own duration (server time) or None to use wall time."""
        start = time.perf_counter()
        try:
            seconds = await action()
        except Exception as exc:  # every failure is counted and the user goes on, as a person would
            self.errors[name] += 1
            if len(self.messages) < 8:
                self.messages.append(f"{name}: {type(exc).__name__}: {str(exc)[:160]}")
            return False
        self.times[name].append(seconds if seconds is not None else time.perf_counter() - start)
        return True

    def total_errors(self) -> int:
        return sum(self.errors.values())


def fetch(base: str, url: str, cookie: str = "") -> bytes:
    full = url if url.startswith("http") else f"{base}{url if url.startswith('/') else '/' + url}"
    request = urllib.request.Request(full, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return bytes(response.read())


async def download(session: Session, base: str, button: object) -> bytes:
    """Click a download button as the browser does and fetch the file over HTTP."""
    deferred = str(getattr(button, "deferred_file_id", ""))
    url = await session.deferred_file_url(deferred) if deferred else str(getattr(button, "url", ""))
    if not url:
        raise ProtocolError("download button without a file")
    return await asyncio.get_running_loop().run_in_executor(HTTP, fetch, base, url, session.cookie)


async def think(options: Options, rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(*options.think))


LABELS = {t(f"common.answer.{a.value}", LANGUAGE): a for a in Answer}


def _question_id(widget_id: str) -> str:
    # Widget ids end in the key: "$$ID-<hash>-q_<question id>".
    key = widget_id.split("-", 2)[-1]
    if not key.startswith("q_"):
        raise ProtocolError(f"unexpected radio {key}")
    return key[2:]


def expected_overall(answers: dict[str, Answer]) -> str:
    current = Assessment(language=LANGUAGE)
    for question_id, answer in answers.items():
        current.set_answer(question_id, answer)
    return format_score(score(current, shipped_content().catalogue).overall, LANGUAGE)


def still_shown(result: RunResult, widget_id: str) -> None:
    """An answer reruns the page it was given on, as in a browser (not another, cheaper or dearer)."""
    if not any(radio.id == widget_id for radio in result.of_kind("radio")):
        raise ProtocolError("the rerun after an answer showed another page")


def shown_overall(result: RunResult) -> str:
    return str(result.labelled("metric", t("sidebar.overall", LANGUAGE)).body)


async def app_user(
    server: Server, rec: Recorder, options: Options, rng: random.Random, summary_gate: Ticket
) -> None:
    async with Session(server.ws_url, server.base) as session:
        page: RunResult | None = None

        async def open_step() -> float:
            nonlocal page
            page = await session.run(page=STEP_URL)
            if not page.of_kind("radio"):
                raise ProtocolError("step page without questions")
            return page.seconds

        if not await rec.timed("open step", open_step):
            await summary_gate.wait()
            return
        assert page is not None
        radios = [(r.id, list(r.options)) for r in page.of_kind("radio")]
        given: dict[str, Answer] = {}
        for i in range(options.answers):
            await think(options, rng)
            widget_id, labels = radios[i % len(radios)]
            question = _question_id(widget_id)
            label = rng.choice([x for x in labels if LABELS.get(x) != given.get(question)])

            async def answer(
                widget_id: str = widget_id, label: str = label, question: str = question
            ) -> float:
                result = await session.run(changes={widget_id: string_value(widget_id, label)})
                still_shown(result, widget_id)
                given[question] = LABELS[label]
                want, got = expected_overall(given), shown_overall(result)
                if got != want:
                    raise ProtocolError(f"score shown {got!r}, expected {want!r}: the answer did not arrive")
                return result.seconds

            await rec.timed("answer", answer)
        await summary_gate.wait()  # everyone opens the summary (and downloads) at the same moment
        summary: RunResult | None = None

        async def open_summary() -> float:
            nonlocal summary
            summary = await session.run(page=SUMMARY_URL)
            if shown_overall(summary) != expected_overall(given):
                raise ProtocolError("summary shows another score than the answers give")
            return summary.seconds

        if not await rec.timed("open summary", open_summary) or not options.downloads:
            return
        assert summary is not None
        checks: list[tuple[str, str, Callable[[bytes], bool]]] = [
            ("pdf", t("summary.download_pdf", LANGUAGE), lambda b: b.startswith(b"%PDF")),
            ("csv", t("summary.download_csv", LANGUAGE), lambda b: bool(b.decode("utf-8-sig").strip())),
            (
                "json",
                t("scan.export_button", LANGUAGE),
                lambda b: (
                    dossier_from_data(json.loads(b), successors=shipped_content().catalogue.successors)
                    .assessment()
                    .answers.keys()
                    == given.keys()
                ),
            ),
        ]
        await _downloads(session, server, rec, summary, checks)


async def _downloads(
    session: Session,
    server: Server,
    rec: Recorder,
    page: RunResult,
    checks: list[tuple[str, str, Callable[[bytes], bool]]],
) -> None:
    for name, label, valid in checks:

        async def get(label: str = label, valid: Callable[[bytes], bool] = valid) -> None:
            body = await download(session, server.base, page.labelled("download_button", label))
            if not valid(body):
                raise ProtocolError("the downloaded file is not what was asked for")

        rec.downloads_tried += 1
        if await rec.timed(name, get):
            rec.downloads_ok += 1


async def bare_user(
    server: Server, rec: Recorder, options: Options, rng: random.Random, summary_gate: Ticket
) -> None:
    async with Session(server.ws_url, server.base) as session:
        page: RunResult | None = None

        async def open_step() -> float:
            nonlocal page
            page = await session.run(page="p0")
            return page.seconds

        if not await rec.timed("open step", open_step):
            await summary_gate.wait()
            return
        assert page is not None
        radios = [(r.id, list(r.options)) for r in page.of_kind("radio")]
        given: dict[str, str] = {}
        for i in range(options.answers):
            await think(options, rng)
            widget_id, labels = radios[i % len(radios)]
            label = rng.choice([x for x in labels if x != given.get(widget_id)])

            async def answer(widget_id: str = widget_id, label: str = label) -> float:
                result = await session.run(changes={widget_id: string_value(widget_id, label)})
                still_shown(result, widget_id)
                given[widget_id] = label
                if result.labelled("metric", "Beantwoord").body != str(len(given)):
                    raise ProtocolError("the answer did not arrive")
                return result.seconds

            await rec.timed("answer", answer)
        await summary_gate.wait()
        summary: RunResult | None = None

        async def open_summary() -> float:
            nonlocal summary
            summary = await session.run(page="summary")
            return summary.seconds

        if not await rec.timed("open summary", open_summary) or not options.downloads:
            return
        assert summary is not None
        checks: list[tuple[str, str, Callable[[bytes], bool]]] = [
            ("pdf", "PDF", lambda b: b.startswith(b"%PDF")),
            ("csv", "CSV", lambda b: len(b) > 0),
            ("json", "JSON", lambda b: "a" in json.loads(b)),
        ]
        await _downloads(session, server, rec, summary, checks)


UserFn = Callable[[Server, Recorder, Options, random.Random, Ticket], Awaitable[None]]
