"""The verdict on a scan: score, findings of every kind, the level, and why the level is what it is.

Rules (stated for users in content/scoring.yaml and the start page's "Zo werkt de score"):
- the score is the weighted mean of the answers (pia_core/analysis/scoring.py), shown as it is;
- a critical point of any kind (a critical question answered Nee, Weet ik niet or Deels; a
  critical flow flag; a DPIA the AVG requires that is missing; an N.v.t. that contradicts what the scan
  knows) caps the level at the lowest band;
- while critical questions are open (unanswered, N.v.t. without a reason, or the DPIA question
  when the DPIA check says verplicht) the level is provisional, and for the level those open
  questions count as not yet met: the level never claims more than the answers show;
- a quick scan (content/quick_scan.yaml) is scored the same way and always provisional.
Everything that shows a level or a count (sidebar, pages, PDF, CSV, CLI) reads one `Evaluation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from pia_core.analysis.dpia_duty import DONE_ID, dpia_findings
from pia_core.analysis.dpia_duty import is_open as dpia_open
from pia_core.analysis.facts import Facts, is_critical, known_facts
from pia_core.analysis.findings import Finding, prioritise, question_findings
from pia_core.analysis.flow_findings import flow_findings
from pia_core.analysis.precedent_links import precedent_ids
from pia_core.analysis.scoring import ScoreReport, applicable_questions, level_for, score
from pia_core.analysis.screening import ScreeningResult, screen_assessment
from pia_core.content.bundle import Content
from pia_core.content.loader import Question
from pia_core.content.precedents import Precedent, Precedents
from pia_core.content.schema import Level
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Answer


class LevelReason(StrEnum):
    """Why the level is not simply the band the score reaches."""

    CRITICAL = "critical"  # capped by critical points
    PROVISIONAL = "provisional"  # open critical questions count as not yet met
    QUICK = "quick"  # a quick scan: a first impression, never a final verdict


@dataclass(frozen=True)
class Evaluation:
    score: ScoreReport
    band: Level | None  # the band the score alone reaches
    level: Level | None  # the verdict
    findings: list[Finding]  # every kind, in action-plan order
    open_critical: tuple[str, ...]  # critical questions still open; "dpia_done" for the DPIA
    critical_ids: frozenset[str]  # questions that are critical in this scan (facts included)
    screening: ScreeningResult
    facts: Facts
    quick: bool = False  # the scan asks only the quick scan's questions
    # Per critical finding, the ids of up to two published decisions on the same duty.
    precedents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def critical(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.critical]

    @property
    def provisional(self) -> bool:
        return bool(self.open_critical) or self.quick

    @property
    def capped(self) -> bool:
        """The score's band is higher than the level because of critical points."""
        return bool(self.critical) and self.band is not None and self.band != self.level

    @property
    def reasons(self) -> list[LevelReason]:
        found = []
        if self.critical:
            found.append(LevelReason.CRITICAL)
        if self.open_critical:
            found.append(LevelReason.PROVISIONAL)
        if self.quick:
            found.append(LevelReason.QUICK)
        return found

    @property
    def overall(self) -> float | None:
        return self.score.overall

    def is_critical(self, question_id: str) -> bool:
        return question_id in self.critical_ids


def _open_critical(assessment: Assessment, questions: list[Question], facts: Facts) -> list[str]:
    """Critical questions without an answer, or N.v.t. without a reason."""
    open_ids = []
    for question in questions:
        if not is_critical(question, facts):
            continue
        answer = assessment.answer(question.id)
        needs_reason = not question.spec.na_plain and not assessment.na_reason(question.id)
        if answer is None or (answer is Answer.NA and needs_reason):
            open_ids.append(question.id)
    return open_ids


def evaluate(assessment: Assessment, content: Content) -> Evaluation:
    """The verdict on one activity, by the given content's catalogue, rules and precedents."""
    catalogue, library = content.catalogue, content.precedents
    facts = known_facts(assessment, content)
    screening = screen_assessment(assessment, content.screening)
    questions = [q for step in catalogue.steps for q in applicable_questions(step, assessment)]
    critical_ids = frozenset(q.id for q in questions if is_critical(q, facts))
    flagged = flow_findings(assessment, content)
    # A flow flag that names the flow replaces the question asking the same duty: one gap counts once.
    covered = {finding.covers for finding in flagged if finding.covers}
    found = prioritise(
        [
            *(f for f in question_findings(assessment, content, facts) if f.id not in covered),
            *flagged,
            *dpia_findings(assessment, screening, content),
        ]
    )
    open_questions = _open_critical(assessment, questions, facts)
    open_ids = (*open_questions, *((DONE_ID,) if dpia_open(assessment, screening) else ()))
    result = score(assessment, catalogue)
    band = level_for(result.overall, catalogue)
    lowest = catalogue.scoring.levels[0]
    if any(f.critical for f in found):
        level: Level | None = lowest
    elif open_questions and result.overall is not None:
        # The level counts what is open as not yet met: it never claims more than the answers show.
        shown = score(assessment, catalogue, as_zero=frozenset(open_questions))
        level = level_for(shown.overall, catalogue)
    else:
        level = band
    return Evaluation(
        score=result,
        band=band,
        level=level,
        findings=found,
        open_critical=open_ids,
        critical_ids=critical_ids,
        screening=screening,
        facts=facts,
        quick=assessment.scan_mode == "quick",
        precedents={
            f.id: precedent_ids(f, assessment.organisation.sector, library) for f in found if f.critical
        },
    )


def precedents_of(evaluation: Evaluation, finding_id: str, library: Precedents) -> list[Precedent]:
    return [library.items[item] for item in evaluation.precedents.get(finding_id, ())]
