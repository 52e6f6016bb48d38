"""The level follows the law: the rules in 'Zo werkt de score' hold, and no answer can flatter it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pia_core.analysis.evaluation import Evaluation, LevelReason, evaluate
from pia_core.analysis.findings import FindingKind
from pia_core.content.bundle import shipped_content
from pia_core.content.loader import Catalogue
from pia_core.scan.flow_model import Channel, Flow, Processor, Recipient
from pia_core.scan.model import Answer, Assessment, Organisation, Sector
from pia_core.scan.serialization import assessment_from_data
from pia_core.scan.successors import carry_forward
from pia_core.wording.verdict import level_name, reason_lines, step_weights_text

from ..shipped import content_with

SHIPPED = shipped_content().catalogue
LOWEST = SHIPPED.scoring.levels[0]
TOP = SHIPPED.scoring.levels[-1]


def all_answered(cat: Catalogue, value: Answer = Answer.YES, sector: Sector = Sector.OTHER) -> Assessment:
    a = Assessment(organisation=Organisation(sector=sector))
    for step in cat.steps:
        for question in step.applicable(sector):
            a.set_answer(question.id, value)
    return a


def rank(judged: Evaluation) -> int:
    """Position of the level among the bands; -1 when there is none yet."""
    levels = list(SHIPPED.scoring.levels)
    return -1 if judged.level is None else levels.index(judged.level)


# -- the rules, on a tiny catalogue ----------------------------------------------------------------
def test_all_yes_is_the_top_band_and_final(tiny: Catalogue) -> None:
    judged = evaluate(all_answered(tiny), content_with(tiny))
    assert judged.level == tiny.scoring.levels[-1]
    assert not judged.provisional and not judged.critical and judged.reasons == []


def test_critical_no_unknown_and_partly_cap_the_level(tiny: Catalogue) -> None:
    for answer in (Answer.NO, Answer.UNKNOWN, Answer.PARTLY):
        a = all_answered(tiny)
        a.set_answer("s1_a", answer)
        judged = evaluate(a, content_with(tiny))
        assert [f.id for f in judged.critical] == ["s1_a"], answer
        assert judged.level == tiny.scoring.levels[0]
        assert judged.band is not None and judged.band != judged.level
        assert judged.capped and judged.reasons == [LevelReason.CRITICAL]


def test_one_yes_among_open_critical_questions_is_not_good(tiny: Catalogue) -> None:
    """The old fault: one Ja and everything else blank gave 100 Goed."""
    a = Assessment()
    a.set_answer("s1_b", Answer.YES)
    judged = evaluate(a, content_with(tiny))
    assert judged.overall == 100.0  # the score of what is answered, shown as it is
    assert judged.provisional and judged.open_critical == ("s1_a",)
    # Step 1: s1_a (weight 3) counts as not met for the level -> 25: the lowest band.
    assert judged.level == tiny.scoring.levels[0]
    assert judged.reasons == [LevelReason.PROVISIONAL]


def test_na_on_a_critical_question_needs_a_reason(tiny: Catalogue) -> None:
    a = all_answered(tiny)
    a.set_answer("s1_a", Answer.NA)
    judged = evaluate(a, content_with(tiny))
    assert judged.open_critical == ("s1_a",) and judged.level != tiny.scoring.levels[-1]
    a.set_na_reason("s1_a", "  Wij werken\nniet met verwerkers.  ")
    assert a.na_reason("s1_a") == "Wij werken niet met verwerkers."  # one line
    judged = evaluate(a, content_with(tiny))
    assert not judged.provisional and judged.level == tiny.scoring.levels[-1]


# -- facts: what the scan knows elsewhere ---------------------------------------------------------
def test_na_that_contradicts_the_flows_is_a_critical_check() -> None:
    a = all_answered(SHIPPED)
    a.set_answer("s3_special_exception", Answer.NA)
    a.set_na_reason("s3_special_exception", "Geen bijzondere gegevens.")
    assert evaluate(a, content_with(SHIPPED)).level == TOP
    a.flows = [Flow(name="Wmo-beschikking", channel=Channel.PAPER, tracked=True, special_data=True)]
    judged = evaluate(a, content_with(SHIPPED))
    (check,) = judged.critical
    assert check.id == "check:s3_special_exception" and check.kind is FindingKind.CHECK
    assert 'communicatiestroom "Wmo-beschikking"' in check.title["nl"]
    assert judged.level == LOWEST


def test_core_duties_are_never_not_applicable() -> None:
    """All critical questions N.v.t. used to give 100 Goed."""
    a = all_answered(SHIPPED)
    for question_id in SHIPPED.questions:
        if SHIPPED.questions[question_id].spec.critical:
            a.set_answer(question_id, Answer.NA)
            a.set_na_reason(question_id, "n.v.t.")
    judged = evaluate(a, content_with(SHIPPED))
    checks = {f.id for f in judged.critical if f.kind is FindingKind.CHECK}
    assert {"check:s2_lawful_basis", "check:s8_breach_procedure", "check:s8_risk_assessment"} <= checks
    assert judged.level == LOWEST


def test_log_review_is_critical_where_sensitive_data_are_processed() -> None:
    company = all_answered(SHIPPED, sector=Sector.COMPANY)
    company.set_answer("s8_logging_review", Answer.NO)
    assert not evaluate(company, content_with(SHIPPED)).critical
    care = all_answered(SHIPPED, sector=Sector.HEALTHCARE)
    care.set_answer("s8_logging_review", Answer.NO)
    judged = evaluate(care, content_with(SHIPPED))
    assert [f.id for f in judged.critical] == ["s8_logging_review"] and judged.is_critical("s8_two_factor")
    company.screening = {"sensitive": True}
    assert [f.id for f in evaluate(company, content_with(SHIPPED)).critical] == ["s8_logging_review"]


# -- flows and the DPIA duty -----------------------------------------------------------------------
def test_a_critical_flow_flag_caps_the_level_and_is_counted() -> None:
    a = all_answered(SHIPPED, sector=Sector.GOVERNMENT)
    assert evaluate(a, content_with(SHIPPED)).level == TOP
    a.flows = [
        Flow(
            id="wmo",
            name="Wmo-beschikking",
            recipients=Recipient.CITIZENS,
            channel=Channel.EMAIL,
            special_data=True,
            bsn=True,
            processor=Processor.NONE,
        )
    ]
    a.set_answer("s6_digital_by_choice", Answer.YES)
    judged = evaluate(a, content_with(SHIPPED))
    assert [f.id for f in judged.critical] == ["flow:wmo:special_by_email"]
    assert judged.level == LOWEST
    assert (
        reason_lines(judged, "nl")[0] == f"{judged.overall:.0f} / 100, niveau Onvoldoende door 1 kritiek punt"
    )


def test_a_required_dpia_that_is_missing_is_a_critical_point() -> None:
    a = all_answered(SHIPPED, sector=Sector.HEALTHCARE)
    a.screening = {"health": True}  # AP list: always a DPIA
    judged = evaluate(a, content_with(SHIPPED))
    assert judged.open_critical == ("dpia_done",) and judged.provisional
    assert level_name(judged, "nl") == f"{TOP.name['nl']} (voorlopig)"
    for answer in (Answer.NO, Answer.UNKNOWN, Answer.PARTLY):
        a.dpia = a.dpia.model_copy(update={"done": answer})
        judged = evaluate(a, content_with(SHIPPED))
        assert [f.id for f in judged.critical] == ["dpia:missing"] and judged.level == LOWEST
        assert "AVG 35(1)" in judged.critical[0].raw_references
    a.dpia = a.dpia.model_copy(update={"done": Answer.YES, "fg_advice": Answer.NO})
    judged = evaluate(a, content_with(SHIPPED))
    assert not judged.critical and [f.id for f in judged.findings] == ["dpia:fg_advice"]


def test_an_incomplete_dpia_is_an_action_not_a_critical_point() -> None:
    """G5: what art. 35(7) asks of a DPIA, and its review (35(11)), are asked once a DPIA exists."""
    a = all_answered(SHIPPED, sector=Sector.HEALTHCARE)
    a.screening = {"health": True}
    a.dpia = a.dpia.model_copy(update={"done": Answer.YES, "fg_advice": Answer.YES, "quality": Answer.PARTLY})
    judged = evaluate(a, content_with(SHIPPED))
    assert not judged.critical and [f.id for f in judged.findings] == ["dpia:quality"]
    assert "AVG 35(7)" in judged.findings[0].raw_references and judged.level == TOP
    a.dpia = a.dpia.model_copy(update={"quality": Answer.YES})
    assert not evaluate(a, content_with(SHIPPED)).findings


def test_policy_asks_for_a_dpia_as_an_action_point_never_a_critical_one() -> None:
    """N1: the pre-scan's risk score above 4 without a DPIA: advice for a company, policy for a ministry."""
    five = dict.fromkeys(
        ["rs_ordinary_many", "rs_sensitive", "rs_volume", "rs_frequency", "rs_retention"], True
    )
    for sector, central, expected in (
        (Sector.COMPANY, False, "dpia:policy_advice"),
        (Sector.GOVERNMENT, False, "dpia:policy_advice"),
        (Sector.GOVERNMENT, True, "dpia:policy"),
    ):
        a = all_answered(SHIPPED, sector=sector)
        a.screening = {**five, "central_government": central}
        assert not evaluate(
            a, content_with(SHIPPED)
        ).provisional  # the DPIA question is not an open critical one
        a.dpia = a.dpia.model_copy(update={"done": Answer.NO})
        judged = evaluate(a, content_with(SHIPPED))
        assert not judged.critical and [f.id for f in judged.findings] == [expected], sector
        assert judged.level == TOP


