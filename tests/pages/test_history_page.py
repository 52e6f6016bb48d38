"""Issue 23 (3, 4): the history page (pia_core/ui/history_page.py) on a SQLite store: the timeline
with who and when, its filters, reverting one change and restoring the activity as it was at a
moment (each a new logged change), a session that may only read, both languages; the comparison
with a moment there and the summary's "Voortgang", and in its PDF; the sidebar's link to the page."""

from __future__ import annotations

import datetime as dt
import functools
import io
import pickle

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.importing import import_bytes
from pia_core.scan.model import Answer, Assessment, Language
from pia_core.storage import WorkspaceStore, new_token, open_workspace
from pia_core.storage.base import token_key
from pia_core.storage.workspace import Role
from pia_core.ui import summary_page

from ..apptest import START_PAGE, answer, goto, new_app, open_scan, set_language, state, stored_answers

QUESTIONS = shipped_content().catalogue.step(1).questions
Q1, Q2, Q3 = QUESTIONS[0].id, QUESTIONS[1].id, QUESTIONS[2].id
STEP_1, HISTORY, SUMMARY = "app_pages/step_01.py", "app_pages/history.py", "app_pages/summary.py"


def made(language: Language = "nl") -> tuple[WorkspaceStore, str, AppTest]:
    """A stored scan, answered in three saves by its maker (its own token: "self-scan")."""
    store = open_workspace()
    token = new_token()
    store.save(token, Assessment().model_dump_json())
    at = open_scan(token)
    set_language(at, language)
    goto(at, STEP_1)
    answer(at, Q1, Answer.NO)
    answer(at, Q2, Answer.PARTLY)
    answer(at, Q1, Answer.YES)
    return store, token, at


def table_text(at: AppTest) -> str:
    return "\n".join(str(frame.value.to_string()) for frame in at.dataframe)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_timeline_shows_who_when_what_and_the_answers_readably(language: Language) -> None:
    _, _, at = made(language)
    goto(at, HISTORY)
    assert at.title[0].value.startswith(t("history.heading", language, name="")[:5])
    frame = at.dataframe[0].value
    assert len(frame) == 3, "three answers, newest first"
    what = frame[t("history.column.what", language)].tolist()
    assert (
        QUESTIONS[0].text(language).text[:30] in what[0] and QUESTIONS[1].text(language).text[:30] in what[1]
    )
    assert frame[t("history.column.old", language)].tolist()[0] == t("common.answer.no", language)
    assert frame[t("history.column.new", language)].tolist()[0] == t("common.answer.yes", language)
    assert set(frame[t("history.column.who", language)]) == {t("history.who.self_scan", language)}
    today = dt.datetime.now(dt.UTC).astimezone().strftime("%Y")
    assert all(today in when for when in frame[t("history.column.when", language)])


def test_filters_by_step_person_and_period() -> None:
    _, _, at = made()
    goto(at, HISTORY)
    at.selectbox(key="history_step").set_value("1").run()
    assert len(at.dataframe[0].value) == 3
    at.selectbox(key="history_step").set_value(None).run()
    at.selectbox(key="history_person").set_value("self-scan").run()
    assert len(at.dataframe[0].value) == 3
    long_ago = dt.date(2020, 1, 1)
    at.date_input(key="history_dates").set_value((long_ago, long_ago)).run()
    assert not [f for f in at.dataframe if t("history.column.who", "nl") in f.value.columns]
    assert any(t("history.none_filtered", "nl") in i.value for i in at.info)


def test_revert_puts_the_old_value_back_as_a_new_entry() -> None:
    store, token, at = made()
    goto(at, HISTORY)
    newest = store.changes(token_key(token), limit=1)[0]
    assert at.selectbox(key="history_entry").value == newest.id  # Q1: no -> yes
    at.button(key="history_revert").click().run()
    assert not at.exception, at.exception
    assert stored_answers(store, token) == {Q1: Answer.NO, Q2: Answer.PARTLY}
    assert state(at).answers[Q1] is Answer.NO
    log = store.changes(token_key(token), field=f"answers.{Q1}")
    assert [(e.change.old, e.change.new) for e in log] == [
        ('"yes"', '"no"'),
        ('"no"', '"yes"'),
        (None, '"no"'),
    ]
    assert len(at.dataframe[0].value) == 4, "the revert is on the timeline, nothing was deleted"
    assert any(t("history.reverted", "nl", what="")[:5] in s.value for s in at.success)


def test_restore_to_a_moment_reproduces_the_answers_then_exactly() -> None:
    store, token, at = made()
    answer(at, Q3, Answer.UNKNOWN)
    at.text_area(key="notes_1").input("Navragen").run()
    goto(at, HISTORY)
    entries = store.changes(token_key(token))
    first = entries[-1]  # Q1: none -> no
    assert (first.change.field, first.change.new) == (f"answers.{Q1}", '"no"')
    at.selectbox(key="history_entry").set_value(first.id).run()
    at.button(key="history_restore").click().run()
    assert not at.exception, at.exception
    assert stored_answers(store, token) == {Q1: Answer.NO}
    assert state(at).notes == {}
    after = store.changes(token_key(token))
    assert len(after) == len(entries) + 4, "four new entries (Q1, Q2, Q3, the note); none deleted"
    assert after[len(after) - len(entries) :] == entries
    goto(at, STEP_1)
    assert at.radio(key=f"q_{Q1}").value is Answer.NO and at.radio(key=f"q_{Q2}").value is None


