"""Bytes a user uploads (JSON, or a PDF report with the JSON inside) -> a Dossier.

Whatever arrives, the result is an `ImportResult` or an `AssessmentFileError` whose `kind` the
UI turns into a sentence in the user's language; nothing else escapes. Entries keyed by an id this
version does not know (an answer to a removed question, a note of step 42, a plan entry or a
screening tick nobody can see: a newer or older app, a hand-edited file) are left out and
reported, so what a file can store is bounded by the content, not by the file.

Above the scan file format (pia_core/scan: model, migrations, reading a file) and the analysis:
what this version knows comes from the catalogue, the DPIA check, the screening and the flow rules.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pia_core.analysis.dpia_duty import REFERENCES
from pia_core.content.bundle import Content
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Assessment
from pia_core.scan.serialization import (
    MAX_FILE_BYTES,
    AssessmentFileError,
    dossier_from_data,
    loads,
    migrated,
)

# The report attaches the scan under exactly this name (issue 3, pia_core/report).
PDF_ATTACHMENT = "assessment.json"
PDF_MAGIC = b"%PDF-"
# A report with charts is larger than its JSON; the JSON inside is held to MAX_FILE_BYTES.
MAX_PDF_BYTES = 5_000_000
MAX_FILE_LABEL = f"{MAX_FILE_BYTES // 1_000_000} MB"
# pypdf's own limits while it reads an upload (its defaults allow 75 MB per stream): the streams
# it inflates for us are object and cross-reference streams of a few kB, and its byte-by-byte
# repair of a broken stream costs CPU per byte.
_PYPDF_LIMITS: dict[str, int] = {
    "zlib_maximum_output_length": MAX_PDF_BYTES,
    "lzw_maximum_output_length": MAX_PDF_BYTES,
    "run_length_maximum_output_length": MAX_PDF_BYTES,
    "jbig2_maximum_output_length": MAX_PDF_BYTES,
    "brotli_maximum_output_length": MAX_PDF_BYTES,
    "array_based_stream_maximum_output_length": MAX_PDF_BYTES,
    "stream_decoding_work_maximum_length": 2 * MAX_PDF_BYTES,
    "zlib_maximum_recovery_input_length": 100_000,
}
_FLATE = ("/FlateDecode", "/Fl")  # the only compression the attached scan may use (fpdf2 writes none)
# A flow's action-plan id: "flow:<flow id>:<rule>" (pia_core/flows/flags.py).
_FLOW_ACTION = re.compile(r"flow:([A-Za-z0-9_-]{1,40}):([a-z0-9_]{1,60})")
CHECK_PREFIX = "check:"  # a finding about an N.v.t. answer: "check:<question id>"

# pypdf logs at WARNING for every oddity of a hostile PDF; those are ours to report, not to log.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class ImportResult:
    dossier: Dossier
    unknown_questions: tuple[str, ...] = ()
    unknown_note_steps: tuple[int, ...] = ()
    source: str = "json"  # "json" or "pdf"
    # Other entries left out, as "<field>.<key>": "actions.x", "screening.y", "consultant_notes.12".
    unknown_entries: tuple[str, ...] = ()

    @property
    def assessment(self) -> Assessment:
        """The file's chosen activity with its organisation."""
        return self.dossier.assessment()

    @property
    def unknown_ids(self) -> list[str]:
        """Everything left out, as the user is told: answers by question id, the rest by field."""
        return [
            *self.unknown_questions,
            *(f"notes.{n}" for n in self.unknown_note_steps),
            *self.unknown_entries,
        ]

    @property
    def dropped(self) -> int:
        return len(self.unknown_questions) + len(self.unknown_note_steps) + len(self.unknown_entries)


def _too_large(size: int, limit: int) -> AssessmentFileError:
    return AssessmentFileError("too_large", f"the file is {size:,} bytes; at most {limit:,} allowed")


# -- a PDF report -------------------------------------------------------------------------------
def json_from_pdf(raw: bytes) -> bytes:
    """The `assessment.json` attached to a PDF this app produced, never inflated beyond
    MAX_FILE_BYTES (a few hundred bytes of a hostile PDF can inflate to gigabytes)."""
    from pypdf import PdfReader, apply_configuration, get_configuration  # only an uploaded PDF pays for it

    try:
        with apply_configuration(get_configuration().with_overwrites(**_PYPDF_LIMITS)):
            found = _attached_stream(PdfReader(io.BytesIO(raw)))
            if found is None:
                raise AssessmentFileError("pdf_without_scan", f"the PDF has no attached {PDF_ATTACHMENT}")
            return _stream_content(found)
    except AssessmentFileError:
        raise
    except Exception as exc:  # pypdf raises many types on broken input; all mean "unreadable PDF"
        raise AssessmentFileError("pdf_broken", f"the PDF cannot be read ({type(exc).__name__})") from None


