"""Scan files <-> JSON. A file is a dossier (schema version 2); a version-1 file (one assessment)
opens as a dossier with that one activity. Every failure is an AssessmentFileError with a
one-line reason."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from pia_core.scan.dossier import MAX_FILE_BYTES as MAX_FILE_BYTES  # where importers have found it
from pia_core.scan.dossier import Dossier, json_size
from pia_core.scan.migrations import MigrationError, migrate
from pia_core.scan.model import Assessment
from pia_core.scan.successors import carry_forward

# The longest whole number a scan holds is a flow's yearly volume (10 digits); Python refuses to
# read more than 4,300 digits with a ValueError of its own, and nothing of ours needs 50.
MAX_INT_DIGITS = 50


class AssessmentFileError(ValueError):
    """A file that is not a usable assessment. `kind` lets the UI say it in the user's language."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


class _NumberError(ValueError):
    """A number JSON may spell but a scan cannot hold; raised while parsing, reported as not_json."""


def _parse_constant(name: str) -> float:
    raise _NumberError(f"{name} is not a number a scan can hold")


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NumberError(f"the number {_one_line(text, 20)} is too large")
    return value


def _parse_int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise _NumberError(f"a number of {len(text):,} digits is too long")
    return int(text)


def loads(raw: bytes) -> Any:
    """The JSON in `raw` (UTF-8, a byte-order mark allowed), or AssessmentFileError("not_json").

    NaN, Infinity and numbers too large for a float are refused here: they are not JSON (RFC 8259),
    and a scan holding one could be stored but never read back.
    """
    try:
        text = raw.decode("utf-8-sig")
        return json.loads(
            text, parse_constant=_parse_constant, parse_float=_parse_float, parse_int=_parse_int
        )
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError and _NumberError are ValueErrors
        raise AssessmentFileError("not_json", f"not valid JSON ({exc})".replace("\n", " ")) from None
    except RecursionError:
        raise AssessmentFileError("not_json", "not valid JSON (nested too deeply)") from None


def check_size(data: str) -> None:
    """Refuse a scan (its JSON) larger than an upload may be: stored, it could never be opened again
    from a download. For the autosave too: call it with the JSON it is about to write."""
    size = json_size(data)
    if size > MAX_FILE_BYTES:
        raise AssessmentFileError(
            "too_large", f"the scan is {size:,} bytes as JSON; at most {MAX_FILE_BYTES:,} allowed"
        )


def describe_validation_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    # A key is the user's text: one line, printable, bounded (a key "\n" once split the message).
    where = ".".join(_one_line(str(part)) for part in first["loc"]) or "(top)"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"field '{where}': {first['msg']}{more}"


def _one_line(text: str, limit: int = 60) -> str:
    shown = "".join(ch if ch.isprintable() else "?" for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def migrated(data: Any, *, successors: Mapping[str, str]) -> dict[str, Any]:
    """A JSON object of any supported schema version, as a dict of the current version, with the
    answers of merged questions on their `successors` (the catalogue's)."""
    if not isinstance(data, dict):
        raise AssessmentFileError("invalid", "the file does not hold a JSON object")
    try:
        current = migrate(data)
    except MigrationError as exc:
        raise AssessmentFileError(exc.kind, str(exc)) from None
    activities = current.get("activities")
    if isinstance(activities, list):
        current["activities"] = [
            carry_forward(it, successors) if isinstance(it, dict) else it for it in activities
        ]
    return current


def dossier_from_data(data: Any, *, successors: Mapping[str, str], limit_size: bool = False) -> Dossier:
    """A dict of any supported schema version, migrated to the current one and validated.

    `limit_size`: refuse a dossier larger than MAX_FILE_BYTES as JSON (an upload: defaults filled
    in can make a small file a large dossier). A scan read back from the store is not limited, so
    nothing stored is lost; the autosave keeps it from growing (`check_size`).
    """
    current = migrated(data, successors=successors)
    try:
        result = Dossier.model_validate(current)
    except ValidationError as exc:
        raise AssessmentFileError("invalid", describe_validation_error(exc)) from None
    data_json = ensure_storable(result)
    if limit_size:
        check_size(data_json)
    return result


def assessment_from_data(data: Any, *, successors: Mapping[str, str]) -> Assessment:
    """The chosen activity of a file of any supported version, with its organisation."""
    return dossier_from_data(data, successors=successors).assessment()


def ensure_storable(dossier: Dossier) -> str:
    """The dossier as compact JSON. JSON may carry lone surrogates (\\ud800) that no UTF-8 page,
    PDF or database can hold: refused."""
    try:
        data = dossier_to_json(dossier, compact=True)
        data.encode("utf-8")
    except (UnicodeEncodeError, PydanticSerializationError):
        raise AssessmentFileError("invalid", "the file contains text that is not valid Unicode") from None
    return data


def dossier_from_bytes(raw: bytes, *, successors: Mapping[str, str]) -> Dossier:
    if len(raw) > MAX_FILE_BYTES:
        raise AssessmentFileError(
            "too_large", f"the file is {len(raw):,} bytes; at most {MAX_FILE_BYTES:,} allowed"
        )
    return dossier_from_data(loads(raw), successors=successors, limit_size=True)


def read_dossier(path: Path, *, successors: Mapping[str, str]) -> Dossier:
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
        return dossier_from_bytes(raw, successors=successors)
    except AssessmentFileError as exc:
        raise AssessmentFileError(exc.kind, f"{path}: {exc.detail}") from None


def assessment_from_bytes(raw: bytes, *, successors: Mapping[str, str]) -> Assessment:
    """The chosen activity of a scan file's bytes, with its organisation."""
    return dossier_from_bytes(raw, successors=successors).assessment()


def dossier_to_json(dossier: Dossier, *, compact: bool = False) -> str:
    """Indented for a file a person may open; compact for the store (a quarter smaller and faster,
    which counts: autosave writes the whole dossier after every change). A file that indented would
    be larger than an upload may be is written compact too, so that it opens again."""
    if compact:
        return dossier.model_dump_json()
    indented = dossier.model_dump_json(indent=2)
    return indented if json_size(indented) <= MAX_FILE_BYTES else dossier.model_dump_json()


def assessment_to_json(assessment: Assessment) -> str:
    """One activity with its organisation, as a version-1 file (it opens as a one-activity dossier)."""
    return assessment.model_dump_json(indent=2)
