"""The PDF's block "Na het actieplan": with planned actions it shows the projection; without, nothing."""

from __future__ import annotations

import io
import pickle

import pytest
from pypdf import PdfReader

from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.projection import project, top_actions
from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.i18n import t
from pia_core.pdf_pool import activity_pdf
from pia_core.report import build_report
from pia_core.report.builder import default_sections
from pia_core.report.projection_section import projection_section
from pia_core.report.sections import action_plan
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language
from pia_core.wording.projection import projection_line

CONTENT = shipped_content()


def pdf_text(data: bytes) -> str:
    return " ".join(
        "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def demo(name: str = "zorg-patientbrieven") -> Assessment:
    return load_demo(name, CONTENT).assessment


def outline(data: bytes) -> list[str]:
    """Every bookmark's title, at any level."""

    def walk(items: list[object]) -> list[str]:
        return [title for item in items for title in (walk(item) if isinstance(item, list) else [item.title])]  # type: ignore[attr-defined]

    return walk(list(PdfReader(io.BytesIO(data)).outline))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_planned_actions_put_the_projection_after_the_plan(language: Language) -> None:
    current = demo()
    judged = evaluate(current, CONTENT)
    top = top_actions(judged)
    line = projection_line(project(current, CONTENT, top, today=judged), language)
    text = pdf_text(build_report(current, CONTENT, lang=language, planned=top))
    heading = t("projection.report_heading", language)
    assert heading in text and line in text
    # After the action plan's table, before the sign-off and the appendix.
    assert text.index(t("report.plan_heading", language)) < text.index(heading)
    assert text.index(heading) < text.index(t("report.appendix_heading", language))
    assert t("projection.report_intro", language, numbers="1, 2, 3, 4, 5") in text
    assert t("projection.planned_label", language) in text  # the per-step table's column
    assert heading in outline(build_report(current, CONTENT, lang=language, planned=top))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_without_planned_actions_there_is_no_projection(language: Language) -> None:
    current = demo()
    judged = evaluate(current, CONTENT)
    line = projection_line(project(current, CONTENT, top_actions(judged), today=judged), language)
    text = pdf_text(build_report(current, CONTENT, lang=language))
    assert t("projection.report_heading", language) not in text
    assert line not in text


def test_ids_not_in_the_plan_are_left_out() -> None:
    current = demo()
    text = pdf_text(build_report(current, CONTENT, lang="nl", planned=("no_such_finding",)))
    assert t("projection.report_heading", "nl") not in text  # nothing of the plan: no block
    judged = evaluate(current, CONTENT)
    first = judged.findings[0].id
    text = pdf_text(build_report(current, CONTENT, lang="nl", planned=("no_such_finding", first)))
    assert projection_line(project(current, CONTENT, [first], today=judged), "nl") in text
    assert t("projection.report_intro", "nl", numbers="1") in text


def test_the_worker_job_takes_planned_ids_as_plain_data() -> None:
    current = demo("bedrijf-nieuwsbrief")
    judged = evaluate(current, CONTENT)
    top = top_actions(judged)
    # What the pool pickles to a worker: the snapshot, the language, no comments, the ids.
    snapshot, language, comments, planned = pickle.loads(pickle.dumps((current, "en", (), top)))
    text = pdf_text(activity_pdf(snapshot, language, comments, planned=planned))
    assert projection_line(project(current, CONTENT, top, today=judged), "en") in text


def test_the_block_follows_the_action_plan_section() -> None:
    order = default_sections()
    assert order.index(projection_section) == order.index(action_plan) + 1
