"""A prospect hands their self-scan over to the firm, on the summary page (issue 22).

Only where the consultants' workspace is configured (sign-in, `auth_configured`): otherwise there
is no firm to receive it. The prospect gives a name, an e-mail address and the organisation, and
ticks an explicit consent that says who sees what (the firm's consultants: this scan with its
answers and notes, the name and the address), for how long (the scan's retention), what for (to
discuss the scan with them) and how to withdraw (delete the scan, or ask the firm). Only then is
the scan put into a new client's dossier, status "received", with the consent text's version and
time (`hand_over`). Nothing is sent anywhere else: no e-mail; the consultants see it in their
workspace. Handing over the same scan again says it was done already.

Only a session that may share the scan (its own link or an edit link) hands it over; a signed-in
consultant of the firm, who has the scan in the workspace, does not see the block.
"""

from __future__ import annotations

import streamlit as st

from pia_core.formatting import date_text
from pia_core.i18n import t
from pia_core.storage import StoreUnavailable, open_workspace, retention_days
from pia_core.storage.base import utc_now
from pia_core.storage.workspace import (
    MAX_EMAIL,
    MAX_NAME,
    DossierExists,
    HandOver,
    UnknownScan,
    one_line,
)
from pia_core.storage.workspace import email as stored_email
from pia_core.ui.activities import plain
from pia_core.ui.grant import can_share
from pia_core.ui.persistence import current_scan_key, save_if_changed
from pia_core.ui.signin import auth_configured, signed_in_consultant
from pia_core.ui.state import assessment, content
from pia_core.vocabulary import Language
from pia_core.workspace.access import normalise_email

CONSENT_VERSION = "2026-12"  # the consent text's version, stored with each hand-over: change it with the text

NAME_KEY = "handover_name"
EMAIL_KEY = "handover_email"
ORGANISATION_KEY = "handover_organisation"
CONSENT_KEY = "handover_consent"
DONE_KEY = "_handover_done"  # the scan key this session has just handed over


def _firm(language: Language) -> str:
    return plain(content().branding.name) or t("handover.firm", language)


def _line(value: object, limit: int) -> str | None:
    """One line of at most `limit` characters, not empty; None if it is not."""
    try:
        return one_line(value, "a field", limit)
    except ValueError:
        return None


def _address(value: object) -> str | None:
    """An e-mail address (name@domain.tld, at most MAX_EMAIL characters), or None."""
    text = _line(value, MAX_EMAIL)
    address = normalise_email(text) if text is not None else None
    if address is None:
        return None
    try:
        return stored_email(address)
    except ValueError:
        return None


def render_handover(language: Language) -> None:
    """The hand-over block; nothing where there is no workspace."""
    if not auth_configured() or signed_in_consultant() is not None:
        return  # no firm to receive it; a consultant of the firm has it in the workspace already
    firm = _firm(language)
    st.header(t("handover.heading", language))
    if not can_share():
        st.caption(t("handover.only_editor", language))
        return
    key = current_scan_key()  # the scan's, also for a session that came through an edit link
    if key is None:
        return
    try:
        existing = open_workspace().dossier(key)
    except StoreUnavailable:
        st.warning(t("handover.store_down", language), icon=":material/cloud_off:")
        return
    if existing is not None:
        if st.session_state.get(DONE_KEY) == key:
            st.success(t("handover.sent", language, firm=firm), icon=":material/check_circle:")
        else:
            day = date_text(existing.created.date(), language)
            st.info(t("handover.already", language, firm=firm, date=day), icon=":material/info:")
        return
    st.markdown(t("handover.intro", language, firm=firm))
    with st.form("handover_form"):
        st.text_input(t("handover.name", language), max_chars=MAX_NAME, key=NAME_KEY)
        st.text_input(t("handover.email", language), max_chars=MAX_EMAIL, key=EMAIL_KEY)
        if ORGANISATION_KEY not in st.session_state:
            st.session_state[ORGANISATION_KEY] = assessment().organisation.name
        st.text_input(t("handover.organisation", language), max_chars=MAX_NAME, key=ORGANISATION_KEY)
        consent = t(
            "handover.consent",
            language,
            firm=firm,
            days=retention_days(),
            delete=t("scan.delete_button", language),
        )
        st.checkbox(consent, key=CONSENT_KEY)
        sent = st.form_submit_button(t("handover.send", language), type="primary", icon=":material/send:")
    if sent:
        _hand_over(key, language)


def _hand_over(key: str, language: Language) -> None:
    name = _line(st.session_state.get(NAME_KEY), MAX_NAME)
    address = _address(st.session_state.get(EMAIL_KEY))
    organisation = _line(st.session_state.get(ORGANISATION_KEY), MAX_NAME)
    problems = []
    if name is None:
        problems.append(t("handover.error.name", language, limit=MAX_NAME))
    if address is None:
        problems.append(t("handover.error.email", language, limit=MAX_EMAIL))
    if organisation is None:
        problems.append(t("handover.error.organisation", language, limit=MAX_NAME))
    if st.session_state.get(CONSENT_KEY) is not True:
        problems.append(t("handover.error.consent", language))
    if problems or name is None or address is None or organisation is None:
        st.error("\n".join(f"- {problem}" for problem in problems), icon=":material/error:")
        return
    try:
        save_if_changed()  # what this session holds, stored first: the firm sees the latest
        store = open_workspace()
        if store.revision_key(key) is None:
            raise UnknownScan("not saved")
        title = t("handover.dossier_title", language, date=date_text(utc_now().date(), language))
        store.hand_over(
            key,
            HandOver(name, address, CONSENT_VERSION, utc_now()),
            new_client=organisation,
            title=title,
        )
    except StoreUnavailable:
        st.warning(t("handover.store_down", language), icon=":material/cloud_off:")
        return
    except UnknownScan:
        st.warning(t("handover.not_saved", language), icon=":material/info:")
        return
    except DossierExists:
        st.rerun()  # handed over already (another tab): the block says so, with its date
    st.session_state[DONE_KEY] = key
    st.rerun()  # the block shows it is done; the form's fields go
