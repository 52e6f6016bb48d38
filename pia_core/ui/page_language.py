"""The page's language for browsers and screen readers, and Streamlit's own English covered.

Streamlit serves every page as `<html lang="en">` and has no setting for it; a Dutch page read
out with English pronunciation fails WCAG 3.1.1. A tiny inline script (no request to any host,
pia_core/page_script.py) sets `lang` to the scan's language on every change. The few English
texts Streamlit draws itself (the file drop zone) are replaced by CSS in the user's language;
everything else is given our own words where it is created (placeholders, table alt texts, no
table toolbars).
"""

from __future__ import annotations

import html
import json

import streamlit as st

from pia_core.i18n import t
from pia_core.page_script import PAGE_SCRIPT
from pia_core.vocabulary import Language

HOLDER_KEY = "pia_page_language"  # hidden by style.css: it holds only a script and a style
BROWSE = "[data-testid='stFileUploaderDropzone'] button[data-testid='stBaseButton-secondary']"


def _css_text(text: str) -> str:
    return json.dumps(text)  # a quoted CSS string: the same escaping rules for what we use


def render_page_language(language: Language, current_url: str) -> None:
    """Set the page language; cover Streamlit's English; mark the current page in the sidebar
    (bold and a bar at its left edge besides Streamlit's shading, so it is told apart from the
    focus ring without relying on colour)."""
    # The script is a constant (the CSP allows it by hash); what varies rides in data attributes.
    data = f'<span data-pia-lang="{html.escape(language)}" data-pia-page="{html.escape(current_url)}"></span>'
    script = f"<script>{PAGE_SCRIPT}</script>"
    button = _css_text(t("scan.upload_button", language))
    drop = _css_text(t("scan.upload_drop", language))
    style = (
        "<style>"
        "[data-testid='stFileUploaderDropzoneInstructions'] > div > span,"
        "[data-testid='stFileUploaderDropzoneInstructions'] > div > small { display: none; }"
        f"[data-testid='stFileUploaderDropzoneInstructions'] > div::after {{ content: {drop}; }}"
        # Only the browse button: the remove (x) and add buttons of a chosen file keep their icons.
        f"{BROWSE} {{ font-size: 0; }}"
        f"{BROWSE}::after {{ content: {button}; font-size: 1rem; }}"
        f"[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink'][href={json.dumps(current_url)}]"
        " { font-weight: 700; box-shadow: inset 4px 0 0 #1F4E79; }"
        "</style>"
    )
    with st.container(key=HOLDER_KEY):
        st.html(data + script + style, unsafe_allow_javascript=True)
