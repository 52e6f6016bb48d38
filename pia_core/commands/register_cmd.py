"""`register FILE -o OUT.xlsx|OUT.csv [--lang nl|en]`: write the register of processing activities
(AVG art. 30(1)) of a scan file, one row per activity; the format follows the output's suffix."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pia_core.commands.output import write_output
from pia_core.content.bundle import Content
from pia_core.scan.serialization import read_dossier
from pia_core.vocabulary import LANGUAGES

FORMATS = (".xlsx", ".csv")


def run(args: argparse.Namespace, content: Content) -> int:
    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        shown = f"'{output.suffix}'" if output.suffix else "no suffix"
        print(f"error: {args.output}: unknown format ({shown}); use .xlsx or .csv", file=sys.stderr)
        return 2
    dossier = read_dossier(Path(args.file), successors=content.catalogue.successors)
    from pia_core.exports.register import register_csv, register_xlsx  # openpyxl loads only when needed
    from pia_core.wording.register import register_rows

    lang = args.lang or dossier.language
    rows = register_rows(dossier, lang, content)
    body = register_xlsx(rows, lang, content) if suffix == ".xlsx" else register_csv(rows, lang, content)
    return write_output(Path(args.output), body)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("register", help="write the register of processing activities (XLSX or CSV)")
    parser.add_argument("file")
    parser.add_argument("-o", "--output", required=True, help="the file to write: .xlsx, or .csv for Excel")
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help="default: the scan's language")
    parser.set_defaults(func=run)
