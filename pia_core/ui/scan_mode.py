"""Quick scan or full scan: the choice on the start page, and the way back to the full scan."""

from __future__ import annotations

import streamlit as st

from pia_core.i18n import t
from pia_core.scan.model import ScanMode
from pia_core.ui.state import assessment, bind, cat, lang

MODES: tuple[ScanMode, ...] = ("quick", "full")


def _write(value: ScanMode | None) -> None:
    if value in MODES:
        assessment().scan_mode = value


def render_scan_mode() -> None:
    """Two options with their time; switching keeps every answer."""
    language = lang()
    quick_count = len(cat().quick)
    st.segmented_control(
        t("scan_mode.label", language),
        options=list(MODES),
        format_func=lambda mode: t(f"scan_mode.{mode}", language),
        selection_mode="single",
        help=t("scan_mode.help", language, count=quick_count),
        **bind("scan_mode", assessment().scan_mode, _write),
    )


def render_full_scan_prompt() -> None:
    """On the summary of a quick scan: the level is a first impression; one click to the full scan."""
    language = lang()
    if assessment().scan_mode != "quick":
        return
    st.info(t("verdict.quick", language), icon=":material/bolt:")
    if st.button(t("scan_mode.to_full", language), icon=":material/checklist:"):
        assessment().scan_mode = "full"
        st.rerun()
