"""One question: its answer control, the live hint that explains the answer, and its comments."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pia_core.analysis.evaluation import Evaluation
from pia_core.analysis.facts import critical_because, explain, na_conflicts
from pia_core.content.loader import Catalogue, Question
from pia_core.i18n import t
from pia_core.scan.model import REASON_MAX, Assessment
from pia_core.ui.comments import render_question_comments
from pia_core.ui.state import assessment, bind, evaluation
from pia_core.vocabulary import Answer, Language

ANSWERS = list(Answer)


def _write_answer(question_id: str) -> Callable[[Answer | None], None]:
    def write(value: Answer | None) -> None:
        assessment().set_answer(question_id, value)

    return write


def _write_reason(question_id: str) -> Callable[[str | None], None]:
    def write(value: str | None) -> None:
        assessment().set_na_reason(question_id, value or "")

    return write


def render_na(question: Question, judged: Evaluation, catalogue: Catalogue, language: Language) -> None:
    """N.v.t.: a contradiction with what the scan knows, a reason for a critical question, or a note."""
    conflicts = na_conflicts(question, judged.facts)
    if conflicts:
        because = explain(conflicts, judged.facts, catalogue, language)
        st.error(t("step.na_conflict", language, because=because), icon=":material/rule:")
    if not judged.is_critical(question.id) or question.spec.na_plain:
        st.caption(t("step.na_note", language))
        return
    current = assessment().na_reason(question.id)
    st.text_input(
        t("step.na_reason", language),
        max_chars=REASON_MAX,
        help=t("step.na_reason_help", language),
        **bind(f"na_{question.id}", current, _write_reason(question.id)),
    )
    if not current and not conflicts:
        st.warning(t("step.na_reason_missing", language), icon=":material/edit_note:")


def render_hint(question: Question, answer: Answer | None, catalogue: Catalogue, language: Language) -> None:
    """Good answer: what to keep doing. Weak answer: the action and the article it rests on."""
    if answer is None:
        return
    judged = evaluation()
    text = question.text(language)
    if answer is Answer.YES:
        st.success(f"**{t('step.good', language)}** {text.do}", icon=":material/check_circle:")
        return
    if answer is Answer.NA:
        render_na(question, judged, catalogue, language)
        return
    refs = t("step.references", language, refs=catalogue.reference_text(question.references, language))
    if judged.is_critical(question.id) and answer in catalogue.scoring.critical_answers:
        heading = t("step.critical_action", language)
        extra = f"\n\n{t('step.partly_critical', language)}" if answer is Answer.PARTLY else ""
        st.error(f"**{heading}** {text.action}\n\n{refs}{extra}", icon=":material/error:")
        return
    extra = f"\n\n{t('step.unknown_note', language)}" if answer is Answer.UNKNOWN else ""
    st.warning(f"**{t('step.action', language)}** {text.action}\n\n{refs}{extra}", icon=":material/build:")


def _critical_help(question: Question, judged: Evaluation, catalogue: Catalogue, language: Language) -> str:
    because = critical_because(question, judged.facts)
    if not because:
        return t("step.critical_help", language)
    reason = t("step.critical_because", language, because=explain(because, judged.facts, catalogue, language))
    return f"{reason} {t('step.critical_help', language)}"


def render_question(question: Question, current: Assessment, catalogue: Catalogue) -> None:
    language = current.language
    text = question.text(language)
    answer = current.answers.get(question.id)
    judged = evaluation()
    critical = judged.is_critical(question.id)
    with st.container(border=True):
        label = text.text
        if critical:
            label = f"{label} :red-badge[{t('step.critical', language)}]"
        st.radio(
            label,
            options=ANSWERS,
            index=None,
            horizontal=True,
            format_func=lambda a: t(f"common.answer.{a.value}", language),
            help=_critical_help(question, judged, catalogue, language) if critical else None,
            **bind(f"q_{question.id}", answer, _write_answer(question.id)),
        )
        if text.explanation:
            st.caption(text.explanation)
        render_hint(question, answer, catalogue, language)
        render_question_comments(question.id)
