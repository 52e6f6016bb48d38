"""`score FILE [--json]`: score a scan file.

A file with one processing activity gives that activity's verdict at the top level, as it always
has. Every file also gives the organisation's summary and `activities`, one entry per activity with
the same fields plus `id` and `name`; a file with several activities gives only those (its top level
has no single activity's fields). Fields are only ever added.

`--assume-done ID [ID ...]` (action ids: the finding ids of the action plan; `top5` for the first
five) adds `projected` beside each activity's own fields: the verdict with those actions done
(pia_core/analysis/projection.py). In a dossier an id counts for every activity whose plan has it,
and `top5` means each activity's own first five; an id in no activity's plan is an error (exit 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pia_core.analysis.evaluation import Evaluation
from pia_core.analysis.organisation import ActivityResult, OrganisationResult, evaluate_organisation
from pia_core.analysis.projection import (
    TOP_KEYWORD,
    Projection,
    UnknownActions,
    action_ids,
    project,
    top_actions,
)
from pia_core.analysis.screening import ScreeningResult
from pia_core.content.bundle import Content
from pia_core.content.loader import Catalogue
from pia_core.flows.savings import savings, savings_as_data
from pia_core.formatting import money
from pia_core.i18n import t, tn
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Assessment
from pia_core.scan.serialization import read_dossier
from pia_core.vocabulary import Language
from pia_core.wording.organisation import activity_name, dpia_text, lowest_name, where_text
from pia_core.wording.projection import marked_resolved_line, projection_line, score_text
from pia_core.wording.verdict import format_score, level_name, reason_lines


def score_as_data(
    judged: Evaluation, assessment: Assessment, content: Content, projection: Projection | None = None
) -> dict[str, Any]:
    """The contract of `score --json`: fields are only ever added, never renamed or removed."""
    report = judged.score
    data = {
        "overall": report.overall,
        "level": judged.level.id if judged.level else "none",
        "provisional": judged.provisional,
        "scan_mode": assessment.scan_mode,
        "capped": judged.capped,
        "open_critical": list(judged.open_critical),
        "steps": {str(n): r.score for n, r in report.steps.items()},
        # Ids of every critical point: questions, "flow:<flow>:<rule>", "dpia:missing", "check:<question>".
        "critical_findings": [finding.id for finding in judged.critical],
        "screening": screening_as_data(judged.screening),
        # Per critical finding, the published decisions on the same duty (content/precedents).
        "precedents": {finding_id: list(ids) for finding_id, ids in judged.precedents.items()},
        "savings": savings_as_data(savings(assessment, content.flows)),
    }
    if projection is not None:
        data["projected"] = projection_as_data(projection)
    return data


def projection_as_data(projection: Projection) -> dict[str, Any]:
    """`projected`: the fields of the verdict above, as they are with the actions `done` done."""
    judged = projection.evaluation
    return {
        "overall": projection.overall,
        "level": projection.level.id if projection.level else "none",
        "provisional": judged.provisional,
        "critical_findings": list(projection.critical_findings),
        "steps": {str(n): score for n, score in projection.steps.items()},
        "savings": savings_as_data(projection.savings),
        # The actions taken as done in this activity, in plan order, and how each was taken as done.
        "done": list(projection.done),
        "assumed": {item: projection.how[item].value for item in projection.done},
    }


def screening_as_data(result: ScreeningResult) -> dict[str, Any]:
    """The DPIA check: its verdict, the route that decided it, whether that is law or policy, and
    the documented "no high risk" assessment when it decided the verdict."""
    rebuttal = result.rebuttal
    return {
        "verdict": result.verdict.value,
        "reasons": [item.id for item in result.reasons],
        "route": result.route.value,
        "basis": result.basis.value,
        "central_government": result.central,
        "rebuttal": (
            {
                "by": rebuttal.by,
                "date": rebuttal.date.isoformat() if rebuttal.date else None,
                "reason": rebuttal.reason,
            }
            if rebuttal is not None
            else None
        ),
    }


Projections = Mapping[str, Projection]  # activity id -> its projection


def activity_as_data(
    item: ActivityResult, content: Content, projections: Projections | None = None
) -> dict[str, Any]:
    projection = projections.get(item.id) if projections else None
    return {
        "id": item.id,
        "name": item.name,
        **score_as_data(item.evaluation, item.assessment, content, projection),
    }


def organisation_as_data(
    result: OrganisationResult, dossier: Dossier, content: Content, projections: Projections | None = None
) -> dict[str, Any]:
    """The whole dossier: its summary, the gaps activities share, and every activity's verdict."""
    return {
        "organisation": dossier.organisation.name,
        "activity_count": result.count,
        "lowest_level": result.lowest.id if result.lowest else "none",
        "lowest_provisional": result.lowest_provisional,
        "critical_total": result.critical_total,  # a step-0 point counts once
        "shared_actions": [
            {
                "finding": gap.key,
                "activities": list(gap.activity_ids),
                "critical": gap.critical,
                "organisation_wide": gap.organisation_wide,
            }
            for gap in result.shared
        ],
        "activities": [activity_as_data(item, content, projections) for item in result.activities],
    }


