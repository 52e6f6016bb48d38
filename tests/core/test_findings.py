"""Findings, their risk and order, and the action plan in the assessment (its CSV: test_formatting.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.findings import Finding, FindingKind, prioritise, risk_counts
from pia_core.content.bundle import shipped_content
from pia_core.content.loader import Catalogue, ContentError
from pia_core.content.risk import Grade, load_risk_rules
from pia_core.scan.model import Answer, Assessment, Organisation, Sector
from pia_core.scan.serialization import assessment_from_bytes, assessment_to_json
from pia_core.ui.summary_page import apply_plan_edits

from ..conftest import write_yaml
from ..shipped import content_with


def findings(assessment: Assessment, catalogue: Catalogue) -> list[Finding]:
    return evaluate(assessment, content_with(catalogue)).findings


def answered(cat: Catalogue, **answers: Answer) -> Assessment:
    assessment = Assessment()
    for qid, answer in answers.items():
        assessment.set_answer(qid, answer)
    return assessment


def test_weak_answers_are_findings_and_good_ones_are_not(tiny: Catalogue) -> None:
    a = answered(
        tiny, s1_a=Answer.YES, s1_b=Answer.NO, s2_a=Answer.PARTLY, s2_b=Answer.NA, s0_a=Answer.UNKNOWN
    )
    assert sorted(f.id for f in findings(a, tiny)) == ["s0_a", "s1_b", "s2_a"]


def test_question_of_another_sector_is_no_finding(tiny: Catalogue) -> None:
    a = answered(tiny, s1_gov=Answer.NO)
    assert findings(a, tiny) == []
    a.organisation = Organisation(sector=Sector.GOVERNMENT)
    assert [f.id for f in findings(a, tiny)] == ["s1_gov"]


def test_critical_first_then_weighted_gap(tiny: Catalogue) -> None:
    # s1_a is critical (weight 3); s2_a weight 2 answered no (gap 1 -> 2.0) beats s1_b weight 1.
    a = answered(tiny, s1_b=Answer.NO, s2_a=Answer.NO, s2_b=Answer.PARTLY, s1_a=Answer.UNKNOWN)
    found = findings(a, tiny)
    assert [f.id for f in found] == ["s1_a", "s2_a", "s1_b", "s2_b"]
    assert [f.priority for f in found] == [1, 2, 3, 4]
    assert found[0].critical and not any(f.critical for f in found[1:])
    assert found[3].gap == pytest.approx(0.5)


def test_partly_on_a_critical_question_is_still_critical(tiny: Catalogue) -> None:
    # "Deels": partly arranged, so the duty is not met; only a full Ja clears a critical point.
    for answer in (Answer.PARTLY, Answer.NO, Answer.UNKNOWN):
        found = findings(answered(tiny, s1_a=answer), tiny)
        assert [f.critical for f in found] == [True], answer


def test_risk_follows_the_matrix() -> None:
    cat = shipped_content().catalogue
    rules = shipped_content().risk
    high = next(q for q in cat.questions.values() if q.spec.impact == Grade.HIGH and not q.spec.sectors)
    for answer in (Answer.NO, Answer.UNKNOWN, Answer.PARTLY):
        (finding,) = findings(answered(cat, **{high.id: answer}), cat)
        assert finding.impact == Grade.HIGH
        assert finding.likelihood == rules.likelihood[answer]
        assert finding.risk == rules.matrix[Grade.HIGH][finding.likelihood]
        assert finding.action["nl"] == high.text("nl").action
        assert finding.references["en"] == tuple(cat.references(high, "en"))


def test_findings_of_other_sources_join_the_order(tiny: Catalogue) -> None:
    flow = Finding(
        id="flow:mail:unencrypted",
        kind=FindingKind.FLOW,
        step=None,
        title={"nl": "Onversleutelde mail", "en": "Unencrypted mail"},
        action={"nl": "Versleutel", "en": "Encrypt"},
        references={"nl": ("AVG art. 32",), "en": ("GDPR Art. 32",)},
        critical=True,
        impact=Grade.HIGH,
        likelihood=Grade.HIGH,
        risk=Grade.HIGH,
        weight=5,
        gap=1.0,
    )
    a = answered(tiny, s1_a=Answer.NO, s2_a=Answer.NO)
    order = prioritise([*findings(a, tiny), flow])
    assert [f.id for f in order] == ["flow:mail:unencrypted", "s1_a", "s2_a"]
    assert prioritise(reversed(order))[0].id == "flow:mail:unencrypted"


def test_risk_counts_cover_every_cell(tiny: Catalogue) -> None:
    counts = risk_counts(findings(answered(tiny, s1_b=Answer.NO, s2_a=Answer.PARTLY), tiny))
    assert len(counts) == 9
    assert sum(counts.values()) == 2


def test_incomplete_risk_matrix_is_refused_with_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "risk.yaml"
    data = {
        "grades": {g: {"nl": g, "en": g} for g in ("low", "medium", "high")},
        "likelihood": {"no": "high", "unknown": "high", "partly": "medium"},
        "matrix": {"low": {"low": "low"}, "medium": {}, "high": {}},
        "levels": [
            {"id": g, "colour": "#000000", "name": {"nl": g, "en": g}} for g in ("low", "medium", "high")
        ],
    }
    write_yaml(path, data)
    with pytest.raises(ContentError, match=r"risk\.yaml.*matrix: row 'low'"):
        load_risk_rules(path)
    assert load_risk_rules().levels[2].id == Grade.HIGH


def test_action_plan_entries_round_trip_and_old_files_load() -> None:
    a = Assessment()
    a.set_action("s1_a", "  Jan de Vries ", dt.date(2026, 3, 1))
    a.set_action("s2_a", "", None)  # empty: nothing stored
    back = assessment_from_bytes(
        assessment_to_json(a).encode(), successors=shipped_content().catalogue.successors
    )
    assert back.actions["s1_a"].owner == "Jan de Vries"
    assert back.actions["s1_a"].due == dt.date(2026, 3, 1)
    assert "s2_a" not in back.actions
    old = b'{"schema_version": 1, "answers": {"s1_a": "no"}}'
    assert assessment_from_bytes(old, successors=shipped_content().catalogue.successors).actions == {}


def test_editor_changes_land_on_the_right_finding() -> None:
    a = Assessment()
    ids = ["s1_a", "s2_a"]
    apply_plan_edits(a, ids, {1: {"owner": "ICT"}, "0": {"due": "2026-05-31T00:00:00"}})
    assert a.actions["s2_a"].owner == "ICT" and a.actions["s2_a"].due is None
    assert a.actions["s1_a"].due == dt.date(2026, 5, 31)
    apply_plan_edits(a, ids, {1: {"owner": None}, 7: {"owner": "out of range"}})
    assert "s2_a" not in a.actions
