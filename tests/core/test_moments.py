"""The moments of an edit log (pia_core/scan/moments.py): which rows a moment keeps and which it
undoes, for the history page's compare and the summary's "Voortgang"."""

from __future__ import annotations

import datetime as dt

from pia_core.scan.changes import WHOLE
from pia_core.scan.moments import START, moments, whole_save_cut
from pia_core.storage.edit_log import Change, LoggedChange

FIRST = dt.datetime(2027, 1, 15, 9, 0, tzinfo=dt.UTC)
SECOND = FIRST + dt.timedelta(days=1)


def row(id_: int, revision: int, at: dt.datetime, activity: str, field: str, old: str | None) -> LoggedChange:
    return LoggedChange(id_, "k" * 64, revision, Change(activity, field, old, '"x"'), "self-scan", at)


# A demo stored in one save (revision 1): the activity whole, then the organisation's answers;
# a day later (revision 2) one answer of the activity and one of the organisation.
CREATED = row(1, 1, FIRST, "a1", WHOLE, None)
ORG_FIRST = [row(2, 1, FIRST, "", "answers.s0_q1", None), row(3, 1, FIRST, "", "answers.s0_q2", None)]
ANSWER = row(4, 2, SECOND, "a1", "answers.s8_q1", '"no"')
ORG_LATER = row(5, 2, SECOND, "", "answers.s0_q1", '"x"')
ACTIVITY = [ANSWER, CREATED]  # newest first, as the store gives them
ORGANISATION = [ORG_LATER, *reversed(ORG_FIRST)]


def test_the_start_of_a_created_activity_is_its_first_save_with_the_organisations_rows() -> None:
    """Undoing the organisation's rows of the creating save (ids 2, 3), but not the creation,
    showed a scan nobody had touched as gone down."""
    assert whole_save_cut(START, ACTIVITY, ORGANISATION) == 3


def test_a_moment_keeps_the_organisation_rows_of_its_own_save_and_undoes_later_ones() -> None:
    first_save = next(moment for moment in moments(ACTIVITY) if moment.entry is CREATED)
    assert first_save.cut == 1, "the activity's own rows of that save"
    assert whole_save_cut(first_save.cut, ACTIVITY, ORGANISATION) == 3
    assert whole_save_cut(4, ACTIVITY, ORGANISATION) == 5


def test_the_start_of_an_activity_answered_from_empty_undoes_everything() -> None:
    answered = [row(7, 3, SECOND, "a2", "answers.s1_q1", None), row(6, 2, FIRST, "a2", "answers.s1_q2", None)]
    assert whole_save_cut(START, answered, ORGANISATION) == START
    assert [moment.cut for moment in moments(answered)] == [7, 6, START]
