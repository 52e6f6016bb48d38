"""The DPIA check: tick boxes for the EDPB criteria and the AP list, and the live verdict with reasons."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pia_core.i18n import t
from pia_core.model import Language
from pia_core.screening import (
    ScreeningItem,
    ScreeningResult,
    Verdict,
    reason_lines,
    screen,
    screening_content,
)
from pia_core.ui.state import assessment, bind

VERDICT_BOX = {
    Verdict.REQUIRED: (st.warning, ":material/assignment_late:"),
    Verdict.RECOMMENDED: (st.info, ":material/assignment:"),
    Verdict.NOT_REQUIRED: (st.success, ":material/assignment_turned_in:"),
}


def current_result() -> ScreeningResult:
    return screen(assessment().screening, screening_content())


def render_verdict(result: ScreeningResult, language: Language) -> None:
    box, icon = VERDICT_BOX[result.verdict]
    verdict = screening_content().verdicts[result.verdict][language]
    lines = reason_lines(result, language)
    why = "\n".join(f"- {line}" for line in lines) if lines else t("screening.no_reasons", language)
    heading = t("screening.verdict_label", language, verdict=verdict)
    box(f"**{heading}**\n\n{t('screening.reasons', language)}\n{why}", icon=icon)


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


def render_screening() -> None:
    language = assessment().language
    content = screening_content()
    st.subheader(t("screening.heading", language))
    st.markdown(t("screening.intro", language))
    render_verdict(current_result(), language)
    with st.expander(t("screening.criteria_heading", language)):
        st.caption(t("screening.criteria_help", language))
        _checkboxes(content.criteria, language)
    with st.expander(t("screening.ap_heading", language)):
        st.caption(t("screening.ap_help", language))
        _checkboxes([*content.ap_list, *content.other_required], language)
    st.caption(t("screening.basis", language))
