"""The PDF report, read back with real PDF tools (poppler's pdftotext / pdfimages, pypdf)."""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from pia_core import REPO_DIR
from pia_core.analysis.evaluation import evaluate
from pia_core.content.bundle import shipped_content
from pia_core.report import ATTACHMENT_NAME, build_report
from pia_core.scan.dossier import from_assessment
from pia_core.scan.model import TEXT_MAX, Activity, Answer, Assessment, Language, Organisation, Sector
from pia_core.scan.serialization import assessment_from_bytes, dossier_to_json

from ..shipped import content_with

LANGS: list[Language] = ["nl", "en"]


def full_assessment() -> Assessment:
    a = Assessment(
        organisation=Organisation(name="Gemeente Ëxample “Zuid” €", sector=Sector.GOVERNMENT),
        activity=Activity(name="Aanvraag verhuizen", description="Inwoners geven een verhuizing door."),
        assessor="Jan de Vries",
    )
    cycle = [Answer.YES, Answer.NO, Answer.PARTLY, Answer.UNKNOWN, Answer.NA]
    for i, question in enumerate(shipped_content().catalogue.questions.values()):
        a.set_answer(question.id, cycle[i % len(cycle)])
    a.set_note(3, "Navragen bij ICT of de back-ups versleuteld zijn.")
    return a


