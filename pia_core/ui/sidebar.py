"""Sidebar: the activity switcher, language switch, live overall score and level, progress, every step."""

from __future__ import annotations

import html

import streamlit as st

from pia_core.analysis.scoring import StepStatus
from pia_core.i18n import t
from pia_core.ui.activities import (
    NEW_NAME_KEY,
    RENAME_PREFIX,
    apply_request,
    forget_widget_state,
    render_activity_bar,
)
from pia_core.ui.comments import COMMENT_WIDGETS, refresh_comments, render_sidebar_count
from pia_core.ui.navigation import (
    ACCESSIBILITY,
    AFTER_STEPS,
    START,
    STEP_COUNT,
    page_of,
    step_page,
    step_title,
)
from pia_core.ui.presentation import is_on, render_agenda_panel, render_sidebar_controls
from pia_core.ui.scoreboard import show_verdict, style_sheet
from pia_core.ui.state import assessment, bind, content, evaluation
from pia_core.vocabulary import LANGUAGES, Language
from pia_core.wording.verdict import format_score

LANGUAGE_NAMES: dict[Language, str] = {"nl": "Nederlands", "en": "English"}
STATUS_ICONS = {
    StepStatus.NOT_STARTED: ":material/radio_button_unchecked:",
    StepStatus.IN_PROGRESS: ":material/timelapse:",
    StepStatus.COMPLETE: ":material/check_circle:",
}


# Widget state that must survive a language switch as it is: the switch itself, the tables,
# whose pending edits their pages apply (and re-seed) on their own, and what is typed in the
# activity panel or a comment but not yet saved.
KEEP_ON_SWITCH = (
    "ui_language",
    "flows_editor_",
    "action_plan_",
    NEW_NAME_KEY,
    RENAME_PREFIX,
    COMMENT_WIDGETS,
)


def _write_language(value: Language | None) -> None:
    """Switch the language and forget the widgets' own state: their labels change, so Streamlit
    sees new widgets and would show them empty (a radio without its answer). Every bound widget
    is seeded again from the scan in this run."""
    if value not in LANGUAGES or value == assessment().language:
        return
    assessment().language = value
    forget_widget_state(keep=KEEP_ON_SWITCH)


def render_language_switch() -> None:
    current = assessment().language
    st.segmented_control(
        t("sidebar.language", current),
        options=list(LANGUAGES),
        format_func=lambda code: LANGUAGE_NAMES[code],
        selection_mode="single",
        **bind("ui_language", current, _write_language, own=True),
    )


def render_brand(language: Language) -> None:
    """The firm running the app (or the product), its logo and contact; a warning if its file is broken."""
    brand = content().branding
    if brand.logo_bytes:
        st.logo(brand.logo_bytes, size="large")
    title = html.escape(brand.name or t("common.app_title", language))
    colour = brand.settings.colours.primary
    # The style sheet rides along with the brand line: one element fewer on every run.
    st.markdown(
        f"<style>{style_sheet()}</style><div class='pia-brand' style='color: {colour}'>{title}</div>",
        unsafe_allow_html=True,
    )
    if brand.warning:
        st.warning(t("sidebar.branding_warning", language, detail=brand.warning), icon=":material/warning:")


def render_sidebar() -> None:
    # A change of activity asked for in this run's callbacks, before the sidebar and the page read
    # the scan (the evaluation made for the old activity at the start of the run is dropped with it).
    apply_request()
    refresh_comments()  # the scan's comments, read once for this run: every count and thread
    with st.sidebar:
        render_brand(assessment().language)
        render_activity_bar()
        render_language_switch()
        language = assessment().language
        judged = evaluation()
        result = judged.score
        st.metric(t("sidebar.overall", language), format_score(result.overall, language))
        show_verdict(judged, language)
        applicable = max(result.applicable, 1)
        st.progress(
            result.answered / applicable,
            text=t("sidebar.progress", language, answered=result.answered, applicable=result.applicable),
        )
        render_sidebar_count()  # "3 open opmerkingen" in the whole scan, when there are any
        render_agenda_panel()
        st.page_link(page_of(START, language), label=t("sidebar.start", language), icon=START.icon)
        if not is_on():  # presentation mode: the list speaks for itself, the agenda needs the room
            st.caption(t("sidebar.steps", language))
        for number in range(1, STEP_COUNT + 1):
            step = result.steps[number]
            status = t(f"common.status.{step.status.value}", language)
            label = step_title(number, language)
            if step.score is not None:
                label += f" · {step.score:.0f}"
            st.page_link(
                page_of(step_page(number), language),
                label=label,
                icon=STATUS_ICONS[step.status],
                help=status,
            )
        for ref, title_key in AFTER_STEPS:
            st.page_link(page_of(ref, language), label=t(title_key, language), icon=ref.icon)
        render_sidebar_controls()
        # The organisation's pages are linked beside the activity switcher, at the top.
        st.page_link(
            page_of(ACCESSIBILITY, language),
            label=t("accessibility.nav_title", language),
            icon=ACCESSIBILITY.icon,
        )
