"""The DPIA duty: when the DPIA check says verplicht (or aanbevolen), is there a DPIA?

A DPIA that the AVG requires and that is not done is itself a breach of AVG art. 35(1): a critical
finding. While the law requires one and the question is unanswered, it is an open critical
question, so the level stays provisional. A DPIA that only central-government policy asks for (the
pre-scan's new legislation and risk score) is an action point with its own words, never a critical
one: policy is not law. The FG must be asked for advice on a DPIA (art. 35(2)).
"""

from __future__ import annotations

from pia_core.analysis.findings import Finding, FindingKind
from pia_core.analysis.screening import Basis, Route, ScreeningResult, Verdict
from pia_core.content.bundle import Content
from pia_core.content.schema import Impact, Reference
from pia_core.content.texts import say
from pia_core.scan.model import Assessment
from pia_core.vocabulary import LANGUAGES, Answer, Language

DONE_ID = "dpia_done"  # the open item's id while unanswered (score --json: open_critical)
MISSING_ID = "dpia:missing"
FG_ADVICE_ID = "dpia:fg_advice"
RECOMMENDED_ID = "dpia:recommended"
QUALITY_ID = "dpia:quality"  # a DPIA without what art. 35(7) asks, or never reviewed (35(11))
POLICY_ID = "dpia:policy"  # central government: its own policy asks for a DPIA
POLICY_ADVICE_ID = "dpia:policy_advice"  # anyone else: the same policy as advice
ASKED_WHEN = frozenset({Verdict.REQUIRED, Verdict.RECOMMENDED})
# Answers to "is there a DPIA?" (na is not offered: the check already decided it applies).
DONE_ANSWERS = (Answer.YES, Answer.PARTLY, Answer.NO, Answer.UNKNOWN)
FG_ANSWERS = (Answer.YES, Answer.NO, Answer.UNKNOWN)
QUALITY_ANSWERS = (Answer.YES, Answer.PARTLY, Answer.NO, Answer.UNKNOWN)
# Without an FG (step 0 answered N.v.t.) there is nobody to ask for advice.
FG_QUESTION = "s0_fg_appointed"

REFERENCES = {
    MISSING_ID: ("AVG 35(1)", "AVG 35(7)", "AVG 36(1)"),
    FG_ADVICE_ID: ("AVG 35(2)", "AVG 39(1)(c)"),
    RECOMMENDED_ID: ("AVG 35(1)", "AVG 5(2)"),
    QUALITY_ID: ("AVG 35(7)", "AVG 35(9)", "AVG 35(11)"),
    POLICY_ID: ("Pre-scan DPIA",),
    POLICY_ADVICE_ID: ("Pre-scan DPIA", "AVG 5(2)"),
}


def asked(result: ScreeningResult) -> bool:
    return result.verdict in ASKED_WHEN


def is_open(assessment: Assessment, result: ScreeningResult) -> bool:
    """Required by the AVG, and nobody has said yet whether a DPIA exists."""
    return result.legally_required and assessment.dpia.done is None


def _finding(
    finding_id: str,
    answer: Answer,
    critical: bool,
    impact: Impact,
    weight: float,
    content: Content,
) -> Finding:
    catalogue, rules = content.catalogue, content.risk

    def t(key: str, lang: Language) -> str:  # the content's words, handed in
        return say(content.texts, key, lang)

    key = "dpia.finding." + finding_id.split(":", 1)[1]
    likelihood = rules.likelihood[answer]
    raw = REFERENCES[finding_id]
    refs = [Reference.parse(text, catalogue.laws) for text in raw]
    return Finding(
        id=finding_id,
        kind=FindingKind.DPIA,
        step=None,
        title={lang: t(f"{key}.title", lang) for lang in LANGUAGES},
        action={lang: t(f"{key}.action", lang) for lang in LANGUAGES},
        references={lang: tuple(r.format(catalogue.laws, lang) for r in refs) for lang in LANGUAGES},
        critical=critical,
        impact=impact,
        likelihood=likelihood,
        risk=rules.matrix[impact][likelihood],
        weight=weight,
        gap=1.0 - catalogue.scoring.answer_values[answer],
        answer=answer,
        raw_references=raw,
    )


def dpia_findings(assessment: Assessment, result: ScreeningResult, content: Content) -> list[Finding]:
    catalogue = content.catalogue
    if not asked(result):
        return []
    status = assessment.dpia
    done = status.done
    if result.legally_required and done in catalogue.scoring.critical_answers:
        assert done is not None
        return [_finding(MISSING_ID, done, True, Impact.HIGH, 5, content)]
    lacking = done in (Answer.NO, Answer.UNKNOWN)
    if result.basis is Basis.POLICY and lacking:
        assert done is not None
        if result.verdict is Verdict.REQUIRED:
            return [_finding(POLICY_ID, done, False, Impact.MEDIUM, 3, content)]
        return [_finding(POLICY_ADVICE_ID, done, False, Impact.MEDIUM, 2, content)]
    # A documented "no high risk" is what WP248 asks instead of a DPIA: nothing more to say then.
    if result.route is Route.ONE_CRITERION and lacking:
        assert done is not None
        return [_finding(RECOMMENDED_ID, done, False, Impact.MEDIUM, 2, content)]
    if done not in (Answer.YES, Answer.PARTLY):
        return []
    found = []
    has_fg = assessment.answer(FG_QUESTION) is not Answer.NA
    if has_fg and status.fg_advice in (Answer.NO, Answer.UNKNOWN):
        found.append(_finding(FG_ADVICE_ID, status.fg_advice, False, Impact.MEDIUM, 3, content))
    # An incomplete DPIA is work to finish, not a missing one: an action, never a critical point.
    if status.quality in (Answer.PARTLY, Answer.NO, Answer.UNKNOWN):
        found.append(_finding(QUALITY_ID, status.quality, False, Impact.MEDIUM, 3, content))
    return found
