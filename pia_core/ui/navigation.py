"""The page list: one place that knows every page's file, url and title."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from pia_core.content.schema import STEP_COUNT as STEP_COUNT  # the catalogue's steps after step 0
from pia_core.i18n import t
from pia_core.ui.signin import auth_configured
from pia_core.ui.state import cat
from pia_core.vocabulary import Language


@dataclass(frozen=True)
class PageRef:
    path: str
    url: str
    icon: str


START = PageRef("app_pages/start.py", "start", ":material/home:")
FLOWS = PageRef("app_pages/flows.py", "communicatie", ":material/forward_to_inbox:")
SUMMARY = PageRef("app_pages/summary.py", "samenvatting", ":material/summarize:")
# Pages after the ten steps, in order, with the UI text key of their title.
AFTER_STEPS: tuple[tuple[PageRef, str], ...] = ((FLOWS, "flows.nav_title"), (SUMMARY, "summary.nav_title"))
# The whole organisation, all its processing activities at once: linked beside the activity switcher.
OVERVIEW = PageRef("app_pages/overview.py", "overzicht", ":material/grid_view:")
REGISTER = PageRef("app_pages/register.py", "register", ":material/table_view:")
HISTORY = PageRef("app_pages/history.py", "geschiedenis", ":material/history:")  # the chosen activity's
ORGANISATION_PAGES: tuple[tuple[PageRef, str], ...] = (
    (OVERVIEW, "overview.nav_title"),
    (REGISTER, "register.nav_title"),
    (HISTORY, "history.nav_title"),
)
# Not part of the scan's order (no step bar, no Vorige/Volgende): linked at the foot of the sidebar.
ACCESSIBILITY = PageRef("app_pages/accessibility.py", "toegankelijkheid", ":material/accessibility_new:")
EXTRA_PAGES: tuple[tuple[PageRef, str], ...] = (
    *ORGANISATION_PAGES,
    (ACCESSIBILITY, "accessibility.nav_title"),
)
# The consultants' workspace: a page only where sign-in is configured (pia_core/ui/signin.py).
WORKSPACE = PageRef("app_pages/workspace.py", "werkruimte", ":material/badge:")


def _optional_pages() -> tuple[tuple[PageRef, str], ...]:
    return ((WORKSPACE, "workspace.nav_title"),) if auth_configured() else ()


def step_page(number: int) -> PageRef:
    return PageRef(f"app_pages/step_{number:02d}.py", f"stap-{number}", ":material/checklist:")


def step_title(number: int, language: Language) -> str:
    return t("step.page_title", language, number=number, title=cat().step(number).title(language))


def all_pages(language: Language) -> list[st.Page]:
    """The pages, built once per session and language (Streamlit mutates them, so not shared)."""
    key = f"_pages_{language}"
    if key not in st.session_state:
        st.session_state[key] = _build_pages(language)
    pages: list[st.Page] = st.session_state[key]
    return pages


def page_of(ref: PageRef, language: Language) -> st.Page:
    """The registered page of `ref`, for `st.page_link`.

    Given a file path, `st.page_link` resolves it on disk (realpath) and searches every page on
    every call; the sidebar alone has 13 links per run. Given the page object it only checks the
    page's hash.
    """
    key = f"_pages_by_path_{language}"
    index: dict[str, st.Page] | None = st.session_state.get(key)
    if index is None:
        paths = [START.path, *(step_page(n).path for n in range(1, STEP_COUNT + 1))]
        paths += [after.path for after, _ in (*AFTER_STEPS, *EXTRA_PAGES, *_optional_pages())]
        index = dict(zip(paths, all_pages(language), strict=True))
        st.session_state[key] = index
    return index[ref.path]


def _build_pages(language: Language) -> list[st.Page]:
    pages = [
        st.Page(
            START.path,
            title=t("start.nav_title", language),
            icon=START.icon,
            url_path=START.url,
            default=True,
        )
    ]
    for number in range(1, STEP_COUNT + 1):
        ref = step_page(number)
        pages.append(st.Page(ref.path, title=step_title(number, language), icon=ref.icon, url_path=ref.url))
    for ref, title_key in (*AFTER_STEPS, *EXTRA_PAGES, *_optional_pages()):
        pages.append(st.Page(ref.path, title=t(title_key, language), icon=ref.icon, url_path=ref.url))
    return pages


def next_after(number: int) -> PageRef | None:
    """The page the "next" link of step `number` goes to."""
    if number < STEP_COUNT:
        return step_page(number + 1)
    return AFTER_STEPS[0][0] if AFTER_STEPS else None
