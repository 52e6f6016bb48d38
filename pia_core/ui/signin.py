"""Sign-in for the firm's consultants: Streamlit's own OpenID Connect (`st.login`, `st.user`,
`st.logout`), with the rules of pia_core/workspace/access.py on who may enter.

Sign-in exists only where it is configured: an `[auth]` section in Streamlit's secrets
(`secrets.toml`, or the files given with `--secrets.files`; `make workspace` writes one). Without
it (`make run`, the self-scan) nothing here shows and nobody is asked to sign in.

After the provider, Streamlit sends the browser to the app's root ("/"): `note_arrival` and
`go_to_workspace_once` take a signed-in person from there on to the workspace, where they had
asked to sign in.
"""

from __future__ import annotations

import logging

import streamlit as st

from pia_core.i18n import t
from pia_core.vocabulary import Language
from pia_core.workspace.access import Access, AccessConfigError, AccessRules

ARRIVED_BARE_KEY = "_signin_arrived_bare"
CONFIGURED_KEY = "_signin_configured"

log = logging.getLogger(__name__)


def auth_configured() -> bool:
    """Whether Streamlit's secrets have an `[auth]` section (then `st.login` can be used); looked
    up once per session, so the page list and the links of a session agree."""
    known = st.session_state.get(CONFIGURED_KEY)
    if isinstance(known, bool):
        return known
    try:
        configured = "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all (Streamlit's error is one), or one it cannot read
        configured = False
    st.session_state[CONFIGURED_KEY] = configured
    return configured


def signed_in() -> bool:
    return auth_configured() and st.user.get("is_logged_in") is True


def access() -> Access | None:
    """The verdict for the signed-in person (None: nobody is signed in). A broken allow-list
    (AccessConfigError) is the caller's to show: nobody gets in then."""
    if not signed_in():
        return None
    claims = {key: value for key, value in st.user.items() if key != "tokens"}
    return AccessRules.from_env().decide(claims)


def signed_in_consultant() -> str | None:
    """The e-mail of the signed-in consultant of the firm (allowed in), or None: nobody, someone
    the allow-list refuses, or sign-in not configured. Asked again by every change."""
    if not signed_in():
        return None
    try:
        verdict = access()
    except AccessConfigError:
        return None
    return verdict.email if verdict is not None and verdict.allowed else None


def rules_problem() -> str | None:
    """What is wrong with the allow-list settings, or None (logged, never shown: it names addresses)."""
    try:
        AccessRules.from_env()
    except AccessConfigError as error:
        log.error("workspace sign-in: %s", error)
        return str(error)
    return None


def render_sign_in(language: Language) -> None:
    # st.login sends the browser to the provider (through /auth/login); the callback then sets
    # Streamlit's identity cookie and returns to "/".
    if st.button(t("workspace.sign_in", language), type="primary", icon=":material/login:"):
        st.login()


def render_sign_out(language: Language) -> None:
    if st.button(t("workspace.sign_out", language), icon=":material/logout:"):
        st.logout()


def note_arrival() -> None:
    """At a session's first run, before the scan's token is put into the address: whether the
    browser came to a bare address (no `?scan=` link), as the provider's callback returns."""
    if ARRIVED_BARE_KEY not in st.session_state:
        st.session_state[ARRIVED_BARE_KEY] = not st.query_params


def go_to_workspace_once(current: st.Page, workspace: st.Page) -> None:
    """A signed-in person who arrived at the bare root (where the provider's callback returns)
    goes on to the workspace, once per session; a scan link or any other page opens as asked."""
    if st.session_state.get(ARRIVED_BARE_KEY) is not True:
        return
    st.session_state[ARRIVED_BARE_KEY] = False
    if current.url_path == "" and signed_in():  # "": the default page, at the root
        st.switch_page(workspace)
