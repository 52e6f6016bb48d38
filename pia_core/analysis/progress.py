"""Progress between two moments of one activity (issue 23, item 4): the scan as it was then (rebuilt
from the edit log, pia_core/scan/changes.py `rebuild`, or last year's file) and as it is now, judged
by the same `evaluate`: per step the score then and now, the level, the critical points closed and
new, and the actions of the plan then that are no longer needed now (done). Shown by the summary's
"Voortgang", the history page and the PDF's "Sinds de vorige scan".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.projection import StepChange, action_ids
from pia_core.content.bundle import Content
from pia_core.content.schema import Level
from pia_core.scan.model import Assessment


@dataclass(frozen=True)
class Progress:
    """The verdict then and now, and what moved between them."""

    then: Evaluation
    now: Evaluation

    @property
    def step_changes(self) -> list[StepChange]:
        """Per step the score then (`today`) and now (`planned`): the projection chart's pair."""
        before = self.then.score.steps
        return [
            StepChange(
                number=number, today=before[number].score if number in before else None, planned=result.score
            )
            for number, result in self.now.score.steps.items()
        ]

    @property
    def closed_critical(self) -> tuple[str, ...]:
        """Critical points then that are not critical now (finding ids, in then's order)."""
        now = {finding.id for finding in self.now.critical}
        return tuple(finding.id for finding in self.then.critical if finding.id not in now)

    @property
    def new_critical(self) -> tuple[str, ...]:
        then = {finding.id for finding in self.then.critical}
        return tuple(finding.id for finding in self.now.critical if finding.id not in then)

    @property
    def done_actions(self) -> tuple[str, ...]:
        """Actions of the plan then that the plan no longer holds now (their finding resolved)."""
        now = set(action_ids(self.now))
        return tuple(item for item in action_ids(self.then) if item not in now)

    @property
    def new_actions(self) -> tuple[str, ...]:
        then = set(action_ids(self.then))
        return tuple(item for item in action_ids(self.now) if item not in then)

    @property
    def changed(self) -> bool:
        """Whether anything the comparison shows differs."""
        return (
            self.then.score.overall != self.now.score.overall
            or any(change.changed for change in self.step_changes)
            or bool(self.closed_critical or self.new_critical or self.done_actions or self.new_actions)
            or self.then.level != self.now.level
        )


def compare(
    then: Assessment, now: Assessment, content: Content, now_judged: Evaluation | None = None
) -> Progress:
    """The progress from `then` to `now` (one activity with its organisation, twice)."""
    return Progress(evaluate(then, content), now_judged if now_judged is not None else evaluate(now, content))


@dataclass(frozen=True)
class Since:
    """What the PDF worker gets of the summary's "Voortgang": the activity (with its organisation)
    as it was at the moment the summary compares with, and that moment. Plain data: it pickles."""

    then: Assessment
    at: dt.datetime | None = None


def level_word(progress: Progress, levels: Sequence[Level]) -> str:
    """ "better", "worse" or "unchanged": how the level moved (its place among the levels)."""
    ranks = [level.min for level in levels]

    def rank(judged: Evaluation) -> int:
        return ranks.index(judged.level.min) if judged.level is not None and judged.level.min in ranks else -1

    then, now = rank(progress.then), rank(progress.now)
    return "unchanged" if then == now else ("better" if now > then else "worse")
