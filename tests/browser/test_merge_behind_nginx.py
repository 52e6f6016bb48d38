"""Issue 23 (2) behind nginx: two browsers on two app servers (tools/cluster.py: PostgreSQL, two
app servers, nginx) edit one scan at once. The AppTest version is tests/pages/test_concurrent_edits.py.

Browser A is placed on app server 1 and browser B on app server 2 with nginx's route cookie
(`Cluster.route_to`). A makes and saves a scan; B opens it by the same `?scan=` token. Then B's
save is made on a stale base, every time in this order: B has drawn the page, A's change is stored
(the stored revision moves on, read from PostgreSQL beside the app), B's page still does not show
it (its session has not run since), and only then does B change something.

1. Different questions: both answers are stored, B's page shows A's at once (the merge), and after
   a reload both browsers show both.
2. The same question, A first then B: B's answer is stored; B's page names the question, who
   changed it, A's answer and its own (content/ui/nl/history.yaml `conflict`), and its button
   "Zet terug wat ... invulde" (`put_back`) stores A's answer again.

Every wait is for a condition (a stored revision, a text, a checked radio), never a fixed time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer
from pia_core.storage.base import token_key
from pia_core.storage.postgres_store import PostgresStore
from pia_core.ui.change_words import field_text
from tools.cluster import Cluster, cluster

from .helpers import token_in
from .test_sign_in import NL, TIMEOUT_MS, main, ready
from .workspace_helpers import NO, YES, answer, answer_radio, step_heading

QUESTIONS = {q.id: q for q in shipped_content().catalogue.step(1).questions}
# Short question texts (a field's name in the warning is cut at 90 characters).
W, X, Y, Z = "s1_owner", "s1_register", "s1_staff_instructions", "s1_owner"
SELF_SCAN = t("history.who.self_scan", NL)  # neither browser is signed in or came through a link
# Each browser is fresh and fetches Streamlit's hundred or so script files through nginx from one
# address: this once gave 429s on a script and a broken page, until deploy/nginx.conf stopped
# counting /static/ against the per-address request limit.


@pytest.fixture(scope="module")
def group() -> Iterator[Cluster]:
    with cluster() as running:
        yield running


@pytest.fixture(scope="module")
def store(group: Cluster) -> Iterator[PostgresStore]:
    """The cluster's database, read beside the app servers."""
    opened = PostgresStore(group.postgres.url)
    yield opened
    opened.close()


def placed(new_page: Callable[[], Page], group: Cluster, server: int) -> Page:
    """A page in a browser of its own that nginx sends to app server `server` (0-based)."""
    page = new_page()
    route = group.route_to(group.apps[server])
    page.context.add_cookies([{"name": "pia_route", "value": route, "url": group.public_base}])
    return page


def open_step_1(page: Page, url: str) -> None:
    page.goto(url)
    expect(main(page).get_by_role("heading", name=step_heading(1))).to_be_visible(timeout=TIMEOUT_MS)
    ready(page)


def stored(store: PostgresStore, token: str) -> tuple[int, dict[str, Answer]]:
    found = store.load(token)
    assert found is not None
    return found.revision, dict(Dossier.model_validate_json(found.data).assessment().answers)


