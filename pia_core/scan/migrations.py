"""Bring an assessment file of any older schema version up to the current one.

A file is a plain dict as read from JSON. Each migration takes a dict of version N and returns a
dict of version N+1; `migrate` applies them one after another, so an old file only ever meets
small, separately tested steps, each with a sample file in tests/fixtures/schema/ (tests/
test_migrations.py fails when a step or its sample is missing).

- 1 -> 2: one assessment becomes a dossier with that one processing activity; the organisation,
  assessor, date, language, presentation and everything of step 0 (the FG) move to the dossier.
- 2 -> 3: two optional fields, nothing moved: an activity's `review_date` (the next review, issue
  23) and the dossier's `history` (the edit log an exported file carries). A version-2 file has
  neither, so both start empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pia_core.scan.dossier import activity_id_for, is_organisation_key
from pia_core.scan.model import SCHEMA_VERSION

FIRST_VERSION = 1

Data = dict[str, Any]
Migration = Callable[[Data], Data]

_V1_ORGANISATION_FIELDS = ("organisation", "assessor", "date", "language", "presentation")


def _v1_to_v2(data: Data) -> Data:
    """An assessment of one activity -> a dossier holding it. Values are moved, never judged:
    validation afterwards names whatever is wrong in the user's file."""
    activity = {k: v for k, v in data.items() if k not in _V1_ORGANISATION_FIELDS and k != "schema_version"}
    dossier: Data = {k: data[k] for k in _V1_ORGANISATION_FIELDS if k in data}
    for name in ("answers", "na_reasons", "actions"):
        values = activity.get(name)
        if isinstance(values, dict):
            dossier[name] = {k: v for k, v in values.items() if is_organisation_key(str(k))}
            activity[name] = {k: v for k, v in values.items() if k not in dossier[name]}
    for name in ("notes", "consultant_notes"):
        values = activity.get(name)
        if isinstance(values, dict):
            dossier[name] = {k: v for k, v in values.items() if str(k).strip() == "0"}
            activity[name] = {k: v for k, v in values.items() if k not in dossier[name]}
    name = activity.get("activity", {}).get("name", "") if isinstance(activity.get("activity"), dict) else ""
    activity["id"] = activity_id_for(name if isinstance(name, str) else "", ())
    dossier.update(schema_version=2, activities=[activity], current=activity["id"])
    return dossier


def _v2_to_v3(data: Data) -> Data:
    """Only the version: the fields version 3 adds are optional and default to "not set"."""
    data["schema_version"] = 3
    return data


# version N -> the function that turns a version-N dict into a version-(N+1) dict.
MIGRATIONS: Mapping[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3}


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
