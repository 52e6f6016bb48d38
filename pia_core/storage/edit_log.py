"""The edit log (issue 23): every change of a scan's fields, who made it and when.

A change names a field of one activity of the scan (`activity`; "" for what the scan holds once:
the organisation, step 0) by a path (`field`: "answers.s3_dpia", "notes.3",
"actions.check:s1_a.owner", "flows.<flow id>", "dpia.done", "sign_off.decision"; how paths are
made: pia_core/scan/changes.py) and carries the value before and after as JSON text, None where
the field was absent (a question not answered, an action without an entry).

The store keeps the scan's latest JSON (the snapshot in `scans`, which opening a scan reads) and
beside it the log in `edit_log`; a save that logs writes both in one transaction
(SQLStore.save_logged), so the log never holds a change the snapshot has not, nor the reverse.
The log is personal data (who changed what): it is deleted with its scan, by retention too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_WHO = 320  # "via link: " and a link's label, or a consultant's e-mail
MAX_FIELD = 400  # a field path (ids are at most 100 characters; a path holds a few)
MAX_CHANGES_PER_SAVE = 10_000  # more in one save is not an edit (a file replaced: logged whole)
MAX_CHANGE_ROWS = 1000  # changes(limit=...) at most

# Who made a change, as the log says it: a consultant's e-mail, or one of these.
VIA_LINK = "via link"  # a link without a label
VIA_LINK_LABEL = "via link: "  # followed by the link's label
SELF_SCAN = "self-scan"  # the scan's own token, nobody signed in


@dataclass(frozen=True)
class Change:
    """One field of a scan changed: `old` and `new` as JSON text, None for absent."""

    activity: str  # the activity's id; "" for the organisation-wide part
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class LoggedChange:
    """A change as the log holds it."""

    id: int  # grows with every entry: the order changes were made in
    scan_key: str
    revision: int  # the scan's revision this change is part of (one save: one revision)
    change: Change
    who: str
    at: dt.datetime


class StaleRevision(Exception):
    """The scan is no longer at the revision the save expected: another session saved in between
    (or, for a first save, the scan is stored already). Load it, merge, save again."""
