"""What every run does before the page: page config, style, navigation and the sidebar."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from pia_core.i18n import t
from pia_core.ui.navigation import all_pages
from pia_core.ui.sidebar import render_sidebar
from pia_core.ui.state import lang

STYLE_PATH = Path(__file__).with_name("style.css")


@cache
def _style() -> str:
    return STYLE_PATH.read_text(encoding="utf-8")


def run_app() -> None:
    st.set_page_config(
        page_title=t("common.app_title", lang()), page_icon=":material/shield:", layout="centered"
    )
    st.markdown(f"<style>{_style()}</style>", unsafe_allow_html=True)
    page = st.navigation(all_pages(lang()), position="hidden")
    render_sidebar()
    page.run()
