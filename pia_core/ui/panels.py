"""Fold-out panels that stay open while the user works in them.

An unkeyed `st.expander` is identified by its label and its place on the page: when its label
changes ("Stap 0 · 3 van 8 vragen beantwoord") or an element appears above it (the DPIA question
after the first tick), the browser sees a new panel and folds it, and the page jumps. A panel here
has a key of its own, and its open state lives in the session (on_change), so a rerun draws it
as the user left it.
"""

from __future__ import annotations

import streamlit as st
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

PREFIX = "panel_"


def panel(label: str, key: str, *, icon: str | None = None, expanded: bool = False) -> ExpanderContainer:
    """`st.expander` with a stable identity: `key` names the panel, not its label or position."""
    return st.expander(label, expanded=expanded, key=PREFIX + key, icon=icon, on_change="rerun")
