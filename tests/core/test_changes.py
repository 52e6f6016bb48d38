"""Issue 23: field-level changes between two versions of a dossier, applying them, and merging two
sessions' edits (pia_core/scan/changes.py)."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_core.scan.changes import (
    apply,
    apply_json,
    as_json,
    diff,
    field_of,
    for_log,
    logged,
    merge,
    parse_field,
    value_of,
)
from pia_core.scan.dossier import Dossier
from pia_core.scan.flow_model import Channel, Flow
from pia_core.scan.model import Answer, DpiaStatus, NoHighRisk, SignOff
from pia_core.storage.edit_log import Change


def base() -> Dossier:
    d = Dossier(date=dt.date(2026, 1, 5))
    d.set_answer("s0_fg", Answer.YES)
    item = d.activity()
    item.set_answer("s1_a", Answer.NO)
    item.set_note(3, "een notitie")
    item.set_action("check:s1_a", "Anna", dt.date(2026, 3, 1))
    item.flows = [Flow(id="f1", name="Brieven"), Flow(id="f2", name="Mail", channel=Channel.EMAIL)]
    d.add("Tweede")
    d.choose(d.ids[0])
    return d


def fields(changes: list[Change]) -> dict[tuple[str, str], tuple[object, object]]:
    return {(c.activity, c.field): (value_of(c.old), value_of(c.new)) for c in changes}


def roundtrip(a: Dossier, b: Dossier) -> list[Change]:
    changes = diff(a, b)
    assert apply(a, changes) == b
    assert as_json(apply(a, changes)) == as_json(b)
    return changes


def test_no_change_no_diff() -> None:
    assert diff(base(), base()) == []


def test_every_kind_of_field_is_named_and_put_back() -> None:
    a, b = base(), base()
    first = b.ids[0]
    item = b.activity(first)
    item.set_answer("s1_a", Answer.YES)
    item.set_answer("s2_b", Answer.PARTLY)
    item.set_note(3, "")
    item.set_na_reason("s4_x", "geen camera's")
    item.set_action("check:s1_a", "Bert", dt.date(2026, 3, 1))
    item.set_action("s2_b", "", dt.date(2026, 6, 1))
    item.dpia = DpiaStatus(done=Answer.PARTLY, checked=True, no_high_risk=NoHighRisk(reason="klein"))
    item.sign_off = SignOff(decision="Akkoord")
    item.flows = [item.flows[0].model_copy(update={"volume": 500}), Flow(id="f3", name="Portaal")]
    b.set_answer("s0_fg", Answer.NO)
    b.organisation.name = "Gemeente Noord"
    changes = roundtrip(a, b)
    got = fields(changes)
    assert got[(first, "answers.s1_a")] == ("no", "yes")
    assert got[(first, "answers.s2_b")] == (None, "partly")
    assert got[(first, "notes.3")] == ("een notitie", None)
    assert got[(first, "na_reasons.s4_x")] == (None, "geen camera's")
    assert got[(first, "actions.check:s1_a.owner")] == ("Anna", "Bert")
    assert (first, "actions.check:s1_a.due") not in got
    assert got[(first, "actions.s2_b.due")] == (None, "2026-06-01")
    assert got[(first, "dpia.done")] == (None, "partly")
    assert got[(first, "dpia.checked")] == (False, True)
    assert got[(first, "dpia.no_high_risk.reason")] == ("", "klein")
    assert got[(first, "sign_off.decision")] == ("", "Akkoord")
    assert got[(first, "flows.f1")][1]["volume"] == 500  # type: ignore[index]
    assert got[(first, "flows.f2")][1] is None
    assert got[(first, "flows.f3")][0] is None
    assert (first, "flows.#order") not in got, "adding at the end and removing need no order"
    assert got[("", "answers.s0_fg")] == ("yes", "no")
    assert got[("", "organisation.name")] == ("", "Gemeente Noord")


def test_activities_added_removed_reordered_and_flows_reordered() -> None:
    a, b = base(), base()
    first, second = b.ids
    b.activity(first).flows = list(reversed(b.activity(first).flows))
    b.add("Derde")
    b.activities = [b.activity("derde"), b.activity(first)]
    b.choose("derde")
    changes = roundtrip(a, b)
    got = fields(changes)
    assert got[(first, "flows.#order")] == (["f1", "f2"], ["f2", "f1"])
    assert got[(second, "#activity")][1] is None
    assert got[("derde", "#activity")][0] is None
    assert got[("", "activities.#order")] == ([first, second], ["derde", first])
    assert not logged(Change("", "current", '"a"', '"b"'))
    assert logged(Change("", "answers.s0_fg", None, '"yes"'))


def test_keys_with_dots_are_escaped_and_read_back() -> None:
    path = ("answers", "odd.key~x")
    assert parse_field(field_of(path)) == path
    a = base()
    b = base()
    b.activity().set_answer("s1.odd~key", Answer.YES)
    (change,) = roundtrip(a, b)
    assert change.field == "answers.s1~1odd~0key"


def test_a_change_to_a_removed_activity_is_left_out_and_said() -> None:
    a = base()
    data, left_out = apply_json(as_json(a), [Change("weg", "answers.s1_a", None, '"yes"')])
    assert data == as_json(a) and [c.activity for c in left_out] == ["weg"]


def test_merge_keeps_both_sides_and_names_the_conflict() -> None:
    start = base()
    mine, theirs = base(), base()
    first = start.ids[0]
    mine.activity(first).set_answer("s1_b", Answer.YES)  # only mine
    mine.activity(first).set_answer("s1_a", Answer.PARTLY)  # both: mine is later
    theirs.activity(first).set_answer("s1_c", Answer.NO)  # only theirs
    theirs.activity(first).set_answer("s1_a", Answer.YES)
    theirs.activity(first).set_action("check:s1_a", "Anna", dt.date(2026, 4, 1))
    mine.activity(first).set_action("check:s1_a", "Bert", dt.date(2026, 3, 1))  # owner by me, due by them
    merged, conflicts, left_out = merge(as_json(start), as_json(mine), as_json(theirs))
    result = Dossier.model_validate(merged).activity(first)
    assert result.answers == {"s1_a": Answer.PARTLY, "s1_b": Answer.YES, "s1_c": Answer.NO}
    assert result.actions["check:s1_a"].owner == "Bert"
    assert result.actions["check:s1_a"].due == dt.date(2026, 4, 1)
    assert [(m.field, value_of(m.new), value_of(t.new)) for m, t in conflicts] == [
        ("answers.s1_a", "partly", "yes")
    ]
    assert left_out == []


def test_merge_same_value_on_both_sides_is_no_conflict() -> None:
    start, mine, theirs = base(), base(), base()
    mine.activity().set_answer("s1_a", Answer.YES)
    theirs.activity().set_answer("s1_a", Answer.YES)
    _, conflicts, _ = merge(as_json(start), as_json(mine), as_json(theirs))
    assert conflicts == []


# --- the property: apply(a, diff(a, b)) == b -------------------------------------------------------

QUESTIONS = ["s0_fg", "s1_a", "s1_b", "s2_c", "s3_dpia"]
answers = st.dictionaries(st.sampled_from(QUESTIONS[1:]), st.sampled_from(list(Answer)), max_size=4)
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12)


@st.composite
def edited(draw: st.DrawFn) -> Dossier:
    d = base()
    if draw(st.booleans()):
        d.add(draw(st.sampled_from(["Derde", "Vierde"])))
    for item in d.activities:
        item.answers = draw(answers)
        item.notes = draw(st.dictionaries(st.integers(1, 10), texts.filter(str.strip), max_size=2))
        for finding in draw(st.lists(st.sampled_from(["s1_a", "check:s1_b"]), max_size=2)):
            item.set_action(finding, draw(texts), draw(st.none() | st.dates(dt.date(2025, 1, 1))))
        flows = draw(st.permutations([*item.flows, Flow(id="f9", name="Nieuw")]))
        item.flows = flows[: draw(st.integers(0, len(flows)))]
        item.sign_off = SignOff(decision=draw(texts))
        item.dpia = DpiaStatus(done=draw(st.none() | st.sampled_from(list(Answer))))
    if len(d.activities) > 1 and draw(st.booleans()):
        d.delete(d.ids[draw(st.integers(0, len(d.ids) - 1))])
    if draw(st.booleans()):
        d.activities = list(reversed(d.activities))
    d.organisation.name = draw(texts)
    d.choose(draw(st.sampled_from(d.ids)))
    return d


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(), edited())
def test_apply_of_diff_gives_the_new_version(a: Dossier, b: Dossier) -> None:
    changes = diff(a, b)
    assert json.loads(apply(a, changes).model_dump_json()) == json.loads(b.model_dump_json())
    assert apply(a, changes) == b
    assert diff(apply(a, changes), b) == []


def test_for_log_leaves_out_the_session_view_and_collapses_a_whole_file() -> None:
    a, b = base(), base()
    b.language = "en"
    b.presentation.enabled = True
    b.activity().set_answer("s1_b", Answer.YES)
    b.activity().set_answer("s1_c", Answer.YES)
    assert [c.field for c in for_log(as_json(a), as_json(b), 100)] == ["answers.s1_b", "answers.s1_c"]
    (whole,) = for_log(as_json(a), as_json(b), 1)
    assert (whole.activity, whole.field) == (a.ids[0], "#activity")
    assert value_of(whole.new) == as_json(b)["activities"][0]


def test_a_path_too_long_for_the_log_is_logged_as_its_whole_field() -> None:
    a, b = base(), base()
    b.activity().set_answer("s1_" + "x" * 500, Answer.YES)
    (change,) = for_log(as_json(a), as_json(b), 100)
    assert change.field == "answers" and value_of(change.new)["s1_" + "x" * 500] == "yes"
