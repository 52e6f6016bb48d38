"""Importer: JSON or PDF bytes -> an assessment or a clear error, whatever the bytes are."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_core.analysis.scoring import score
from pia_core.content.bundle import shipped_content
from pia_core.i18n import texts
from pia_core.importing import MAX_PDF_BYTES, PDF_ATTACHMENT, ImportResult, import_bytes
from pia_core.scan.model import LANGUAGES, Assessment
from pia_core.scan.serialization import MAX_FILE_BYTES, AssessmentFileError, assessment_to_json

from ..shipped import content_with

CAT = shipped_content().catalogue
QIDS = sorted(CAT.questions)


def full_file() -> dict[str, Any]:
    """A scan with every field in use, as the app writes it."""
    assessment = Assessment(language="en", assessor="Zoë ‘QA’ Çelik 🙂")
    assessment.organisation.name = "Gemeente Ede"
    assessment.organisation.sector = "government"  # type: ignore[assignment]
    assessment.activity.name = "Aanvraag verhuizen"
    assessment.activity.description = "x" * 10_000
    for i, qid in enumerate(QIDS):
        assessment.set_answer(qid, ["yes", "partly", "no", "unknown", "na"][i % 5])  # type: ignore[arg-type]
    assessment.set_note(3, "Navragen bij ICT — € 12,50")
    data: dict[str, Any] = json.loads(assessment_to_json(assessment))
    return data


def encode(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def pdf_with(attachments: dict[str, bytes]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Privacy Impact Analyse")
    for name, content in attachments.items():
        pdf.embed_file(bytes=content, basename=name)
    return bytes(pdf.output())


ERROR_KINDS = {key.removeprefix("scan.error.") for key in texts()["nl"] if key.startswith("scan.error.")}


def check_outcome(raw: bytes) -> ImportResult | AssessmentFileError:
    """The importer's contract: a valid, storable assessment, or an error the UI can put into words."""
    try:
        result = import_bytes(raw, content_with(CAT))
    except AssessmentFileError as exc:
        assert exc.kind in ERROR_KINDS, exc.kind
        assert exc.detail and "\n" not in exc.detail
        return exc
    assert isinstance(result.assessment, Assessment)
    assert set(result.assessment.answers) <= set(CAT.questions)
    again = import_bytes(assessment_to_json(result.assessment).encode("utf-8"), content_with(CAT))
    assert again.assessment == result.assessment and again.dropped == 0
    return result


def test_full_file_round_trips_with_same_scores() -> None:
    data = full_file()
    result = import_bytes(encode(data), content_with(CAT))
    assert result.dropped == 0 and result.source == "json"
    # A version-1 file gains the id of its one activity, nothing else.
    assert json.loads(assessment_to_json(result.assessment)) == {**data, "id": result.assessment.id}
    original = Assessment.model_validate(data)
    assert score(result.assessment, CAT) == score(original, CAT)


def test_unknown_question_ids_are_reported_and_left_out() -> None:
    data = full_file()
    data["answers"]["s9_from_the_future"] = "yes"
    data["answers"]["zz_old"] = "no"
    data["notes"]["42"] = "note for a step that does not exist"
    result = import_bytes(encode(data), content_with(CAT))
    assert result.unknown_questions == ("s9_from_the_future", "zz_old")
    assert result.unknown_note_steps == (42,)
    assert result.dropped == 3
    assert set(result.assessment.answers) == set(QIDS)
    assert 42 not in result.assessment.notes and result.assessment.notes[3]


def test_hostile_unknown_ids_are_reported_printable_and_short() -> None:
    raw = b'{"schema_version": 1, "answers": {"\\udfff\\n": "yes", "' + b"x" * 10_000 + b'": "no"}}'
    result = import_bytes(raw, content_with(CAT))
    assert result.dropped == 2 and not result.assessment.answers
    for shown in result.unknown_questions:
        shown.encode("utf-8")  # no lone surrogate left to break the page
        assert shown.isprintable() and len(shown) <= 60


def test_utf8_bom_is_accepted() -> None:
    assert import_bytes(b"\xef\xbb\xbf" + encode(full_file()), content_with(CAT)).assessment.organisation.name


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"", "not_json"),
        (b"{not json", "not_json"),
        (b"\x89PNG\r\n\x1a\n\x00\xff", "not_json"),
        (b"[1, 2]", "invalid"),
        (b'{"schema_version": 1, "answers": {"s1_owner": "maybe"}}', "invalid"),
        (b'{"schema_version": 1, "notes": {"x": "y"}}', "invalid"),
        (b'{"schema_version": 1, "assessor": "' + b"a" * 300 + b'"}', "invalid"),
        (b'{"schema_version": 1, "assessor": "\\ud800"}', "invalid"),
        (b'{"schema_version": 1, "notes": {"1": "\\udfff"}}', "invalid"),
        (b'{"schema_version": 7}', "version"),
        (b"[" * 600_000 + b"]" * 600_000, "too_large"),
        (b"[" * 50_000 + b"]" * 50_000, "not_json"),
        (b" " * (MAX_FILE_BYTES + 1), "too_large"),
        (b"%PDF-1.7\n garbage", "pdf_broken"),
        (b"%PDF-" + b"0" * MAX_PDF_BYTES, "too_large"),
    ],
)
def test_bad_files_give_their_kind_of_error(raw: bytes, kind: str) -> None:
    with pytest.raises(AssessmentFileError) as err:
        import_bytes(raw, content_with(CAT))
    assert err.value.kind == kind
    assert "\n" not in err.value.detail


def test_every_error_kind_has_a_text_in_both_languages() -> None:
    for language in LANGUAGES:
        keys = texts()[language]
        for kind in ("not_json", "invalid", "version", "too_large", "unreadable", "pdf_broken"):
            assert f"scan.error.{kind}" in keys
        assert "scan.error.pdf_without_scan" in keys


