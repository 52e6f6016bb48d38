"""The organisation's view of a dossier: every processing activity judged once, and the gaps they share.

Each activity's verdict is the same `Evaluation` its own pages, PDF and CLI show (one `evaluate` per
activity, nothing judged twice). On top of those:
- the summary: how many activities, the lowest level among them (provisional only when every
  activity at that level is), and the critical points of the organisation, where a point of step 0
  (the FG, held once for the whole organisation) counts once, not once per activity;
- shared gaps: a finding with the same id in two or more activities (a missing processor agreement
  in four of seven) is one organisation-wide action naming those activities. A flow's flag counts by
  its rule, since flows differ per activity while the gap ("BSN by ordinary e-mail") is the same.
  Order: critical first (as in every action plan), then in more activities, then higher risk, then
  the larger summed gap.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic_core import PydanticSerializationError

from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.findings import Finding, FindingKind
from pia_core.analysis.screening import Verdict
from pia_core.content.bundle import Content
from pia_core.content.loader import Catalogue
from pia_core.content.risk import GRADES, Grade
from pia_core.content.schema import Level
from pia_core.scan.dossier import Dossier, is_organisation_key
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language

MIN_SHARED = 2  # a gap in one activity is that activity's own action
# Verdicts kept by content (see `remembered`): two of the largest dossiers (200 activities), some
# 60 kB each, 24 MB in all; beyond, the least recently used go first.
KEPT_EVALUATIONS = 400
_kept: OrderedDict[tuple[int | bytes, ...], tuple[Content, Evaluation]] = OrderedDict()
_kept_lock = threading.Lock()


@dataclass(frozen=True)
class ActivityResult:
    id: str
    number: int  # position in the dossier, from 1: names a blank activity
    name: str  # as typed; may be blank
    assessment: Assessment
    evaluation: Evaluation

    @property
    def critical_count(self) -> int:
        return len(self.evaluation.critical)

    @property
    def dpia(self) -> Verdict:
        return self.evaluation.screening.verdict


@dataclass(frozen=True)
class SharedGap:
    """One gap found in several activities: a single action for the organisation."""

    key: str  # the finding id; "flow:<rule>" for a flow's flag
    kind: FindingKind
    step: int | None
    # What to do; None for a flow's flag, whose action without the flow's name is the rule's
    # own text (pia_core.wording.organisation.shared_action): across activities the flows differ.
    action: dict[Language, str] | None
    activity_ids: tuple[str, ...]  # in dossier order
    critical: bool  # critical in at least one of them
    risk: Grade  # the highest among them
    severity: float  # the weighted gaps added up
    organisation_wide: bool  # a step-0 gap: the organisation's own, the same in every activity

    @property
    def count(self) -> int:
        return len(self.activity_ids)


@dataclass(frozen=True)
class OrganisationResult:
    activities: tuple[ActivityResult, ...]
    shared: tuple[SharedGap, ...]
    lowest: Level | None  # the lowest level of any activity; None while none has a level
    lowest_provisional: bool
    critical_total: int  # step-0 points counted once
    _by_id: dict[str, ActivityResult] = field(default_factory=dict, repr=False, compare=False)

    @property
    def count(self) -> int:
        return len(self.activities)

    def activity(self, activity_id: str) -> ActivityResult:
        return self._by_id[activity_id]


def gap_key(finding: Finding) -> str:
    """What makes two activities' findings the same gap."""
    if finding.kind is FindingKind.FLOW:
        return f"flow:{finding.id.rsplit(':', 1)[-1]}"
    return finding.id


def shared_gaps(results: Sequence[ActivityResult]) -> list[SharedGap]:
    found: dict[str, list[tuple[str, Finding]]] = {}
    for result in results:
        seen: set[str] = set()
        for finding in result.evaluation.findings:
            key = gap_key(finding)
            if key not in seen:  # two flows of one activity with the same flag: one activity
                seen.add(key)
                found.setdefault(key, []).append((result.id, finding))
    gaps = []
    for key, hits in found.items():
        if len(hits) < MIN_SHARED:
            continue
        first = hits[0][1]
        gaps.append(
            SharedGap(
                key=key,
                kind=first.kind,
                step=first.step,
                action=None if first.kind is FindingKind.FLOW else first.action,
                activity_ids=tuple(activity_id for activity_id, _ in hits),
                critical=any(f.critical for _, f in hits),
                risk=max((f.risk for _, f in hits), key=GRADES.index),
                severity=sum(f.severity for _, f in hits),
                organisation_wide=is_organisation_key(key),
            )
        )
    gaps.sort(
        key=lambda g: (not g.critical, -g.count, -GRADES.index(g.risk), -g.severity, g.step or 0, g.key)
    )
    return gaps


def _lowest(results: Sequence[ActivityResult], cat: Catalogue) -> tuple[Level | None, bool]:
    judged = [r for r in results if r.evaluation.level is not None]
    if not judged:
        return None, False
    order = {level.id: index for index, level in enumerate(cat.scoring.levels)}

    def rank(result: ActivityResult) -> int:
        level = result.evaluation.level
        assert level is not None
        return order[level.id]

    bottom = min(rank(r) for r in judged)
    at_bottom = [r for r in judged if rank(r) == bottom]
    return cat.scoring.levels[bottom], all(r.evaluation.provisional for r in at_bottom)


def _critical_total(results: Sequence[ActivityResult]) -> int:
    organisation_wide = {f.id for r in results for f in r.evaluation.critical if is_organisation_key(f.id)}
    own = sum(1 for r in results for f in r.evaluation.critical if not is_organisation_key(f.id))
    return len(organisation_wide) + own


def remembered(view: Assessment, content: Content) -> Evaluation:
    """`evaluate(view)`, from memory when an activity with the same content was judged by the same
    content files before. The overview page judges every activity on every run (200 took a third
    of a second each time), and between two runs at most one of them changed. Shared read-only."""
    try:
        data = view.model_dump_json().encode("utf-8", "surrogatepass")
    except (PydanticSerializationError, ValueError):  # text no file could hold: judge it afresh
        return evaluate(view, content)
    # Everything `evaluate` reads besides the view is the one Content value of the process.
    key: tuple[int | bytes, ...] = (id(content), hashlib.blake2b(data, digest_size=16).digest())
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
            return kept[1]
    result = evaluate(view, content)
    with _kept_lock:
        # The content is kept with the verdict: its id in the key cannot name another object later.
        _kept[key] = (content, result)
        while len(_kept) > KEPT_EVALUATIONS:
            _kept.popitem(last=False)
    return result


def evaluate_organisation(
    dossier: Dossier,
    content: Content,
    *,
    remember: bool = False,
) -> OrganisationResult:
    """Every activity judged, and what they share. `remember`: keep each verdict by the activity's
    content for the next call (see `remembered`: for a page that runs again after every click)."""
    judge = remembered if remember else evaluate
    results = []
    for number, item in enumerate(dossier.activities, start=1):
        view = dossier.assessment(item.id)
        results.append(
            ActivityResult(
                id=item.id,
                number=number,
                name=item.activity.name,
                assessment=view,
                evaluation=judge(view, content),
            )
        )
    lowest, provisional = _lowest(results, content.catalogue)
    return OrganisationResult(
        activities=tuple(results),
        shared=tuple(shared_gaps(results)),
        lowest=lowest,
        lowest_provisional=provisional,
        critical_total=_critical_total(results),
        _by_id={r.id: r for r in results},
    )
