"""Median AppTest rerun time of a step page beside a bare script with the same widgets."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.scan.model import Answer, Sector

STEP = 8  # the step with the most questions
RUNS = 100

# A bare multipage script: navigation, the language switch, one sidebar link per page and the
# presentation toggle. The variants below fill in the page body and the sidebar's score block.
SKELETON = """
import streamlit as st

def body():
@BODY@

def other():
    pass

pages = [st.Page(body, title="p0", url_path="p0", default=True)]
pages += [st.Page(other, title=f"p{i}", url_path=f"p{i}") for i in range(1, @LINKS@)]
page = st.navigation(pages, position="hidden")
st.sidebar.segmented_control("Taal", ["nl", "en"], default="nl", key="lang")
@SIDEBAR@
for p in pages:
    st.sidebar.page_link(p, label=p.title)
st.sidebar.toggle("Presentatiemodus", key="presentation")
page.run()
"""

# The same widgets as the step page: one radio per question, the notes, previous / next. Nothing else.
WIDGETS_ONLY = (
    """
    for i in range(@RADIOS@):
        options = ["yes", "partly", "no", "unknown", "na"]
        st.radio(f"Question {i}", options, index=None, horizontal=True, key=f"r{i}")
    st.text_area("Notes", key="notes")
    st.page_link(pages[0], label="Vorige")
    st.page_link(pages[0], label="Volgende")
""",
    "",
)

# The same widgets and the same other elements (texts, cards, score line, metric, progress bar),
# without any of our logic: what is left of the gap is the cost of the app's own Python.
WITH_LAYOUT = (
    """
    st.title("Stap 8 van 10 — Beveiliging")
    st.markdown("Introduction " * 40)
    st.markdown("Score van deze stap: <b>50 / 100</b>", unsafe_allow_html=True)
    for i in range(@RADIOS@):
        with st.container(border=True):
            options = ["yes", "partly", "no", "unknown", "na"]
            st.radio(f"Question {i}", options, index=None, horizontal=True, key=f"r{i}")
            st.caption("Explanation " * 20)
    st.caption("2 vragen horen bij een andere sector")
    st.text_area("Notes", key="notes")
    with st.container(horizontal=True):
        st.page_link(pages[0], label="Vorige")
        st.page_link(pages[0], label="Volgende")
""",
    """
st.sidebar.markdown("<style>p {}</style>Privacy Impact Analyse", unsafe_allow_html=True)
st.sidebar.metric("Totaalscore", "50 / 100")
st.sidebar.markdown("Matig")
st.sidebar.progress(0.5, text="5 van 70")
st.sidebar.caption("Stappen")
""",
)


def bare_app(tmp: str, name: str, variant: tuple[str, str], radios: int) -> AppTest:
    body, sidebar = variant
    code = SKELETON.replace("@BODY@", body.strip("\n")).replace("@SIDEBAR@", sidebar.strip("\n"))
    script = Path(tmp) / name
    script.write_text(code.replace("@RADIOS@", str(radios)).replace("@LINKS@", "11"), encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=60)
    at.run()
    return at


def rerun_times(at: AppTest, change: str | None, times: list[float], i: int) -> None:
    if change:
        value = [Answer.YES, Answer.NO][i % 2]
        at.radio(key=change).set_value(value if change.startswith("q_") else value.value)
    start = time.perf_counter()
    at.run()
    times.append(time.perf_counter() - start)


def compare(
    app: AppTest, bare: AppTest, app_change: str | None, bare_change: str | None
) -> tuple[float, float]:
    """Medians of interleaved reruns, so machine noise hits both alike."""
    app_times: list[float] = []
    bare_times: list[float] = []
    for i in range(RUNS):
        rerun_times(app, app_change, app_times, i)
        rerun_times(bare, bare_change, bare_times, i)
    return statistics.median(app_times), statistics.median(bare_times)


def main() -> None:
    questions = shipped_content().catalogue.step(STEP).applicable(Sector.OTHER)
    app = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    app.run()
    app.switch_page(f"app_pages/step_{STEP:02d}.py").run()
    with tempfile.TemporaryDirectory() as tmp:
        for what, variant in (("same widgets", WIDGETS_ONLY), ("same widgets and layout", WITH_LAYOUT)):
            bare = bare_app(tmp, "bare.py", variant, len(questions))
            app_idle, bare_idle = compare(app, bare, None, None)
            app_change, bare_change = compare(app, bare, f"q_{questions[0].id}", "r0")
            print(f"step {STEP} page vs a bare script with the {what}")
            print(
                f"  ({len(questions)} radios, notes, language switch, toggle, 13 page links);"
                f" median of {RUNS} reruns"
            )
            rows = (("no change", app_idle, bare_idle), ("answer set", app_change, bare_change))
            for label, app_s, bare_s in rows:
                print(
                    f"  rerun, {label:<10}  app {app_s * 1000:6.1f} ms  bare {bare_s * 1000:6.1f} ms"
                    f"  ratio {app_s / bare_s:.2f}"
                )
    print("  target: ratio at most 1.5 against the bare script with the same widgets")