def test_pdf_with_embedded_scan_imports() -> None:
    data = full_file()
    result = import_bytes(pdf_with({PDF_ATTACHMENT: encode(data)}), content_with(CAT))
    assert result.source == "pdf"
    # A version-1 file gains the id of its one activity, nothing else.
    assert json.loads(assessment_to_json(result.assessment)) == {**data, "id": result.assessment.id}


def test_pdf_without_the_scan_is_refused() -> None:
    with pytest.raises(AssessmentFileError) as err:
        import_bytes(pdf_with({"other.json": encode(full_file())}), content_with(CAT))
    assert err.value.kind == "pdf_without_scan"
    with pytest.raises(AssessmentFileError) as err:
        import_bytes(pdf_with({}), content_with(CAT))
    assert err.value.kind == "pdf_without_scan"


def test_pdf_with_broken_or_huge_scan_inside() -> None:
    with pytest.raises(AssessmentFileError) as err:
        import_bytes(pdf_with({PDF_ATTACHMENT: b"{broken"}), content_with(CAT))
    assert err.value.kind == "not_json"
    with pytest.raises(AssessmentFileError) as err:
        import_bytes(pdf_with({PDF_ATTACHMENT: b" " * (MAX_FILE_BYTES + 1)}), content_with(CAT))
    assert err.value.kind == "too_large"


def test_truncated_pdf_is_refused_cleanly() -> None:
    raw = pdf_with({PDF_ATTACHMENT: encode(full_file())})
    for cut in (len(raw) // 4, len(raw) // 2, len(raw) - 40):
        check_outcome(raw[:cut])


# --- property-based: random and mutated files ------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
FIELDS = ["schema_version", "organisation", "activity", "assessor", "date", "language", "answers", "notes"]
paths = st.lists(
    st.sampled_from([*FIELDS, "name", "sector", "description", "1", "3", *QIDS[:5], "x"]),
    min_size=1,
    max_size=3,
)


def mutate(data: dict[str, Any], path: list[str], value: object, delete: bool) -> dict[str, Any]:
    """Set (or delete) `path` in a copy of `data`, creating or overwriting containers on the way."""
    result = copy.deepcopy(data)
    target: Any = result
    for part in path[:-1]:
        if not isinstance(target.get(part), dict):
            target[part] = {}
        target = target[part]
    if delete:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value
    return result


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise_anything_else(raw: bytes) -> None:
    check_outcome(raw)


@PROPERTY
@given(st.binary(max_size=500))
def test_random_bytes_after_pdf_header_never_raise_anything_else(raw: bytes) -> None:
    check_outcome(b"%PDF-1.4\n" + raw)


@PROPERTY
@given(json_values)
def test_random_json_never_raises_anything_else(value: object) -> None:
    check_outcome(encode(value))


@PROPERTY
@given(st.lists(st.tuples(paths, json_values, st.booleans()), min_size=1, max_size=4))
def test_mutated_scan_is_valid_or_a_clear_error(mutations: list[tuple[list[str], object, bool]]) -> None:
    data = full_file()
    for path, value, delete in mutations:
        data = mutate(data, path, value, delete)
    check_outcome(encode(data))


@PROPERTY
@given(st.data())
def test_byte_flips_and_cuts_of_a_real_file(draw: st.DataObject) -> None:
    raw = bytearray(encode(full_file()))
    for _ in range(draw.draw(st.integers(1, 5))):
        at = draw.draw(st.integers(0, len(raw) - 1))
        raw[at] = draw.draw(st.integers(0, 255))
    cut = draw.draw(st.integers(0, len(raw)))
    check_outcome(bytes(raw[:cut]) if draw.draw(st.booleans()) else bytes(raw))


@PROPERTY
@given(st.dictionaries(st.sampled_from([*QIDS[:20], "nope", ""]), st.sampled_from(["yes", "no", "na"])))
def test_any_mix_of_known_and_unknown_ids_imports(answers: dict[str, str]) -> None:
    result = import_bytes(encode({"schema_version": 1, "answers": answers}), content_with(CAT))
    assert dict(result.assessment.answers) == {k: v for k, v in answers.items() if k in CAT.questions}
    assert set(result.unknown_questions) == {k for k in answers if k not in CAT.questions}


def test_pdf_reader_is_not_confused_by_a_pdf_sized_json() -> None:
    """A JSON file just under the cap still imports (the cap is on bytes, not on content)."""
    data = full_file()
    data["activity"]["description"] = "é" * 5000
    raw = encode(data)
    assert len(raw) < MAX_FILE_BYTES
    assert io.BytesIO(raw).read(5) != b"%PDF-"
    assert import_bytes(raw, content_with(CAT)).assessment.activity.description == "é" * 5000


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_real_report_from_this_app_imports_to_the_same_scan(language: str) -> None:
    from pia_core.report.builder import build_report

    original = Assessment.model_validate(full_file())
    pdf = build_report(original, shipped_content(), lang=language)  # type: ignore[arg-type]
    result = import_bytes(pdf, content_with(CAT))
    assert result.source == "pdf" and result.dropped == 0
    assert result.assessment == original.model_copy(update={"id": result.assessment.id})
    assert score(result.assessment, CAT) == score(original, CAT)


def test_a_key_with_a_line_break_is_named_on_one_line() -> None:
    """Found by the mutation test: a notes key "\\n" put a line break into the one-line error."""
    with pytest.raises(AssessmentFileError) as caught:
        import_bytes(json.dumps({"schema_version": 1, "notes": {"\n": "x"}}).encode(), content_with(CAT))
    assert "\n" not in caught.value.detail and "notes.?" in caught.value.detail
