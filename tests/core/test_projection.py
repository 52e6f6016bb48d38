"""The plan's "Wat als": actions assumed done never flatter the verdict by accident, never hide a gap."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from pia_core.analysis.dpia_duty import REFERENCES as DPIA_FINDINGS
from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.findings import TOP_ACTIONS
from pia_core.analysis.organisation import evaluate_organisation
from pia_core.analysis.projection import (
    FLOW_CHANGES,
    MARKED_RESOLVED,
    Assumed,
    UnknownActions,
    project,
    top_actions,
)
from pia_core.content.bundle import shipped_content
from pia_core.flows.flags import flow_rules
from pia_core.scan.flow_model import Channel, Flow, Processor, Recipient
from pia_core.scan.model import Answer, Assessment, DpiaStatus, Organisation, Sector
from pia_core.scan.serialization import read_dossier
from pia_core.wording.projection import marked_resolved_line, projection_line

from .test_cases import CASES_DIR, load_case

CONTENT = shipped_content()
SHIPPED = CONTENT.catalogue
LEVELS = list(SHIPPED.scoring.levels)
TOP = LEVELS[-1]
LOWEST = LEVELS[0]
DEMOS = [demo.file for demo in CONTENT.demos]


def demo_assessment(file: str) -> Assessment:
    """The one activity of a demo file."""
    return read_dossier(CONTENT.demo_dir / file, successors=SHIPPED.successors).assessment()


def rank(judged: Evaluation) -> int:
    return -1 if judged.level is None else LEVELS.index(judged.level)


def all_yes(sector: Sector) -> Assessment:
    a = Assessment(organisation=Organisation(sector=sector))
    for step in SHIPPED.steps:
        for question in step.applicable(sector):
            a.set_answer(question.id, Answer.YES)
    return a


# -- the property: done actions never lower the verdict -------------------------------------------
# Mostly Ja, as in a real scan: the weak answers, flows and the DPIA then share the plan.
ANSWERS = st.sampled_from([*[Answer.YES] * 6, Answer.PARTLY, Answer.NO, Answer.UNKNOWN, Answer.NA, None])
MAYBE = st.sampled_from([None, Answer.YES, Answer.PARTLY, Answer.NO, Answer.UNKNOWN])
SCREENING_IDS = [item.id for item in CONTENT.screening.all_items]
# Ticks that, one or two together, make the DPIA check say aanbevolen or verplicht.
LIKELY_TICKS = [
    "health",
    "sensitive",
    "large_scale",
    "vulnerable",
    "camera",
    "rs_volume",
    "central_government",
]


@st.composite
def flows(draw: st.DrawFn, index: int) -> Flow:
    return Flow(
        id=f"f{index}",
        name=f"Stroom {index}",
        recipients=draw(st.sampled_from(list(Recipient))),
        volume=draw(st.integers(0, 5000)),
        channel=draw(st.sampled_from([*Channel, Channel.EMAIL])),  # ordinary email breaks most rules
        special_data=draw(st.booleans()),
        bsn=draw(st.booleans()),
        tracked=draw(st.booleans()),
        processor=draw(st.sampled_from(list(Processor))),
        digital_share=draw(st.sampled_from([0.0, 50.0, 100.0])),
    )


@st.composite
def scans(draw: st.DrawFn) -> Assessment:
    sector = draw(st.sampled_from(list(Sector)))
    a = Assessment(
        organisation=Organisation(sector=sector), scan_mode=draw(st.sampled_from(["full", "quick"]))
    )
    for step in SHIPPED.steps:
        for question in step.applicable(sector):
            value = draw(ANSWERS)
            if value is not None:
                a.set_answer(question.id, value)
                if value is Answer.NA and draw(st.booleans()):
                    a.set_na_reason(question.id, "reden")
    count = draw(st.integers(0, 3))
    a.flows = [draw(flows(index)) for index in range(count)]
    ticked = draw(
        st.sets(st.sampled_from(LIKELY_TICKS), max_size=3)
        | st.sets(st.sampled_from(SCREENING_IDS), max_size=3)
    )
    a.screening = dict.fromkeys(ticked, True)
    a.dpia = DpiaStatus(done=draw(MAYBE), fg_advice=draw(MAYBE), quality=draw(MAYBE), checked=True)
    return a


@settings(max_examples=60, deadline=None, derandomize=True)
@given(scans(), st.data())
def test_done_actions_never_lower_the_score_or_the_level_nor_add_a_critical_point(
    scan: Assessment, data: st.DataObject
) -> None:
    today = evaluate(scan, CONTENT)
    ids = [finding.id for finding in today.findings]
    # Each action in or out by a coin: flows and the DPIA (few, late in the plan) are in as often.
    done = {item for item in ids if data.draw(st.booleans())}
    for finding in today.findings:
        if finding.id in done:
            event(f"done: {finding.kind.value}")  # --hypothesis-show-statistics: what was covered
    before = scan.model_dump_json()
    after = project(scan, CONTENT, done)
    assert scan.model_dump_json() == before, "the input scan was changed"
    if today.overall is not None:
        assert after.overall is not None and after.overall >= today.overall
    assert rank(after.evaluation) >= rank(today)
    assert set(after.critical_findings) <= {finding.id for finding in today.critical}
    # Every done action leaves the plan, and no new action comes in.
    assert {finding.id for finding in after.evaluation.findings} <= set(ids) - done
    assert set(after.done) == done and set(after.resolved) >= done


# -- what "done" means per kind --------------------------------------------------------------------
def test_every_flow_rule_has_a_meaning_of_done_and_only_minor_ones_are_merely_marked() -> None:
    rules = CONTENT.flows.rules
    assert set(FLOW_CHANGES) | MARKED_RESOLVED == set(rules)
    assert not set(FLOW_CHANGES) & MARKED_RESOLVED
    assert not any(rules[rule].critical for rule in MARKED_RESOLVED)


def test_every_dpia_finding_has_a_meaning_of_done() -> None:
    from pia_core.analysis.projection import DPIA_CHANGES

    assert set(DPIA_CHANGES) == set(DPIA_FINDINGS)


FIRING: dict[str, tuple[Sector, dict[str, Any]]] = {
    "special_by_email": (Sector.HEALTHCARE, {"channel": Channel.EMAIL, "special_data": True}),
    "bsn_by_email": (Sector.HEALTHCARE, {"channel": Channel.EMAIL, "bsn": True}),
    "special_paper_untracked": (Sector.HEALTHCARE, {"channel": Channel.PAPER, "special_data": True}),
    "no_processor_agreement": (Sector.OTHER, {"processor": Processor.NO_AGREEMENT}),
    "processor_unknown": (Sector.OTHER, {"processor": Processor.UNKNOWN}),
    "digital_needs_choice": (
        Sector.GOVERNMENT,
        {"channel": Channel.PORTAL, "recipients": Recipient.CITIZENS},
    ),
    "bsn_without_law": (Sector.COMPANY, {"bsn": True, "recipients": Recipient.CUSTOMERS}),
}


@pytest.mark.parametrize("rule", sorted(FIRING))
def test_a_done_flow_flag_is_gone_and_nothing_else_got_worse(rule: str) -> None:
    sector, fields = FIRING[rule]
    a = all_yes(sector)
    for question in ("s6_processor_agreement", "s6_digital_by_choice"):
        if question in a.answers:
            a.set_answer(question, Answer.NO)
    a.flows = [Flow(id="stroom", name="Stroom", volume=100, **fields)]
    assert rule in flow_rules(a.flows[0], a)
    flag = f"flow:stroom:{rule}"
    after = project(a, CONTENT, [flag])
    assert flag not in {finding.id for finding in after.evaluation.findings}
    expected = Assumed.MARKED_RESOLVED if rule in MARKED_RESOLVED else Assumed.FLOW_CHANGED
    assert after.how == {flag: expected}
    if rule in FLOW_CHANGES:
        assert rule not in flow_rules(after.assessment.flows[0], after.assessment)
    assert a.flows[0].model_dump() == {**a.flows[0].model_dump(), **fields}  # the input kept its flow
    assert after.savings.annual == after.savings_today.annual  # no action moves paper to digital


def test_a_flag_standing_for_a_question_takes_the_question_along_once_all_its_flags_are_done() -> None:
    """The question on the same duty (one gap counts once) must not come back as a critical point."""
    a = all_yes(Sector.HEALTHCARE)
    a.set_answer("s3_sensitive_by_email", Answer.NO)
    a.flows = [
        Flow(id="uitslag", name="Uitslagen", channel=Channel.EMAIL, special_data=True),
        Flow(id="verwijzing", name="Verwijzingen", channel=Channel.EMAIL, special_data=True),
    ]
    today = evaluate(a, CONTENT)
    assert [f.id for f in today.critical] == [
        "flow:uitslag:special_by_email",
        "flow:verwijzing:special_by_email",
    ]
    one = project(a, CONTENT, ["flow:uitslag:special_by_email"], today=today)
    assert one.critical_findings == ("flow:verwijzing:special_by_email",)
    assert one.assessment.answer("s3_sensitive_by_email") is Answer.NO  # one flow still sends it so
    both = project(a, CONTENT, ["flow:uitslag:special_by_email", "flow:verwijzing:special_by_email"])
    assert both.critical_findings == () and both.level == TOP
    assert both.assessment.answer("s3_sensitive_by_email") is Answer.YES
    assert both.overall is not None and today.overall is not None and both.overall > today.overall


def test_a_contradicted_na_is_done_when_the_duty_is_met() -> None:
    a = all_yes(Sector.OTHER)
    a.set_answer("s3_special_exception", Answer.NA)
    a.set_na_reason("s3_special_exception", "Geen bijzondere gegevens.")
    a.flows = [Flow(id="post", name="Post", channel=Channel.PAPER, tracked=True, special_data=True)]
    assert [f.id for f in evaluate(a, CONTENT).critical] == ["check:s3_special_exception"]
    after = project(a, CONTENT, ["check:s3_special_exception"])
    assert after.how == {"check:s3_special_exception": Assumed.ANSWERED_YES}
    assert after.assessment.answer("s3_special_exception") is Answer.YES
    assert after.assessment.na_reason("s3_special_exception") == ""
    assert after.critical_findings == () and after.level == TOP


def test_a_missing_dpia_done_as_asked_leaves_no_dpia_action() -> None:
    a = all_yes(Sector.HEALTHCARE)
    a.screening = {"health": True}
    a.dpia = DpiaStatus(done=Answer.NO, fg_advice=Answer.NO, quality=Answer.UNKNOWN, checked=True)
    assert [f.id for f in evaluate(a, CONTENT).findings] == ["dpia:missing"]
    after = project(a, CONTENT, ["dpia:missing"])
    assert after.evaluation.findings == [] and after.level == TOP
    assert after.assessment.dpia.done is Answer.YES and after.assessment.dpia.fg_advice is Answer.YES


def test_unknown_ids_are_refused_by_name() -> None:
    a = all_yes(Sector.OTHER)
    a.set_answer("s2_privacy_notice", Answer.NO)
    with pytest.raises(UnknownActions) as raised:
        project(a, CONTENT, ["s2_privacy_notice", "s1_nope", "flow:x:y"])
    assert raised.value.ids == ("s1_nope", "flow:x:y")


def test_nothing_done_is_today() -> None:
    _, a = load_case(CASES_DIR / "bkr-2019.yaml")
    after = project(a, CONTENT, [])
    today = evaluate(a, CONTENT)
    assert after.overall == today.overall and after.level == today.level
    assert after.critical_findings == tuple(f.id for f in today.critical)
    assert not any(change.changed for change in after.step_changes)


def test_top_actions_are_what_the_plan_shows_first() -> None:
    judged = evaluate(demo_assessment("zorg-patientbrieven.json"), CONTENT)
    assert len(judged.findings) > TOP_ACTIONS
    assert top_actions(judged) == tuple(f.id for f in judged.findings[:TOP_ACTIONS])
    assert top_actions(judged, 2) == tuple(f.id for f in judged.findings[:2])
    assert [f.priority for f in judged.findings[:TOP_ACTIONS]] == list(range(1, TOP_ACTIONS + 1))


# -- the case library: one case of each kind is put right by its own action ------------------------
@pytest.mark.parametrize(
    ("case", "action", "assumed"),
    [
        ("bkr-2019", "s10_rights_procedure", Assumed.ANSWERED_YES),
        ("region-uppsala-email-2022", "flow:verslag-buitenland:special_by_email", Assumed.FLOW_CHANGED),
        ("ics-2023", "dpia:missing", Assumed.DPIA_DONE),
    ],
)
def test_a_fined_case_with_its_violation_put_right_reaches_the_top(
    case: str, action: str, assumed: Assumed
) -> None:
    _, a = load_case(CASES_DIR / f"{case}.yaml")
    today = evaluate(a, CONTENT)
    assert today.level == LOWEST and action in {f.id for f in today.critical}
    after = project(a, CONTENT, [action], today=today)
    assert after.how == {action: assumed}
    assert after.critical_findings == () and after.level == TOP
    assert after.overall is not None and today.overall is not None and after.overall >= today.overall
    assert any(change.changed for change in after.step_changes) or assumed is Assumed.DPIA_DONE


# -- the demos ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("file", DEMOS)
def test_the_top_five_of_every_demo_activity_raise_the_score(file: str) -> None:
    dossier = read_dossier(CONTENT.demo_dir / file, successors=SHIPPED.successors)
    for item in evaluate_organisation(dossier, CONTENT).activities:
        today = item.evaluation
        after = project(item.assessment, CONTENT, top_actions(today), today=today)
        assert today.overall is not None and after.overall is not None
        if today.overall < 100:
            assert after.overall > today.overall, item.id
        assert rank(after.evaluation) >= rank(today)
        assert len(after.done) == min(TOP_ACTIONS, len(today.findings))


def test_the_projection_in_words_both_languages() -> None:
    a = demo_assessment("zorg-patientbrieven.json")
    today = evaluate(a, CONTENT)
    after = project(a, CONTENT, top_actions(today), today=today)
    today_critical, after_critical = len(today.critical), len(after.critical_findings)
    assert projection_line(after, "nl") == (
        f"Nu {today.overall:.0f}, Onvoldoende, {today_critical} kritieke punten → na het plan "
        f"{after.overall:.0f}, {after.level.name['nl'] if after.level else '—'}, {after_critical}"
    )
    assert projection_line(after, "en").startswith(f"Now {today.overall:.0f}, Insufficient, ")
    assert marked_resolved_line(after, "nl") is None


def test_a_merely_marked_action_is_said_so() -> None:
    a = all_yes(Sector.GOVERNMENT)
    a.set_answer("s6_digital_by_choice", Answer.NO)
    a.flows = [Flow(id="brief", name="Brief", channel=Channel.PORTAL, recipients=Recipient.CITIZENS)]
    after = project(a, CONTENT, ["flow:brief:digital_needs_choice"])
    line = marked_resolved_line(after, "nl")
    title = next(f.title["nl"] for f in after.today.findings if f.id == "flow:brief:digital_needs_choice")
    assert line is not None and line.endswith(f"“{title}”") and "flow:" not in line
