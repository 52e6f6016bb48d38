"""Issue 23 (2): two sessions editing one scan at once (two AppTest sessions on one SQLite store).

Defined behaviour:
- different fields: both changes are kept; the later saver's session shows the merge at once,
  the earlier one on its next run;
- the same field: the later save wins (it is what the store and both sessions then show). The
  later saver is told, in its language, which question the other changed, by whom (from the edit
  log) and to what, with a button that puts the other's value back (a new, logged change) and one
  that keeps its own. The earlier session is not warned: it sees the later value on its next run,
  and its own change stays in the edit log (the later entry's old value), so nothing is lost
  silently.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.model import Answer, Assessment, Language
from pia_core.storage import WorkspaceStore, new_token, open_workspace
from pia_core.storage.base import token_key
from pia_core.storage.workspace import Role

from ..apptest import answer, goto, open_scan, set_language, state, stored_answers

QUESTIONS = shipped_content().catalogue.step(1).questions
Q1, Q2 = QUESTIONS[0].id, QUESTIONS[1].id
STEP_1 = "app_pages/step_01.py"


def sessions(language: Language) -> tuple[WorkspaceStore, str, AppTest, AppTest]:
    """The scan's maker (own token) and a colleague through an edit link labelled "Piet"."""
    store = open_workspace()
    token = new_token()
    store.save(token, Assessment().model_dump_json())
    _, link_token = store.create_link(token_key(token), Role.EDIT, "Piet")
    piet, maker = open_scan(link_token), open_scan(token)
    set_language(maker, language)
    goto(maker, STEP_1)
    piet.run()  # takes the language switch the maker saved (nothing changed here)
    return store, token, piet, maker


def warnings(at: AppTest) -> list[str]:
    return [str(w.value) for w in at.warning]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_different_answers_are_both_kept(language: Language) -> None:
    store, token, piet, maker = sessions(language)
    answer(piet, Q1, Answer.YES)  # saved first
    answer(maker, Q2, Answer.NO)  # saved later, from the revision before Piet's
    assert stored_answers(store, token) == {Q1: Answer.YES, Q2: Answer.NO}
    assert state(maker).answers == {Q1: Answer.YES, Q2: Answer.NO}, "the merge shows at once"
    assert maker.radio(key=f"q_{Q1}").value == Answer.YES
    assert not any(t("history.put_back", language, who="") in w for w in warnings(maker))
    piet.run()
    assert state(piet).answers == {Q1: Answer.YES, Q2: Answer.NO}
    log = store.changes(token_key(token))
    assert [(e.change.field, e.who) for e in log if e.change.field.startswith("answers.")] == [
        (f"answers.{Q2}", "self-scan"),
        (f"answers.{Q1}", "via link: Piet"),
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_same_answer_the_later_wins_and_is_told_who_with_a_way_back(language: Language) -> None:
    store, token, piet, maker = sessions(language)
    answer(piet, Q1, Answer.PARTLY)
    answer(maker, Q1, Answer.NO)
    assert stored_answers(store, token) == {Q1: Answer.NO}, "the later save wins"
    who = t("history.who.link_label", language, label="Piet")
    told = [w for w in warnings(maker) if who in w]
    assert len(told) == 1
    assert QUESTIONS[0].text(language).text[:40] in told[0]
    assert t("common.answer.partly", language) in told[0] and t("common.answer.no", language) in told[0]
    piet.run()
    assert state(piet).answers == {Q1: Answer.NO}, "the earlier session sees the later value"
    assert not [w for w in warnings(piet) if t("history.who.self_scan", language) in w]
    entries = store.changes(token_key(token), field=f"answers.{Q1}")
    assert [(e.change.old, e.change.new, e.who) for e in entries] == [
        ('"partly"', '"no"', "self-scan"),  # Piet's answer is the old value of the later entry
        (None, '"partly"', "via link: Piet"),
    ]
    maker.button(key="_history_back_0").click().run()
    assert not maker.exception, maker.exception
    assert stored_answers(store, token) == {Q1: Answer.PARTLY}
    assert maker.radio(key=f"q_{Q1}").value == Answer.PARTLY
    assert not [w for w in warnings(maker) if who in w], "answered: the warning goes"
    newest = store.changes(token_key(token), field=f"answers.{Q1}", limit=1)[0]
    assert (newest.change.old, newest.change.new, newest.who) == ('"no"', '"partly"', "self-scan")


def test_keeping_my_answer_dismisses_the_warning() -> None:
    store, token, piet, maker = sessions("nl")
    answer(piet, Q1, Answer.PARTLY)
    answer(maker, Q1, Answer.NO)
    maker.button(key="_history_keep_0").click().run()
    assert not maker.exception
    assert all(b.key != "_history_back_0" for b in maker.button)
    assert stored_answers(store, token) == {Q1: Answer.NO}
