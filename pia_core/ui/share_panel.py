"""Delen / Share: links with rights to the scan (issue 22).

An editor makes a link that opens the scan to read (with the PDF), to comment, or to edit, with a
label saying whom it is for. The new link is shown once, as a URL to copy (the store keeps only
its hash); the list shows every live link with its role, label, when it was made and last used,
and revokes one with a click. A scan that is not stored yet cannot have links.

Only a session that may share (pia_core/ui/grant.py) sees the panel, and its callbacks check
again on the server: a widget event from a read or comment session makes and revokes nothing.
A link is always made for, and revoked from, the session's own scan: no scan key ever comes from
the browser.
"""

from __future__ import annotations

import streamlit as st

from pia_core.formatting import moment_text
from pia_core.i18n import t
from pia_core.storage import StoreUnavailable, WorkspaceStore
from pia_core.storage.workspace import (
    MAX_LABEL,
    MAX_LINKS_PER_SCAN,
    AccessAction,
    LimitReached,
    Link,
    Role,
    UnknownScan,
)
from pia_core.ui.activities import plain
from pia_core.ui.grant import can_share
from pia_core.ui.navigation import all_pages
from pia_core.ui.outcome import show_outcome
from pia_core.ui.persistence import (
    TOKEN_PARAM,
    current_scan_key,
    log_access,
    open_links,
    scan_is_stored,
)
from pia_core.ui.state import lang
from pia_core.vocabulary import Language

ROLES = (Role.READ, Role.COMMENT, Role.EDIT)  # the order of the choice: the least first
ROLE_WIDGET = "share_role"
LABEL_WIDGET = "share_label"
NEW_LINK_KEY = "_share_new_link"  # (scan key, link id, role, label, token): shown once, until hidden
MESSAGE_KEY = "_share_message"  # (scan key, text key, values, failed) of the last action
ICONS = {Role.READ: ":material/visibility:", Role.COMMENT: ":material/comment:", Role.EDIT: ":material/edit:"}


def app_url() -> str:
    """The app's own address as the browser sees it, without the page's path ("" where unknown,
    as in a test): a link opens the start page of the scan."""
    url = (st.context.url or "").removesuffix("/")
    for page in all_pages(lang()):
        path = page.url_path
        if path and url.endswith(f"/{path}"):
            return url.removesuffix(f"/{path}")
    return url


def link_url(token: str) -> str:
    query = f"?{TOKEN_PARAM}={token}"
    base = app_url()
    return f"{base}/{query}" if base else query


def _say(key: str, text: str, *, failed: bool = False, **values: object) -> None:
    st.session_state[MESSAGE_KEY] = (key, text, values, failed)


def _allowed() -> str | None:
    """The session's scan key if it may share a stored scan; else None, with the reason said."""
    key = current_scan_key()
    if not can_share():
        _say(key or "", "share.not_allowed", failed=True)
        return None
    if key is None or not scan_is_stored():
        _say(key or "", "share.not_saved", failed=True)
        return None
    return key


def _create() -> None:
    key = _allowed()
    if key is None:
        return
    chosen = st.session_state.get(ROLE_WIDGET)
    # Nothing chosen, or a value no option has: the least.
    role = Role(chosen) if chosen in {role.value for role in ROLES} else Role.READ
    label = st.session_state.get(LABEL_WIDGET)
    label = label if isinstance(label, str) else ""
    links = open_links()
    if links is None:
        _say(key, "share.unavailable", failed=True)
        return
    try:
        link, token = links.create_link(key, role, label)
    except LimitReached:
        _say(key, "share.limit", failed=True, limit=MAX_LINKS_PER_SCAN)
        return
    except UnknownScan:
        _say(key, "share.not_saved", failed=True)
        return
    except StoreUnavailable:
        _say(key, "share.failed", failed=True)
        return
    except ValueError:
        _say(key, "share.label_invalid", failed=True, limit=MAX_LABEL)
        return
    st.session_state[NEW_LINK_KEY] = (key, link.id, link.role, link.label, token)
    st.session_state.pop(MESSAGE_KEY, None)
    st.session_state[LABEL_WIDGET] = ""
    log_access(AccessAction.SHARED)


