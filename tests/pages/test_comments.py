"""Comments on the questions: post, reply, resolve, reopen; the counts; hostile text; the rights.

Every test has its own SQLite store (tests/conftest.py sets PIA_STORE_PATH), which the app and
the test read alike.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from pia_core.formatting import number
from pia_core.i18n import t, tn
from pia_core.scan.model import Answer
from pia_core.storage import open_workspace
from pia_core.storage.base import token_key
from pia_core.storage.workspace import MAX_COMMENT, Author, AuthorKind, Comment, Role, Target, TargetKind
from pia_core.ui.comments import (
    ERROR_PREFIX,
    NAME_INPUT_PREFIX,
    PDF_CHOICE_KEY,
    TEXT_PREFIX,
    TOGGLE_PREFIX,
    text_problem,
)
from pia_core.ui.grant import ROLE_KEY
from pia_core.vocabulary import Language

from ..apptest import goto, new_app, set_language, state

STEP = "app_pages/step_03.py"
HOSTILE = (
    "Klopt dit? 👍 مرحبا بالعالم שלום\n\n"
    "Tweede regel <b>vet</b> ![x](http://voorbeeld.nl/x.png) `code` **ster** <script>alert(1)</script>"
)


def scan_key(at: AppTest) -> str:
    return token_key(str(at.session_state["_scan_token"]))


def stored(at: AppTest) -> list[Comment]:
    return open_workspace().comments(scan_key(at))


def questions(at: AppTest) -> list[str]:
    return [str(radio.key).removeprefix("q_") for radio in at.radio]


def panel(at: AppTest, question: str) -> str:
    return f"question~{state(at).id}~{question}"


def run_ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def on_step(language: Language = "nl") -> AppTest:
    """The app on step 3, with an answer given (so the scan is stored)."""
    at = new_app()
    if language != "nl":
        set_language(at, language)
    goto(at, STEP)
    at.radio(key=f"q_{questions(at)[0]}").set_value(Answer.YES).run()
    return run_ok(at)


def unfold(at: AppTest, question: str) -> AppTest:
    at.button(key=TOGGLE_PREFIX + panel(at, question)).click().run()
    return run_ok(at)


def post(at: AppTest, question: str, text: str, name: str | None = "Piet Klant") -> AppTest:
    key = panel(at, question)
    if name is not None:
        at.text_input(key=NAME_INPUT_PREFIX + key).set_value(name)
    at.text_area(key=TEXT_PREFIX + key).set_value(text)
    at.button(key=f"cm_post_{key}").click().run()
    return run_ok(at)


def shown_html(at: AppTest) -> str:
    """The comment threads on the page (the page's other HTML left out)."""
    return "\n".join(str(e.value) for e in at.html if "pia-comment-thread" in str(e.value))


def sidebar_links(at: AppTest) -> list[str]:
    return [str(link.label) for link in at.sidebar.page_link]


def captions(at: AppTest) -> list[str]:
    return [str(caption.value) for caption in at.caption]


def errors(at: AppTest) -> list[str]:
    return [str(error.value) for error in at.error]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_post_reply_resolve_and_reopen(language: Language) -> None:
    at = on_step(language)
    first = questions(at)[0]
    assert at.button(key=TOGGLE_PREFIX + panel(at, first)).label == t("comments.toggle", language)
    unfold(at, first)
    assert t("comments.none", language) in captions(at)
    post(at, first, "Is de verwerkersovereenkomst getekend?")

    [comment] = stored(at)
    assert comment.target == Target(state(at).id, TargetKind.QUESTION, first)
    assert comment.author == Author(AuthorKind.LINK, "Piet Klant")
    assert "Is de verwerkersovereenkomst getekend?" in shown_html(at)
    assert at.text_area(key=TEXT_PREFIX + panel(at, first)).value == ""  # posted: the field is empty again
    assert at.button(key=TOGGLE_PREFIX + panel(at, first)).label == t(
        "comments.toggle_count", language, count=1
    )
    one_open = tn("comments.open_count", language, 1)
    assert one_open in sidebar_links(at)
    assert any(one_open in caption for caption in captions(at))  # under the step's heading

    # The name is asked once: the next post (a reply) does not ask again.
    assert not at.text_input
    at.button(key=f"cm_reply_{comment.id}").click().run()
    assert at.text_area(key=TEXT_PREFIX + panel(at, first)).label == t(
        "comments.reply_label", language, name="Piet Klant"
    )
    post(at, first, "Ja, sinds maart.", name=None)
    reply = stored(at)[-1]
    assert reply.parent_id == comment.id and reply.text == "Ja, sinds maart."
    assert "margin-left" in shown_html(at)  # the reply is indented under its thread
    assert at.button(key=TOGGLE_PREFIX + panel(at, first)).label == t(
        "comments.toggle_count", language, count=2
    )

    at.button(key=f"cm_resolve_{comment.id}").click().run()
    run_ok(at)
    resolved = stored(at)[0]
    assert resolved.resolved is not None and resolved.resolved_by == Author(AuthorKind.LINK, "Piet Klant")
    assert t("comments.resolved_by", language, name="Piet Klant", when="") in shown_html(at)
    assert one_open not in sidebar_links(at)
    assert not any(one_open in caption for caption in captions(at))

    at.button(key=f"cm_reopen_{comment.id}").click().run()
    run_ok(at)
    assert stored(at)[0].is_open
    assert one_open in sidebar_links(at)


def test_counts_on_the_step_and_for_the_whole_scan() -> None:
    at = on_step()
    key, activity = scan_key(at), state(at).id
    store, writer = open_workspace(), Author.link("Anna")
    first, second = questions(at)[:2]
    for question in (first, second, first):
        store.add_comment(key, Target(activity, TargetKind.QUESTION, question), writer, "Graag nakijken")
    store.add_comment(key, Target(activity, TargetKind.QUESTION, "s4_purpose_defined"), writer, "En dit?")
    done = store.add_comment(key, Target(activity, TargetKind.QUESTION, second), writer, "Al geregeld")
    store.resolve_comment(key, done.id, writer)
    at.run()
    assert any(tn("comments.open_count", "nl", 3) in caption for caption in captions(run_ok(at)))
    assert tn("comments.open_count", "nl", 4) in sidebar_links(at)
    assert at.button(key=TOGGLE_PREFIX + panel(at, first)).label == t("comments.toggle_count", "nl", count=2)
    goto(at, "app_pages/step_04.py")
    assert any(tn("comments.open_count", "nl", 1) in caption for caption in captions(at))


def test_emoji_and_right_to_left_text_are_kept_and_never_read_as_markup() -> None:
    at = on_step()
    first = questions(at)[0]
    unfold(at, first)
    post(at, first, HOSTILE, name="Zoë 😀 مريم")
    [comment] = stored(at)
    assert comment.text == HOSTILE and comment.author.name == "Zoë 😀 مريم"
    page = shown_html(at)
    assert html.escape(HOSTILE) in page  # as typed, escaped: no bold, no image, no link
    assert "<b>vet</b>" not in page and "<img" not in page and "<script" not in page
    assert "dir='auto'" in page  # right-to-left script runs right to left in its own line


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_text_the_store_refuses_is_explained_and_kept(language: Language) -> None:
    at = on_step(language)
    first = questions(at)[0]
    unfold(at, first)
    too_long = (
        "Lang verhaal. " * 300
    )  # 4,200 characters: past the browser's own limit, as a script could send
    post(at, first, too_long)
    limit, count = number(MAX_COMMENT, language), number(len(too_long), language)
    assert t("comments.error.too_long", language, limit=limit, count=count) in errors(at)
    assert at.text_area(key=TEXT_PREFIX + panel(at, first)).value == too_long
    assert stored(at) == []

    with_nul = "Voor\x00na"
    post(at, first, with_nul, name=None)
    assert t("comments.error.characters", language) in errors(at)
    assert at.text_area(key=TEXT_PREFIX + panel(at, first)).value == with_nul
    assert stored(at) == []

    post(at, first, "Nu wel goed", name=None)
    assert not errors(at) and len(stored(at)) == 1


def test_unpaired_surrogates_and_empty_text_are_caught_before_the_store() -> None:
    assert text_problem("half \ud83d emoji") == ("comments.error.characters", {})
    assert text_problem(" \n ") == ("comments.error.empty", {})
    assert text_problem("x" * MAX_COMMENT) is None
    assert text_problem("😀" * MAX_COMMENT) is None  # characters, not bytes


def test_a_name_is_needed_before_the_first_comment() -> None:
    at = on_step()
    first = questions(at)[0]
    unfold(at, first)
    post(at, first, "Zonder naam", name="   ")
    assert t("comments.error.name", "nl", limit=number(200, "nl")) in errors(at)
    assert at.text_area(key=TEXT_PREFIX + panel(at, first)).value == "Zonder naam"
    assert stored(at) == []


def test_a_scan_not_yet_saved_cannot_be_commented() -> None:
    at = goto(new_app(), STEP)
    unfold(at, questions(at)[0])
    assert t("comments.not_saved", "nl") in captions(at)
    assert [area.key for area in at.text_area if str(area.key).startswith(TEXT_PREFIX)] == []


def test_a_comment_link_may_comment() -> None:
    at = on_step()
    at.session_state[ROLE_KEY] = Role.COMMENT
    first = questions(at)[0]
    unfold(at, first)
    post(at, first, "Vanuit de commentaarlink")
    assert [c.text for c in stored(at)] == ["Vanuit de commentaarlink"]


def test_a_read_link_sees_the_comments_but_cannot_add_nor_resolve() -> None:
    at = on_step()
    first = questions(at)[0]
    unfold(at, first)
    post(at, first, "Eerste opmerking")
    [comment] = stored(at)
    # The page as a session that may comment drew it, then the role is read only: the buttons it
    # still has send their callbacks anyway (as a crafted request could). The server refuses.
    at.session_state[ROLE_KEY] = Role.READ
    at.text_area(key=TEXT_PREFIX + panel(at, first)).set_value("Toch geplaatst?")
    at.button(key=f"cm_post_{panel(at, first)}").click().run()
    run_ok(at)
    assert [c.text for c in stored(at)] == ["Eerste opmerking"]
    assert t("comments.error.not_allowed", "nl") in errors(at)

    # Drawn for the read role: the thread, no field, no buttons.
    assert "Eerste opmerking" in shown_html(at)
    assert t("comments.read_only", "nl") in captions(at)
    assert [area.key for area in at.text_area if str(area.key).startswith(TEXT_PREFIX)] == []
    assert not [b for b in at.button if str(b.key).startswith(("cm_post_", "cm_resolve_", "cm_reply_"))]

    # A resolve sent anyway is refused too.
    at.session_state[ROLE_KEY] = Role.EDIT
    at.run()
    at.session_state[ROLE_KEY] = Role.READ
    at.button(key=f"cm_resolve_{comment.id}").click().run()
    run_ok(at)
    assert stored(at)[0].is_open
    assert at.session_state[ERROR_PREFIX + panel(at, first)][0] == "comments.error.not_allowed"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_summary_lists_open_comments_with_their_step(language: Language) -> None:
    at = on_step(language)
    key, activity = scan_key(at), state(at).id
    first = questions(at)[0]
    store = open_workspace()
    store.add_comment(
        key, Target(activity, TargetKind.QUESTION, first), Author.link("Anna"), "Graag nakijken"
    )
    done = store.add_comment(key, Target(activity, TargetKind.QUESTION, first), Author.link("Anna"), "Klaar")
    store.resolve_comment(key, done.id, Author.link("Anna"))
    goto(at, "app_pages/summary.py")
    assert t("comments.summary.heading", language) in [h.value for h in at.header]
    links = [str(link.label) for link in at.main.page_link]
    assert any(link.startswith("3\\. ") or link.startswith("3. ") for link in links), links
    page = shown_html(at)
    assert "Graag nakijken" in page and "Klaar" not in page


def test_a_comment_on_an_action_of_the_plan() -> None:
    at = on_step()
    at.radio(key=f"q_{questions(at)[1]}").set_value(Answer.NO).run()
    goto(at, "app_pages/summary.py")
    chosen = at.session_state["cm_pick_action"]  # the first action of the plan
    at.text_input(key=NAME_INPUT_PREFIX + chosen).set_value("Anna")
    at.text_area(key=TEXT_PREFIX + chosen).set_value("Wie pakt dit op?")
    at.button(key=f"cm_post_{chosen}").click().run()
    run_ok(at)
    [comment] = stored(at)
    assert comment.target.kind is TargetKind.ACTION and f"action~{comment.target.activity}~" in chosen
    assert comment.target.target_id == chosen.rsplit("~", 1)[1]
    assert any(
        tn("comments.open_count", "nl", 1) in option for option in at.selectbox(key="cm_pick_action").options
    )
    assert "Wie pakt dit op?" in shown_html(at)


def test_the_pdf_carries_the_comments_when_the_choice_is_ticked(monkeypatch: pytest.MonkeyPatch) -> None:
    from pia_core.ui.downloads import download_button as real

    builds: dict[str, Callable[[], bytes]] = {}

    def capture(label: str, build: Callable[[], bytes], **kwargs: object) -> None:
        builds[str(kwargs["slot"])] = build
        real(label, build, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("pia_core.ui.summary_page.download_button", capture)
    at = on_step()
    first = questions(at)[0]
    unfold(at, first)
    post(at, first, "Graag vóór vrijdag 👍")
    goto(at, "app_pages/summary.py")
    at.checkbox(key=PDF_CHOICE_KEY).check().run()
    run_ok(at)
    report = builds["pdf"]()  # built here, as the worker would (PIA_PDF_WORKERS=0)
    text = " ".join(
        " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(report)).pages).split()
    )
    assert t("comments.pdf.heading", "nl") in text and "Graag vóór vrijdag 👍" in text
