"""Findings and the action plan: what is weak, how risky it is, and what to do first.

One model for every kind of finding (`FindingKind`): a weak answer to a question, a privacy flag
of a communication flow, a required DPIA that is missing, and an N.v.t. answer that contradicts
what the scan knows ("controleer"). Screens, the PDF, the CSV and the CLI all count from the same
list (pia_core/analysis/evaluation.py), so "N kritieke punten" agrees everywhere.

Every applicable question answered `no`, `partly` or `unknown` is a finding. Its risk comes from
the matrix in content/risk.yaml (the question's impact x the likelihood its answer sets). Order of
the action plan: critical findings first, then the largest weighted gap (question weight x the
part of the answer value that is missing), then the higher risk, then step and question order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from pia_core.analysis.facts import Facts, explain, is_critical, na_conflicts
from pia_core.analysis.scoring import applicable_questions
from pia_core.content.bundle import Content
from pia_core.content.loader import Catalogue, Question
from pia_core.content.risk import GRADES, Grade, RiskRules
from pia_core.content.texts import say
from pia_core.scan.model import Assessment
from pia_core.vocabulary import LANGUAGES, Answer, Language

TOP_ACTIONS = 5


class FindingKind(StrEnum):
    QUESTION = "question"  # a weak answer
    FLOW = "flow"  # a privacy flag of a communication flow
    DPIA = "dpia"  # the DPIA duty (AVG art. 35)
    CHECK = "check"  # N.v.t. that contradicts what the scan knows: "controleer"


@dataclass(frozen=True)
class Finding:
    id: str  # stable key, also the key of the assessment's action plan entry
    kind: FindingKind
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
    # As written in content ("AVG 32(1)(b)"), for matching against a regulator's article.
    raw_references: tuple[str, ...] = ()
    # A question whose duty this finding already covers (a flow flag for one flow): one gap, one finding.
    covers: str | None = None

    @property
    def severity(self) -> float:
        return self.weight * self.gap


def _question_finding(
    question: Question, answer: Answer, critical: bool, catalogue: Catalogue, rules: RiskRules
) -> Finding:
    likelihood = rules.likelihood[answer]
    impact = question.spec.impact
    return Finding(
        id=question.id,
        kind=FindingKind.QUESTION,
        step=question.step,
        title={lang: question.text(lang).text for lang in LANGUAGES},
        action={lang: question.text(lang).action for lang in LANGUAGES},
        references={lang: tuple(catalogue.references(question, lang)) for lang in LANGUAGES},
        critical=critical and answer in catalogue.scoring.critical_answers,
        impact=impact,
        likelihood=likelihood,
        risk=rules.matrix[impact][likelihood],
        weight=question.spec.weight,
        gap=1.0 - catalogue.scoring.answer_values[answer],
        answer=answer,
        raw_references=tuple(question.spec.references),
    )


def _check_finding(question: Question, facts: Facts, conflicts: list[str], content: Content) -> Finding:
    """N.v.t. where the scan knows better: critical until the answer or the facts are put right."""
    catalogue, rules = content.catalogue, content.risk

    def t(key: str, lang: Language, **values: object) -> str:  # the content's words, handed in
        return say(content.texts, key, lang, **values)

    likelihood = rules.likelihood[Answer.UNKNOWN]  # the scan cannot tell whether the duty is met

    def because(lang: Language) -> str:
        return explain(conflicts, facts, catalogue, lang)

    return Finding(
        id=f"check:{question.id}",
        kind=FindingKind.CHECK,
        step=question.step,
        title={
            lang: t("check.title", lang, question=question.text(lang).text, because=because(lang))
            for lang in LANGUAGES
        },
        action={lang: t("check.action", lang, action=question.text(lang).action) for lang in LANGUAGES},
        references={lang: tuple(catalogue.references(question, lang)) for lang in LANGUAGES},
        critical=True,
        impact=question.spec.impact,
        likelihood=likelihood,
        risk=rules.matrix[question.spec.impact][likelihood],
        weight=question.spec.weight,
        gap=1.0,
        answer=Answer.NA,
        raw_references=tuple(question.spec.references),
    )


def question_findings(assessment: Assessment, content: Content, facts: Facts) -> list[Finding]:
    """Per applicable question: a finding for a weak answer, or a check for a contradicted N.v.t."""
    catalogue, rules = content.catalogue, content.risk
    found: list[Finding] = []
    for step in catalogue.steps:
        for question in applicable_questions(step, assessment):
            answer = assessment.answer(question.id)
            if answer in rules.likelihood:
                assert answer is not None
                critical = is_critical(question, facts)
                found.append(_question_finding(question, answer, critical, catalogue, rules))
            elif answer is Answer.NA and (conflicts := na_conflicts(question, facts)):
                found.append(_check_finding(question, facts, conflicts, content))
    return found


def prioritise(findings: Iterable[Finding]) -> list[Finding]:
    """Sort into action-plan order and number them 1, 2, 3, ... (stable for equal keys)."""
    ordered = sorted(
        findings, key=lambda f: (not f.critical, -f.severity, -GRADES.index(f.risk), f.step is None)
    )
    return [replace(finding, priority=rank) for rank, finding in enumerate(ordered, start=1)]


def risk_counts(found: Iterable[Finding]) -> dict[tuple[Grade, Grade], int]:
    """Number of findings per (impact, likelihood) cell; every cell present, zero included."""
    counts = {(impact, likelihood): 0 for impact in GRADES for likelihood in GRADES}
    for finding in found:
        counts[(finding.impact, finding.likelihood)] += 1
    return counts
