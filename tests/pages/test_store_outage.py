"""When the scan store cannot be reached (a database restart), nothing typed is lost.

The session keeps its scan, the user is told so in their language, and the first run after the
store is back saves everything (also without a click: the notice retries by itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer, Assessment, Language
from pia_core.storage import ScanStore, StoredScan, StoreUnavailable, new_token, open_store

from ..apptest import START_PAGE, goto, new_app, set_language

Q1, Q2 = (q.id for q in shipped_content().catalogue.step(1).questions[:2])


class FlakyStore:
    """The real store, unreachable while `down` is set."""

    def __init__(self, inner: ScanStore) -> None:
        self.inner, self.down = inner, False

    def _check(self) -> None:
        if self.down:
            raise StoreUnavailable("down for the test")

    def load(self, token: str) -> StoredScan | None:
        self._check()
        return self.inner.load(token)

    def revision(self, token: str) -> int | None:
        self._check()
        return self.inner.revision(token)

    def save(self, token: str, data: str, now: dt.datetime | None = None) -> int:
        self._check()
        return self.inner.save(token, data, now)

    def delete(self, token: str) -> bool:
        self._check()
        return self.inner.delete(token)

    def purge(self, updated_before: dt.datetime) -> int:
        self._check()
        return self.inner.purge(updated_before)


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[FlakyStore]:
    flaky = FlakyStore(open_store())
    monkeypatch.setattr("pia_core.ui.persistence.open_store", lambda: flaky)
    yield flaky


def answer(at: AppTest, qid: str, value: Answer) -> None:
    at.radio(key=f"q_{qid}").set_value(value).run()
    assert not at.exception, at.exception


def saved(store: FlakyStore, at: AppTest) -> dict[str, Answer]:
    found = store.inner.load(str(at.session_state["_scan_token"]))
    return {} if found is None else dict(Dossier.model_validate_json(found.data).assessment().answers)


def texts_of(at: AppTest, kind: str) -> list[str]:
    return [str(getattr(element, "value", "")) for element in at.get(kind)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_answers_given_while_the_store_is_down_are_saved_when_it_is_back(
    store: FlakyStore, language: Language
) -> None:
    at = set_language(goto(new_app(), "app_pages/step_01.py"), language)
    answer(at, Q1, Answer.YES)
    assert saved(store, at) == {Q1: Answer.YES}

    store.down = True
    answer(at, Q2, Answer.NO)
    assert any(t("scan.save_failed", language) in text for text in texts_of(at, "toast"))
    assert saved(store, at) == {Q1: Answer.YES}, "not in the store yet"
    answer(at, Q1, Answer.PARTLY)
    assert t("scan.save_pending", language) in texts_of(at, "warning")
    assert at.radio(key=f"q_{Q2}").value is Answer.NO, "the session keeps what was typed"

    store.down = False
    at.run()  # the next run (a click, or the notice's own retry) saves all of it
    assert not at.exception, at.exception
    assert saved(store, at) == {Q1: Answer.PARTLY, Q2: Answer.NO}
    assert t("scan.save_pending", language) not in texts_of(at, "warning")


def test_a_link_opened_while_the_store_is_down_keeps_its_token_and_says_why(store: FlakyStore) -> None:
    token = new_token()
    store.inner.save(token, Assessment(answers={Q1: Answer.YES}).model_dump_json())
    store.down = True
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.query_params["scan"] = token
    at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [f"{t('scan.load_failed', 'nl')}\n\n{t('scan.load_failed', 'en')}"]
    assert "_scan_token" not in at.session_state, "no fresh scan under a new token"
    assert not at.radio, "no empty scan shown"

    store.down = False
    at.run()  # a reload in a minute
    assert at.session_state["_scan_token"] == token
    assert at.query_params["scan"] == token


def test_delete_while_the_store_is_down_says_so_and_changes_nothing(store: FlakyStore) -> None:
    """Deleting one's data during an outage crashed the page; now it says it did not happen."""
    at = goto(new_app(), "app_pages/step_01.py")
    answer(at, Q1, Answer.YES)
    token = str(at.session_state["_scan_token"])
    goto(at, START_PAGE)
    store.down = True
    at.button(key="scan_delete").click().run()
    assert not at.exception, at.exception
    assert t("scan.delete_failed", "nl") in texts_of(at, "error")
    assert at.session_state["_scan_token"] == token
    assert at.session_state["assessment"].answers == {Q1: Answer.YES}

    store.down = False
    at.button(key="scan_delete").click().run()  # tried again once the store is back
    assert store.inner.load(token) is None