def _attached_stream(reader: Any) -> Any | None:
    """The embedded file stream named PDF_ATTACHMENT (in the name tree or the file specification),
    still encoded: pypdf's `attachments` would inflate it without our limit."""
    for entry in reader.attachment_list:
        if PDF_ATTACHMENT not in (entry.name, entry.alternative_name):
            continue
        files = entry.pdf_object["/EF"].get_object()
        for key in ("/UF", "/F"):
            if key in files:
                return files[key].get_object()
    return None


def _stream_content(stream: Any) -> bytes:
    """The stream's bytes with its filters undone, each stage stopped past MAX_FILE_BYTES."""
    params = _pdf_value(stream.get("/Params"), dict, {})
    declared = _pdf_value(params.get("/Size"), int, 0)
    if declared > MAX_FILE_BYTES:
        raise _too_large(declared, MAX_FILE_BYTES)  # said by the file itself: nothing inflated
    data = stream._data  # the encoded bytes as stored (pypdf has no public name for them)
    if not isinstance(data, bytes):
        raise AssessmentFileError("pdf_broken", "the attached scan has no readable content")
    for name in _filters(stream):
        if name not in _FLATE:
            detail = f"the attached scan uses a filter this app does not read ({_printable(name, 30)})"
            raise AssessmentFileError("pdf_broken", detail)
        data = _inflate(data)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data), MAX_FILE_BYTES)
    return data


def _filters(stream: Any) -> list[str]:
    """The names of the stream's filters, in the order they are undone."""
    value = _pdf_value(stream.get("/Filter"), (list, str), None)
    names = [] if value is None else list(value) if isinstance(value, list) else [value]
    parms = _pdf_value(stream.get("/DecodeParms"), (list, dict), None)
    for item in parms if isinstance(parms, list) else [parms]:
        # A predictor (PNG or TIFF row filters) is for images; a scan never has one.
        if _pdf_value(_pdf_value(item, dict, {}).get("/Predictor"), int, 1) > 1:
            raise AssessmentFileError(
                "pdf_broken", "the attached scan uses a predictor this app does not read"
            )
    return [str(_pdf_value(name, str, "?")) for name in names]


def _pdf_value(value: Any, kind: type | tuple[type, ...], default: Any) -> Any:
    """`value` (an indirect reference followed) if it is a `kind`, else `default` (also for null)."""
    resolved = value.get_object() if hasattr(value, "get_object") else value
    return resolved if isinstance(resolved, kind) else default


def _inflate(data: bytes) -> bytes:
    """One FlateDecode stage, stopped one byte past MAX_FILE_BYTES: a stage that gives more is
    refused before anything beyond the limit exists."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error:
        raise AssessmentFileError(
            "pdf_broken", "the attached scan is damaged (not valid Flate data)"
        ) from None
    if len(out) > MAX_FILE_BYTES:
        raise AssessmentFileError(
            "too_large", f"the attached scan inflates to more than {MAX_FILE_BYTES:,} bytes"
        )
    return out


def parse_json(raw: bytes) -> Any:
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(len(raw), MAX_FILE_BYTES)
    return loads(raw)


# -- entries keyed by ids the content defines ----------------------------------------------------
@dataclass(frozen=True)
class KnownIds:
    """The ids a scan's maps may be keyed by: questions, steps, DPIA screening items, findings."""

    questions: frozenset[str]
    successors: Mapping[str, str]  # a merged question's old id -> the question now asking it
    steps: frozenset[int]
    screening: frozenset[str]
    dpia_findings: frozenset[str]
    flow_rules: frozenset[str]

    def question(self, key: str) -> str | None:
        """The current id for a question id (a merged one's successor), or None if unknown."""
        key = self.successors.get(key, key)
        return key if key in self.questions else None

    def action(self, key: str, flows: set[str]) -> str | None:
        """The current id of an action-plan key, "" for a flow's plan entry whose flow is gone
        (left out without a word: the user deleted that flow), None if unknown."""
        if key.startswith(CHECK_PREFIX):
            found = self.question(key.removeprefix(CHECK_PREFIX))
            return None if found is None else CHECK_PREFIX + found
        if key in self.dpia_findings:
            return key
        match = _FLOW_ACTION.fullmatch(key)
        if match and match.group(2) in self.flow_rules:
            return key if match.group(1) in flows else ""
        return self.question(key)


def known_ids(content: Content) -> KnownIds:
    """The ids this version knows: the catalogue's, the DPIA check's items, the flow rules'."""
    catalogue = content.catalogue
    return KnownIds(
        questions=frozenset(catalogue.questions),
        successors=catalogue.successors,
        steps=frozenset(step.number for step in catalogue.steps),
        screening=frozenset(item.id for item in content.screening.all_items),
        dpia_findings=frozenset(REFERENCES),
        flow_rules=frozenset(content.flows.rules),
    )


@dataclass
class _Left:
    """What was left out of a file, gathered over the organisation part and every activity."""

    questions: set[str]
    steps: set[int]
    entries: set[str]


