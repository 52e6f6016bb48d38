"""The role this session holds on its scan, kept in the session by persistence.begin_run.

A session that opened the scan's own link, or started a fresh scan, holds EDIT; one that opened
a comment or read link holds that link's role for as long as the session lives.
"""

from __future__ import annotations

import streamlit as st

from pia_core.storage.workspace import Role
from pia_core.workspace.rights import may_comment, may_edit, may_share

ROLE_KEY = "_scan_role"


def current_role() -> Role:
    role = st.session_state.get(ROLE_KEY)
    return role if isinstance(role, Role) else Role.EDIT


def set_role(role: Role) -> None:
    st.session_state[ROLE_KEY] = role


def can_edit() -> bool:
    return may_edit(current_role())


def can_comment() -> bool:
    return may_comment(current_role())


def can_share() -> bool:
    return may_share(current_role())
