"""Score and level display, shared by the sidebar, step pages and summary."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import streamlit as st

from pia_core.content.schema import Level
from pia_core.i18n import t
from pia_core.model import Language

STYLE_PATH = Path(__file__).with_name("style.css")


@cache
def style_sheet() -> str:
    return STYLE_PATH.read_text(encoding="utf-8")


def level_badge(level: Level | None, language: Language) -> str:
    """HTML badge: colour plus the level's name, so colour never carries meaning alone."""
    if level is None:
        return f"<span class='pia-level pia-level-none'>{t('common.no_score', language)}</span>"
    name = html.escape(level.name[language])
    return f"<span class='pia-level' style='border-left: 0.6em solid {level.colour}'>{name}</span>"


def show_level(level: Level | None, language: Language) -> None:
    st.markdown(level_badge(level, language), unsafe_allow_html=True)
