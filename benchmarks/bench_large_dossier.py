"""The largest dossier a user can open: 200 processing activities, every question answered, in a
file just under the upload limit. What it costs the server: the organisation PDF (CPU seconds, in
a PDF worker: the machine's cores are shared by every session) and the register and overview
pages (script-run time, on the server's own threads, where every other session waits too).

Targets (issue "one client can starve everyone's CPU"): the organisation PDF at most 2 CPU
seconds, a rerun of the register page at most 1 s, of the overview page at most 1 s.
"""

from __future__ import annotations

import json
import statistics
import time

from benchmarks.bench_dossier import app_with
from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.importing import import_bytes
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer
from pia_core.scan.serialization import dossier_to_json

ACTIVITIES = 200
VARIED_STEP = 8  # answered differently per activity, so the levels and the heat map differ
# Left out of each copy so that 200 of them fit in an upload: free text the copies would only
# repeat, what a copy never takes over (pia_core/scan/dossier.py: Dossier.add), and the savings
# assumptions (the shipped defaults apply).
LEFT_OUT = ("notes", "na_reasons", "actions", "sign_off", "cost_assumptions")
RUNS = 5


def large_dossier(count: int = ACTIVITIES) -> Dossier:
    """The care demo's activity (every question answered, three flows, the DPIA check) `count`
    times, each named and answered a little differently, opened as an uploaded file is."""
    data = json.loads(
        dossier_to_json(load_demo("zorg-patientbrieven", shipped_content()).dossier, compact=True)
    )
    template = {k: v for k, v in data["activities"][0].items() if k not in LEFT_OUT}
    cycle = [Answer.YES.value, Answer.PARTLY.value, Answer.NO.value]
    questions = [q.id for q in shipped_content().catalogue.step(VARIED_STEP).questions]
    activities = []
    for n in range(count):
        item = json.loads(json.dumps(template))
        item["id"] = f"verwerking-{n + 1}"
        item["activity"]["name"] = f"Verwerking {n + 1}"
        for i, question in enumerate(questions):
            item["answers"][question] = cycle[(i + n) % len(cycle)]
        activities.append(item)
    data["activities"], data["current"] = activities, activities[0]["id"]
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return import_bytes(raw, shipped_content()).dossier  # refuses what an upload would refuse


def organisation_pdf_cpu(dossier: Dossier) -> tuple[float, int]:
    """CPU seconds (every thread of the process: the chart renderer has its own) and bytes of a
    warm build."""
    from pia_core.report.organisation import build_organisation_report

    start = time.process_time()
    size = len(build_organisation_report(dossier, shipped_content(), "nl"))
    return time.process_time() - start, size


def page_rerun(dossier: Dossier, page: str) -> tuple[float, float]:
    """Median wall and CPU seconds of a rerun of `page` in AppTest, the dossier open (the CPU
    figure holds on a busy machine, where the wall time grows with the load)."""
    at = app_with(dossier, page, timeout=300)
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        at.run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    dossier = large_dossier()
    size = len(dossier_to_json(dossier, compact=True).encode("utf-8"))
    print(f"{ACTIVITIES} activities, {size / 1000:.0f} kB as JSON")
    organisation_pdf_cpu(large_dossier(2))  # first build in this process: imports, fonts
    builds = [organisation_pdf_cpu(dossier) for _ in range(3)]
    seconds, pdf_size = statistics.median(c for c, _ in builds), builds[-1][1]
    print(f"  organisation PDF: median {seconds:.2f} CPU s (target at most 2 s), {pdf_size / 1024:.0f} kB")
    for name, page in (("register", "app_pages/register.py"), ("overview", "app_pages/overview.py")):
        wall, cpu = page_rerun(dossier, page)
        print(
            f"  {name} page: rerun median {wall * 1000:.0f} ms, {cpu * 1000:.0f} ms CPU"
            " (target at most 1000 ms)"
        )


if __name__ == "__main__":
    main()
