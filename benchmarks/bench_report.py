"""PDF build time of a fully answered assessment: in a new process (imports included) and warm.

Targets: warm at most 0.5 s, new process at most 3 s, file at most 1 MB.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.scan.model import Activity, Answer, Assessment, Organisation

# Runs in a fresh interpreter: import, build, and print the seconds and the size.
SCRIPT = """
import time
start = time.perf_counter()
from benchmarks.bench_report import full_assessment
from pia_core.content.bundle import shipped_content
from pia_core.report import build_report
pdf = build_report(full_assessment(), shipped_content())
print(time.perf_counter() - start, len(pdf))
"""
RUNS = 5


def full_assessment() -> Assessment:

    a = Assessment(
        organisation=Organisation(name="Gemeente Voorbeeld"),
        activity=Activity(name="Aanvraag verhuizen", description="Inwoners geven een verhuizing door. " * 20),
        assessor="J. de Vries",
    )
    cycle = [Answer.YES, Answer.NO, Answer.PARTLY, Answer.UNKNOWN, Answer.YES, Answer.NA]
    for i, question in enumerate(shipped_content().catalogue.questions.values()):
        a.set_answer(question.id, cycle[i % len(cycle)])
    for step in range(11):
        a.set_note(step, "Navragen bij ICT wie dit oppakt, en wanneer. " * 10)
    return a


def main() -> None:
    cold = []
    size = 0
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT], cwd=REPO_DIR, capture_output=True, text=True, check=True
        ).stdout.split()
        cold.append(float(out[0]))
        size = int(out[1])
    from pia_core.report import build_report

    assessment = full_assessment()
    build_report(assessment, shipped_content())  # first build in this process: imports, fonts, chart PNGs
    warm = []
    for _ in range(RUNS):
        start = time.perf_counter()
        build_report(assessment, shipped_content())
        warm.append(time.perf_counter() - start)
    print(f"report new process (imports included): median {statistics.median(cold):.2f} s  (target <= 3 s)")
    print(
        f"report warm (second build, same process): median {statistics.median(warm):.3f} s  (target <= 0.5 s)"
    )
    print(f"report file size: {size / 1024:.0f} kB  (target <= 1024 kB)")


if __name__ == "__main__":
    main()
