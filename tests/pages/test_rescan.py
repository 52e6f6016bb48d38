"""Issue 23 (4, 5): "Nieuwe jaarscan" on the history page (pia_core/ui/rescan.py) makes a second
stored scan as a copy of this one (answers, notes, plan kept; date today; sign-off, review dates and
history cleared; the old scan untouched), which a read link cannot; and "Vergelijk met een eerdere
scan" sets an uploaded earlier scan beside this one with the right numbers, and says in the user's
language when the file cannot be read, changing nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.analysis.evaluation import evaluate
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import ActionPlanEntry, Answer, Language, SignOff
from pia_core.scan.serialization import dossier_to_json
from pia_core.storage import WorkspaceStore, new_token, open_workspace
from pia_core.storage.base import token_key
from pia_core.storage.workspace import Role
from pia_core.wording.projection import score_text

from ..apptest import goto, set_language, state

QUESTIONS = shipped_content().catalogue.step(1).questions
Q1, Q2 = QUESTIONS[0].id, QUESTIONS[1].id
HISTORY, STEP_1 = "app_pages/history.py", "app_pages/step_01.py"
TOKEN = "_scan_token"
UPLOADER = "rescan_upload_0"
LAST_YEAR = dt.date(2025, 3, 14)


def last_years_scan(q1: Answer = Answer.NO) -> Dossier:
    whole = Dossier(date=LAST_YEAR)
    item = whole.activity()
    item.set_answer(Q1, q1)
    item.set_answer(Q2, Answer.PARTLY)
    item.set_note(1, "Navragen bij ICT")
    item.actions = {Q1: ActionPlanEntry(owner="Jan", due=dt.date(2025, 6, 1))}
    item.sign_off = SignOff(reviewed_by="Piet", decision="Akkoord", date=LAST_YEAR)
    item.review_date = dt.date(2026, 3, 14)
    return whole


def stored_scan(whole: Dossier) -> tuple[WorkspaceStore, str]:
    store = open_workspace()
    token = new_token()
    store.save(token, dossier_to_json(whole, compact=True))
    return store, token


def open_with(token: str, language: Language = "nl", page: str = HISTORY) -> AppTest:
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.query_params["scan"] = token
    at.run()
    assert not at.exception, at.exception
    if language != "nl":
        set_language(at, language)
    return goto(at, page)


def loaded(store: WorkspaceStore, token: str) -> Dossier:
    found = store.load(token)
    assert found is not None
    return Dossier.model_validate_json(found.data)


def rescan(at: AppTest) -> None:
    at.button(key="rescan_start").click().run()
    assert not at.exception, at.exception
    at.button(key="rescan_yes").click().run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_rescan_is_a_second_stored_scan_with_the_answers_and_cleared_dates(language: Language) -> None:
    store, token = stored_scan(last_years_scan())
    at = open_with(token, language)
    before = store.load(token)  # (switching to English saved the language)
    rescan(at)
    fresh = at.session_state[TOKEN]
    assert isinstance(fresh, str) and fresh != token, "a new token: its own stored scan"
    copy = loaded(store, fresh)
    item = copy.activity()
    assert item.answers == {Q1: Answer.NO, Q2: Answer.PARTLY}
    assert item.notes == {1: "Navragen bij ICT"} and item.actions[Q1].owner == "Jan"
    assert copy.date == dt.date.today()
    assert item.sign_off == SignOff() and item.review_date is None and copy.history == []
    assert store.changes(token_key(fresh)) == [], "the new scan's log starts empty"
    after = store.load(token)
    assert after is not None and before is not None
    assert (after.data, after.revision) == (before.data, before.revision), "the old scan is untouched"
    assert any(t("history.rescan.done", language, date="14-03-2025") == s.value for s in at.success)
    assert any(fresh in c.value for c in at.code), "the new scan's own link, to copy"
    assert state(at).answers[Q1] is Answer.NO
    # Working on in the new scan: the moment-compare's start is the copy, last year's answers.
    goto(at, STEP_1)
    at.radio(key=f"q_{Q1}").set_value(Answer.YES).run()
    goto(at, HISTORY)
    assert loaded(store, fresh).activity().answers[Q1] is Answer.YES
    assert loaded(store, token).activity().answers[Q1] is Answer.NO
    logged = store.changes(token_key(fresh))
    assert [(e.change.old, e.change.new) for e in logged] == [('"no"', '"yes"')]


def test_a_read_link_cannot_start_a_rescan() -> None:
    store, token = stored_scan(last_years_scan())
    _, read_token = store.create_link(token_key(token), Role.READ, "Lezer")
    reader = open_with(read_token)
    button = reader.button(key="rescan_start")
    assert button.disabled
    assert any(t("history.rescan.not_allowed", "nl") in c.value for c in reader.caption)
    button.proto.disabled = False  # a click sent anyway, as a crafted request would
    button.click().run()
    assert not reader.exception, reader.exception
    assert reader.session_state[TOKEN] == read_token, "still the link's scan"
    assert not reader.code and not reader.success
    assert loaded(store, token).activity().sign_off.reviewed_by == "Piet"


def _refused_script() -> None:
    import streamlit as st

    from pia_core.storage.workspace import Role
    from pia_core.ui import rescan
    from pia_core.ui.grant import set_role

    set_role(Role.READ)
    rescan.on_rescan()  # as a crafted event would reach it
    st.text(str(st.session_state.get(rescan.REFUSED_KEY)))


def test_the_rescan_callback_refuses_a_session_that_may_not_edit() -> None:
    """Streamlit drops a disabled button's event; the callback checks the role all the same."""
    at = AppTest.from_function(_refused_script, default_timeout=30).run()
    assert not at.exception, at.exception
    assert [x.value for x in at.text] == ["history.rescan.not_allowed"]
    assert "_scan_token" not in at.session_state, "no scan was started"


