"""The accessibility statement (toegankelijkheidsverklaring): what the app does for WCAG 2.1 AA,
what is known not to work yet, and how to report a problem. Dutch government users are bound to
the standard (Besluit digitale toegankelijkheid overheid), so they need to be able to read this."""

from __future__ import annotations

import streamlit as st

from pia_core.i18n import t
from pia_core.ui.state import content, lang


def render_accessibility() -> None:
    language = lang()
    st.title(t("accessibility.heading", language))
    st.markdown(t("accessibility.intro", language))
    st.header(t("accessibility.done_heading", language))
    st.markdown(t("accessibility.done", language))
    st.header(t("accessibility.known_heading", language))
    st.markdown(t("accessibility.known", language))
    st.header(t("accessibility.contact_heading", language))
    contact = content().branding.settings.contact.lines()
    st.markdown(t("accessibility.contact", language))
    if contact:
        st.markdown(" · ".join(contact))
