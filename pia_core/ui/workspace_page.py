"""The consultants' workspace (issue 22). For now: who is signed in, and who may not enter.

The check is made here, on the server, every time the page runs: someone signed out sees the
sign-in button, someone signed in but not on the allow-list sees that they have no access and
nothing else (no client, no scan of the firm). Nothing depends on a widget being hidden.
"""

from __future__ import annotations

import streamlit as st

from pia_core.i18n import t
from pia_core.ui.activities import plain
from pia_core.ui.navigation import WORKSPACE, page_of
from pia_core.ui.signin import (
    access,
    auth_configured,
    go_to_workspace_once,
    note_arrival,
    render_sign_in,
    render_sign_out,
    rules_problem,
    signed_in,
)
from pia_core.ui.state import lang
from pia_core.vocabulary import Language
from pia_core.workspace.access import Refusal

REFUSAL_TEXTS = {
    Refusal.NOT_LISTED: "workspace.no_access",
    Refusal.UNVERIFIED: "workspace.unverified",
    Refusal.NO_EMAIL: "workspace.no_email",
}


def render_workspace() -> None:
    language = lang()
    st.title(t("workspace.heading", language))
    if not auth_configured():  # the page is not in the navigation then; a stale link shows nothing
        return
    if not signed_in():
        st.markdown(t("workspace.signed_out", language))
        render_sign_in(language)
        return
    verdict = access() if rules_problem() is None else None
    if verdict is None:  # the allow-list cannot be read: nobody enters
        st.error(t("workspace.misconfigured", language), icon=":material/error:")
        render_sign_out(language)
        return
    email = plain(verdict.email or "")
    if not verdict.allowed:
        assert verdict.refusal is not None
        st.error(t(REFUSAL_TEXTS[verdict.refusal], language, email=email), icon=":material/block:")
        render_sign_out(language)
        return
    st.success(t("workspace.signed_in_as", language, email=email), icon=":material/verified_user:")
    if verdict.admin:
        st.caption(t("workspace.admin", language))
    render_sign_out(language)


def render_workspace_link(language: Language) -> None:
    """The workspace's link at the foot of the sidebar, where sign-in is configured."""
    if auth_configured():
        with st.sidebar:
            st.page_link(
                page_of(WORKSPACE, language), label=t("workspace.nav_title", language), icon=WORKSPACE.icon
            )


def note_how_the_session_arrived() -> None:
    """Before the scan's token goes into the address (see `land_after_sign_in`)."""
    if auth_configured():
        note_arrival()


def land_after_sign_in(page: st.Page) -> None:
    """Where sign-in is configured: a signed-in person back from the provider (at "/") goes on to
    the workspace (pia_core/ui/signin.py)."""
    if auth_configured():
        go_to_workspace_once(page, page_of(WORKSPACE, lang()))