def test_cancel_keeps_the_scan() -> None:
    _, token = stored_scan(last_years_scan())
    at = open_with(token)
    at.button(key="rescan_start").click().run()
    at.button(key="rescan_no").click().run()
    assert not at.exception
    assert at.session_state[TOKEN] == token


def _step_row(at: AppTest, language: Language, step: int) -> dict[str, object]:
    then, column = t("history.progress.then_label", language), t("report.column.step", language)
    for frame in at.dataframe:
        value = frame.value
        if then in value.columns:
            rows = [dict(row) for _, row in value.iterrows() if str(row[column]).startswith(f"{step}. ")]
            assert len(rows) == 1
            return rows[0]
    raise AssertionError("no step table")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compare_with_last_years_file_shows_the_step_rising(language: Language) -> None:
    store, token = stored_scan(last_years_scan(q1=Answer.YES))  # this year: Nee -> Ja
    upload = dossier_to_json(last_years_scan(q1=Answer.NO)).encode("utf-8")
    at = open_with(token, language)
    assert any(h.value == t("history.file.heading", language) for h in at.header)
    at.file_uploader(key=UPLOADER).upload("vorig-jaar.json", upload, "application/json").run()
    assert not at.exception, at.exception
    content = shipped_content()
    then = evaluate(last_years_scan(q1=Answer.NO).assessment(), content)
    now = evaluate(last_years_scan(q1=Answer.YES).assessment(), content)
    before, after = then.score.steps[1].score, now.score.steps[1].score
    assert before is not None and after is not None and after > before
    row = _step_row(at, language, 1)
    assert row[t("history.progress.then_label", language)] == score_text(before, language)
    assert row[t("history.progress.now_label", language)] == score_text(after, language)
    score = next(m for m in at.metric if m.label == t("history.progress.score", language))
    assert score.value == score_text(now.overall, language)
    name = last_years_scan().activity().activity.name or last_years_scan().activity().id
    assert any(t("history.file.since", language, name=name, date="14-03-2025") == c.value for c in at.caption)
    # Nothing of the upload is stored: the scan is as it was.
    assert loaded(store, token).activity().answers[Q1] is Answer.YES
    assert store.changes(token_key(token)) == []


def test_compare_picks_the_activity_when_the_ids_differ() -> None:
    this_year = last_years_scan(q1=Answer.YES)
    _, token = stored_scan(this_year)
    earlier = last_years_scan(q1=Answer.NO)
    earlier.add("Personeelsdossier")  # chosen in that file: two activities, the other id current
    data = json.loads(dossier_to_json(earlier))
    at = open_with(token)
    at.file_uploader(key=UPLOADER).upload("vorig.json", json.dumps(data).encode(), "application/json").run()
    assert not at.exception, at.exception
    box = at.selectbox(key="rescan_activity")
    assert box.value == this_year.activity().id, "the same id is chosen where the file has it"
    box.set_value(earlier.ids[-1]).run()
    assert not at.exception, at.exception
    assert any("Personeelsdossier" in c.value for c in at.caption)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_broken_upload_says_so_and_changes_nothing(language: Language) -> None:
    store, token = stored_scan(last_years_scan(q1=Answer.YES))
    at = open_with(token, language)
    before = store.load(token)
    at.file_uploader(key=UPLOADER).upload("kapot.json", b'{"schema_version": 1, "answers": ').run()
    assert not at.exception, at.exception
    failed = t("scan.import_failed", language, reason="")
    start = failed.split("  ")[0].strip()
    assert any(e.value.startswith(start[:20]) for e in at.error), [e.value for e in at.error]
    assert not [m for m in at.metric if m.label == t("history.progress.score", language)]
    at.file_uploader(key=UPLOADER).upload("notities.txt", b"hallo").run()
    assert any(t("scan.error.wrong_type", language)[:20] in e.value for e in at.error)
    assert state(at).answers[Q1] is Answer.YES
    after = store.load(token)
    assert after is not None and before is not None and after.data == before.data
