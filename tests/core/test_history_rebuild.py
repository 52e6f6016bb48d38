"""Issue 23 (3, 4): an activity as it was at a moment, rebuilt from the edit log; one change put
back (pia_core/scan/changes.py `rebuild`, `revert`, `text_at`), and what the comparison of two
moments counts (pia_core/report/progress_section.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_core.analysis.progress import compare
from pia_core.analysis.projection import project, top_actions
from pia_core.content.bundle import shipped_content
from pia_core.scan.changes import WHOLE, apply, as_json, diff, for_log, rebuild, revert, revertible, text_at
from pia_core.scan.dossier import Dossier
from pia_core.scan.flow_model import Flow
from pia_core.scan.model import Answer, Assessment
from pia_core.storage.edit_log import MAX_CHANGES_PER_SAVE, Change

from .test_changes import base, edited


def activity_json(d: Dossier, activity: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in as_json(d)["activities"] if a["id"] == activity)
    return found


def logged_saves(versions: list[Dossier]) -> list[list[Change]]:
    """What the log holds for each save from one version to the next (oldest first)."""
    return [for_log(as_json(a), as_json(b), MAX_CHANGES_PER_SAVE) for a, b in itertools.pairwise(versions)]


def undo_after(saves: list[list[Change]], k: int, activity: str) -> list[Change]:
    """The activity's changes made after version `k`, newest first (as the log gives them)."""
    later = [change for save in saves[k:] for change in save if change.activity == activity]
    return list(reversed(later))


def test_rebuild_puts_back_every_later_change_of_the_activity_only() -> None:
    v0 = base()
    first = v0.ids[0]
    v1 = v0.model_copy(deep=True)
    v1.activity(first).set_answer("s1_a", Answer.YES)
    v1.activity(first).set_note(2, "eerste")
    v2 = v1.model_copy(deep=True)
    v2.activity(first).set_answer("s1_a", Answer.PARTLY)
    v2.activity(first).set_note(2, "tweede")
    v2.activity(first).set_action("check:s1_a", "Bert", None)
    v2.activity(first).flows = [Flow(id="f3", name="Portaal"), *reversed(v2.activity(first).flows)]
    v2.organisation.name = "Gemeente Zuid"  # the organisation-wide part: not the activity's
    v2.activity(v2.ids[1]).set_answer("s1_a", Answer.NO)  # another activity: left alone
    saves = logged_saves([v0, v1, v2])
    for k, version in enumerate((v0, v1)):
        rebuilt = rebuild(v2, undo_after(saves, k, first))
        assert activity_json(rebuilt, first) == activity_json(version, first)
        assert rebuilt.organisation.name == "Gemeente Zuid"
        assert activity_json(rebuilt, v2.ids[1]) == activity_json(v2, v2.ids[1])
    assert rebuild(v2, []) == v2
    assert activity_json(v2, first)["answers"] == {"s1_a": "partly"}, "the input is not changed"


def test_the_creation_of_an_activity_is_its_first_state() -> None:
    v0 = base()
    v1 = v0.model_copy(deep=True)
    new_id = v1.add("Derde").id
    v2 = v1.model_copy(deep=True)
    v2.activity(new_id).set_answer("s1_a", Answer.NO)
    saves = logged_saves([v0, v1, v2])
    created = next(c for c in saves[0] if c.activity == new_id)
    assert created.field == WHOLE and created.old is None and not revertible(created)
    rebuilt = rebuild(v2, undo_after(saves, 0, new_id))
    assert activity_json(rebuilt, new_id) == activity_json(v1, new_id), "not removed: as it was made"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edited(), min_size=2, max_size=4))
def test_rebuild_reproduces_every_earlier_state_exactly(versions: list[Dossier]) -> None:
    saves = logged_saves(versions)
    last = versions[-1]
    for activity in last.ids:
        for k in range(len(versions) - 1):
            if not all(activity in v.ids for v in versions[k:]):
                continue  # removed and made again in between: its first state is the later one
            rebuilt = rebuild(last, undo_after(saves, k, activity))
            assert activity_json(rebuilt, activity) == activity_json(versions[k], activity)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(), edited())
def test_text_at_reads_back_both_sides_of_every_change(a: Dossier, b: Dossier) -> None:
    for change in diff(a, b):
        assert text_at(as_json(a), change.activity, change.field) == change.old, change
        assert text_at(as_json(b), change.activity, change.field) == change.new, change


def test_revert_is_a_new_change_from_the_current_value() -> None:
    v0 = base()
    first = v0.ids[0]
    v1 = v0.model_copy(deep=True)
    v1.activity(first).set_answer("s1_a", Answer.YES)
    v2 = v1.model_copy(deep=True)
    v2.activity(first).set_answer("s1_a", Answer.PARTLY)
    entry = Change(first, "answers.s1_a", '"no"', '"yes"')  # the older entry: no -> yes
    change = revert(as_json(v2), entry)
    assert change == Change(first, "answers.s1_a", '"partly"', '"no"')
    back = apply(v2, [change])
    assert back.activity(first).answers["s1_a"] is Answer.NO
    unanswered = revert(as_json(v2), Change(first, "answers.s2_b", None, '"yes"'))
    assert unanswered.new is None and "s2_b" not in apply(v2, [unanswered]).activity(first).answers


def test_compare_counts_what_the_plan_did() -> None:
    content = shipped_content()
    then = Assessment(date=dt.date(2026, 1, 5))
    for step in content.catalogue.steps:
        for question in step.questions:
            then.set_answer(question.id, Answer.NO)
    judged = compare(then, then, content)
    assert not judged.changed and judged.done_actions == () and judged.closed_critical == ()
    done = top_actions(judged.now)
    now = project(then, content, done).assessment
    progress = compare(then, now, content)
    assert progress.changed
    assert set(done) <= set(progress.done_actions)
    assert progress.new_critical == ()
    assert len(progress.closed_critical) == len(judged.then.critical) - len(progress.now.critical)
    assert all(c.planned is None or c.today is None or c.planned >= c.today for c in progress.step_changes)