def test_a_recommended_dpia_is_asked_but_not_critical() -> None:
    a = all_answered(SHIPPED)
    a.screening = {"vulnerable": True}  # one criterion: recommended
    assert not evaluate(a, content_with(SHIPPED)).provisional
    a.dpia = a.dpia.model_copy(update={"done": Answer.NO})
    judged = evaluate(a, content_with(SHIPPED))
    assert [f.id for f in judged.findings] == ["dpia:recommended"] and not judged.critical


# -- the law behind the weights ---------------------------------------------------------------------
def test_the_duties_the_regulator_fines_most_are_critical() -> None:
    for question_id in (
        "s6_outside_eea",  # AVG 44 (Uber 2024)
        "s3_criminal_data",  # AVG 10
        "s8_breach_notified",  # AVG 33 (Booking.com 2020)
        "s8_risk_assessment",  # AVG 32(1)-(2)
        "s10_rights_procedure",  # AVG 12, 15-22 (BKR 2019)
        "s2_lawful_basis",
        "s3_special_exception",
    ):
        assert SHIPPED.questions[question_id].spec.critical, question_id
    assert not SHIPPED.questions["s1_owner"].spec.may_be_critical  # good governance, not a duty of its own


def test_step_weights_follow_legal_weight_and_are_shown() -> None:
    weights = {step.number: step.spec.weight for step in SHIPPED.steps}
    assert weights[8] > weights[0] and weights[2] > weights[0]  # security, basis weigh more than the FG
    text = step_weights_text(SHIPPED, "nl")
    assert text.startswith("×3 stap 2, 3, 6, 8 en 10") and "×1 stap 0" in text


