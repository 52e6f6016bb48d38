"""AppTest of the summary page: no answers, some answers, all answers, in both languages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from pia_core.analysis.evaluation import evaluate
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.model import Answer, Assessment, Language

from ..apptest import goto, new_app, set_language, state
from ..shipped import content_with


def with_answers(at: AppTest, answer: dict[str, Answer], language: Language) -> Assessment:
    """Put answers into the session's scan (assigned, so the next run sees them)."""
    current = state(at).model_copy(deep=True)
    current.language = language
    for qid, value in answer.items():
        current.set_answer(qid, value)
    at.session_state["assessment"] = current
    return current


def summary(language: Language, answer: dict[str, Answer]) -> AppTest:
    at = new_app()
    with_answers(at, answer, language)
    return goto(at, "app_pages/summary.py")


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_answers_says_where_to_start(language: Language) -> None:
    at = summary(language, {})
    assert at.title[0].value == t("summary.heading", language)
    # The other info box: the DPIA check, which nobody filled in, says so ("nog niet ingevuld").
    infos = [i.value for i in at.info]
    assert infos[0] == t("summary.no_answers", language)
    assert len(infos) == 2 and t("screening.not_filled_note", language) in infos[1]
    assert not at.error
    assert t("report.no_actions", language) in texts(at)
    assert len(at.dataframe) == 2  # the numbers beside both charts


@pytest.mark.parametrize("language", ["nl", "en"])
def test_some_answers_put_critical_points_first(language: Language) -> None:
    cat = shipped_content().catalogue
    critical = next(q for q in cat.step(2).questions if q.spec.critical)
    plain = next(q for q in cat.step(2).questions if not q.spec.critical and not q.spec.sectors)
    at = summary(language, {critical.id: Answer.NO, plain.id: Answer.PARTLY})
    # The only info box: the DPIA check, which nobody filled in, says so.
    assert [i.icon for i in at.info] == [":material/pending_actions:"]
    (box,) = at.error
    assert t("report.critical_heading", language, count=1) in box.value
    assert critical.text(language).text in box.value
    shown = texts(at)
    first, second = critical.text(language).action, plain.text(language).action
    assert f"1. {first}" in shown and f"2. {second}" in shown
    lowest = cat.scoring.levels[0].name[language]
    assert any(lowest in m.value for m in at.markdown)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_all_answers_show_top_five_and_the_plan_owner(language: Language) -> None:
    cat = shipped_content().catalogue
    answers = {q.id: Answer.UNKNOWN for q in cat.questions.values()}
    at = new_app()
    current = with_answers(at, answers, language)
    found = evaluate(current, content_with(cat)).findings
    current.set_action(found[0].id, "Functionaris gegevensbescherming", dt.date(2026, 6, 30))
    at.session_state["assessment"] = current
    goto(at, "app_pages/summary.py")
    shown = texts(at)
    for finding in found[:5]:
        assert f"{finding.priority}. {finding.action[language]}" in shown
    assert f"6. {found[5].action[language]}" not in shown
    assert at.metric[0].value == t("common.score_of_100", language, score="0")
    assert state(at).actions[found[0].id].owner == "Functionaris gegevensbescherming"


def test_summary_survives_a_language_switch_and_back() -> None:
    cat = shipped_content().catalogue
    question = cat.step(3).questions[0]
    at = summary("nl", {question.id: Answer.NO})
    set_language(at, "en")
    assert not at.exception
    assert question.text("en").action in texts(at)
    set_language(at, "nl")
    assert question.text("nl").action in texts(at)


def test_owner_and_due_date_typed_in_the_plan_are_kept() -> None:
    cat = shipped_content().catalogue
    at = new_app()
    current = with_answers(at, {q.id: Answer.NO for q in cat.step(8).questions}, "nl")
    goto(at, "app_pages/summary.py")
    found = evaluate(current, content_with(cat)).findings
    editor = at.data_editor[0]
    assert editor.key is not None
    edits = {
        "edited_rows": {1: {"owner": "ICT-beheer", "due": "2026-09-01"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.session_state[editor.key] = edits
    at.run()
    assert not at.exception
    entry = state(at).actions[found[1].id]
    assert (entry.owner, entry.due) == ("ICT-beheer", dt.date(2026, 9, 1))
    goto(at, "app_pages/step_08.py")
    goto(at, "app_pages/summary.py")  # the editor was gone for a page: the plan still has the owner
    assert state(at).actions[found[1].id].owner == "ICT-beheer"
    assert "ICT-beheer" in list(at.data_editor[0].value["owner"])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_flows_join_the_summary_with_their_flags_and_savings(language: Language) -> None:
    from pia_core.flows.savings import savings
    from pia_core.formatting import money
    from pia_core.scan.flow_model import Channel, Flow, Recipient

    at = new_app()
    current = state(at).model_copy(deep=True)
    current.language = language
    current.flows = [
        Flow(name="WOZ-beschikking", recipients=Recipient.CITIZENS, volume=40_000),
        Flow(
            name="Loonstroken", recipients=Recipient.EMPLOYEES, volume=7_200, channel=Channel.EMAIL, bsn=True
        ),
    ]
    at.session_state["assessment"] = current
    goto(at, "app_pages/summary.py")
    (box,) = at.error  # the BSN sent by ordinary email is a critical point
    assert "Loonstroken" in box.value
    assert money(savings(current, shipped_content().flows).annual, language) in [m.value for m in at.metric]
    plan = at.data_editor[0].value
    assert any("Loonstroken" in action for action in plan["action"])


def test_the_action_plan_shows_an_actions_first_line() -> None:
    """Issue 20 (5): at "medium" the action column showed about 35 characters at 1280 px."""
    cat = shipped_content().catalogue
    critical = next(q for q in cat.step(2).questions if q.spec.critical)
    at = summary("nl", {critical.id: Answer.NO})
    plan = at.dataframe[-1].proto
    columns = json.loads(plan.columns)
    assert columns["action"]["width"] == "large" and columns["owner"]["width"] == "medium"
    assert list(plan.column_order)[:4] == ["priority", "action", "owner", "due"]