def _known_only(data: dict[str, Any], content: Content) -> tuple[dict[str, Any], _Left]:
    """A dossier dict without entries keyed by unknown ids (in the organisation part and in every
    activity), and what was left out."""
    known, left = known_ids(content), _Left(set(), set(), set())
    data = _known_part(data, known, left)
    activities = data.get("activities")
    if isinstance(activities, list):
        data["activities"] = [
            _known_part(dict(it), known, left) if isinstance(it, dict) else it for it in activities
        ]
    return data, left


def _known_part(data: dict[str, Any], known: KnownIds, left: _Left) -> dict[str, Any]:
    answers = data.get("answers")
    if isinstance(answers, dict):
        left.questions.update(_printable(qid) for qid in answers if qid not in known.questions)
        data["answers"] = {qid: v for qid, v in answers.items() if qid in known.questions}
    for field in ("notes", "consultant_notes"):
        _keep_known_steps(data, field, known, left)
    flows = _flow_ids(data.get("flows"))
    _keep_known(data, "na_reasons", known.question, left)
    _keep_known(data, "actions", lambda key: known.action(key, flows), left)
    _keep_known(data, "screening", lambda key: key if key in known.screening else None, left)
    return data


def _flow_ids(flows: Any) -> set[str]:
    """The ids of a part's flows as the file gives them (validation judges the rest)."""
    items = flows if isinstance(flows, list) else []
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _keep_known(data: dict[str, Any], field: str, current: Callable[[str], str | None], left: _Left) -> None:
    """`data[field]` keyed by current ids only: a merged question's entry moves to its successor
    (unless that has its own), an unknown key is left out and reported ("": left out silently)."""
    values = data.get(field)
    if not isinstance(values, dict):
        return  # not a map: validation names the field
    kept: dict[Any, Any] = {}
    moved: list[tuple[str, Any]] = []
    for key, value in values.items():
        new = current(key) if isinstance(key, str) else key  # not text: validation names it
        if new is None:
            left.entries.add(f"{field}.{_printable(key)}")
        elif new == key:
            kept[key] = value
        elif new:
            moved.append((new, value))
    for new, value in moved:
        kept.setdefault(new, value)
    data[field] = kept


def _keep_known_steps(data: dict[str, Any], field: str, known: KnownIds, left: _Left) -> None:
    values = data.get(field)
    if not isinstance(values, dict):
        return
    kept: dict[str, Any] = {}
    for key, text in values.items():
        # JSON keys are strings; "07" or " 7" would still parse as 7, so compare canonically.
        number = _step_number(key)
        if number is not None and number in known.steps:
            kept[str(number)] = text
        elif number is None:
            kept[key] = text  # not a number: let validation name the field
        elif field == "notes":
            left.steps.add(number)
        else:
            left.entries.add(f"{field}.{number}")
    data[field] = kept


def _printable(key: str, limit: int = 60) -> str:
    """An id as it may be shown and logged: valid UTF-8 (no lone surrogates), one line, bounded."""
    text = key.encode("utf-8", "backslashreplace").decode("utf-8")
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _step_number(key: str) -> int | None:
    text = key.strip()
    if text.isascii() and text.lstrip("-").isdigit() and len(text) <= 6:
        return int(text)
    return None


def import_data(
    data: Any, content: Content, source: str = "json", *, limit_size: bool = False
) -> ImportResult:
    """`limit_size`: an upload, held to MAX_FILE_BYTES as a dossier too (see `dossier_from_data`)."""
    # Migrate first: unknown ids are judged against the current format's fields.
    successors = content.catalogue.successors
    current = migrated(data, successors=successors)
    known, left = _known_only(current, content)
    dossier = dossier_from_data(known, successors=successors, limit_size=limit_size)
    return ImportResult(
        dossier, tuple(sorted(left.questions)), tuple(sorted(left.steps)), source, tuple(sorted(left.entries))
    )


def import_bytes(raw: bytes, content: Content) -> ImportResult:
    """An uploaded file, JSON or PDF, as an assessment of the current schema."""
    if raw.startswith(PDF_MAGIC):
        if len(raw) > MAX_PDF_BYTES:
            raise _too_large(len(raw), MAX_PDF_BYTES)
        return import_data(parse_json(json_from_pdf(raw)), content, source="pdf", limit_size=True)
    return import_data(parse_json(raw), content, limit_size=True)


def import_file(path: Path, content: Content) -> ImportResult:
    try:
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            raise _too_large(size, MAX_PDF_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        raise AssessmentFileError("unreadable", f"{path}: cannot read ({exc.strerror})") from None
    except AssessmentFileError as exc:
        raise AssessmentFileError(exc.kind, f"{path}: {exc.detail}") from None
    try:
        return import_bytes(raw, content)
    except AssessmentFileError as exc:
        raise AssessmentFileError(exc.kind, f"{path}: {exc.detail}") from None


def keep_session_settings(new: Dossier, running: Assessment) -> Dossier:
    """`new` (an opened file or a demo) with what belongs to the running session, not to the scan:
    the language the user works in and the presentation mode with its agenda timer. A consultant
    who opens an example in front of a client keeps the large type and the clock running."""
    new.language = running.language
    new.presentation = running.presentation.model_copy(deep=True)
    return new
