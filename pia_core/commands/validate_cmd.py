"""`validate FILE`: is this a scan the app can open? Exit 0 if so, 2 with a one-line reason if not.

Reads what the app's "Open a file" reads, with the same checks (size, NaN and Infinity, unknown
ids): an assessment JSON of any supported schema version, or a PDF report with the JSON attached.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pia_core.content.bundle import Content
from pia_core.importing import import_file

# Unknown ids named on the line; the count covers the rest (a hostile file may hold thousands).
SHOWN_IDS = 20


def run(args: argparse.Namespace, content: Content) -> int:
    path = Path(args.file)
    result = import_file(path, content)  # AssessmentFileError -> exit 2 in cli.main
    whole = result.dossier
    line = f"{path}: valid ({result.source}, schema {whole.schema_version}, "
    count = len(whole.activities)
    line += f"{count} {'activity' if count == 1 else 'activities'}, {whole.answer_count} answers)"
    if result.dropped:
        ids = result.unknown_ids
        listed = ", ".join(ids[:SHOWN_IDS]) + (", ..." if len(ids) > SHOWN_IDS else "")
        line += f"; {result.dropped} unknown item(s) left out: {listed}"
    print(line)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("validate", help="check that a scan file (JSON or PDF report) can be opened")
    parser.add_argument("file")
    parser.set_defaults(func=run)
