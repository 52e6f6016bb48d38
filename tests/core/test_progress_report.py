"""Issue 23 (4, 6): the PDF's section "Sinds de vorige scan" (pia_core/report/progress_section.py)
and the edit log in the scan file the PDF carries.

With the earlier state handed in (`since`, as the summary hands the moment its "Voortgang" compares
with to the PDF worker) the section shows per step the score then and now, the level, the critical
points closed and new and the actions done; without, nothing. The attached scan file carries this
activity's and its organisation's history, and a PDF opened again keeps it."""

from __future__ import annotations

import datetime as dt
import functools
import io
import pickle

import pytest
from pypdf import PdfReader

from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.progress import Since, compare
from pia_core.analysis.projection import project, top_actions
from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.i18n import t, tn
from pia_core.importing import import_bytes
from pia_core.pdf_pool import activity_pdf
from pia_core.report import ATTACHMENT_NAME
from pia_core.scan.dossier import HistoryEntry
from pia_core.scan.model import Answer, Assessment
from pia_core.vocabulary import Language
from pia_core.wording.verdict import format_score

CONTENT = shipped_content()
AT = dt.datetime(2026, 1, 15, 13, 5, tzinfo=dt.UTC)  # 14:05 on the Dutch clock


def pdf_text(data: bytes) -> str:
    return " ".join(
        "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def before_and_after() -> tuple[Assessment, Assessment]:
    """The demo municipality, and the same with its top five actions done."""
    then = load_demo("gemeente-verhuizen", CONTENT).assessment
    now = project(then, CONTENT, top_actions(evaluate(then, CONTENT), 5)).assessment
    return then, now


@pytest.mark.parametrize("language", ["nl", "en"])
def test_since_puts_the_section_with_the_numbers_after_the_plan(language: Language) -> None:
    then, now = before_and_after()
    progress = compare(then, now, CONTENT)
    assert len(progress.done_actions) == 5
    text = pdf_text(activity_pdf(now, language, since=Since(then, AT)))
    heading = t("history.report.heading", language)
    assert heading in text
    assert t("history.report.intro", language, when="15-01-2026 14:05").split()[0] in text
    assert "15-01-2026 14:05" in text
    # After the action plan, before the sign-off's appendix.
    assert text.index(t("report.plan_heading", language)) < text.index(heading)
    assert text.index(heading) < text.index(t("report.appendix_heading", language))
    section = text[text.index(heading) : text.index(t("report.appendix_heading", language))]
    # The overall score then and now, the level, the critical points, the plan's size.
    assert format_score(progress.then.overall, language) in section
    assert format_score(progress.now.overall, language) in section
    assert progress.then.level is not None and progress.then.level.name[language] in section
    assert tn("history.progress.done", language, 5) in section
    for key in ("score", "level", "critical", "then_label", "now_label", "change"):
        assert t(f"history.progress.{key}", language) in section
    assert t("history.report.actions", language) in section
    # Per step: the title, the score then and now, the difference.
    for change in progress.step_changes:
        title = CONTENT.catalogue.step(change.number).title(language)
        assert f"{change.number}. {title}" in section
    moved = [
        (c.today, c.planned) for c in progress.step_changes if c.today is not None and c.planned is not None
    ]
    assert any(before != after for before, after in moved), "the top five actions move some step"
    for before, after in moved:
        if before != after:
            assert f"{before:.0f} {after:.0f} {round(after) - round(before):+d}" in section
    # The actions done, each named.
    assert f"{t('history.report.done', language)} (5)" in section
    titles = {f.id: f.title[language] for f in progress.then.findings}
    for item in progress.done_actions:
        assert " ".join(titles[item].split())[:40] in section
    # In the outline, as a section of its own.
    assert heading in [
        item.title
        for item in PdfReader(io.BytesIO(activity_pdf(now, language, since=Since(then, AT)))).outline
        if not isinstance(item, list)
    ]


def test_critical_points_closed_and_new_are_listed() -> None:
    then, _ = before_and_after()
    for question in CONTENT.catalogue.questions.values():
        if not question.spec.critical or question.step == 0:
            continue
        worse, now = then.model_copy(deep=True), then.model_copy(deep=True)
        worse.set_answer(question.id, Answer.NO)  # then: a critical point
        now.set_answer(question.id, Answer.YES)
        if question.id in {f.id for f in evaluate(worse, CONTENT).critical}:
            break
    else:
        pytest.fail("no critical question for this demo")
    progress = compare(worse, now, CONTENT)
    assert question.id in progress.closed_critical
    text = pdf_text(activity_pdf(now, "nl", since=Since(worse, AT)))
    assert tn("history.progress.closed", "nl", len(progress.closed_critical)) in text
    assert t("history.report.closed", "nl") in text
    back = pdf_text(activity_pdf(worse, "en", since=Since(now, AT)))
    assert tn("history.progress.new", "en", 1) in back and t("history.report.new", "en") in back


def test_without_since_there_is_no_section() -> None:
    _, now = before_and_after()
    for language in ("nl", "en"):
        assert t("history.report.heading", language) not in pdf_text(activity_pdf(now, language))


def test_nothing_moved_says_so() -> None:
    then, _ = before_and_after()
    text = pdf_text(activity_pdf(then, "nl", since=Since(then.model_copy(deep=True))))
    assert t("history.report.heading", "nl") in text
    assert t("history.report.no_change", "nl") in text
    assert t("history.report.steps", "nl") not in text, "no table where nothing moved"


def entry(activity: str, field: str, new: str, minute: int) -> HistoryEntry:
    return HistoryEntry(
        activity=activity,
        field=field,
        old=None,
        new=new,
        who="anna@example.nl",
        when=AT + dt.timedelta(minutes=minute),
        revision=minute,
    )


def test_the_attached_scan_carries_the_history_and_a_reimport_keeps_it() -> None:
    then, now = before_and_after()
    question = next(iter(CONTENT.catalogue.questions))
    own = now.id
    assert own
    history = [
        entry(own, f"answers.{question}", '"yes"', 3),
        entry("", "organisation.name", '"Gemeente"', 2),
        entry("andere-verwerking", f"answers.{question}", '"no"', 1),  # another activity: left out
        entry(own, f"answers.{question}", '"no"', 0),
    ]
    job = functools.partial(activity_pdf, now, "en", since=Since(then, AT), history=history)
    pdf = pickle.loads(pickle.dumps(job))()  # as the worker gets it: plain data
    names = list(PdfReader(io.BytesIO(pdf)).attachments)
    assert names == [ATTACHMENT_NAME]
    result = import_bytes(pdf, CONTENT)
    kept = result.dossier.history
    assert [(e.activity, e.field, e.new, e.who, e.when, e.revision) for e in kept] == [
        (e.activity, e.field, e.new, e.who, e.when, e.revision)
        for e in history
        if e.activity != "andere-verwerking"
    ]
    assert result.dossier.assessment().answers == now.answers


def test_without_history_the_attached_scan_has_none() -> None:
    _, now = before_and_after()
    assert import_bytes(activity_pdf(now, "nl"), CONTENT).dossier.history == []
