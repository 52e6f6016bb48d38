"""`score FILE [--json]`: score an assessment file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pia_core.content.loader import catalogue
from pia_core.flows.format import money
from pia_core.flows.savings import savings, savings_as_data
from pia_core.i18n import t
from pia_core.model import Assessment
from pia_core.scoring import ScoreReport, score
from pia_core.serialization import read_assessment


def score_as_data(report: ScoreReport, assessment: Assessment) -> dict[str, Any]:
    return {
        "overall": report.overall,
        "level": report.level.id if report.level else "none",
        "steps": {str(n): r.score for n, r in report.steps.items()},
        "critical_findings": report.critical_findings,
        "savings": savings_as_data(savings(assessment)),
    }


def run(args: argparse.Namespace) -> int:
    assessment = read_assessment(Path(args.file))
    cat = catalogue()
    report = score(assessment, cat)
    if args.json:
        print(json.dumps(score_as_data(report, assessment), ensure_ascii=False, indent=2))
        return 0
    lang = assessment.language
    level = report.level.name[lang] if report.level else "—"
    overall = "—" if report.overall is None else f"{report.overall:.0f}"
    print(f"{assessment.organisation.name or '-'}: {overall}/100 ({level})")
    for number, result in report.steps.items():
        value = "—" if result.score is None else f"{result.score:.0f}"
        print(
            f"  {number:>2}. {cat.step(number).title(lang)}: {value} ({result.answered}/{result.applicable})"
        )
    for qid in report.critical_findings:
        print(f"  ! {qid}: {cat.questions[qid].text(lang).text}")
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
