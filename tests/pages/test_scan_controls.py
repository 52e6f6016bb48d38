"""AppTest of autosave/resume and of the scan controls (the browser tests cover real reloads)."""

from __future__ import annotations

import json

import pytest
from fpdf import FPDF
from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.importing import PDF_ATTACHMENT
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer, Assessment
from pia_core.scan.serialization import assessment_to_json
from pia_core.storage import new_token, open_store

from ..apptest import START_PAGE, goto, new_app, set_language, state

Q1, Q2, Q3 = (q.id for q in shipped_content().catalogue.step(1).questions[:3])
UPLOADER = "scan_upload_0"


def token_of(at: AppTest) -> str:
    token = at.session_state["_scan_token"]
    assert isinstance(token, str)
    return token


def open_with(token: str | None, page: str | None = None) -> AppTest:
    """A new session (a reload, another tab, a bookmark) with `?scan=token` in its URL."""
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    if token is not None:
        at.query_params["scan"] = token
    at.run()
    assert not at.exception, at.exception
    return goto(at, page) if page else at


def on_start(at: AppTest) -> AppTest:
    """Run the app on the start page (through app.py, as the browser does: see apptest.goto)."""
    return goto(at, START_PAGE)


def answer(at: AppTest, qid: str, value: Answer) -> None:
    at.radio(key=f"q_{qid}").set_value(value).run()
    assert not at.exception


def stored(token: str) -> Assessment | None:
    found = open_store().load(token)
    return None if found is None else Dossier.model_validate_json(found.data).assessment()


def test_answers_are_saved_and_come_back_in_a_new_session() -> None:
    at = goto(new_app(), "app_pages/step_01.py")
    answer(at, Q1, Answer.PARTLY)
    at.text_area(key="notes_1").input("Navragen bij ICT").run()
    token = token_of(at)
    assert at.query_params["scan"] == token
    saved = stored(token)
    assert saved is not None and saved.answers[Q1] is Answer.PARTLY
    again = open_with(token, "app_pages/step_01.py")
    assert token_of(again) == token
    assert again.radio(key=f"q_{Q1}").value is Answer.PARTLY
    assert again.text_area(key="notes_1").value == "Navragen bij ICT"


def test_an_untouched_scan_is_not_stored_and_idle_reruns_do_not_write() -> None:
    at = new_app()
    token = token_of(at)
    goto(at, "app_pages/step_02.py")
    assert open_store().revision(token) is None
    goto(at, "app_pages/step_01.py")
    answer(at, Q1, Answer.YES)
    assert open_store().revision(token) == 1
    for page in ("app_pages/step_02.py", "app_pages/start.py", "app_pages/step_01.py"):
        goto(at, page)
    assert open_store().revision(token) == 1


@pytest.mark.parametrize(
    "requested",
    ["' OR 1=1; DROP TABLE scans; --", "../../etc/passwd", "x" * 5000, "<script>", "aaaa", None],
)
def test_malformed_or_missing_token_gives_a_fresh_scan(requested: str | None) -> None:
    at = open_with(requested)
    assert state(at).answers == {}
    assert token_of(at) != requested
    assert at.query_params["scan"] == token_of(at)


def test_unknown_well_formed_token_is_not_adopted() -> None:
    """A link made up by someone else must not collect what this user types."""
    crafted = new_token()
    at = open_with(crafted, "app_pages/step_01.py")
    assert token_of(at) != crafted
    answer(at, Q1, Answer.YES)
    assert open_store().load(crafted) is None


def test_two_scans_never_see_each_others_data() -> None:
    first = goto(new_app(), "app_pages/step_01.py")
    second = goto(new_app(), "app_pages/step_01.py")
    answer(first, Q1, Answer.YES)
    answer(second, Q2, Answer.NO)
    assert token_of(first) != token_of(second)
    first.run()
    second.run()
    assert dict(state(first).answers) == {Q1: Answer.YES}
    assert dict(state(second).answers) == {Q2: Answer.NO}
    assert dict(open_with(token_of(first)).session_state["assessment"].answers) == {Q1: Answer.YES}


def test_two_tabs_on_one_scan_last_write_wins_and_the_other_tab_catches_up() -> None:
    tab_a = goto(new_app(), "app_pages/step_01.py")
    answer(tab_a, Q1, Answer.YES)
    token = token_of(tab_a)
    tab_b = open_with(token, "app_pages/step_01.py")
    answer(tab_b, Q2, Answer.NO)
    tab_a.run()  # A's next run shows B's newer state
    assert tab_a.radio(key=f"q_{Q2}").value is Answer.NO
    answer(tab_a, Q3, Answer.PARTLY)
    tab_b.run()
    assert dict(state(tab_b).answers) == {Q1: Answer.YES, Q2: Answer.NO, Q3: Answer.PARTLY}
    # Both change before seeing each other: the later write is what is stored, intact.
    answer(tab_a, Q1, Answer.NO)
    answer(tab_b, Q2, Answer.YES)
    saved = stored(token)
    assert saved is not None and saved == state(tab_b)
    tab_a.run()
    assert state(tab_a) == state(tab_b)


