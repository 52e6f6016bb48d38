"""Scan files <-> JSON. A file is a dossier (schema version 2); a version-1 file (one assessment)
opens as a dossier with that one activity. Every failure is an AssessmentFileError with a
one-line reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from pia_core.content.successors import carry_forward
from pia_core.scan.dossier import Dossier
from pia_core.scan.migrations import MigrationError, migrate
from pia_core.scan.model import Assessment

MAX_FILE_BYTES = 1_000_000  # a full scan with long notes is ~100 kB; anything far larger is not ours


class AssessmentFileError(ValueError):
    """A file that is not a usable assessment. `kind` lets the UI say it in the user's language."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


def describe_validation_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    # A key is the user's text: one line, printable, bounded (a key "\n" once split the message).
    where = ".".join(_one_line(str(part)) for part in first["loc"]) or "(top)"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"field '{where}': {first['msg']}{more}"


def _one_line(text: str, limit: int = 60) -> str:
    shown = "".join(ch if ch.isprintable() else "?" for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def migrated(data: Any) -> dict[str, Any]:
    """A JSON object of any supported schema version, as a dict of the current version."""
    if not isinstance(data, dict):
        raise AssessmentFileError("invalid", "the file does not hold a JSON object")
    try:
        current = migrate(data)
    except MigrationError as exc:
        raise AssessmentFileError(exc.kind, str(exc)) from None
    activities = current.get("activities")
    if isinstance(activities, list):
        current["activities"] = [carry_forward(it) if isinstance(it, dict) else it for it in activities]
    return current


def dossier_from_data(data: Any) -> Dossier:
    """A dict of any supported schema version, migrated to the current one and validated."""
    current = migrated(data)
    try:
        result = Dossier.model_validate(current)
    except ValidationError as exc:
        raise AssessmentFileError("invalid", describe_validation_error(exc)) from None
    ensure_storable(result)
    return result


def assessment_from_data(data: Any) -> Assessment:
    """The chosen activity of a file of any supported version, with its organisation."""
    return dossier_from_data(data).assessment()


def ensure_storable(dossier: Dossier) -> None:
    """JSON may carry lone surrogates (\\ud800) that no UTF-8 page, PDF or database can hold."""
    try:
        dossier_to_json(dossier).encode("utf-8")
    except (UnicodeEncodeError, PydanticSerializationError):
        raise AssessmentFileError("invalid", "the file contains text that is not valid Unicode") from None


def dossier_from_bytes(raw: bytes) -> Dossier:
    if len(raw) > MAX_FILE_BYTES:
        raise AssessmentFileError(
            "too_large", f"the file is {len(raw):,} bytes; at most {MAX_FILE_BYTES:,} allowed"
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AssessmentFileError("not_json", f"not valid JSON ({exc})".replace("\n", " ")) from None
    except RecursionError:
        raise AssessmentFileError("not_json", "not valid JSON (nested too deeply)") from None
    return dossier_from_data(data)


def read_dossier(path: Path) -> Dossier:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AssessmentFileError(
                "too_large", f"{path}: {size:,} bytes; at most {MAX_FILE_BYTES:,} allowed"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise AssessmentFileError("unreadable", f"{path}: cannot read ({exc.strerror})") from None
    try:
        return dossier_from_bytes(raw)
    except AssessmentFileError as exc:
        raise AssessmentFileError(exc.kind, f"{path}: {exc.detail}") from None


def assessment_from_bytes(raw: bytes) -> Assessment:
    """The chosen activity of a scan file's bytes, with its organisation."""
    return dossier_from_bytes(raw).assessment()


def dossier_to_json(dossier: Dossier, *, compact: bool = False) -> str:
    """Indented for a file a person may open; compact for the store (a quarter smaller and faster,
    which counts: autosave writes the whole dossier after every change)."""
    return dossier.model_dump_json(indent=None if compact else 2)


def assessment_to_json(assessment: Assessment) -> str:
    """One activity with its organisation, as a version-1 file (it opens as a one-activity dossier)."""
    return assessment.model_dump_json(indent=2)
