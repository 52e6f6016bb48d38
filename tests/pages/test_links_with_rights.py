"""Issue 22 (3): links with rights. A read link reads, a comment link reads and comments, an edit
link edits; the rights hold on the server, whatever a widget sends over the websocket (AppTest's
`set_value(...).run()` is exactly such a widget event).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer, Assessment
from pia_core.storage import WorkspaceStore, new_token, open_workspace
from pia_core.storage.base import token_key
from pia_core.storage.workspace import AccessAction, Role

from ..apptest import START_PAGE, goto, set_language, state

Q1, Q2 = (q.id for q in shipped_content().catalogue.step(1).questions[:2])
STEP_1 = "app_pages/step_01.py"
SUMMARY = "app_pages/summary.py"


@pytest.fixture
def store() -> WorkspaceStore:
    return open_workspace()  # the test's own SQLite file (tests/conftest.py sets PIA_STORE_PATH)


@pytest.fixture
def scan(store: WorkspaceStore) -> Iterator[str]:
    """A stored scan with one answer; its own token (the edit link its maker has)."""
    token = new_token()
    store.save(token, Assessment(answers={Q1: Answer.YES}).model_dump_json())
    yield token


def link(store: WorkspaceStore, token: str, role: Role, label: str = "") -> tuple[int, str]:
    made, link_token = store.create_link(token_key(token), role, label)
    return made.id, link_token


def open_with(token: str, page: str | None = None) -> AppTest:
    """A new session (a click on the link, a bookmark) with `?scan=token` in its URL."""
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.query_params["scan"] = token
    at.run()
    assert not at.exception, at.exception
    return goto(at, page) if page else at


def stored_answers(store: WorkspaceStore, token: str) -> dict[str, Answer]:
    found = store.load(token)
    assert found is not None
    return dict(Dossier.model_validate_json(found.data).assessment().answers)


def texts(at: AppTest, kind: str) -> list[str]:
    return [str(getattr(element, "value", "")) for element in at.get(kind)]


def change(at: AppTest, qid: str, value: Answer) -> AppTest:
    at.radio(key=f"q_{qid}").set_value(value).run()
    assert not at.exception, at.exception
    return at


# --- a read link --------------------------------------------------------------------------------


def test_a_read_link_shows_the_answers_and_never_the_scans_own_token(
    store: WorkspaceStore, scan: str
) -> None:
    _, read = link(store, scan, Role.READ, "directeur")
    at = open_with(read, STEP_1)
    assert at.radio(key=f"q_{Q1}").value is Answer.YES
    assert at.query_params["scan"] == read, "the link's own token stays in the address"
    assert at.session_state["_scan_token"] == read
    for value in at.query_params.values():
        assert scan not in value
    assert not any(scan in text for kind in ("markdown", "code", "caption") for text in texts(at, kind))
    assert t("share.banner.read", "nl") in texts(at, "info")


@pytest.fixture
def enabled_widgets(monkeypatch: pytest.MonkeyPatch) -> None:
    """A non-editor's widgets are shown disabled, a courtesy only: these tests switch it off, as a
    hostile client ignores it, to show that the server itself refuses the change."""
    monkeypatch.setattr("pia_core.ui.state.can_edit", lambda: True)


def test_a_readers_answers_are_shown_disabled(store: WorkspaceStore, scan: str) -> None:
    _, read = link(store, scan, Role.READ)
    at = open_with(read, STEP_1)
    assert at.radio(key=f"q_{Q1}").disabled and at.radio(key=f"q_{Q2}").disabled
    assert not open_with(scan, STEP_1).radio(key=f"q_{Q1}").disabled


@pytest.mark.usefixtures("enabled_widgets")
def test_a_read_link_saves_nothing_a_widget_sends_and_shows_the_stored_answer(
    store: WorkspaceStore, scan: str
) -> None:
    _, read = link(store, scan, Role.READ)
    at = open_with(read, STEP_1)
    before = store.load(scan)
    assert before is not None

    change(at, Q1, Answer.NO)  # a changed radio: a websocket widget event with its callback
    change(at, Q2, Answer.PARTLY)
    after = store.load(scan)
    assert after is not None and (after.data, after.revision) == (before.data, before.revision)
    assert at.radio(key=f"q_{Q1}").value is Answer.YES, "the screen shows what is stored"
    assert at.radio(key=f"q_{Q2}").value is None
    assert state(at).answers == {Q1: Answer.YES}
    assert t("share.refused.read", "nl") in texts(at, "toast")

    at.run()
    assert not at.exception, at.exception
    assert at.radio(key=f"q_{Q1}").value is Answer.YES
    assert stored_answers(store, scan) == {Q1: Answer.YES}


@pytest.mark.parametrize("role", [Role.READ, Role.COMMENT])
def test_the_banner_in_both_languages_and_the_language_stays_the_readers_own(
    store: WorkspaceStore, scan: str, role: Role
) -> None:
    _, token = link(store, scan, role)
    at = open_with(token)
    assert t(f"share.banner.{role.value}", "nl") in texts(at, "info")
    set_language(at, "en")
    assert t(f"share.banner.{role.value}", "en") in texts(at, "info")
    assert state(at).language == "en", "a reader may read in English"
    found = store.load(scan)
    assert found is not None and found.revision == 1, "switching the language saves nothing"
    assert t(f"share.refused.{role.value}", "en") not in texts(at, "toast"), "nor counts as a change"


def test_a_read_link_has_no_upload_new_scan_delete_demo_or_share_panel(
    store: WorkspaceStore, scan: str
) -> None:
    _, read = link(store, scan, Role.READ)
    at = goto(open_with(read), START_PAGE)
    keys = {getattr(element, "key", None) for element in at.get("button")}
    assert not {"scan_new", "scan_delete", "share_create"} & keys
    assert not [key for key in keys if isinstance(key, str) and key.startswith("demo_load_")]
    assert not at.get("file_uploader")
    assert t("share.controls_read", "nl") in texts(at, "caption")
    goto(at, SUMMARY)
    assert not any(getattr(element, "key", None) == "share_create" for element in at.get("button"))
    labels = [str(getattr(button, "label", "")) for button in at.get("download_button")]
    assert t("summary.download_pdf", "nl") in labels, "the report stays for every role"


def test_the_callbacks_refuse_on_the_server_for_a_read_link(store: WorkspaceStore, scan: str) -> None:
    """What a hidden widget's callback would do if an event for it came anyway."""

    def script() -> None:
        import streamlit as st

        from pia_core.content.bundle import shipped_content
        from pia_core.scan.model import Answer
        from pia_core.ui import demo_loader, persistence, scan_controls, share_panel
        from pia_core.ui.state import assessment

        share_panel._create()
        demo_loader._load("gemeente")
        scan_controls._new_scan()
        scan_controls._delete_scan()
        first = shipped_content().catalogue.step(1).questions[0].id
        assessment().answers[first] = Answer.NO  # however it got into the session
        st.session_state["saved"] = persistence.save_if_changed()

    link_id, read = link(store, scan, Role.READ)
    at = AppTest.from_function(script, default_timeout=60)
    at.session_state["_scan_token"] = read
    at.session_state["_scan_key"] = token_key(scan)
    at.session_state["_scan_link_id"] = link_id
    at.session_state["_scan_revision"] = 1
    at.session_state["_scan_role"] = Role.READ
    at.session_state["share_role"] = "edit"
    at.run()
    assert not at.exception, at.exception
    assert [made.id for made in store.list_links(token_key(scan))] == [link_id], "no new link"
    assert at.session_state["_scan_token"] == read, "no new scan replaced it"
    assert stored_answers(store, scan) == {Q1: Answer.YES}, "not deleted, not changed"
    assert at.session_state["saved"] is False
    assert at.session_state["_scan_message"][0] == "share.not_allowed"
    assert at.session_state["_share_message"][1] == "share.not_allowed"


