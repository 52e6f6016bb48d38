"""`python -m pia_core ...`: the command line, also the contract tools and tests rely on."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from pia_core.commands import (
    catalogue_cmd,
    dpia_export_cmd,
    register_cmd,
    report_cmd,
    schemas_cmd,
    score_cmd,
    validate_cmd,
)
from pia_core.content.bundle import shipped_content
from pia_core.content.loader import ContentError
from pia_core.scan.serialization import AssessmentFileError

COMMANDS = (catalogue_cmd, score_cmd, validate_cmd, report_cmd, register_cmd, dpia_export_cmd, schemas_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pia_core", description="Privacy Impact Analyse")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        # Built once per command and handed in; `schemas` writes the files that describe content,
        # so it runs even when a content file is broken.
        code: int = args.func(args) if args.command == "schemas" else args.func(args, shipped_content())
    except (AssessmentFileError, ContentError) as exc:
        # One line, no traceback: the contract for scripts and for people.
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped early (`... | head`): not an error of ours, and no traceback.
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stderr at exit
        return 0
    return code
