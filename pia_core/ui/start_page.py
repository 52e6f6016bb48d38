"""Start page: organisation, sector, the processing activity, the FG questions (step 0)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pia_core.analysis.verdict_text import step_weights_text
from pia_core.i18n import t
from pia_core.scan.model import NAME_MAX, TEXT_MAX, Language, Sector
from pia_core.ui.demo_loader import render_demo_loader
from pia_core.ui.navigation import step_page
from pia_core.ui.page_nav import render_start_button
from pia_core.ui.presentation import START_PART, render_consultant_notes, render_step_bar
from pia_core.ui.scan_controls import render_scan_controls
from pia_core.ui.scan_mode import render_scan_mode
from pia_core.ui.screening_panel import render_screening
from pia_core.ui.state import DATE_FIELD, assessment, bind, cat, lang, report
from pia_core.ui.step_page import render_notes, render_questions

FG_STEP = 0


def _setter(path: str) -> Callable[[object], None]:
    """A writer for a dotted attribute path of the assessment, e.g. 'organisation.name'."""

    def write(value: object) -> None:
        target: object = assessment()
        *parents, attr = path.split(".")
        for parent in parents:
            target = getattr(target, parent)
        if value is not None:
            setattr(target, attr, value)

    return write


def render_organisation() -> None:
    language = lang()
    current = assessment()
    st.header(t("start.organisation", language))
    col_name, col_sector = st.columns(2)
    col_name.text_input(
        t("start.org_name", language),
        max_chars=NAME_MAX,
        **bind("org_name", current.organisation.name, _setter("organisation.name")),
    )
    col_sector.selectbox(
        t("start.sector", language),
        options=list(Sector),
        format_func=lambda s: t(f"common.sector.{s.value}", language),
        help=t("start.sector_help", language),
        # The browser keeps a selectbox's value as its label: a key per language makes a
        # language switch show the new labels instead of the old, untranslated one.
        **bind(f"org_sector_{language}", current.organisation.sector, _setter("organisation.sector")),
    )
    st.header(t("start.activity", language))
    st.text_input(
        t("start.activity_name", language),
        max_chars=NAME_MAX,
        placeholder=t("start.activity_placeholder", language),
        **bind("activity_name", current.activity.name, _setter("activity.name")),
    )
    st.text_area(
        t("start.activity_description", language),
        max_chars=TEXT_MAX,
        help=t("start.activity_description_help", language),
        **bind("activity_description", current.activity.description, _setter("activity.description")),
    )
    col_who, col_date = st.columns(2)
    col_who.text_input(
        t("start.assessor", language),
        max_chars=NAME_MAX,
        **bind("assessor", current.assessor, _setter("assessor")),
    )
    col_date.date_input(
        t("start.date", language), **DATE_FIELD, **bind("assessment_date", current.date, _setter("date"))
    )


def render_how_scoring_works() -> None:
    language = lang()
    levels = cat().scoring.levels
    bands = ", ".join(f"{level.name[language]} ({level.min:.0f}+)" for level in levels)
    with st.expander(t("start.how_title", language)):
        weights = step_weights_text(cat(), language)
        st.markdown(
            t("start.how", language, levels=bands, lowest=levels[0].name[language], step_weights=weights)
        )


def _fg_label(language: Language) -> str:
    """The folded FG questions say what they are and how far they are answered."""
    step = cat().step(FG_STEP)
    result = report().steps[FG_STEP]
    title = t("start.fg_heading", language, title=step.title(language))
    answered = t("step.answered", language, answered=result.answered, applicable=result.applicable)
    return f"{title} · {answered}"


def render_start() -> None:
    """For a prospect: what this is, one clear button to start, then the details.

    The organisation, the DPIA check and the FG questions (step 0) are all still asked here, but
    folded away or below the button, so nothing stands between the prospect and step 1.
    """
    language = lang()
    render_step_bar(START_PART)
    st.title(t("start.title", language))
    st.markdown(t("start.intro", language))
    render_scan_mode()
    render_start_button("start_scan_top", step_page(1))
    render_scan_controls()
    render_demo_loader()
    render_organisation()
    with st.expander(t("start.screening_label", language), icon=":material/fact_check:"):
        render_screening()
    with st.expander(_fg_label(language), icon=":material/badge:"):
        st.markdown(cat().step(FG_STEP).intro(language))
        render_questions(FG_STEP)
        render_notes(FG_STEP)
    render_consultant_notes(FG_STEP)
    render_how_scoring_works()
    render_start_button("start_scan_bottom", step_page(1))
    st.caption(t("start.disclaimer", language))
