"""CPU of one warm report build (the healthcare demo), against the same report built by commit
d1d0113, in the same run (issue 25).

Targets: this tree's CPU at most one third of d1d0113's, the PDF at most 10 % larger. Each tree
builds in a fresh interpreter of this venv: one build to warm up (imports, fonts, chart PNGs), then
the median CPU (process time) of RUNS builds. d1d0113 is checked out into a temporary `git
worktree`, removed afterwards. The texts (pdftotext) are compared too; since d1d0113 the demo and
the report gained content (cases, flows), so they differ by those lines.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pia_core import REPO_DIR

BASELINE = "d1d0113"
DEMO = "zorg-patientbrieven"
RUNS = 7
# Runs in a fresh interpreter in a tree (this one or the worktree): prints the median CPU seconds
# of a warm build and writes the PDF to argv[1]. Both report APIs: (assessment, content) now,
# (assessment) at d1d0113.
SCRIPT = f"""
import inspect, statistics, sys, time
from pia_core.demos import load_demo
from pia_core.report import build_report
if "content" in inspect.signature(build_report).parameters:
    from pia_core.content.bundle import shipped_content
    assessment = load_demo({DEMO!r}, shipped_content()).assessment
    def build(): return build_report(assessment, shipped_content())
else:
    assessment = load_demo({DEMO!r}).assessment
    def build(): return build_report(assessment)
pdf = build()
times = []
for _ in range({RUNS}):
    start = time.process_time()
    pdf = build()
    times.append(time.process_time() - start)
open(sys.argv[1], "wb").write(pdf)
print(statistics.median(times))
"""


def _build(tree: Path, out: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.split()[-1])


def _text(pdf: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(REPO_DIR), *args], capture_output=True, text=True)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench_report_cpu_") as tmp:
        work = Path(tmp)
        now_pdf, old_pdf, tree = work / "now.pdf", work / "old.pdf", work / "baseline"
        now = _build(REPO_DIR, now_pdf)
        print(f"report CPU, this tree: {now:.3f} s (median of {RUNS} warm builds, demo {DEMO})")
        print(f"report size, this tree: {now_pdf.stat().st_size / 1024:.0f} kB")
        if shutil.which("git") is None or _git("cat-file", "-e", f"{BASELINE}^{{commit}}").returncode:
            print(f"commit {BASELINE} not available (no git, or no history here): its half is skipped")
            return
        added = _git("worktree", "add", "--detach", str(tree), BASELINE)
        if added.returncode:
            print(f"could not check out {BASELINE} ({added.stderr.strip()}): its half is skipped")
            return
        try:
            old = _build(tree, old_pdf)
        finally:
            _git("worktree", "remove", "--force", str(tree))
        size_now, size_old = now_pdf.stat().st_size, old_pdf.stat().st_size
        print(f"report CPU, {BASELINE}: {old:.3f} s")
        print(f"report CPU ratio this tree / {BASELINE}: {now / old:.2f}  (target <= 0.33)")
        print(
            f"report size, {BASELINE}: {size_old / 1024:.0f} kB; ratio {size_now / size_old:.2f}"
            "  (target <= 1.10)"
        )
        text_now, text_old = _text(now_pdf), _text(old_pdf)
        if text_now is None or text_old is None:
            print("pdftotext not installed: texts not compared")
        elif text_now == text_old:
            print(f"pdftotext texts identical to {BASELINE}: yes")
        else:
            changed = sum(
                1
                for line in difflib.unified_diff(
                    text_old.splitlines(), text_now.splitlines(), n=0, lineterm=""
                )
                if line[:1] in "+-" and not line.startswith(("+++", "---"))
            )
            print(
                f"pdftotext texts identical to {BASELINE}: no, {changed} lines differ"
                " (content added since: cases, flows, scores of new questions)"
            )


if __name__ == "__main__":
    main()
