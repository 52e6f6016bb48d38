"""What each role may do with a scan: the one rule the pages, the store writes and the tests share.

A role comes from the link a session opened (pia_core.storage.workspace.Role): the scan's own
link and an edit link change answers; a comment link reads and comments; a read link only reads
(and downloads the PDF). A signed-in consultant of the firm acts as an editor of the firm's scans.
Checked on the server before anything is written, never only by hiding a widget.
"""

from __future__ import annotations

from pia_core.storage.workspace import Role


def may_edit(role: Role) -> bool:
    """Change answers, notes, flows, the action plan, the sign-off, and save them."""
    return role is Role.EDIT


def may_comment(role: Role) -> bool:
    """Add, answer, resolve and reopen comments."""
    return role in (Role.EDIT, Role.COMMENT)


def may_share(role: Role) -> bool:
    """Make and revoke links, hand the scan over, delete it."""
    return role is Role.EDIT
