"""The renderer every step page calls: heading, introduction, questions, score, notes, prev/next."""

from __future__ import annotations

import streamlit as st

from pia_core.analysis.scoring import applicable_questions, level_for
from pia_core.i18n import t
from pia_core.scan.model import TEXT_MAX
from pia_core.ui.comments import render_step_count
from pia_core.ui.navigation import START, next_after, step_page
from pia_core.ui.page_nav import render_prev_next_buttons
from pia_core.ui.presentation import render_consultant_notes, render_step_bar, step_part
from pia_core.ui.questions import render_question
from pia_core.ui.scoreboard import level_badge
from pia_core.ui.state import assessment, bind, cat, lang, report
from pia_core.wording.steps import hidden_note, quick_note
from pia_core.wording.verdict import format_score


def render_questions(number: int) -> None:
    """The applicable questions of a step, and a note on the ones hidden for this sector."""
    current, catalogue = assessment(), cat()
    step = catalogue.step(number)
    shown = applicable_questions(step, current)
    for question in shown:
        render_question(question, current, catalogue)
    for note in (hidden_note(step, current, current.language), quick_note(step, current, current.language)):
        if note:
            st.caption(note)


def render_notes(number: int) -> None:
    def write(text: str) -> None:
        assessment().set_note(number, text or "")

    st.text_area(
        t("step.notes", lang()),
        help=t("step.notes_help", lang()),
        max_chars=TEXT_MAX,
        **bind(f"notes_{number}", assessment().notes.get(number, ""), write),
    )


def render_step_score(number: int) -> None:
    """One line: the step's score, its level and how many questions are answered."""
    language = lang()
    result = report().steps[number]
    answered = t("step.answered", language, answered=result.answered, applicable=result.applicable)
    if result.score is None:
        line = f"{t('step.score', language)}: **{format_score(None, language)}** · {answered}"
        st.markdown(f"{line}  \n{t('step.no_score_help', language)}")
        return
    badge = level_badge(level_for(result.score, cat()), language)
    score = format_score(result.score, language)
    st.markdown(
        f"<div class='pia-step-score'>{t('step.score', language)}: <b>{score}</b> {badge}"
        f" <span class='pia-muted'>· {answered}</span></div>",
        unsafe_allow_html=True,
    )


def render_prev_next(number: int) -> None:
    previous = START if number == 1 else step_page(number - 1)
    render_prev_next_buttons(previous, next_after(number), key=f"step_{number}")


def render_step(number: int) -> None:
    language = lang()
    step = cat().step(number)
    render_step_bar(step_part(number))
    st.title(t("step.heading", language, number=number, title=step.title(language)))
    render_step_count(number)  # "3 open opmerkingen", when there are any
    st.markdown(step.intro(language))
    render_step_score(number)
    render_questions(number)
    render_notes(number)
    render_consultant_notes(number)
    render_prev_next(number)