def pdf_text(pdf: bytes, tmp_path: Path, layout: bool = True) -> str:
    """The PDF as poppler reads it: `layout` keeps columns (footers), without it table cells read
    in order (a long action in a table row is not interleaved with its neighbours' cells)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


FOOTER = re.compile(r"^\s*(pagina|page) \d+ (van|of) \d+\s.*$", re.MULTILINE)


def flat(text: str) -> str:
    """Whitespace-insensitive, without page footers: text wrapped over lines and pages joins up."""
    return " ".join(FOOTER.sub("", text).split())


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("lang", LANGS)
def test_full_report_holds_everything_a_reader_needs(lang: Language, tmp_path: Path) -> None:
    a, cat = full_assessment(), shipped_content().catalogue
    pdf = build_report(a, shipped_content(), lang)
    text = pdf_text(pdf, tmp_path)
    words = flat(text)
    assert "Gemeente Ëxample “Zuid” €" in words
    for step in cat.steps:
        assert flat(step.title(lang)) in words, step.number
    found = evaluate(a, content_with(cat)).findings
    assert found
    cells = flat(pdf_text(pdf, tmp_path, layout=False))
    for finding in found:
        assert flat(finding.action[lang]) in cells, finding.id
    pages = page_count(pdf)
    label = "pagina {} van {}" if lang == "nl" else "page {} of {}"
    for page in range(2, pages + 1):  # the cover has no footer
        assert label.format(page, pages) in text
    assert "Navragen bij ICT of de back-ups versleuteld zijn." in words
    assert ("geen juridisch advies" if lang == "nl" else "not legal advice") in words.lower()


def test_charts_are_images_in_the_pdf(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(build_report(full_assessment(), shipped_content(), "nl"))
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    images = [line for line in listing.stdout.splitlines()[2:] if line.strip()]
    assert len(images) == 2
    assert all(int(line.split()[3]) >= 600 for line in images)  # width in pixels: sharp at print size


@pytest.mark.parametrize("lang", LANGS)
def test_embedded_json_restores_the_assessment(lang: Language) -> None:
    a = full_assessment()
    a.set_action(evaluate(a, shipped_content()).findings[0].id, "Privacy officer", None)
    reader = PdfReader(io.BytesIO(build_report(a, shipped_content(), lang)))
    attachments = reader.attachments
    assert list(attachments) == [ATTACHMENT_NAME]
    (raw,) = attachments[ATTACHMENT_NAME]
    assert raw.decode("utf-8") == dossier_to_json(from_assessment(a)), "this activity with its organisation"
    restored = assessment_from_bytes(raw, successors=shipped_content().catalogue.successors)
    assert restored == a.model_copy(update={"id": restored.id})


HOSTILE_NOTE = ("Lange notitie " * 800)[: TEXT_MAX - 20] + " EINDE-NOTITIE"


def hostile_assessment() -> Assessment:
    a = Assessment(
        organisation=Organisation(name=""),
        activity=Activity(name="<script>alert('x')</script>", description="שלום עולם — مرحبا بالعالم"),
        assessor="Zoë 👩‍💻 Ünal\u202e\x00",
    )
    for question in shipped_content().catalogue.questions.values():
        a.set_answer(question.id, Answer.NO)
    a.set_note(1, HOSTILE_NOTE)
    # Glyphs DejaVu Sans lacks, and a private-use character no shipped font has.
    a.set_note(2, "Emoji 🚀👍🏽 en Ελληνικά, Кириллица, ‘quotes’ €. Geen teken voor: \U0010fffd")
    a.set_note(3, "x" * TEXT_MAX)  # one word longer than any line
    a.set_action(evaluate(a, shipped_content()).findings[0].id, "=cmd|' /C calc'!A0 🚀", None)
    return a


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_input_gives_a_valid_pdf(
    lang: Language, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    a = hostile_assessment()
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        pdf = build_report(a, shipped_content(), lang)
    # fpdf2 only warns when it drops a glyph it cannot print: nothing may vanish silently.
    assert not [r for r in caplog.records if "missing" in r.getMessage().lower()]
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    assert info.returncode == 0 and "Pages:" in info.stdout, info.stderr
    words = flat(pdf_text(pdf, tmp_path))
    assert "<script>alert('x')</script>" in words
    assert "EINDE-NOTITIE" in words
    # Emoji print with the fallback font (issue 20, item 9); a joiner between two is dropped.
    assert "Emoji 🚀👍🏽 en Ελληνικά, Кириллица, ‘quotes’ €" in words
    assert "Zoë 👩💻 Ünal" in words
    assert "Geen teken voor: \ufffd" in words  # a character no shipped font has: visible, not lost
    assert ("(niet ingevuld)" if lang == "nl" else "(not filled in)") in words
    assert re.sub(r"\s", "", pdf_text(pdf, tmp_path)).count("x" * 60) >= TEXT_MAX // 60 - 3
    restored = assessment_from_bytes(
        PdfReader(io.BytesIO(pdf)).attachments[ATTACHMENT_NAME][0],
        successors=shipped_content().catalogue.successors,
    )
    assert restored == a.model_copy(update={"id": restored.id})


def test_empty_assessment_gives_a_report() -> None:
    pdf = build_report(Assessment(), shipped_content(), "en")
    assert pdf.startswith(b"%PDF-") and page_count(pdf) >= 5


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pia_core", *args], capture_output=True, text=True, cwd=REPO_DIR, timeout=120
    )


def test_report_command_writes_the_pdf_in_the_chosen_language(tmp_path: Path) -> None:
    source = tmp_path / "scan.json"
    source.write_text(dossier_to_json(from_assessment(full_assessment())), encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = cli("report", str(source), "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Step by step" in pdf_text(out.read_bytes(), tmp_path)


@pytest.mark.parametrize(
    "content", [b"not json", b'{"schema_version": 1, "answers": {"s1_x": "maybe"}}', b"[1, 2]"]
)
def test_report_command_refuses_bad_input_in_one_line(content: bytes, tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    out = tmp_path / "out.pdf"
    result = cli("report", str(source), "-o", str(out))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_report_command_unwritable_output(tmp_path: Path) -> None:
    source = tmp_path / "scan.json"
    source.write_text(json.dumps({"schema_version": 1}), encoding="utf-8")
    result = cli("report", str(source), "-o", str(tmp_path / "missing" / "out.pdf"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


def test_reports_built_at_once_in_threads_read_the_same_as_one_built_alone(tmp_path: Path) -> None:
    """The fonts are parsed once per process and widths are shared: reports built at the same time
    (25 users downloading at once) must still each carry their own complete text and glyphs."""
    from concurrent.futures import ThreadPoolExecutor

    greek = full_assessment()
    greek.set_note(2, "Ελληνικά και Кириллица: σημείωση για τον έλεγχο")
    plain = full_assessment()
    alone = {
        name: flat(pdf_text(build_report(a, shipped_content(), "nl"), tmp_path))
        for name, a in (("g", greek), ("p", plain))
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        built = list(pool.map(lambda a: build_report(a, shipped_content(), "nl"), [greek, plain] * 3))
    for index, pdf in enumerate(built):
        assert flat(pdf_text(pdf, tmp_path)) == alone["g" if index % 2 == 0 else "p"]
    assert "Ελληνικά και Кириллица" in alone["g"] and "Ελληνικά" not in alone["p"]


def test_two_reports_share_no_part_of_a_font_that_writing_a_pdf_changes() -> None:
    """Sharing the font descriptor once made two PDFs written at the same moment number it for each
    other ("Failed to generate file for download" under load)."""
    from pia_core.report.document import ReportPDF

    first, second = (ReportPDF("voet", "{page}", "#1F4E79") for _ in range(2))
    assert first.fonts.keys() == second.fonts.keys() and first.fonts
    for key, font in first.fonts.items():
        other = second.fonts[key]
        for part in ("desc", "subset", "ttfont"):
            assert getattr(font, part) is not getattr(other, part), (key, part)
