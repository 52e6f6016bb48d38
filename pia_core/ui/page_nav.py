"""Vorige / Volgende as real buttons at the bottom of a page (a prospect finds them at once)."""

from __future__ import annotations

import streamlit as st

from pia_core.i18n import t
from pia_core.ui.navigation import PageRef
from pia_core.ui.state import lang


def render_prev_next_buttons(previous: PageRef | None, following: PageRef | None, key: str) -> None:
    """A secondary "← Vorige" on the left and a primary "Volgende →" on the right."""
    language = lang()
    with st.container(horizontal=True, horizontal_alignment="distribute", key=f"pia_prev_next_{key}"):
        if previous is not None and st.button(t("common.previous", language), key=f"prev_{key}"):
            st.switch_page(previous.path)
        if following is not None and st.button(t("common.next", language), key=f"next_{key}", type="primary"):
            st.switch_page(following.path)


def render_start_button(key: str, following: PageRef) -> None:
    """The start page's one clear way in: "Start de scan"."""
    if st.button(
        t("start.start_scan", lang()),
        key=key,
        type="primary",
        icon=":material/arrow_forward:",
        help=t("start.start_scan_help", lang()),
    ):
        st.switch_page(following.path)
