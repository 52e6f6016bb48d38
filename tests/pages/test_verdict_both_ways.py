"""Issue 19, as a user sees it: careful organisations read "Goed" and no critical point on the
summary page and in the PDF; with device encryption or transparency turned to Nee they read the
lowest level, the duty, and a published decision on that duty."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_core.analysis.evaluation import evaluate, precedents_of
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.report import build_report
from pia_core.scan.model import Answer, Assessment, Language

from ..apptest import goto, new_app
from ..core.test_cases import CASES_DIR, load_case
from ..core.test_report import flat, pdf_text
from ..shipped import content_with

CAREFUL = ["webshop-tuinhuys", "huisartsenpraktijk-de-linde", "gemeente-parkeervergunningen"]
CAREFUL += ["adviesbureau-salarisadministratie"]
# (case, the duty turned to Nee): encryption for all four; transparency where the facts make it decisive.
UNMET = [(case, "s8_devices_protected") for case in CAREFUL]
UNMET += [("webshop-tuinhuys", "s2_privacy_notice"), ("huisartsenpraktijk-de-linde", "s2_privacy_notice")]


def careful(case: str, language: Language, unmet: str | None = None) -> Assessment:
    _, assessment = load_case(CASES_DIR / "good" / f"{case}.yaml")
    assessment.language = language
    if unmet:
        assessment.set_answer(unmet, Answer.NO)
    return assessment


def summary_text(assessment: Assessment) -> tuple[str, list[str]]:
    at = new_app()
    at.session_state["assessment"] = assessment
    goto(at, "app_pages/summary.py")
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    return "\n".join(str(part) for part in shown), [e.value for e in at.error]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("case", CAREFUL)
def test_a_careful_organisation_reads_good_on_the_summary_and_in_the_pdf(
    case: str, language: Language, tmp_path: Path
) -> None:
    assessment = careful(case, language)
    good = shipped_content().catalogue.scoring.levels[-1].name[language]
    shown, errors = summary_text(assessment)
    assert good in shown and not errors
    assert t("report.critical_heading", language, count=1) not in shown
    text = flat(pdf_text(build_report(assessment, shipped_content(), language), tmp_path))
    assert good in text and t("report.no_critical", language) in text
    assert t("precedent.heading", language) not in text


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("case", "duty"), UNMET)
def test_with_one_duty_unmet_it_reads_the_lowest_level_the_duty_and_a_precedent(
    case: str, duty: str, language: Language, tmp_path: Path
) -> None:
    assessment = careful(case, language, unmet=duty)
    cat = shipped_content().catalogue
    judged = evaluate(assessment, content_with(cat))
    (precedent, *_) = precedents_of(judged, duty, shipped_content().precedents)
    lowest = cat.scoring.levels[0].name[language]
    title = cat.questions[duty].text(language).text
    shown, errors = summary_text(assessment)
    assert lowest in shown
    (box,) = errors
    assert title in box and t("precedent.heading", language) in box
    assert precedent.authority[language].split(" (")[0] in box and precedent.organisation in box
    text = flat(pdf_text(build_report(assessment, shipped_content(), language), tmp_path))
    assert lowest in text and flat(title) in text
    assert precedent.organisation in text and flat(precedent.lesson[language]) in text
    assert precedent.url in text.replace(" ", "")