def test_a_change_the_page_itself_makes_is_put_back_without_rerunning_for_ever(
    store: WorkspaceStore, scan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not every change comes through a callback (a table's edits are applied while the page runs):
    the end of the run puts it back too, and draws the page once more."""
    _, read = link(store, scan, Role.READ)
    at = open_with(read, SUMMARY)
    runs: list[int] = []

    def meddle(language: object) -> None:
        from pia_core.ui.state import assessment

        runs.append(1)
        assessment().answers[Q2] = Answer.NO  # on every run: the rerun happens once, not for ever

    monkeypatch.setattr("pia_core.ui.summary_page.render_call_to_action", meddle)
    at.run()
    assert not at.exception, at.exception
    assert len(runs) == 2, "drawn once more, once"
    assert state(at).answers == {Q1: Answer.YES}
    assert stored_answers(store, scan) == {Q1: Answer.YES}
    assert t("share.refused.read", "nl") in texts(at, "toast")


def test_a_read_session_catches_up_with_the_editors_changes(store: WorkspaceStore, scan: str) -> None:
    _, read = link(store, scan, Role.READ)
    reader = open_with(read, STEP_1)
    editor = open_with(scan, STEP_1)
    change(editor, Q2, Answer.NO)
    reader.run()
    assert not reader.exception, reader.exception
    assert reader.radio(key=f"q_{Q2}").value is Answer.NO
    assert reader.query_params["scan"] == read


# --- comment and edit links ---------------------------------------------------------------------


@pytest.mark.usefixtures("enabled_widgets")
def test_a_comment_link_cannot_change_answers(store: WorkspaceStore, scan: str) -> None:
    _, comment = link(store, scan, Role.COMMENT)
    at = open_with(comment, STEP_1)
    assert t("share.banner.comment", "nl") in texts(at, "info")
    change(at, Q1, Answer.NO)
    assert stored_answers(store, scan) == {Q1: Answer.YES}
    assert at.radio(key=f"q_{Q1}").value is Answer.YES
    assert t("share.refused.comment", "nl") in texts(at, "toast")


def test_an_edit_link_changes_the_scan_under_its_own_token(store: WorkspaceStore, scan: str) -> None:
    _, edit = link(store, scan, Role.EDIT)
    at = open_with(edit, STEP_1)
    assert not [text for text in texts(at, "info") if "banner" in text or text.startswith("**Alleen")]
    change(at, Q1, Answer.NO)
    assert stored_answers(store, scan) == {Q1: Answer.NO}
    assert store.load(edit) is None, "no second scan under the link's token"
    assert at.query_params["scan"] == edit
    maker = open_with(scan, STEP_1)
    assert maker.radio(key=f"q_{Q1}").value is Answer.NO


# --- revoked links ------------------------------------------------------------------------------


def test_a_revoked_link_opens_nothing_and_says_so(store: WorkspaceStore, scan: str) -> None:
    link_id, read = link(store, scan, Role.READ)
    assert store.revoke_link(token_key(scan), link_id)
    at = open_with(read, STEP_1)
    assert state(at).answers == {}
    assert at.radio(key=f"q_{Q1}").value is None
    assert t("share.link_gone", "nl") in texts(at, "warning")
    assert at.session_state["_scan_token"] not in (read, scan)
    assert at.query_params["scan"] == at.session_state["_scan_token"]
    assert t("share.banner.read", "nl") not in texts(at, "info"), "a fresh scan of one's own"
    set_language(at, "en")
    assert t("share.link_gone", "en") in texts(at, "warning")


def test_a_link_revoked_while_open_stops_working_at_the_next_run(store: WorkspaceStore, scan: str) -> None:
    link_id, edit = link(store, scan, Role.EDIT)
    at = open_with(edit, STEP_1)
    assert at.radio(key=f"q_{Q1}").value is Answer.YES
    store.revoke_link(token_key(scan), link_id)
    change(at, Q1, Answer.NO)
    assert stored_answers(store, scan) == {Q1: Answer.YES}, "a revoked edit link writes nothing"
    assert state(at).answers == {}
    assert t("share.link_gone", "nl") in texts(at, "warning")
    assert at.query_params["scan"] not in (edit, scan)


# --- the share panel ----------------------------------------------------------------------------


def test_the_share_panel_makes_a_link_with_the_chosen_role_and_revokes_it(
    store: WorkspaceStore, scan: str
) -> None:
    at = open_with(scan, SUMMARY)
    at.radio(key="share_role").set_value("comment")
    at.text_input(key="share_label").input("HR-team klant")
    at.button(key="share_create").click().run()
    assert not at.exception, at.exception
    (made,) = store.list_links(token_key(scan))
    assert (made.role, made.label) == (Role.COMMENT, "HR-team klant")
    (shown,) = texts(at, "code")
    assert shown.startswith("?scan=") or "/?scan=" in shown
    new = shown.rsplit("=", 1)[1]
    grant = store.resolve(new)
    assert grant is not None and (grant.scan_key, grant.role, grant.link_id) == (
        token_key(scan),
        Role.COMMENT,
        made.id,
    )
    listed = " ".join(texts(at, "markdown"))
    assert t("share.role.comment", "nl") in listed and "HR\\-team klant" in listed

    at.button(key=f"share_revoke_{made.id}").click().run()
    assert not at.exception, at.exception
    assert store.resolve(new) is None
    assert store.list_links(token_key(scan)) == []
    assert t("share.revoked", "nl") in texts(at, "success")
    assert not texts(at, "code"), "the revoked link is not shown any more"


def test_a_scan_not_yet_saved_cannot_have_links(store: WorkspaceStore) -> None:
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.run()
    goto(at, SUMMARY)
    assert t("share.not_saved", "nl") in texts(at, "caption")
    assert not any(getattr(element, "key", None) == "share_create" for element in at.get("button"))


def test_a_signed_in_consultant_is_in_the_access_log(
    store: WorkspaceStore, scan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pia_core.ui.persistence.signed_in_consultant", lambda: "adviseur@firma.nl")
    at = open_with(scan, STEP_1)
    change(at, Q1, Answer.NO)
    change(at, Q1, Answer.PARTLY)  # changed once per session, not per save
    goto(at, SUMMARY)
    at.button(key="share_create").click().run()
    entries = store.access_log(scan_key=token_key(scan))
    assert sorted(entry.action for entry in entries) == sorted(
        [AccessAction.OPENED, AccessAction.CHANGED, AccessAction.SHARED]
    )
    assert {entry.consultant for entry in entries} == {"adviseur@firma.nl"}


def test_nobody_signed_in_leaves_no_access_log(store: WorkspaceStore, scan: str) -> None:
    _, read = link(store, scan, Role.READ)
    open_with(read, STEP_1)
    change(open_with(scan, STEP_1), Q1, Answer.NO)
    assert store.access_log(scan_key=token_key(scan)) == []
