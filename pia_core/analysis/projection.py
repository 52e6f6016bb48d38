"""What the action plan is worth: the verdict of the scan as it would be with chosen actions done.

"Wat als" (issue 24): the consultant ticks actions of the plan (or takes the first five) and sees,
beside today's score, level, critical points, step scores and savings, what they become. The
projection guesses nothing: it changes a copy of the scan the way each action asks, and judges that
copy with the same `evaluate` as today's scan. What "done" means per kind of finding:

- question (a weak answer: Nee, Deels, Weet ik niet): the question answered Ja.
- check (`check:<question>`, an N.v.t. the scan contradicts): the question answered Ja. The duty
  applies after all and the action is to meet it; the N.v.t. reason is dropped.
- flow flag (`flow:<flow>:<rule>`): the smallest change to that one flow after which the rule no
  longer fires, as the flag's action asks (`FLOW_CHANGES`):
  special_by_email, bsn_by_email: sent by secure email (the action: secure email or a portal);
  special_paper_untracked: sent registered or with track & trace;
  no_processor_agreement, processor_unknown: a processor agreement with the party (for an unknown
  party: found out and an agreement made; "in-house" instead would be a guess);
  bsn_without_law: the BSN left out of the flow (the action: name the law, or leave the BSN out;
  which law applies the scan cannot know).
  digital_needs_choice has no such change: what it asks is each citizen's recorded choice, with paper
  kept available, and going back to paper is not what the action asks. That finding is only marked
  resolved (`MARKED_RESOLVED`): it leaves the projected plan, and nothing else moves (it is never
  critical and weighs in no score).
  A flag that replaced the question asking the same duty (`Finding.covers`: one gap counts once)
  takes that question along: once every flag covering it is done, the question's weak answer becomes
  Ja as well, or the gap the flags stood for would come back as the question's own finding.
- DPIA (`dpia:*`): the DPIA block as the finding asks. dpia:missing, dpia:recommended, dpia:policy
  and dpia:policy_advice: a DPIA done with the FG's advice and holding what art. 35(7) asks (done,
  fg_advice and quality Ja; the missing DPIA's action asks for the FG's advice, and a DPIA done as
  asked is complete). dpia:fg_advice: the FG's advice Ja. dpia:quality: quality Ja.

Savings: only a flow that moves from paper to a digital channel changes the estimate, and no action
asks for that (ordinary email was digital already), so today the projected savings equal today's.
They are computed from the projected scan all the same.

Guarantees (tests/core/test_projection.py, with a property test): actions assumed done never lower
the score or the level, never add a critical point, and every one of them leaves the projected plan.
The input is never changed: the projection works on a deep copy.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.findings import TOP_ACTIONS, Finding, FindingKind, prioritise
from pia_core.analysis.flow_findings import flow_findings
from pia_core.content.bundle import Content
from pia_core.content.schema import Level
from pia_core.flows.savings import Savings, savings
from pia_core.scan.flow_model import Channel, Processor
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Answer

# Per flow rule (pia_core/flows/flags.py `flow_rules`): the fields of the flow that, changed so,
# make the rule no longer fire.
FLOW_CHANGES: Mapping[str, Mapping[str, object]] = {
    "special_by_email": {"channel": Channel.SECURE_EMAIL},
    "bsn_by_email": {"channel": Channel.SECURE_EMAIL},
    "special_paper_untracked": {"tracked": True},
    "no_processor_agreement": {"processor": Processor.AGREEMENT},
    "processor_unknown": {"processor": Processor.AGREEMENT},
    "bsn_without_law": {"bsn": False},
}
# Rules no change of the flow resolves: the finding is marked resolved. Never a critical rule
# (tests/core/test_projection.py), so the level `evaluate` gives stays right without it.
MARKED_RESOLVED = frozenset({"digital_needs_choice"})

# A DPIA done as the finding asks: with the FG's advice (art. 35(2)) and complete (35(7)).
_DPIA_COMPLETE = {"done": Answer.YES, "fg_advice": Answer.YES, "quality": Answer.YES}
DPIA_CHANGES: Mapping[str, Mapping[str, Answer]] = {
    "dpia:missing": _DPIA_COMPLETE,
    "dpia:recommended": _DPIA_COMPLETE,
    "dpia:policy": _DPIA_COMPLETE,
    "dpia:policy_advice": _DPIA_COMPLETE,
    "dpia:fg_advice": {"fg_advice": Answer.YES},
    "dpia:quality": {"quality": Answer.YES},
}

TOP_KEYWORD = "top5"  # the CLI's `--assume-done top5`: the first TOP_ACTIONS of the plan


class Assumed(StrEnum):
    """How an action was taken as done in the projected scan."""

    ANSWERED_YES = "answered_yes"  # a question (or a contradicted N.v.t.) answered Ja
    FLOW_CHANGED = "flow_changed"  # the flow changed as in FLOW_CHANGES
    DPIA_DONE = "dpia_done"  # the DPIA block answered as in DPIA_CHANGES
    MARKED_RESOLVED = "marked_resolved"  # no change of the scan resolves it: left out of the plan


class UnknownActions(ValueError):
    """Ids that are not findings of the scan's action plan."""

    def __init__(self, ids: Collection[str]) -> None:
        self.ids = tuple(ids)
        super().__init__(", ".join(self.ids))


