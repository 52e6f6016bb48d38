"""Start page: the organisation (for every activity, with the FG questions of step 0), then the
chosen processing activity (name, description, DPIA check)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from pia_core.analysis.scoring import first_step
from pia_core.i18n import t
from pia_core.scan.model import CONTACT_MAX, NAME_MAX, TEXT_MAX
from pia_core.ui.demo_loader import render_demo_loader
from pia_core.ui.navigation import step_page
from pia_core.ui.page_nav import render_start_button
from pia_core.ui.panels import panel
from pia_core.ui.presentation import START_PART, render_consultant_notes, render_step_bar
from pia_core.ui.scan_controls import render_scan_controls
from pia_core.ui.scan_mode import render_scan_mode
from pia_core.ui.screening_panel import render_screening
from pia_core.ui.state import DATE_FIELD, assessment, bind, cat, lang, report
from pia_core.ui.step_page import render_notes, render_questions
from pia_core.vocabulary import Language, Sector, Size
from pia_core.wording.verdict import step_weights_text

FG_STEP = 0


CUT_KEY = "pia_cut_fields"  # fields whose last pasted text was cut at their limit, this run


def _setter(path: str, limit: int | None = None, key: str | None = None) -> Callable[[object], None]:
    """A writer for a dotted attribute path of the assessment, e.g. 'organisation.name'. Text is
    trimmed and capped at `limit`, so a pasted overlong value is cut (and the field says so),
    never refused."""

    def write(value: object) -> None:
        target: object = assessment()
        *parents, attr = path.split(".")
        for parent in parents:
            target = getattr(target, parent)
        if isinstance(value, str) and limit is not None:
            value = value.strip()
            if len(value) > limit and key is not None:
                st.session_state.setdefault(CUT_KEY, set()).add(key)
            value = value[:limit]
        if value is not None:
            setattr(target, attr, value)

    return write


def _text(label: str, path: str, key: str, value: str, limit: int, column: Any = st, **extra: Any) -> None:
    """A one-line text field of at most `limit` characters. The browser is not told the limit: it
    drops a paste that is longer, leaving the field empty without a word. The server cuts it and
    says so under the field."""
    column.text_input(label, **extra, **bind(key, value, _setter(path, limit, key)))
    cut: set[str] = st.session_state.get(CUT_KEY, set())
    if key in cut:
        cut.discard(key)
        column.warning(t("start.cut", lang(), limit=limit), icon=":material/content_cut:")


def render_organisation() -> None:
    """What holds for every processing activity: who the organisation is, its FG, who assessed."""
    language = lang()
    current = assessment()
    org = current.organisation
    st.header(t("start.organisation", language))
    st.caption(t("start.organisation_scope", language))
    col_name, col_sector = st.columns(2)
    _text(t("start.org_name", language), "organisation.name", "org_name", org.name, NAME_MAX, col_name)
    col_sector.selectbox(
        t("start.sector", language),
        options=list(Sector),
        format_func=lambda s: t(f"common.sector.{s.value}", language),
        help=t("start.sector_help", language),
        # The browser keeps a selectbox's value as its label: a key per language makes a
        # language switch show the new labels instead of the old, untranslated one.
        **bind(f"org_sector_{language}", org.sector, _setter("organisation.sector")),
    )
    col_size, col_contact = st.columns(2)
    col_size.selectbox(
        t("start.org_size", language),
        options=list(Size),
        index=None,
        format_func=lambda s: t(f"start.size.{s.value}", language),
        placeholder=t("start.org_size_placeholder", language),
        help=t("start.org_size_help", language),
        **bind(f"org_size_{language}", org.size, _setter("organisation.size")),
    )
    _text(
        t("start.org_contact", language),
        "organisation.contact",
        "org_contact",
        org.contact,
        CONTACT_MAX,
        col_contact,
        help=t("start.org_contact_help", language),
    )
    col_fg, col_fg_contact = st.columns(2)
    _text(
        t("start.fg_name", language),
        "organisation.fg_name",
        "org_fg_name",
        org.fg_name,
        NAME_MAX,
        col_fg,
        help=t("start.fg_name_help", language),
    )
    _text(
        t("start.fg_contact", language),
        "organisation.fg_contact",
        "org_fg_contact",
        org.fg_contact,
        CONTACT_MAX,
        col_fg_contact,
    )
    col_who, col_date = st.columns(2)
    _text(t("start.assessor", language), "assessor", "assessor", current.assessor, NAME_MAX, col_who)
    col_date.date_input(
        t("start.date", language), **DATE_FIELD, **bind("assessment_date", current.date, _setter("date"))
    )


def render_fg_questions() -> None:
    """Step 0 (the FG): asked once for the whole organisation, folded away."""
    language = lang()
    # The count sits beside the panel, not in its title: a changed title would be a new panel,
    # folded again after every answer (pia_core/ui/panels.py).
    st.caption(_fg_progress(language))
    with panel(_fg_title(language), "fg", icon=":material/badge:"):
        st.markdown(cat().step(FG_STEP).intro(language))
        render_questions(FG_STEP)
        render_notes(FG_STEP)
    render_consultant_notes(FG_STEP)


def render_activity() -> None:
    """What belongs to the chosen processing activity only: its name, description, DPIA check."""
    language = lang()
    current = assessment()
    st.header(t("start.activity", language))
    st.caption(t("start.activity_scope", language))
    _text(
        t("start.activity_name", language),
        "activity.name",
        "activity_name",
        current.activity.name,
        NAME_MAX,
        placeholder=t("start.activity_placeholder", language),
    )
    if not current.activity.name.strip():
        st.caption(t("start.activity_unnamed", language))
    st.text_area(
        t("start.activity_description", language),
        max_chars=TEXT_MAX,
        help=t("start.activity_description_help", language),
        **bind(
            "activity_description", current.activity.description, _setter("activity.description", TEXT_MAX)
        ),
    )
    with panel(t("start.screening_label", language), "screening", icon=":material/fact_check:"):
        render_screening()


def render_how_scoring_works() -> None:
    language = lang()
    levels = cat().scoring.levels
    bands = ", ".join(f"{level.name[language]} ({level.min:.0f}+)" for level in levels)
    with panel(t("start.how_title", language), "how_scoring_works"):
        weights = step_weights_text(cat(), language)
        st.markdown(
            t("start.how", language, levels=bands, lowest=levels[0].name[language], step_weights=weights)
        )


def _fg_title(language: Language) -> str:
    return t("start.fg_heading", language, title=cat().step(FG_STEP).title(language))


def _fg_progress(language: Language) -> str:
    """How far the folded FG questions are answered, shown beside the panel."""
    result = report().steps[FG_STEP]
    answered = t("step.answered", language, answered=result.answered, applicable=result.applicable)
    return f"{_fg_title(language)}: {answered}"


def render_start() -> None:
    """For a prospect: what this is, one clear button to start, then the details.

    The organisation with the FG questions (step 0, one answer for every activity), then the chosen
    processing activity with its DPIA check: all still asked here, but folded away or below the
    button, so nothing stands between the prospect and step 1.
    """
    language = lang()
    render_step_bar(START_PART)
    st.title(t("start.title", language))
    st.markdown(t("start.intro", language))
    render_scan_mode()
    # The first step that asks something: a quick scan of sector "Anders" asks nothing in step 1.
    first = step_page(first_step(assessment(), cat()))
    render_start_button("start_scan_top", first)
    render_scan_controls()
    render_demo_loader()
    render_organisation()
    render_fg_questions()
    render_activity()
    render_how_scoring_works()
    render_start_button("start_scan_bottom", first)
    st.caption(t("start.disclaimer", language))