def test_new_scan_asks_first_and_clears_only_after_yes() -> None:
    at = goto(new_app(), "app_pages/step_01.py")
    answer(at, Q1, Answer.YES)
    old = token_of(at)
    on_start(at)
    at.button(key="scan_new").click()
    on_start(at)
    assert state(at).answers == {Q1: Answer.YES}, "nothing cleared before confirmation"
    assert any(t("scan.new_confirm_text", "nl", days=30) in w.value for w in at.warning)
    at.button(key="scan_new_no").click()
    on_start(at)
    assert state(at).answers == {Q1: Answer.YES}
    at.button(key="scan_new").click()
    on_start(at)
    at.button(key="scan_new_yes").click()
    on_start(at)
    assert state(at).answers == {}
    assert any(t("scan.new_done", "nl") in s.value for s in at.success)
    assert token_of(at) != old and at.query_params["scan"] == token_of(at)
    kept = stored(old)
    assert kept is not None and kept.answers == {Q1: Answer.YES}, "the old scan stays under its own link"


def test_delete_my_data_erases_at_once_and_the_old_link_opens_empty() -> None:
    at = new_app()
    set_language(at, "en")
    goto(at, "app_pages/step_01.py")
    answer(at, Q1, Answer.YES)
    old = token_of(at)
    on_start(at)
    at.button(key="scan_delete").click()
    on_start(at)
    assert open_store().load(old) is None
    assert state(at).answers == {} and state(at).language == "en"
    assert at.query_params["scan"] == token_of(at)
    assert token_of(at) != old
    assert any(t("scan.delete_done", "en") in s.value for s in at.success)
    goto(at, "app_pages/step_02.py")
    assert open_store().load(old) is None, "not written back by the next run"
    assert state(open_with(old)).answers == {}


def test_delete_in_one_tab_is_honoured_by_the_other() -> None:
    tab_a = goto(new_app(), "app_pages/step_01.py")
    answer(tab_a, Q1, Answer.YES)
    token = token_of(tab_a)
    tab_b = open_with(token)
    tab_b.button(key="scan_delete").click()
    on_start(tab_b)
    tab_a.run()
    assert state(tab_a).answers == {}
    assert token_of(tab_a) != token
    assert open_store().load(token) is None


def _scan_file(answers: dict[str, str], **extra: object) -> bytes:
    data = {"schema_version": 1, "organisation": {"name": "Kliniek De Linde", "sector": "healthcare"}}
    return json.dumps({**data, "answers": answers, **extra}).encode()


def test_broken_file_shows_error_in_users_language_and_keeps_answers() -> None:
    for language in ("nl", "en"):
        at = set_language(goto(new_app(), "app_pages/step_01.py"), language)
        answer(at, Q1, Answer.PARTLY)
        before = state(at).model_copy(deep=True)
        on_start(at)
        at.file_uploader(key=UPLOADER).upload("kapot.json", b'{"schema_version": 1, "answers": ')
        on_start(at)
        expected = t("scan.import_failed", language, reason=t("scan.error.not_json", language))
        assert [e.value for e in at.error] == [expected]
        assert state(at) == before
        saved = stored(token_of(at))
        assert saved is not None and saved.answers == before.answers


def test_valid_file_is_opened_after_confirmation_and_unknown_ids_are_named() -> None:
    at = new_app()
    at.text_input(key="org_name").input("Eigen organisatie")
    on_start(at)
    raw = _scan_file({Q1: "yes", Q2: "no", "s99_retired": "yes"})
    at.file_uploader(key=UPLOADER).upload("scan.json", raw)
    on_start(at)
    assert state(at).organisation.name == "Eigen organisatie", "not replaced before confirmation"
    assert any("scan.json" in i.value for i in at.info)
    at.button(key="scan_import_confirm").click()
    on_start(at)
    assert state(at).organisation.name == "Kliniek De Linde"
    assert dict(state(at).answers) == {Q1: Answer.YES, Q2: Answer.NO}
    assert at.text_input(key="org_name").value == "Kliniek De Linde"
    assert any("s99_retired" in w.value for w in at.warning)
    saved = stored(token_of(at))
    assert saved is not None and saved.organisation.name == "Kliniek De Linde"


def test_cancelled_import_changes_nothing() -> None:
    at = new_app()
    at.file_uploader(key=UPLOADER).upload("scan.json", _scan_file({Q1: "yes"}))
    on_start(at)
    at.button(key="scan_import_cancel").click()
    on_start(at)
    assert state(at).answers == {}
    # No import notice is left; the one info box is the DPIA check saying it is not filled in yet.
    assert [box.icon for box in at.info] == [":material/pending_actions:"]


def test_pdf_report_opens_with_its_embedded_scan() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.embed_file(bytes=_scan_file({Q3: "partly"}), basename=PDF_ATTACHMENT)
    at = new_app()
    at.file_uploader(key=UPLOADER).upload("rapport.pdf", bytes(pdf.output()), "application/pdf")
    on_start(at)
    at.button(key="scan_import_confirm").click()
    on_start(at)
    assert dict(state(at).answers) == {Q3: Answer.PARTLY}


def test_download_holds_the_current_scan() -> None:
    at = goto(new_app(), "app_pages/step_01.py")
    answer(at, Q1, Answer.NO)
    on_start(at)
    assert len(at.get("download_button")) == 1
    assert assessment_to_json(state(at))  # the button is fed from the same function


def test_privacy_notice_in_both_languages() -> None:
    for language in ("nl", "en"):
        at = set_language(new_app(), language)
        notice = t("scan.privacy", language, days=30)
        assert any(m.value == notice for m in at.markdown)
