"""Bring an assessment file of any older schema version up to the current one.

A file is a plain dict as read from JSON. Each migration takes a dict of version N and returns a
dict of version N+1; `migrate` applies them one after another, so an old file only ever meets
small, separately tested steps. Version 1 is the first released format, so the chain is empty
today: when SCHEMA_VERSION goes to 2, add `_v1_to_v2` to MIGRATIONS and a file
`tests/fixtures/schema/v1.json`; tests/test_migrations.py fails until both exist.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pia_core.scan.model import SCHEMA_VERSION

FIRST_VERSION = 1

Data = dict[str, Any]
Migration = Callable[[Data], Data]

# version N -> the function that turns a version-N dict into a version-(N+1) dict.
MIGRATIONS: Mapping[int, Migration] = {}


class MigrationError(ValueError):
    """The version cannot be brought up to date: `kind` is "version" or "invalid"."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


def file_version(data: Data) -> int:
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise MigrationError("invalid", "field 'schema_version': missing or not a whole number")
    return version


def migrate(
    data: Data, *, target: int = SCHEMA_VERSION, migrations: Mapping[int, Migration] = MIGRATIONS
) -> Data:
    """`data` lifted to version `target`; the input dict is left as it was."""
    version = file_version(data)
    if version > target:
        detail = f"version {version} is not supported (this app reads up to {target})"
        raise MigrationError("version", f"field 'schema_version': {detail}")
    if version < FIRST_VERSION:
        raise MigrationError("version", f"field 'schema_version': version {version} is not supported")
    current = dict(data)
    while version < target:
        step = migrations.get(version)
        if step is None:
            raise MigrationError("version", f"no migration from schema version {version}")
        current = step(dict(current))
        if file_version(current) != version + 1:
            # A migration that forgets to bump the version would loop or mislabel the file.
            raise MigrationError("invalid", f"migration from version {version} did not produce {version + 1}")
        version += 1
    return current
