"""Moments of a scan's edit log: the state right after each save, and the scan as it was then.

A save writes its rows (the activity's and the organisation-wide part's) with one revision and
one time; log ids grow across the whole scan, so "after a moment" is one cut for both. The pages
that pick a moment (the history page, the summary's "Voortgang") only lay these out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pia_core.scan.changes import rebuild, revertible
from pia_core.scan.dossier import Dossier
from pia_core.storage.edit_log import LoggedChange

START = 0  # the cut of "the start of the history": every logged change after it


@dataclass(frozen=True)
class Moment:
    """The state right after one save: every logged change with an id above `cut` came later."""

    cut: int
    entry: LoggedChange | None  # the save's last change; None: the start of the history


def _save_cut(entry: LoggedChange, rows: Iterable[LoggedChange]) -> int:
    """The last id among `rows` of the save `entry` is part of."""
    save = (entry.revision, entry.at)
    return max(row.id for row in rows if (row.revision, row.at) == save)


def moments(entries: Sequence[LoggedChange]) -> list[Moment]:
    """Every save in `entries` (newest first) as a moment, newest first, then the start."""
    found: list[Moment] = []
    seen: set[tuple[int, object]] = set()
    for entry in entries:
        save = (entry.revision, entry.at)
        if save not in seen:
            seen.add(save)
            found.append(Moment(_save_cut(entry, entries), entry))
    if entries:
        found.append(Moment(START, None))
    return found


def cut_of(entry: LoggedChange, entries: Sequence[LoggedChange]) -> int:
    """The moment right after the save `entry` is part of."""
    return _save_cut(entry, entries)


def later(entries: Sequence[LoggedChange], cut: int) -> list[LoggedChange]:
    """The changes after the moment, newest first."""
    return [entry for entry in entries if entry.id > cut]


def whole_save_cut(cut: int, entries: Sequence[LoggedChange], organisation: Sequence[LoggedChange]) -> int:
    """The cut after the whole save that `cut` marks, the organisation's rows of it included.
    The start, where the activity's first entry is its creation (a creation is never undone),
    is the moment after that first save: the activity and its organisation as they were first
    stored (a demo, a file, a hand-over), not the organisation emptied beside the whole activity."""
    if cut == START:
        if not entries or revertible(entries[-1].change):
            return START
        anchor: LoggedChange | None = entries[-1]
    else:
        anchor = next((entry for entry in entries if entry.id == cut), None)
    return cut if anchor is None else _save_cut(anchor, (*entries, *organisation))


def scan_at(
    now: Dossier, entries: Sequence[LoggedChange], organisation: Sequence[LoggedChange], cut: int
) -> Dossier:
    """The scan as it was at the moment: the activity's changes (`entries`) and the organisation-
    wide ones since undone, as the organisation's answers (step 0) count in the activity's score."""
    cut = whole_save_cut(cut, entries, organisation)
    undone = sorted(
        [*later(entries, cut), *later(organisation, cut)], key=lambda entry: entry.id, reverse=True
    )
    return rebuild(now, [entry.change for entry in undone])
