"""`schemas [--check]`: write the JSON Schemas of the content and scan files (schemas/) and the
`$schema` line at the top of every content YAML file; with --check, list what is out of date
(exit 1) and change nothing."""

from __future__ import annotations

import argparse

from pia_core import CONTENT_DIR, REPO_DIR
from pia_core.json_schemas import SCHEMAS_DIR, line_problems, schema_problems, write


def _shown(path_text: str) -> str:
    return path_text.replace(f"{REPO_DIR}/", "")


def run(args: argparse.Namespace) -> int:
    if args.check:
        problems = schema_problems(SCHEMAS_DIR) + line_problems(CONTENT_DIR, SCHEMAS_DIR)
        for problem in problems:
            print(_shown(problem))
        if problems:
            print("run `python -m pia_core schemas` to bring them up to date")
            return 1
        print("schemas and $schema lines are up to date")
        return 0
    changed = write(CONTENT_DIR, SCHEMAS_DIR)
    for path in changed:
        print(f"wrote {_shown(str(path))}")
    if not changed:
        print("schemas and $schema lines are up to date")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "schemas", help="write the JSON Schemas of the content files (schemas/) and their $schema lines"
    )
    parser.add_argument("--check", action="store_true", help="list what is out of date, change nothing")
    parser.set_defaults(func=run)
