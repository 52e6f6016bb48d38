"""A dossier of 25 processing activities against one: step-page rerun, the overview page, the
organisation PDF.

Targets (issue 13): a step-page rerun at most 20 % slower with 25 activities than with one (every
run saves the whole dossier when it changed); the organisation PDF at most 3 s warm.
"""

from __future__ import annotations

import statistics
import time

from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer

ACTIVITIES = 25
STEP = 8
RUNS = 60
PDF_RUNS = 3


def dossier_of(count: int) -> Dossier:
    """The care demo's activity and `count - 1` copies of it, each answered a little differently."""
    dossier = load_demo("zorg-patientbrieven", shipped_content()).dossier.model_copy(deep=True)
    first = dossier.ids[0]
    cycle = [Answer.YES, Answer.PARTLY, Answer.NO]
    for n in range(1, count):
        item = dossier.add(f"Verwerking {n}", template=first)
        view = dossier.assessment(item.id)
        for i, question in enumerate(shipped_content().catalogue.step(STEP).questions):
            view.set_answer(question.id, cycle[(i + n) % len(cycle)])
        dossier.absorb(view, item.id)
    dossier.choose(first)
    return dossier


def app_with(dossier: Dossier, page: str, timeout: float = 120) -> AppTest:
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=timeout)
    at.run()
    at.session_state["dossier"] = dossier
    at.session_state["assessment"] = dossier.assessment()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def rerun(at: AppTest, key: str | None, i: int) -> float:
    if key:
        at.radio(key=key).set_value([Answer.YES, Answer.NO][i % 2])
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def step_page_figures() -> None:
    question = shipped_content().catalogue.step(STEP).questions[0].id
    one = app_with(dossier_of(1), f"app_pages/step_{STEP:02d}.py")
    many = app_with(dossier_of(ACTIVITIES), f"app_pages/step_{STEP:02d}.py")
    times: dict[str, list[float]] = {"one": [], "many": []}
    for i in range(RUNS):  # interleaved, so machine noise hits both alike
        times["one"].append(rerun(one, f"q_{question}", i))
        times["many"].append(rerun(many, f"q_{question}", i))
    a, b = statistics.median(times["one"]), statistics.median(times["many"])
    print(f"step {STEP} page, answer set and saved; median of {RUNS} reruns")
    print(f"  1 activity   {a * 1000:6.1f} ms")
    print(f"  {ACTIVITIES} activities {b * 1000:6.1f} ms  (+{(b / a - 1) * 100:.0f} %, target at most +20 %)")


def overview_figures() -> None:
    at = app_with(dossier_of(ACTIVITIES), "app_pages/overview.py")
    times = [rerun(at, None, i) for i in range(RUNS // 3)]
    median = statistics.median(times) * 1000
    print(f"overview page with {ACTIVITIES} activities: rerun median {median:.0f} ms")


def organisation_pdf_figures() -> None:
    from pia_core.report.organisation import build_organisation_report

    dossier = dossier_of(ACTIVITIES)
    build_organisation_report(dossier, shipped_content(), "nl")  # first build: imports, fonts, charts
    times, size = [], 0
    for _ in range(PDF_RUNS):
        start = time.perf_counter()
        size = len(build_organisation_report(dossier, shipped_content(), "nl"))
        times.append(time.perf_counter() - start)
    print(
        f"organisation PDF, {ACTIVITIES} activities: warm median {statistics.median(times):.2f} s"
        f" (target at most 3 s), {size / 1024:.0f} kB"
    )


def main() -> None:
    step_page_figures()
    overview_figures()
    organisation_pdf_figures()


if __name__ == "__main__":
    main()
