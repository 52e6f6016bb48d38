"""Median AppTest rerun time of a step page beside a bare script with the same widgets."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.content.loader import catalogue
from pia_core.model import Answer, Sector

STEP = 8  # the step with the most questions
RUNS = 30

BARE = """
import streamlit as st
for i in range({radios}):
    options = ["yes", "partly", "no", "unknown", "na"]
    st.radio(f"Question {{i}}", options, index=None, horizontal=True, key=f"r{{i}}")
st.text_area("Notes", key="notes")
"""


def median_rerun(at: AppTest, change: str | None = None) -> float:
    times = []
    for i in range(RUNS):
        if change:
            value = [Answer.YES, Answer.NO][i % 2]
            radio = at.radio(key=change)
            radio.set_value(value if change.startswith("q_") else value.value)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    questions = catalogue().step(STEP).applicable(Sector.OTHER)
    app = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    app.run()
    app.switch_page(f"pages/step_{STEP:02d}.py").run()
    app_idle = median_rerun(app)
    app_change = median_rerun(app, f"q_{questions[0].id}")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bare.py"
        script.write_text(BARE.format(radios=len(questions)), encoding="utf-8")
        bare = AppTest.from_file(str(script), default_timeout=60)
        bare.run()
        bare_idle = median_rerun(bare)
        bare_change = median_rerun(bare, "r0")
    print(f"step {STEP} page: {len(questions)} radios + notes + sidebar; {RUNS} reruns each, median")
    rows = (("no change", app_idle, bare_idle), ("answer set", app_change, bare_change))
    for what, app_ms, bare_ms in rows:
        print(
            f"  rerun, {what:<10}  app {app_ms * 1000:6.1f} ms  bare {bare_ms * 1000:6.1f} ms"
            f"  ratio {app_ms / bare_ms:.2f}"
        )
    print("  target: ratio at most 1.5")