def dossier_as_data(
    result: OrganisationResult, dossier: Dossier, content: Content, projections: Projections | None = None
) -> dict[str, Any]:
    whole = organisation_as_data(result, dossier, content, projections)
    if result.count == 1:  # one activity: its fields stay where they always were
        only = result.activities[0]
        projection = projections.get(only.id) if projections else None
        return {**score_as_data(only.evaluation, only.assessment, content, projection), **whole}
    return whole


def projections_of(result: OrganisationResult, requested: Sequence[str], content: Content) -> Projections:
    """Per activity, its projection with the requested actions done (those in its plan; `top5`: its
    own first five). Raises UnknownActions with the ids no activity's plan has."""
    plans = {item.id: set(action_ids(item.evaluation)) for item in result.activities}
    unknown = [
        item
        for item in dict.fromkeys(requested)
        if item != TOP_KEYWORD and not any(item in plan for plan in plans.values())
    ]
    if unknown:
        raise UnknownActions(unknown)
    projections = {}
    for item in result.activities:
        done = {action for action in requested if action in plans[item.id]}
        if TOP_KEYWORD in requested:
            done.update(top_actions(item.evaluation))
        projections[item.id] = project(item.assessment, content, done, today=item.evaluation)
    return projections


def print_projection(
    projection: Projection, lang: Language, indent: str, catalogue: Catalogue | None
) -> None:
    """The line "Nu 64, ... → na het plan 86, ...", then (for one activity) the steps that move."""
    print(f"{indent}{projection_line(projection, lang)}")
    if (marked := marked_resolved_line(projection, lang)) is not None:
        print(f"{indent}  {marked}")
    if catalogue is None:
        return
    for change in projection.step_changes:
        if change.changed:
            print(
                f"{indent}  {change.number:>2}. {catalogue.step(change.number).title(lang)}: "
                f"{score_text(change.today, lang)} → {score_text(change.planned, lang)}"
            )


def print_activity(judged: Evaluation, assessment: Assessment, content: Content) -> None:
    cat = content.catalogue
    report = judged.score
    lang = assessment.language
    overall = "—" if report.overall is None else f"{report.overall:.0f}"
    print(f"{assessment.organisation.name or '-'}: {overall}/100 ({level_name(judged, lang)})")
    for line in reason_lines(judged, lang):
        print(f"  {line}")
    for number, result in report.steps.items():
        value = "—" if result.score is None else f"{result.score:.0f}"
        print(
            f"  {number:>2}. {cat.step(number).title(lang)}: {value} ({result.answered}/{result.applicable})"
        )
    for finding in judged.critical:
        print(f"  ! {finding.id}: {finding.title[lang]}")
    if assessment.flows:
        saved = savings(assessment, content.flows)
        months = "—" if saved.payback_months is None else f"{saved.payback_months:g}"
        print(
            f"  € {t('flows.savings.annual', lang)}: {money(saved.annual, lang)}; "
            f"{t('flows.savings.five_year', lang)}: {money(saved.five_year, lang)}; "
            f"{t('flows.savings.payback', lang)}: {months}"
        )


def print_organisation(
    result: OrganisationResult, dossier: Dossier, lang: Language, projections: Projections | None = None
) -> None:
    """A line for the organisation, one per activity (its id first, for `report --activity`), then
    the actions for the whole organisation."""
    summary = t(
        "overview.report.summary",
        lang,
        activities=tn("overview.count", lang, result.count),
        level=lowest_name(result, lang),
        critical=tn("verdict.count", lang, result.critical_total),
    )
    print(f"{dossier.organisation.name or '-'}: {summary}")
    for item in result.activities:
        judged = item.evaluation
        parts = [
            f"{format_score(judged.overall, lang)} ({level_name(judged, lang)})",
            tn("verdict.count", lang, item.critical_count),
            f"{t('overview.column.dpia', lang)}: {dpia_text(item, lang)}",
        ]
        print(f"  {item.id}  {activity_name(item, lang)}: {' · '.join(parts)}")
        if projections:
            print_projection(projections[item.id], lang, "    ", None)
    if result.shared:
        print(f"{t('overview.shared.heading', lang)}:")
    for gap in result.shared:
        marker = "!" if gap.critical else "-"
        print(f"  {marker} {gap.key}: {where_text(gap, result, lang)}")


def run(args: argparse.Namespace, content: Content) -> int:
    dossier = read_dossier(Path(args.file), successors=content.catalogue.successors)
    result = evaluate_organisation(dossier, content)
    projections: Projections | None = None
    if args.assume_done:
        try:
            projections = projections_of(result, args.assume_done, content)
        except UnknownActions as exc:
            print(f"error: not in the action plan of {args.file}: {exc}", file=sys.stderr)
            return 2
    if args.json:
        print(
            json.dumps(dossier_as_data(result, dossier, content, projections), ensure_ascii=False, indent=2)
        )
    elif result.count == 1:
        only = result.activities[0]
        print_activity(only.evaluation, only.assessment, content)
        if projections:
            print_projection(projections[only.id], only.assessment.language, "", content.catalogue)
    else:
        print_organisation(result, dossier, dossier.language, projections)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("score", help="score a scan JSON file (every processing activity in it)")
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--assume-done",
        nargs="+",
        default=None,
        metavar="ID",
        help=f"also show the verdict with these actions of the plan done (finding ids; '{TOP_KEYWORD}': "
        "the first five)",
    )
    parser.set_defaults(func=run)
