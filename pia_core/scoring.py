"""Scores as pure functions of an assessment and the catalogue.

Step score: weighted mean over the answered, applicable questions of the answer values in
content/scoring.yaml (yes 1, partly 0.5, no 0, unknown 0); `na` and unanswered questions are
left out. A step with nothing to score has no score (None), never 0 or 100.
Overall score: the weighted mean (step weights) of the step scores that exist.
A critical question answered `no` or `unknown` caps the overall level at the lowest band.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pia_core.content.loader import Catalogue, Question, Step
from pia_core.content.schema import Level
from pia_core.model import Answer, Assessment, Language

CRITICAL_ANSWERS = frozenset({Answer.NO, Answer.UNKNOWN})


class StepStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


@dataclass(frozen=True)
class StepResult:
    number: int
    score: float | None
    answered: int
    applicable: int

    @property
    def status(self) -> StepStatus:
        if self.answered == 0:
            return StepStatus.NOT_STARTED
        if self.answered < self.applicable:
            return StepStatus.IN_PROGRESS
        return StepStatus.COMPLETE


@dataclass(frozen=True)
class ScoreReport:
    overall: float | None
    level: Level | None
    steps: dict[int, StepResult]
    critical_findings: list[str]
    capped: bool  # the level was lowered by a critical finding

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.steps.values())

    @property
    def applicable(self) -> int:
        return sum(s.applicable for s in self.steps.values())


def weighted_mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Mean of values weighted by weights; None when there is nothing to average."""
    total = sum(weight for _, weight in pairs)
    if total == 0:
        return None
    return sum(value * weight for value, weight in pairs) / total


def applicable_questions(step: Step, assessment: Assessment) -> list[Question]:
    return step.applicable(assessment.organisation.sector)


def step_result(step: Step, assessment: Assessment, catalogue: Catalogue) -> StepResult:
    values = catalogue.scoring.answer_values
    pairs: list[tuple[float, float]] = []
    questions = applicable_questions(step, assessment)
    answered = 0
    for question in questions:
        answer = assessment.answer(question.id)
        if answer is None:
            continue
        answered += 1
        if answer is not Answer.NA:
            pairs.append((values[answer], question.spec.weight))
    mean = weighted_mean(pairs)
    return StepResult(
        number=step.number,
        score=None if mean is None else round(100 * mean, 1),
        answered=answered,
        applicable=len(questions),
    )


def level_for(score: float | None, catalogue: Catalogue) -> Level | None:
    if score is None:
        return None
    reached = [level for level in catalogue.scoring.levels if score >= level.min]
    return reached[-1]


def critical_findings(assessment: Assessment, catalogue: Catalogue) -> list[str]:
    return [
        question.id
        for step in catalogue.steps
        for question in applicable_questions(step, assessment)
        if question.spec.critical and assessment.answer(question.id) in CRITICAL_ANSWERS
    ]


def score(assessment: Assessment, catalogue: Catalogue) -> ScoreReport:
    steps = {step.number: step_result(step, assessment, catalogue) for step in catalogue.steps}
    pairs = [
        (result.score, catalogue.step(number).spec.weight)
        for number, result in steps.items()
        if result.score is not None
    ]
    mean = weighted_mean(pairs)
    overall = None if mean is None else round(mean, 1)
    findings = critical_findings(assessment, catalogue)
    level = level_for(overall, catalogue)
    lowest = catalogue.scoring.levels[0]
    capped = bool(findings) and level is not None and level.id != lowest.id
    if capped:
        level = lowest
    return ScoreReport(overall=overall, level=level, steps=steps, critical_findings=findings, capped=capped)


def format_score(score: float | None, lang: Language) -> str:
    """ "62 / 100", or "—" when there is nothing to score: the same on screen and in the PDF."""
    from pia_core.i18n import t  # texts are only needed to show a score, not to compute one

    if score is None:
        return t("common.no_score", lang)
    return t("common.score_of_100", lang, score=f"{score:.0f}")
