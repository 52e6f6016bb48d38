"""Bytes a user uploads (JSON, or a PDF report with the JSON inside) -> a Dossier.

Whatever arrives, the result is an `ImportResult` or an `AssessmentFileError` whose `kind` the
UI turns into a sentence in the user's language; nothing else escapes. Answers to questions the
catalogue does not know (a newer or older app, a hand-edited file) are left out and reported.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pia_core.content.loader import Catalogue
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Assessment
from pia_core.scan.serialization import MAX_FILE_BYTES, AssessmentFileError, dossier_from_data, migrated

# The report attaches the scan under exactly this name (issue 3, pia_core/report).
PDF_ATTACHMENT = "assessment.json"
PDF_MAGIC = b"%PDF-"
# A report with charts is larger than its JSON; the JSON inside is held to MAX_FILE_BYTES.
MAX_PDF_BYTES = 5_000_000
MAX_FILE_LABEL = f"{MAX_FILE_BYTES // 1_000_000} MB"

# pypdf logs at WARNING for every oddity of a hostile PDF; those are ours to report, not to log.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class ImportResult:
    dossier: Dossier
    unknown_questions: tuple[str, ...] = ()
    unknown_note_steps: tuple[int, ...] = ()
    source: str = "json"  # "json" or "pdf"

    @property
    def assessment(self) -> Assessment:
        """The file's chosen activity with its organisation."""
        return self.dossier.assessment()

    @property
    def dropped(self) -> int:
        return len(self.unknown_questions) + len(self.unknown_note_steps)


def _too_large(size: int, limit: int) -> AssessmentFileError:
    return AssessmentFileError("too_large", f"the file is {size:,} bytes; at most {limit:,} allowed")


def json_from_pdf(raw: bytes) -> bytes:
    """The `assessment.json` attached to a PDF this app produced."""
    from pypdf import PdfReader  # imported here: only an uploaded PDF pays for it

    try:
        reader = PdfReader(io.BytesIO(raw))
        found = reader.attachments.get(PDF_ATTACHMENT)
    except Exception as exc:  # pypdf raises many types on broken input; all mean "unreadable PDF"
        raise AssessmentFileError("pdf_broken", f"the PDF cannot be read ({type(exc).__name__})") from None
    if not found:
        raise AssessmentFileError("pdf_without_scan", f"the PDF has no attached {PDF_ATTACHMENT}")
    content = found[0]
    if len(content) > MAX_FILE_BYTES:
        raise _too_large(len(content), MAX_FILE_BYTES)
    return content


def parse_json(raw: bytes) -> Any:
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(len(raw), MAX_FILE_BYTES)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AssessmentFileError("not_json", f"not valid JSON ({exc})".replace("\n", " ")) from None
    except RecursionError:
        raise AssessmentFileError("not_json", "not valid JSON (nested too deeply)") from None


def _known_only(data: dict[str, Any], catalogue: Catalogue) -> tuple[dict[str, Any], list[str], list[int]]:
    """A dossier dict without answers to unknown questions and notes of unknown steps (in the
    organisation part and in every activity), and what was left out."""
    data, unknown_questions, unknown_steps = _known_part(data, catalogue)
    activities = data.get("activities")
    if isinstance(activities, list):
        kept_activities: list[Any] = []
        for item in activities:
            if isinstance(item, dict):
                item, questions, steps = _known_part(dict(item), catalogue)
                unknown_questions += questions
                unknown_steps += steps
            kept_activities.append(item)
        data["activities"] = kept_activities
    return data, sorted(set(unknown_questions)), sorted(set(unknown_steps))


def _known_part(data: dict[str, Any], catalogue: Catalogue) -> tuple[dict[str, Any], list[str], list[int]]:
    unknown_questions: list[str] = []
    unknown_steps: list[int] = []
    answers = data.get("answers")
    if isinstance(answers, dict):
        unknown_questions = sorted({_printable(qid) for qid in answers if qid not in catalogue.questions})
        data["answers"] = {qid: v for qid, v in answers.items() if qid in catalogue.questions}
    notes = data.get("notes")
    if isinstance(notes, dict):
        steps = {str(step.number) for step in catalogue.steps}
        kept: dict[str, Any] = {}
        for key, text in notes.items():
            # JSON keys are strings; "07" or " 7" would still parse as 7, so compare canonically.
            number = _step_number(key)
            if number is not None and str(number) in steps:
                kept[str(number)] = text
            elif number is not None:
                unknown_steps.append(number)
            else:
                kept[key] = text  # not a number: let validation name the field
        data["notes"] = kept
    return data, unknown_questions, sorted(unknown_steps)


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


def import_data(data: Any, catalogue: Catalogue, source: str = "json") -> ImportResult:
    # Migrate first: unknown ids are judged against the current format's fields.
    current = migrated(data)
    known, unknown_questions, unknown_steps = _known_only(current, catalogue)
    dossier = dossier_from_data(known)
    return ImportResult(dossier, tuple(unknown_questions), tuple(unknown_steps), source)


def import_bytes(raw: bytes, catalogue: Catalogue) -> ImportResult:
    """An uploaded file, JSON or PDF, as an assessment of the current schema."""
    if raw.startswith(PDF_MAGIC):
        if len(raw) > MAX_PDF_BYTES:
            raise _too_large(len(raw), MAX_PDF_BYTES)
        return import_data(parse_json(json_from_pdf(raw)), catalogue, source="pdf")
    return import_data(parse_json(raw), catalogue)


def import_file(path: Path, catalogue: Catalogue) -> ImportResult:
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
        return import_bytes(raw, catalogue)
    except AssessmentFileError as exc:
        raise AssessmentFileError(exc.kind, f"{path}: {exc.detail}") from None


def keep_session_settings(new: Dossier, running: Assessment) -> Dossier:
    """`new` (an opened file or a demo) with what belongs to the running session, not to the scan:
    the language the user works in and the presentation mode with its agenda timer. A consultant
    who opens an example in front of a client keeps the large type and the clock running."""
    new.language = running.language
    new.presentation = running.presentation.model_copy(deep=True)
    return new