def wait_stored(store: PostgresStore, token: str, after: int) -> tuple[int, dict[str, Answer]]:
    """The stored scan once its revision has moved past `after` (a save landed)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        revision = store.revision(token)
        if revision is not None and revision > after:
            return stored(store, token)
        assert time.monotonic() < deadline, f"no save after revision {after} (still {revision})"
        time.sleep(0.05)  # between two reads of the condition, not a wait for it


def unanswered(page: Page, question_id: str) -> None:
    for label in (YES, NO):
        expect(answer_radio(page, question_id, label)).not_to_be_checked()


def shows(page: Page, answers: dict[str, str]) -> None:
    for question_id, label in answers.items():
        expect(answer_radio(page, question_id, label)).to_be_checked(timeout=TIMEOUT_MS)


def reload(page: Page) -> None:
    page.reload()
    expect(main(page).get_by_role("heading", name=step_heading(1))).to_be_visible(timeout=TIMEOUT_MS)
    ready(page)


def warnings(page: Page) -> Locator:
    return main(page).locator("[data-testid=stAlert]").filter(has_text=SELF_SCAN)


def two_browsers_on_one_scan(
    new_page: Callable[[], Page], group: Cluster, store: PostgresStore
) -> tuple[Page, Page, str, int]:
    """A (app server 1) makes and saves a scan with W answered; B (app server 2) opens it by its
    token and has drawn it. The token and the stored revision."""
    a, b = placed(new_page, group, 0), placed(new_page, group, 1)
    open_step_1(a, f"{group.public_base}/stap-1")
    answer(a, W, YES)
    token = token_in(a.url)
    revision, answers = wait_stored(store, token, 0)
    assert answers == {W: Answer.YES}
    open_step_1(b, f"{group.public_base}/stap-1?scan={token}")
    shows(b, {W: YES})
    assert store.revision(token) == revision, "B's opening saved nothing"
    return a, b, token, revision


def test_two_servers_different_questions_both_answers_are_kept(
    group: Cluster, store: PostgresStore, new_page: Callable[[], Page]
) -> None:
    a, b, token, opened = two_browsers_on_one_scan(new_page, group, store)
    answer(a, X, YES)
    after_a, answers = wait_stored(store, token, opened)
    assert answers == {W: Answer.YES, X: Answer.YES}
    unanswered(b, X)  # B's session has not run since A's save: its base is the first revision

    answer(b, Y, NO)
    after_b, answers = wait_stored(store, token, after_a)
    assert answers == {W: Answer.YES, X: Answer.YES, Y: Answer.NO}, "both answers are stored"
    shows(b, {W: YES, X: YES, Y: NO})  # the merge shows at once in B
    expect(warnings(b)).to_have_count(0)  # nothing overwritten: nobody is warned
    entries = store.changes(token_key(token))
    assert [(e.revision, e.change.field) for e in entries if e.change.field.startswith("answers.")] == [
        (after_b, f"answers.{Y}"),  # only B's own change goes into the log with B's save
        (after_a, f"answers.{X}"),
        (opened, f"answers.{W}"),
    ]

    for page in (a, b):
        reload(page)
        shows(page, {W: YES, X: YES, Y: NO})
    third = placed(new_page, group, 0)
    open_step_1(third, f"{group.public_base}/stap-1?scan={token}")
    shows(third, {W: YES, X: YES, Y: NO})
    assert store.revision(token) == after_b, "reloading saved nothing"


def test_two_servers_same_question_the_later_wins_and_can_put_the_other_back(
    group: Cluster, store: PostgresStore, new_page: Callable[[], Page]
) -> None:
    a, b, token, opened = two_browsers_on_one_scan(new_page, group, store)
    answer(a, Z, NO)  # A changes Z (W, answered Ja on making the scan) first
    after_a, answers = wait_stored(store, token, opened)
    assert answers == {Z: Answer.NO}
    shows(b, {Z: YES})  # B's session has not run since A's save: its base is the first revision

    mine, theirs = t("common.answer.partly", NL), NO
    answer(b, Z, mine)
    after_b, answers = wait_stored(store, token, after_a)
    assert answers == {Z: Answer.PARTLY}, "the later save wins"
    text = t(
        "history.conflict",
        NL,
        field=field_text(f"answers.{Z}", NL),
        who=SELF_SCAN,
        their=theirs,
        mine=mine,
    ).replace("**", "")
    assert QUESTIONS[Z].text(NL).text in text
    told = warnings(b)
    expect(told).to_have_count(1, timeout=TIMEOUT_MS)
    expect(told).to_have_text(re.compile(r"\s+".join(map(re.escape, text.split()))))
    shows(b, {Z: mine})
    entries = store.changes(token_key(token), field=f"answers.{Z}")
    assert [(e.revision, e.change.old, e.change.new) for e in entries] == [
        (after_b, '"no"', '"partly"'),  # A's answer is the old value of B's entry: nothing lost
        (after_a, '"yes"', '"no"'),
        (opened, None, '"yes"'),
    ]

    back = main(b).get_by_role("button", name=t("history.put_back", NL, who=SELF_SCAN), exact=True)
    back.click()
    put_back, answers = wait_stored(store, token, after_b)
    assert answers == {Z: Answer.NO}, "A's answer is stored again"
    shows(b, {Z: theirs})
    expect(warnings(b)).to_have_count(0, timeout=TIMEOUT_MS)
    ready(b)
    newest = store.changes(token_key(token), field=f"answers.{Z}", limit=1)[0]
    assert (newest.revision, newest.change.old, newest.change.new) == (put_back, '"partly"', '"no"')

    for page in (a, b):
        reload(page)
        shows(page, {Z: theirs})
    assert store.revision(token) == put_back