def test_merged_questions_carry_their_answers_forward() -> None:
    data = {
        "schema_version": 1,
        "answers": {
            "s1_processor_agreements": "no",
            "s7_purpose_specific": "yes",
            "s3_dpia_large_scale": "partly",
        },
    }
    a = assessment_from_data(data, successors=shipped_content().catalogue.successors)
    assert a.answers == {"s6_processor_agreement": Answer.NO, "s2_purpose_specific": Answer.YES}
    assert a.dpia.done is Answer.PARTLY
    # An answer already given to the successor wins; N.v.t. on the old DPIA question says nothing.
    kept = carry_forward(
        {"answers": {"s1_processor_agreements": "no", "s6_processor_agreement": "yes"}},
        shipped_content().catalogue.successors,
    )
    assert kept["answers"] == {"s6_processor_agreement": "yes"}
    assert (
        carry_forward({"answers": {"s3_dpia_large_scale": "na"}}, shipped_content().catalogue.successors)[
            "dpia"
        ]
        == {}
    )


# -- no answer can flatter the verdict --------------------------------------------------------------
ANSWER_VALUES = st.sampled_from([Answer.YES, Answer.PARTLY, Answer.NO, Answer.UNKNOWN, Answer.NA, None])
SECTORS = st.sampled_from(list(Sector))


@st.composite
def scans(draw: st.DrawFn) -> Assessment:
    sector = draw(SECTORS)
    a = Assessment(organisation=Organisation(sector=sector))
    for step in SHIPPED.steps:
        for question in step.applicable(sector):
            value = draw(ANSWER_VALUES)
            if value is not None:
                a.set_answer(question.id, value)
                if value is Answer.NA and draw(st.booleans()):
                    a.set_na_reason(question.id, "reden")
    return a


@settings(max_examples=60, deadline=None)
@given(scans(), st.data())
def test_yes_to_no_never_raises_the_score_or_the_level(scan: Assessment, data: st.DataObject) -> None:
    yes = [qid for qid, answer in scan.answers.items() if answer is Answer.YES]
    if not yes:
        return
    before = evaluate(scan, content_with(SHIPPED))
    scan.set_answer(data.draw(st.sampled_from(yes)), Answer.NO)
    after = evaluate(scan, content_with(SHIPPED))
    assert before.overall is not None and after.overall is not None
    assert after.overall <= before.overall
    assert rank(after) <= rank(before)
    assert len(after.critical) >= len(before.critical)


@settings(max_examples=40, deadline=None)
@given(scans())
def test_adding_a_critical_point_never_raises_the_level(scan: Assessment) -> None:
    before = evaluate(scan, content_with(SHIPPED))
    scan.flows = [Flow(name="Uitslagen", channel=Channel.EMAIL, special_data=True)]
    after = evaluate(scan, content_with(SHIPPED))
    assert any(f.kind is FindingKind.FLOW and f.critical for f in after.critical)
    assert rank(after) <= rank(before) and after.level == LOWEST


def test_a_flow_flag_and_the_question_on_the_same_duty_count_once() -> None:
    a = all_answered(SHIPPED, sector=Sector.HEALTHCARE)
    a.set_answer("s3_sensitive_by_email", Answer.NO)
    judged = evaluate(a, content_with(SHIPPED))
    assert [f.id for f in judged.critical] == ["s3_sensitive_by_email"]
    a.flows = [Flow(id="uitslag", name="Uitslagen", channel=Channel.EMAIL, special_data=True)]
    judged = evaluate(a, content_with(SHIPPED))
    assert [f.id for f in judged.critical] == ["flow:uitslag:special_by_email"]


def test_flow_rules_name_real_questions() -> None:

    for rule_id, rule in shipped_content().flows.rules.items():
        assert rule.same_duty_as is None or rule.same_duty_as in SHIPPED.questions, rule_id
