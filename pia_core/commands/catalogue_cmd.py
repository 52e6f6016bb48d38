"""`catalogue [--lang nl|en] [--json]`: print the question catalogue."""

from __future__ import annotations

import argparse
import json
from typing import Any

from pia_core.content.bundle import Content
from pia_core.content.loader import Catalogue
from pia_core.vocabulary import LANGUAGES, Language


def catalogue_as_data(cat: Catalogue) -> dict[str, Any]:
    return {
        "steps": [
            {
                "number": step.number,
                "title": {lang: step.title(lang) for lang in LANGUAGES},
                "questions": [
                    {
                        "id": q.id,
                        "text": {lang: q.text(lang).text for lang in LANGUAGES},
                        "weight": q.spec.weight,
                        "critical": q.spec.critical,
                        "impact": q.spec.impact.value,
                        "sectors": [s.value for s in q.spec.sectors] if q.spec.sectors else "all",
                        "references": cat.references(q, "nl"),
                    }
                    for q in step.questions
                ],
            }
            for step in cat.steps
        ]
    }


def run(args: argparse.Namespace, content: Content) -> int:
    cat = content.catalogue
    if args.json:
        print(json.dumps(catalogue_as_data(cat), ensure_ascii=False, indent=2))
        return 0
    lang: Language = args.lang
    for step in cat.steps:
        print(f"\n{step.number}. {step.title(lang)}")
        for q in step.questions:
            flag = " [!]" if q.spec.critical else ""
            refs = "; ".join(cat.references(q, lang))
            print(f"  {q.id}{flag} (w{q.spec.weight}) {q.text(lang).text}  [{refs}]")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("catalogue", help="print the question catalogue")
    parser.add_argument("--lang", choices=LANGUAGES, default="nl")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)