@dataclass(frozen=True)
class StepChange:
    """One step today and after the plan: a pair of bars in the chart, a row in a table."""

    number: int
    today: float | None
    planned: float | None

    @property
    def changed(self) -> bool:
        return self.today != self.planned


@dataclass(frozen=True)
class Projection:
    """Today's verdict and the verdict with the chosen actions done, side by side."""

    done: tuple[str, ...]  # the actions taken as done, in action-plan order
    how: Mapping[str, Assumed]  # per done action, how it was taken as done
    today: Evaluation
    evaluation: Evaluation  # the verdict of the projected scan
    assessment: Assessment  # the projected scan (a copy; the input is untouched)
    savings_today: Savings
    savings: Savings

    @property
    def overall(self) -> float | None:
        return self.evaluation.overall

    @property
    def level(self) -> Level | None:
        return self.evaluation.level

    @property
    def critical_findings(self) -> tuple[str, ...]:
        return tuple(finding.id for finding in self.evaluation.critical)

    @property
    def steps(self) -> dict[int, float | None]:
        return {number: result.score for number, result in self.evaluation.score.steps.items()}

    @property
    def step_changes(self) -> list[StepChange]:
        today = self.today.score.steps
        return [
            StepChange(number=number, today=today[number].score, planned=result.score)
            for number, result in self.evaluation.score.steps.items()
        ]

    @property
    def resolved(self) -> tuple[str, ...]:
        """Today's findings that are gone after the plan: the done ones, and any one change also fixed."""
        left = {finding.id for finding in self.evaluation.findings}
        return tuple(finding.id for finding in self.today.findings if finding.id not in left)


def action_ids(evaluation: Evaluation) -> tuple[str, ...]:
    """Every action of the plan, in its priority order."""
    return tuple(finding.id for finding in evaluation.findings)


def top_actions(evaluation: Evaluation, n: int = TOP_ACTIONS) -> tuple[str, ...]:
    """The first n actions in the action plan's priority order: what the plan shows first."""
    return action_ids(evaluation)[:n]


def _answer_yes(projected: Assessment, question_id: str) -> None:
    projected.set_answer(question_id, Answer.YES)
    projected.set_na_reason(question_id, "")


def _change_flow(projected: Assessment, finding: Finding) -> Assumed:
    _, flow_id, rule = finding.id.split(":", 2)
    if rule in MARKED_RESOLVED or rule not in FLOW_CHANGES:
        return Assumed.MARKED_RESOLVED
    for flow in projected.flows:  # the copy's own flows
        if flow.id == flow_id:
            for name, value in FLOW_CHANGES[rule].items():
                setattr(flow, name, value)  # validated on assignment
    return Assumed.FLOW_CHANGED


def _apply(projected: Assessment, finding: Finding) -> Assumed:
    if finding.kind is FindingKind.QUESTION:
        _answer_yes(projected, finding.id)
        return Assumed.ANSWERED_YES
    if finding.kind is FindingKind.CHECK:
        _answer_yes(projected, finding.id.removeprefix("check:"))
        return Assumed.ANSWERED_YES
    if finding.kind is FindingKind.FLOW:
        return _change_flow(projected, finding)
    projected.dpia = projected.dpia.model_copy(update=DPIA_CHANGES.get(finding.id, _DPIA_COMPLETE))
    return Assumed.DPIA_DONE


def _close_covered(projected: Assessment, done: list[Finding], content: Content) -> None:
    """A question whose gap only flags stood for, all of them done: its weak answer becomes Ja."""
    covered = {finding.covers for finding in done if finding.kind is FindingKind.FLOW and finding.covers}
    if not covered:
        return
    still = {finding.covers for finding in flow_findings(projected, content) if finding.covers}
    for question_id in sorted(covered - still):
        if projected.answer(question_id) in content.risk.likelihood:  # a weak answer: a finding
            _answer_yes(projected, question_id)


def _without(judged: Evaluation, ids: set[str]) -> Evaluation:
    """The verdict with non-critical findings left out (a critical one is never marked resolved)."""
    gone = {finding.id for finding in judged.findings if finding.id in ids and not finding.critical}
    if not gone:
        return judged
    return replace(judged, findings=prioritise(f for f in judged.findings if f.id not in gone))


def project(
    assessment: Assessment, content: Content, done: Collection[str], today: Evaluation | None = None
) -> Projection:
    """The scan's verdict with the actions `done` (finding ids of its action plan) done.

    `today`: the scan's own verdict, when the caller has it already. Raises UnknownActions for ids
    that are not in the action plan.
    """
    judged_today = today if today is not None else evaluate(assessment, content)
    known = {finding.id for finding in judged_today.findings}
    unknown = [item for item in dict.fromkeys(done) if item not in known]
    if unknown:
        raise UnknownActions(unknown)
    wanted = set(done)
    chosen = [finding for finding in judged_today.findings if finding.id in wanted]
    projected = assessment.model_copy(deep=True)
    how = {finding.id: _apply(projected, finding) for finding in chosen}
    _close_covered(projected, chosen, content)
    marked = {item for item, assumed in how.items() if assumed is Assumed.MARKED_RESOLVED}
    return Projection(
        done=tuple(finding.id for finding in chosen),
        how=how,
        today=judged_today,
        evaluation=_without(evaluate(projected, content), marked),
        assessment=projected,
        savings_today=savings(assessment, content.flows),
        savings=savings(projected, content.flows),
    )
