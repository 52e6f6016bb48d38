"""Findings and the action plan: what is weak, how risky it is, and what to do first.

Every applicable question answered `no`, `partly` or `unknown` is a finding. Its risk comes from
the matrix in content/risk.yaml (the question's impact x the likelihood its answer sets). Order of
the action plan: critical findings first, then the largest weighted gap (question weight x the
part of the answer value that is missing), then the higher risk, then step and question order.

A finding need not be a question: other sources (communication flows) build `Finding`s with their
own id, texts and references and pass them to `prioritise` together with these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from pia_core.content.loader import Catalogue, Question
from pia_core.model import LANGUAGES, Answer, Assessment, Language
from pia_core.risk import GRADES, Grade, RiskRules, risk_rules
from pia_core.scoring import CRITICAL_ANSWERS, applicable_questions

TOP_ACTIONS = 5


class FindingSource(StrEnum):
    QUESTION = "question"
    FLOW = "flow"


@dataclass(frozen=True)
class Finding:
    id: str  # stable key, also the key of the assessment's action plan entry
    source: FindingSource
    step: int | None  # the step of the plan it belongs to, if any
    title: dict[Language, str]  # what was found: the question, or a flow's flag
    action: dict[Language, str]  # what to do about it
    references: dict[Language, tuple[str, ...]]
    critical: bool
    impact: Grade
    likelihood: Grade
    risk: Grade
    weight: float  # how much it counts (a question's weight)
    gap: float  # 0..1: how far the answer is from "yes"
    answer: Answer | None = None
    priority: int = 0  # 1 = do first; set by `prioritise`

    @property
    def severity(self) -> float:
        return self.weight * self.gap


def _question_finding(question: Question, answer: Answer, catalogue: Catalogue, rules: RiskRules) -> Finding:
    likelihood = rules.likelihood[answer]
    impact = question.spec.impact
    return Finding(
        id=question.id,
        source=FindingSource.QUESTION,
        step=question.step,
        title={lang: question.text(lang).text for lang in LANGUAGES},
        action={lang: question.text(lang).action for lang in LANGUAGES},
        references={lang: tuple(catalogue.references(question, lang)) for lang in LANGUAGES},
        critical=question.spec.critical and answer in CRITICAL_ANSWERS,
        impact=impact,
        likelihood=likelihood,
        risk=rules.matrix[impact][likelihood],
        weight=question.spec.weight,
        gap=1.0 - catalogue.scoring.answer_values[answer],
        answer=answer,
    )


def question_findings(
    assessment: Assessment, catalogue: Catalogue, rules: RiskRules | None = None
) -> list[Finding]:
    """One finding per applicable question with a weak answer, in catalogue order."""
    rules = rules or risk_rules()
    found: list[Finding] = []
    for step in catalogue.steps:
        for question in applicable_questions(step, assessment):
            answer = assessment.answer(question.id)
            if answer in rules.likelihood:
                assert answer is not None
                found.append(_question_finding(question, answer, catalogue, rules))
    return found


def prioritise(findings: Iterable[Finding]) -> list[Finding]:
    """Sort into action-plan order and number them 1, 2, 3, ... (stable for equal keys)."""
    ordered = sorted(
        findings, key=lambda f: (not f.critical, -f.severity, -GRADES.index(f.risk), f.step is None)
    )
    return [replace(finding, priority=rank) for rank, finding in enumerate(ordered, start=1)]


def findings(
    assessment: Assessment,
    catalogue: Catalogue,
    rules: RiskRules | None = None,
    extra: Iterable[Finding] = (),
) -> list[Finding]:
    """All findings of an assessment in action-plan order; `extra` joins findings of other sources."""
    return prioritise([*question_findings(assessment, catalogue, rules), *extra])


def risk_counts(found: Iterable[Finding]) -> dict[tuple[Grade, Grade], int]:
    """Number of findings per (impact, likelihood) cell; every cell present, zero included."""
    counts = {(impact, likelihood): 0 for impact in GRADES for likelihood in GRADES}
    for finding in found:
        counts[(finding.impact, finding.likelihood)] += 1
    return counts
