"""Helpers for AppTest tests of the real app."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer, Assessment
from pia_core.storage import ScanStore

STEP_PAGES = [f"app_pages/step_{n:02d}.py" for n in range(1, 11)]
ALL_PAGES = ["app_pages/start.py", *STEP_PAGES, "app_pages/flows.py", "app_pages/summary.py"]


def new_app() -> AppTest:
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


START_PAGE = "app_pages/start.py"


def goto(at: AppTest, page: str) -> AppTest:
    if page == START_PAGE:
        # AppTest quirk (streamlit 1.67): a run requested with the default page's own hash runs
        # app_pages/start.py alone, without app.py (no sidebar, no autosave), from then on. The
        # browser asks for the default page with an empty hash, which runs app.py: do the same.
        at._page_hash = ""
        at._finished_page_script_hash = ""
        at.run()
    else:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_scan(token: str, page: str = STEP_PAGES[0]) -> AppTest:
    """A new session that opens the scan link `?scan=token`, then goes to `page`."""
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.query_params["scan"] = token
    at.run()
    assert not at.exception, at.exception
    return goto(at, page)


def answer(at: AppTest, qid: str, value: Answer) -> None:
    """Answer question `qid` as a user clicks it (a widget event)."""
    at.radio(key=f"q_{qid}").set_value(value).run()
    assert not at.exception, at.exception


def stored_answers(store: ScanStore, token: str) -> dict[str, Answer]:
    """The answers of the chosen activity as the store holds them under `token`."""
    found = store.load(token)
    assert found is not None
    return dict(Dossier.model_validate_json(found.data).assessment().answers)


def state(at: AppTest) -> Assessment:
    value = at.session_state["assessment"]
    assert isinstance(value, Assessment)
    return value


def set_language(at: AppTest, language: str) -> AppTest:
    at.sidebar.segmented_control(key="ui_language").set_value(language).run()
    assert not at.exception
    return at
