"""Scores as pure functions of an assessment and the catalogue: numbers only.

Step score: weighted mean over the answered, applicable questions of the answer values in
content/scoring.yaml (yes 1, partly 0.5, no 0, unknown 0); `na` and unanswered questions are
left out. A step with nothing to score has no score (None), never 0 or 100.
Overall score: the weighted mean (step weights) of the step scores that exist.
The level, critical points and why the level may differ from the score's band are the verdict's
business (pia_core/analysis/evaluation.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pia_core.content.loader import Catalogue, Question, Step
from pia_core.content.schema import Level
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Answer


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
    steps: dict[int, StepResult]

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
    """The questions asked of this scan: its sector's, and in a quick scan only the quick ones."""
    questions = step.applicable(assessment.organisation.sector)
    if assessment.scan_mode == "quick":
        return [q for q in questions if q.quick]
    return questions


def first_step(assessment: Assessment, catalogue: Catalogue) -> int:
    """The first of steps 1-10 that asks this scan anything (a quick scan skips steps it does not ask)."""
    for step in catalogue.steps:
        if step.number >= 1 and applicable_questions(step, assessment):
            return step.number
    return 1


def step_result(
    step: Step, assessment: Assessment, catalogue: Catalogue, as_zero: frozenset[str] = frozenset()
) -> StepResult:
    """`as_zero`: ids of open questions to count as not met (0) instead of leaving them out."""
    values = catalogue.scoring.answer_values
    pairs: list[tuple[float, float]] = []
    questions = applicable_questions(step, assessment)
    answered = 0
    for question in questions:
        answer = assessment.answer(question.id)
        if answer is not None:
            answered += 1
        if question.id in as_zero:
            pairs.append((0.0, question.spec.weight))
        elif answer is not None and answer is not Answer.NA:
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


def score(assessment: Assessment, catalogue: Catalogue, as_zero: frozenset[str] = frozenset()) -> ScoreReport:
    steps = {step.number: step_result(step, assessment, catalogue, as_zero) for step in catalogue.steps}
    pairs = [
        (result.score, catalogue.step(number).spec.weight)
        for number, result in steps.items()
        if result.score is not None
    ]
    mean = weighted_mean(pairs)
    return ScoreReport(overall=None if mean is None else round(mean, 1), steps=steps)
