"""One critical point, counted the same on the step page, in the sidebar, on the summary, in the
PDF (read back with poppler) and by `score --json`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pia_core.analysis.evaluation import evaluate
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.report import build_report
from pia_core.scan.model import Answer, Assessment, Language, Organisation, Sector
from pia_core.scan.serialization import assessment_to_json

from ..apptest import goto, new_app, state
from ..cli.test_cli import cli

QUESTION = "s2_lawful_basis"  # critical for everyone


def all_yes(language: Language) -> Assessment:
    a = Assessment(
        organisation=Organisation(name="Testgemeente", sector=Sector.GOVERNMENT), language=language
    )
    for step in shipped_content().catalogue.steps:
        for question in step.applicable(a.organisation.sector):
            a.set_answer(question.id, Answer.YES)
    return a


def sidebar_text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.sidebar.markdown] + [c.value for c in at.sidebar.caption])


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_partly_on_a_critical_question_is_one_critical_point_everywhere(
    language: Language, tmp_path: Path
) -> None:
    at = new_app()
    at.session_state["assessment"] = all_yes(language)
    goto(at, "app_pages/step_02.py")
    lowest = shipped_content().catalogue.scoring.levels[0].name[language]
    assert lowest not in sidebar_text(at)

    at.radio(key=f"q_{QUESTION}").set_value(Answer.PARTLY).run()
    # Step page: the hint says it is a critical point, and why Deels still counts.
    question = shipped_content().catalogue.questions[QUESTION]
    assert any(
        t("step.critical_action", language) in e.value and question.text(language).action in e.value
        for e in at.error
    )
    assert any(t("step.partly_critical", language) in e.value for e in at.error)
    # Sidebar: the lowest level and why, with the score kept honest.
    count_text = t("verdict.count.one", language, count=1)
    side = sidebar_text(at)
    assert lowest in side and count_text in side

    goto(at, "app_pages/summary.py")
    summary = page_text(at)
    assert t("report.critical_heading", language, count=1) in summary
    assert count_text in summary

    current = state(at)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(build_report(current, shipped_content(), lang=language))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert t("report.critical_heading", language, count=1) in flat and count_text in flat

    scan = tmp_path / "scan.json"
    scan.write_text(assessment_to_json(current), encoding="utf-8")
    done = cli("score", str(scan), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["critical_findings"] == [QUESTION]
    assert data["level"] == shipped_content().catalogue.scoring.levels[0].id and data["provisional"] is False


def test_na_reason_field_appears_for_a_critical_question_and_is_kept() -> None:
    at = new_app()
    at.session_state["assessment"] = all_yes("nl")
    goto(at, "app_pages/step_05.py")
    at.radio(key="q_s5_consent_valid").set_value(Answer.NA).run()
    assert any(t("step.na_reason_missing", "nl") in w.value for w in at.warning)
    judged = evaluate(state(at), shipped_content())
    # The line says what the score counts and why the level is provisional (issue 20, item 13).
    line = t("verdict.provisional.one", "nl", count=1, score="100 / 100", answered=judged.score.answered)
    assert line in sidebar_text(at)
    at.text_input(key="na_s5_consent_valid").input("Grondslag is een wettelijke plicht.").run()
    assert state(at).na_reason("s5_consent_valid") == "Grondslag is een wettelijke plicht."
    assert line not in sidebar_text(at)
    goto(at, "app_pages/step_06.py")
    goto(at, "app_pages/step_05.py")
    assert at.text_input(key="na_s5_consent_valid").value == "Grondslag is een wettelijke plicht."


def test_start_page_asks_for_the_dpia_when_the_check_says_required() -> None:
    at = new_app()
    at.session_state["assessment"] = all_yes("nl")
    goto(at, "app_pages/start.py")
    at.checkbox(key="scr_biometric").check().run()
    assert any(t("dpia.open_note", "nl") in w.value for w in at.warning)
    assert evaluate(state(at), shipped_content()).open_critical == ("dpia_done",)
    at.radio(key="dpia_done").set_value(Answer.NO).run()
    assert state(at).dpia.done is Answer.NO
    goto(at, "app_pages/summary.py")
    assert t("dpia.finding.missing.title", "nl") in page_text(at)
    assert t("verdict.count.one", "nl", count=1) in page_text(at)