def test_a_read_link_sees_the_timeline_but_cannot_revert() -> None:
    store, token, _ = made()
    _, read_token = store.create_link(token_key(token), Role.READ, "Lezer")
    reader = open_scan(read_token, HISTORY)
    assert len(reader.dataframe[0].value) == 3
    assert reader.button(key="history_revert").disabled and reader.button(key="history_restore").disabled
    before = store.changes(token_key(token))
    assert any(t("history.not_allowed", "nl") in c.value for c in reader.caption)
    # A click sent anyway, as a crafted request would: Streamlit drops a disabled widget's event, and
    # the callbacks check the role again.
    for key in ("history_revert", "history_restore"):
        button = reader.button(key=key)
        button.proto.disabled = False
        button.click().run()
        assert not reader.exception
    assert not reader.exception
    assert stored_answers(store, token) == {Q1: Answer.YES, Q2: Answer.PARTLY}
    assert store.changes(token_key(token)) == before


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compare_with_a_moment_and_the_summary_shows_progress(language: Language) -> None:
    _, _, at = made(language)
    goto(at, HISTORY)
    assert any(h.value == t("history.compare.heading", language) for h in at.header)
    score = [m for m in at.metric if m.label == t("history.progress.score", language)]
    assert score, "the comparison with the start of the history"
    goto(at, SUMMARY)
    assert any(h.value == t("history.progress.heading", language) for h in at.header)
    assert any(t("history.progress.since", language, when="")[:4] in c.value for c in at.caption)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_sidebar_links_to_the_history_beside_overview_and_register(language: Language) -> None:
    _, _, at = made(language)
    links = {str(getattr(link, "label", "")): link.proto.page for link in at.sidebar.get("page_link")}
    label = t("history.link", language)
    assert label in links and links[label] == "geschiedenis"
    shown = list(links)
    overview, register = t("activities.overview_link", language), t("activities.register_link", language)
    assert shown.index(overview) < shown.index(register) < shown.index(label), "next to them, after"


def test_the_summary_pdf_compares_with_the_moment_and_carries_the_history(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The summary hands the PDF worker the moment its "Voortgang" compares with and the edit log:
    the PDF has "Sinds de vorige scan", and its attached scan file opens again with the history."""
    builds: dict[str, object] = {}

    def record(label: str, build: object, **kwargs: object) -> None:
        builds[str(kwargs["slot"])] = build

    monkeypatch.setattr(summary_page, "download_button", record)
    store, token, at = made()
    goto(at, SUMMARY)
    assert not at.exception, at.exception
    build = builds["pdf"]
    assert isinstance(build, functools.partial)
    pdf = pickle.loads(pickle.dumps(build))()  # plain data, as the worker gets it
    text = " ".join("\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert t("history.report.heading", "nl") in text
    assert t("history.report.steps", "nl") in text, "two answers since the start: the steps moved"
    history = import_bytes(pdf, shipped_content()).dossier.history
    logged = store.changes(token_key(token))
    assert [(e.field, e.new, e.when) for e in history] == [
        (e.change.field, e.change.new, e.at) for e in logged
    ]


def test_progress_counts_the_organisation_answers_changed_since() -> None:
    """The organisation-wide answers (step 0: the FG) count in an activity's score: the summary's
    "then" undoes their later changes too, not only the activity's own."""
    from pia_core.analysis.evaluation import evaluate
    from pia_core.analysis.projection import project, top_actions
    from pia_core.demos import load_demo
    from pia_core.scan.changes import diff
    from pia_core.scan.serialization import dossier_to_json
    from pia_core.wording.projection import score_text

    content = shipped_content()
    store = open_workspace()
    before = load_demo("gemeente-verhuizen", content).dossier
    token = new_token()
    revision = store.save(token, dossier_to_json(before, compact=True))
    view = before.assessment()
    judged = evaluate(view, content)
    done = top_actions(judged, 5)
    assert any(action.startswith("s0_") for action in done), "the top five include an FG action"
    after = before.model_copy(deep=True)
    after.absorb(project(view, content, done).assessment)
    changes = diff(before, after)
    assert any(change.activity == "" for change in changes), "an organisation-wide change is logged"
    store.save_logged(
        token_key(token), dossier_to_json(after, compact=True), changes, "a@b.nl", expected=revision
    )

    at = open_scan(token, SUMMARY)
    (score,) = [m for m in at.metric if m.label == t("history.progress.score", "nl")]
    assert score.proto.delta_description == t(
        "history.progress.was", "nl", value=score_text(judged.score.overall, "nl")
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_demo_just_loaded_shows_no_progress_since_it_was_first_saved(language: Language) -> None:
    """A demo (or a file, or a hand-over) is stored in one save: the activity whole, beside the
    organisation's answers and flows. "Since the start" compared the activity with its
    organisation emptied (the FG's answers undone, the creation not), and told a client
    that a scan nobody had touched had gone down 2 points, its flows 8."""
    at = goto(new_app(), START_PAGE)
    set_language(at, language)
    at.button(key="demo_load_gemeente-verhuizen").click().run()
    assert state(at).activity.name, "the demo is loaded"
    goto(at, SUMMARY)
    assert not [m for m in at.metric if m.label == t("history.progress.score", language)], "a change shown"
    around = t("history.progress.no_change", language, when="\x00").split("\x00")  # the words around the date
    assert any(all(part in caption.value for part in around) for caption in at.caption)
