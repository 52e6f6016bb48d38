"""Communication flows page (issue: communication flows and savings)."""

from __future__ import annotations

import streamlit as st

from pia_core.i18n import t
from pia_core.ui.state import lang


def render_flows() -> None:
    st.title(t("flows.nav_title", lang()))
