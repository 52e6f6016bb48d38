"""`report FILE -o OUT.pdf [--lang nl|en]`: write the PDF report of an assessment file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pia_core.scan.model import LANGUAGES
from pia_core.scan.serialization import read_assessment


def run(args: argparse.Namespace) -> int:
    assessment = read_assessment(Path(args.file))
    from pia_core.branding import branding
    from pia_core.report import build_report  # imported here: fpdf2 and altair load only when needed

    if branding().warning:  # the report is still written, in the neutral look
        print(f"warning: branding not used: {branding().warning}", file=sys.stderr)
    pdf = build_report(assessment, lang=args.lang)
    try:
        Path(args.output).write_bytes(pdf)
    except OSError as exc:
        print(f"error: {args.output}: cannot write ({exc.strerror})", file=sys.stderr)
        return 2
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="write the PDF report of an assessment JSON file")
    parser.add_argument("file")
    parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help="default: the assessment's language")
    parser.set_defaults(func=run)
