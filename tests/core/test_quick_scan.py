"""The quick scan: the 15-20 questions that matter most, scored the same way, never a final verdict."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pia_core.analysis.evaluation import LevelReason, evaluate
from pia_core.analysis.scoring import applicable_questions
from pia_core.content.bundle import shipped_content
from pia_core.content.loader import Catalogue
from pia_core.i18n import t
from pia_core.report import build_report
from pia_core.scan.model import Answer, Assessment, Organisation, Sector

from ..apptest import goto, new_app, state
from ..shipped import content_with


def test_quick_scan_asks_every_critical_duty_and_at_most_twenty_questions() -> None:
    cat = shipped_content().catalogue
    for sector in Sector:
        a = Assessment(organisation=Organisation(sector=sector), scan_mode="quick")
        asked = {q.id for step in cat.steps for q in applicable_questions(step, a)}
        # A question whose N.v.t. needs no reason (art. 27: established outside the EU) applies to
        # almost no prospect of a Dutch self-scan: the full scan asks it.
        applicable = [q for step in cat.steps for q in step.applicable(sector)]
        critical = {q.id for q in applicable if q.spec.critical and not q.spec.na_plain}
        assert critical <= asked, (sector, critical - asked)
        assert 15 <= len(asked) <= 20, (sector, len(asked))


def test_quick_scan_scores_the_same_and_is_always_provisional(tiny: Catalogue) -> None:
    a = Assessment(scan_mode="quick")
    a.set_answer("s1_a", Answer.YES)
    a.set_answer("s2_a", Answer.YES)
    a.set_answer("s1_b", Answer.NO)  # not in the quick scan: kept, not counted
    judged = evaluate(a, content_with(tiny))
    assert judged.overall == 100.0 and judged.provisional and judged.open_critical == ()
    assert judged.reasons == [LevelReason.QUICK]
    a.scan_mode = "full"
    full = evaluate(a, content_with(tiny))
    assert a.answers["s1_b"] is Answer.NO and full.overall is not None and full.overall < 100
    assert not full.provisional


def test_choosing_the_quick_scan_hides_the_other_questions_and_the_summary_offers_the_full_scan() -> None:
    at = new_app()
    at.segmented_control(key="scan_mode").set_value("quick").run()
    assert state(at).scan_mode == "quick"
    goto(at, "app_pages/step_02.py")
    quick = {q.id for q in shipped_content().catalogue.step(2).applicable(Sector.OTHER) if q.quick}
    shown = {r.key.removeprefix("q_") for r in at.radio if r.key and r.key.startswith("q_")}
    assert shown == quick
    assert any("volledige scan" in c.value for c in at.caption)
    goto(at, "app_pages/summary.py")
    assert any(t("verdict.quick", "nl") in i.value for i in at.info)
    next(b for b in at.button if b.label == t("scan_mode.to_full", "nl")).click().run()
    assert state(at).scan_mode == "full"


def test_start_opens_the_first_step_that_asks_something() -> None:
    """Issue 20 (10): a quick scan of sector "Anders" asks nothing in step 1: "Start de scan" opens
    the first step with a question, not an empty page that says "Nog geen score"."""
    at = new_app()
    at.segmented_control(key="scan_mode").set_value("quick").run()
    first = next(
        step.number
        for step in shipped_content().catalogue.steps
        if step.number and applicable_questions(step, state(at))
    )
    assert first > 1
    at.button(key="start_scan_top").click().run()
    assert not at.exception
    shown = {r.key.removeprefix("q_") for r in at.radio if r.key and r.key.startswith("q_")}
    assert shown and shown <= {q.id for q in shipped_content().catalogue.step(first).questions}


def test_the_report_of_a_quick_scan_says_so(tmp_path: Path) -> None:
    a = Assessment(scan_mode="quick")
    a.set_answer("s2_lawful_basis", Answer.YES)
    pdf = tmp_path / "quick.pdf"
    pdf.write_bytes(build_report(a, shipped_content(), lang="nl"))
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert t("verdict.quick", "nl") in text
