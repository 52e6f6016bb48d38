"""`score FILE [--json]`: score an assessment file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.verdict_text import level_name, reason_lines
from pia_core.content.loader import catalogue
from pia_core.flows.savings import savings, savings_as_data
from pia_core.formatting import money
from pia_core.i18n import t
from pia_core.scan.model import Assessment
from pia_core.scan.serialization import read_assessment


def score_as_data(judged: Evaluation, assessment: Assessment) -> dict[str, Any]:
    """The contract of `score --json`: fields are only ever added, never renamed or removed."""
    report = judged.score
    return {
        "overall": report.overall,
        "level": judged.level.id if judged.level else "none",
        "provisional": judged.provisional,
        "scan_mode": assessment.scan_mode,
        "capped": judged.capped,
        "open_critical": list(judged.open_critical),
        "steps": {str(n): r.score for n, r in report.steps.items()},
        # Ids of every critical point: questions, "flow:<flow>:<rule>", "dpia:missing", "check:<question>".
        "critical_findings": [finding.id for finding in judged.critical],
        "screening": {
            "verdict": judged.screening.verdict.value,
            "reasons": [item.id for item in judged.screening.reasons],
        },
        "savings": savings_as_data(savings(assessment)),
    }


def run(args: argparse.Namespace) -> int:
    assessment = read_assessment(Path(args.file))
    cat = catalogue()
    judged = evaluate(assessment, cat)
    report = judged.score
    if args.json:
        print(json.dumps(score_as_data(judged, assessment), ensure_ascii=False, indent=2))
        return 0
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
        saved = savings(assessment)
        months = "—" if saved.payback_months is None else f"{saved.payback_months:g}"
        print(
            f"  € {t('flows.savings.annual', lang)}: {money(saved.annual, lang)}; "
            f"{t('flows.savings.five_year', lang)}: {money(saved.five_year, lang)}; "
            f"{t('flows.savings.payback', lang)}: {months}"
        )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("score", help="score an assessment JSON file")
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)
