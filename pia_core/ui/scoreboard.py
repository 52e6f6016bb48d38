"""Score and level display, shared by the sidebar, step pages and summary."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import streamlit as st

from pia_core.analysis.evaluation import Evaluation
from pia_core.content.schema import Level
from pia_core.i18n import t
from pia_core.vocabulary import Language
from pia_core.wording.verdict import level_name, reason_lines

STYLE_PATH = Path(__file__).with_name("style.css")


@cache
def style_sheet() -> str:
    return STYLE_PATH.read_text(encoding="utf-8")


def level_badge(level: Level | None, language: Language, label: str | None = None) -> str:
    """HTML badge: colour plus the level's name (or `label`), so colour never carries meaning alone."""
    if level is None:
        return f"<span class='pia-level pia-level-none'>{t('common.no_score', language)}</span>"
    name = html.escape(label or level.name[language])
    return f"<span class='pia-level' style='border-left: 0.6em solid {level.colour}'>{name}</span>"


def show_level(level: Level | None, language: Language) -> None:
    st.markdown(level_badge(level, language), unsafe_allow_html=True)


def verdict_badge(judged: Evaluation, language: Language) -> str:
    """The level's badge, its name marked "(voorlopig)" while critical questions are open."""
    return level_badge(judged.level, language, level_name(judged, language))


def show_verdict(judged: Evaluation, language: Language) -> None:
    """Level badge, then why it is what it is: critical points and open critical questions."""
    if judged.level is None:
        return  # nothing answered yet: the score line already shows "—"
    st.markdown(verdict_badge(judged, language), unsafe_allow_html=True)
    lines = reason_lines(judged, language)
    if lines:
        st.caption("  \n".join(html.escape(line) for line in lines))
