"""One question: its answer control and the live hint that explains the answer."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pia_core.content.loader import Catalogue, Question
from pia_core.i18n import t
from pia_core.model import Answer, Assessment, Language
from pia_core.scoring import CRITICAL_ANSWERS
from pia_core.ui.state import assessment, bind

ANSWERS = list(Answer)


def _write_answer(question_id: str) -> Callable[[Answer | None], None]:
    def write(value: Answer | None) -> None:
        assessment().set_answer(question_id, value)

    return write


def render_hint(question: Question, answer: Answer | None, catalogue: Catalogue, language: Language) -> None:
    """Good answer: what to keep doing. Weak answer: the action and the article it rests on."""
    if answer is None:
        return
    text = question.text(language)
    if answer is Answer.YES:
        st.success(f"**{t('step.good', language)}** {text.do}", icon=":material/check_circle:")
        return
    if answer is Answer.NA:
        st.caption(t("step.na_note", language))
        return
    refs = t("step.references", language, refs="; ".join(catalogue.references(question, language)))
    if question.spec.critical and answer in CRITICAL_ANSWERS:
        heading = t("step.critical_action", language)
        st.error(f"**{heading}** {text.action}\n\n{refs}", icon=":material/error:")
        return
    extra = f"\n\n{t('step.unknown_note', language)}" if answer is Answer.UNKNOWN else ""
    st.warning(f"**{t('step.action', language)}** {text.action}\n\n{refs}{extra}", icon=":material/build:")


def render_question(question: Question, current: Assessment, catalogue: Catalogue) -> None:
    language = current.language
    text = question.text(language)
    answer = current.answers.get(question.id)
    with st.container(border=True):
        label = text.text
        if question.spec.critical:
            label = f"{label} :red-badge[{t('step.critical', language)}]"
        st.radio(
            label,
            options=ANSWERS,
            index=None,
            horizontal=True,
            format_func=lambda a: t(f"common.answer.{a.value}", language),
            help=t("step.critical_help", language) if question.spec.critical else None,
            **bind(f"q_{question.id}", answer, _write_answer(question.id)),
        )
        if text.explanation:
            st.caption(text.explanation)
        render_hint(question, answer, catalogue, language)
