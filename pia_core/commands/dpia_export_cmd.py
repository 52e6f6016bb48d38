"""`dpia-export FILE -o OUT.json [--activity ID] [--lang nl|en]`: the Model DPIA file of one activity.

A JSON file in the assessment output format of the government's DPIA tool (MinBZK/par-dpia-form)
for Model DPIA Rijksdienst 3.0, pre-filled with what the scan knows (pia_core/exports/model_dpia.py).
Exit 2 with one line when the activity's DPIA check says no DPIA is due (neither verplicht nor
aanbevolen), when the activity is unknown, or when a file with several activities names none.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pia_core.commands.output import write_output
from pia_core.content.bundle import Content
from pia_core.exports.model_dpia import DpiaNotDueError, model_dpia_json
from pia_core.scan.serialization import read_dossier
from pia_core.vocabulary import LANGUAGES


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace, content: Content) -> int:
    dossier = read_dossier(Path(args.file), successors=content.catalogue.successors)
    known = ", ".join(dossier.ids)
    if args.activity is not None and args.activity not in dossier.ids:
        return _fail(f"no activity '{args.activity}' in {args.file}; known: {known}")
    if args.activity is None and len(dossier.ids) > 1:
        return _fail(f"{args.file} holds {len(dossier.ids)} activities; choose one with --activity ({known})")
    try:
        body = model_dpia_json(dossier.assessment(args.activity), content, lang=args.lang)
    except DpiaNotDueError as exc:
        return _fail(str(exc))
    return write_output(Path(args.output), body)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "dpia-export",
        help="write the Model DPIA (Rijksdienst) file of an activity whose DPIA check says a DPIA is due",
    )
    parser.add_argument("file")
    parser.add_argument("-o", "--output", required=True, help="the JSON file to write")
    parser.add_argument(
        "--activity",
        default=None,
        metavar="ID",
        help="the processing activity (ids: `score FILE`); needed when the file holds several",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="of the texts taken from the scan; default: the scan's",
    )
    parser.set_defaults(func=run)
