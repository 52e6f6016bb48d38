"""`report FILE -o OUT.pdf [--lang nl|en] [--activity ID]`: write the report of a scan file.

With --activity: that processing activity's report. Without it: the organisation report when the
file holds several activities, the activity's report when it holds one (as before dossiers).
An OUT ending in .docx gets the editable Word report (pia_core/report/word.py), any other the PDF.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pia_core.commands.output import write_output
from pia_core.content.bundle import Content
from pia_core.scan.serialization import read_dossier
from pia_core.vocabulary import LANGUAGES

WORD_SUFFIX = ".docx"


def run(args: argparse.Namespace, content: Content) -> int:
    dossier = read_dossier(Path(args.file), successors=content.catalogue.successors)
    if args.activity is not None and args.activity not in dossier.ids:
        print(
            f"error: no activity '{args.activity}' in {args.file}; known: {', '.join(dossier.ids)}",
            file=sys.stderr,
        )
        return 2
    output = Path(args.output)
    if content.branding.warning:  # the report is still written, in the neutral look
        print(f"warning: branding not used: {content.branding.warning}", file=sys.stderr)
    whole = args.activity is None and len(dossier.activities) > 1
    if output.suffix.lower() == WORD_SUFFIX:
        # Imported here, as the PDF's: python-docx, fpdf2 and altair load only when needed.
        from pia_core.report.word import build_organisation_word_report, build_word_report

        if whole:
            return write_output(output, build_organisation_word_report(dossier, content, lang=args.lang))
        return write_output(output, build_word_report(dossier.assessment(args.activity), content, args.lang))
    from pia_core.report import build_report
    from pia_core.report.organisation import build_organisation_report

    if whole:
        pdf = build_organisation_report(dossier, content, lang=args.lang)
    else:
        pdf = build_report(dossier.assessment(args.activity), content, lang=args.lang)
    return write_output(output, pdf)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="write the PDF (or Word .docx) report of a scan JSON file")
    parser.add_argument("file")
    parser.add_argument(
        "-o", "--output", required=True, help="the file to write: Word when it ends in .docx, else PDF"
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help="default: the scan's language")
    parser.add_argument(
        "--activity",
        default=None,
        metavar="ID",
        help="the report of this processing activity (ids: `score FILE`); "
        "default: the organisation report when the file holds several",
    )
    parser.set_defaults(func=run)
