"""The DPIA check: tick boxes for the EDPB criteria and the AP list, and the live verdict with reasons."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pia_core.analysis.dpia_duty import DONE_ANSWERS, FG_ANSWERS, QUALITY_ANSWERS, asked
from pia_core.analysis.screening import (
    Basis,
    ScreeningItem,
    ScreeningResult,
    Verdict,
    verdict_text,
)
from pia_core.i18n import t
from pia_core.scan.model import NAME_MAX, TEXT_MAX
from pia_core.ui.panels import panel
from pia_core.ui.state import DATE_FIELD, assessment, bind, content, evaluation
from pia_core.vocabulary import Answer, Language, Sector
from pia_core.wording.screening import companion_lines, dpia_answer_text, reason_lines, risk_score_line

VERDICT_BOX = {
    Verdict.REQUIRED: (st.warning, ":material/assignment_late:"),
    Verdict.RECOMMENDED: (st.info, ":material/assignment:"),
    Verdict.NOT_REQUIRED: (st.success, ":material/assignment_turned_in:"),
    Verdict.NOT_FILLED: (st.info, ":material/pending_actions:"),
}


def current_result() -> ScreeningResult:
    return evaluation().screening


def render_verdict(result: ScreeningResult, language: Language) -> None:
    box, icon = VERDICT_BOX[result.verdict]
    verdict = verdict_text(result, content().screening, language)
    heading = t("screening.verdict_label", language, verdict=verdict)
    if not result.filled:
        box(f"**{heading}**\n\n{t('screening.not_filled_note', language)}", icon=icon)
        return
    lines = reason_lines(result, language)
    why = "\n".join(f"- {line}" for line in lines) if lines else t("screening.no_reasons", language)
    box(f"**{heading}**\n\n{t('screening.reasons', language)}\n{why}", icon=icon)


def render_companions(result: ScreeningResult, language: Language) -> None:
    """Other assessments the answers call for (TIA, IAMA, FRIA, KIA) and the art. 36 note, with reasons."""
    lines = companion_lines(result, language)
    if lines:
        body = "\n".join(f"- {line}" for line in lines)
        st.info(f"**{t('screening.companions', language)}**\n{body}", icon=":material/library_add_check:")


def _write_dpia(field: str) -> Callable[[Answer | None], None]:
    def write(value: Answer | None) -> None:
        current = assessment()
        current.dpia = current.dpia.model_copy(update={field: value})

    return write


def render_dpia_question(result: ScreeningResult, language: Language) -> None:
    """Under a verplicht or aanbevolen verdict: is there a DPIA, and did the FG advise on it?"""
    if not asked(result):
        return
    status = assessment().dpia
    with st.container(border=True):
        if result.legally_required:
            label = f"{t('dpia.question_done', language)} :red-badge[{t('step.critical', language)}]"
        else:
            label = t("dpia.question_done", language)
        st.radio(
            label,
            options=list(DONE_ANSWERS),
            index=None,
            horizontal=True,
            format_func=lambda a: dpia_answer_text(a, language),
            help=t("dpia.question_done_help", language),
            **bind("dpia_done", status.done, _write_dpia("done")),
        )
        if result.legally_required:
            st.caption(t("dpia.required_note", language))
            if status.done is None:
                st.warning(t("dpia.open_note", language), icon=":material/pending:")
        elif result.basis is Basis.POLICY:
            st.caption(t("dpia.policy_note", language))
        if status.done in (Answer.YES, Answer.PARTLY):
            st.radio(
                t("dpia.question_fg", language),
                options=list(FG_ANSWERS),
                index=None,
                horizontal=True,
                format_func=lambda a: dpia_answer_text(a, language),
                help=t("dpia.question_fg_help", language),
                **bind("dpia_fg_advice", status.fg_advice, _write_dpia("fg_advice")),
            )
            st.radio(
                t("dpia.question_quality", language),
                options=list(QUALITY_ANSWERS),
                index=None,
                horizontal=True,
                format_func=lambda a: t(f"common.answer.{a.value}", language),
                help=t("dpia.question_quality_help", language),
                **bind("dpia_quality", status.quality, _write_dpia("quality")),
            )


def _write(item_id: str) -> Callable[[bool], None]:
    def write(value: bool) -> None:
        current = assessment()
        answers = dict(current.screening)
        if value:
            answers[item_id] = True
        else:
            answers.pop(item_id, None)
        current.screening = answers

    return write


def _checkboxes(items: list[ScreeningItem], language: Language) -> None:
    ticked = assessment().screening
    for item in items:
        st.checkbox(item.text[language], **bind(f"scr_{item.id}", bool(ticked.get(item.id)), _write(item.id)))
        if item.note:
            st.caption(item.note[language])


def _write_checked(value: bool) -> None:
    current = assessment()
    current.dpia = current.dpia.model_copy(update={"checked": bool(value)})


def _write_rebuttal(field: str) -> Callable[[object], None]:
    def write(value: object) -> None:
        current = assessment()
        rebuttal = current.dpia.no_high_risk.model_copy(
            update={field: value if field == "date" else (value or "")}
        )
        current.dpia = current.dpia.model_copy(update={"no_high_risk": rebuttal})

    return write


def render_rebuttal(result: ScreeningResult, language: Language) -> None:
    """Who documented "no high risk", when and why: asked under its tick, counted once a reason is given."""
    if not assessment().screening.get("documented_no_high_risk"):
        return
    current = assessment().dpia.no_high_risk
    st.markdown(f"**{t('screening.rebuttal_heading', language)}**")
    who, when = st.columns([2, 1])
    who.text_input(
        t("screening.rebuttal_by", language),
        max_chars=NAME_MAX,
        **bind("rebuttal_by", current.by, _write_rebuttal("by")),
    )
    when.date_input(
        t("screening.rebuttal_date", language),
        **DATE_FIELD,
        **bind("rebuttal_date", current.date, _write_rebuttal("date")),
    )
    st.text_area(
        t("screening.rebuttal_reason", language),
        max_chars=TEXT_MAX,
        height=90,
        **bind("rebuttal_reason", current.reason, _write_rebuttal("reason")),
    )
    if result.rebuttal_incomplete:
        st.warning(t("screening.rebuttal_missing", language), icon=":material/edit_note:")


def render_screening() -> None:
    language = assessment().language
    screening = content().screening
    st.subheader(t("screening.heading", language))
    st.markdown(t("screening.intro", language))
    result = current_result()
    render_verdict(result, language)
    render_companions(result, language)
    render_dpia_question(result, language)
    st.caption(t("dpia.not_a_dpia", language))
    sections: list[tuple[str, str, list[ScreeningItem]]] = [
        ("statutory_heading", "statutory_help", screening.statutory),
        ("ap_heading", "ap_help", screening.ap_list),
        ("criteria_heading", "criteria_help", [*screening.criteria, *screening.documented]),
    ]
    for heading, help_key, items in sections:
        with panel(t(f"screening.{heading}", language), f"screening_{heading}"):
            st.caption(t(f"screening.{help_key}", language))
            _checkboxes(items, language)
            if heading == "criteria_heading":
                render_rebuttal(result, language)
    if screening.risk_score:
        with panel(t("screening.risk_heading", language), "screening_risk"):
            st.caption(t("screening.risk_help", language, threshold=screening.risk_score.threshold))
            for factor in screening.risk_score.factors:
                st.markdown(f"**{factor.name[language][:1].upper()}{factor.name[language][1:]}**")
                _checkboxes(list(factor.items), language)
            status = risk_score_line(result, language)
            if status:
                st.markdown(f"**{status}**")
    # Only government can be central government; the sector alone does not tell it from a municipality.
    scope = [screening.central_government] if assessment().organisation.sector is Sector.GOVERNMENT else []
    for heading, help_key, items in (
        ("policy_heading", "policy_help", [*scope, *screening.other_required]),
        ("companion_heading", "companion_help", screening.companion_items),
    ):
        if items:
            with panel(t(f"screening.{heading}", language), f"screening_{heading}"):
                st.caption(t(f"screening.{help_key}", language))
                _checkboxes(items, language)
    st.checkbox(
        t("screening.checked_label", language),
        **bind("scr_checked", assessment().dpia.checked, _write_checked),
    )
    st.caption(t("screening.basis", language))
