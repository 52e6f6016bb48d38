"""Summary page (issue: summary, action plan and PDF report)."""

from __future__ import annotations

import streamlit as st

from pia_core.i18n import t
from pia_core.ui.state import lang


def render_summary() -> None:
    st.title(t("summary.nav_title", lang()))