def _revoke(link_id: int) -> None:
    key = _allowed()
    if key is None:
        return
    links = open_links()
    if links is None:
        _say(key, "share.unavailable", failed=True)
        return
    try:
        links.revoke_link(key, link_id)  # only a link of this session's own scan
    except StoreUnavailable:
        _say(key, "share.failed", failed=True)
        return
    shown = st.session_state.get(NEW_LINK_KEY)
    if isinstance(shown, tuple) and shown[1] == link_id:
        st.session_state.pop(NEW_LINK_KEY, None)
    _say(key, "share.revoked")


def _hide() -> None:
    st.session_state.pop(NEW_LINK_KEY, None)


def _role_name(role: Role, language: Language) -> str:
    return t(f"share.role.{role.value}", language)


def _for_this_scan(name: str, key: str) -> tuple[object, ...] | None:
    """What the session keeps under `name`, if it is about this scan (not one left before a new scan)."""
    value = st.session_state.get(name)
    if isinstance(value, tuple) and value and value[0] == key:
        return value
    st.session_state.pop(name, None)
    return None


def _show_message(key: str, language: Language) -> None:
    message = st.session_state.get(MESSAGE_KEY)
    if not isinstance(message, tuple) or message[0] != key:
        st.session_state.pop(MESSAGE_KEY, None)
        return
    _, text, values, failed = message
    assert isinstance(text, str) and isinstance(values, dict)
    show_outcome(text, values, bool(failed), language, icons=(":material/link_off:", ":material/error:"))


def _show_new_link(key: str, language: Language) -> None:
    shown = _for_this_scan(NEW_LINK_KEY, key)
    if shown is None:
        return
    _, _, role, label, token = shown
    assert isinstance(role, Role) and isinstance(label, str) and isinstance(token, str)
    if label:
        text = t("share.created_label", language, role=_role_name(role, language), label=plain(label))
    else:
        text = t("share.created", language, role=_role_name(role, language))
    st.success(text, icon=":material/link:")
    st.code(link_url(token), language=None, wrap_lines=True)  # with Streamlit's own copy button
    st.button(t("share.hide", language), on_click=_hide, key="share_hide")


def _create_form(language: Language) -> None:
    st.radio(
        t("share.role_label", language),
        options=[role.value for role in ROLES],
        format_func=lambda value: _role_name(Role(value), language),
        horizontal=True,
        key=ROLE_WIDGET,
    )
    st.text_input(
        t("share.label_label", language),
        max_chars=MAX_LABEL,
        placeholder=t("share.label_placeholder", language),
        key=LABEL_WIDGET,
    )
    st.button(
        t("share.create", language),
        type="primary",
        icon=":material/add_link:",
        on_click=_create,
        key="share_create",
    )


def _link_line(link: Link, language: Language) -> str:
    used = link.last_used
    return t(
        "share.line",
        language,
        role=_role_name(link.role, language),
        label=plain(link.label) if link.label else t("share.unnamed", language),
        created=moment_text(link.created, language),
        used=moment_text(used, language) if used is not None else t("share.never", language),
    )


def _link_list(links: WorkspaceStore, key: str, language: Language) -> None:
    st.markdown(f"**{t('share.list_heading', language)}**")
    try:
        found = links.list_links(key)
    except StoreUnavailable:
        st.error(t("share.failed", language), icon=":material/cloud_off:")
        return
    if not found:
        st.caption(t("share.none", language))
        return
    for link in found:
        text, action = st.columns([5, 1], vertical_alignment="center")
        text.markdown(f"{ICONS[link.role]} {_link_line(link, language)}")
        action.button(
            t("share.revoke", language),
            help=t("share.revoke_help", language),
            icon=":material/link_off:",
            on_click=_revoke,
            args=(link.id,),
            key=f"share_revoke_{link.id}",
        )


def render_share_panel() -> None:
    """The Delen panel, for a session that may share; nothing at all for one that may not."""
    if not can_share():
        return
    language = lang()
    key = current_scan_key()
    busy = key is not None and any(
        _for_this_scan(name, key) is not None for name in (NEW_LINK_KEY, MESSAGE_KEY)
    )
    with st.expander(t("share.heading", language), icon=":material/share:", expanded=busy):
        st.caption(t("share.intro", language))
        if key is None or not scan_is_stored():
            st.caption(t("share.not_saved", language))
            return
        links = open_links()
        if links is None:
            st.caption(t("share.unavailable", language))
            return
        _show_message(key, language)
        _show_new_link(key, language)
        _create_form(language)
        st.divider()
        _link_list(links, key, language)
