"""The PDF report's layout: no near-empty pages, no word cut in a table cell, bookmarks for every
section, and an appendix that lists only the laws this organisation's questions cite."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.i18n import t
from pia_core.report import build_report
from pia_core.scan.model import Language

QUARTER = 0.25


def page_fill(pdf: bytes, tmp_path: Path) -> list[float]:
    """Per page, how far down the text area ink reaches (0: empty, 1: full), footer left out."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(path), str(tmp_path / "p")], check=True)
    fills = []
    for image_path in sorted(tmp_path.glob("p-*.png")):
        image = Image.open(image_path)
        width, height = image.size
        top, bottom = int(height * 0.07), int(height * 0.92)
        band = image.crop((int(width * 0.08), top, int(width * 0.92), bottom)).point(
            lambda v: 255 if v < 200 else 0
        )
        box = band.getbbox()
        fills.append(0.0 if box is None else box[3] / (bottom - top))
    return fills


EVERY_ACTIVITY = [
    (d.id, activity)
    for d in shipped_content().demos
    for activity in load_demo(d.id, shipped_content()).dossier.ids
]


@pytest.mark.parametrize(("demo_id", "activity"), EVERY_ACTIVITY)
def test_no_page_of_a_demo_report_is_less_than_a_quarter_full(
    demo_id: str, activity: str, tmp_path: Path
) -> None:
    """Every activity of every demo: a table heading at the foot of a page once sent each cell of
    the first row to a page of its own."""
    pdf = build_report(load_demo(demo_id, shipped_content()).dossier.assessment(activity), shipped_content())
    fills = page_fill(pdf, tmp_path)
    near_empty = [n for n, fill in enumerate(fills[:-1], start=1) if fill < QUARTER]  # the last may be short
    assert not near_empty, (demo_id, activity, near_empty, [round(f, 2) for f in fills])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_section_has_a_bookmark(language: Language) -> None:
    reader = PdfReader(
        io.BytesIO(
            build_report(
                load_demo("zorg-patientbrieven", shipped_content()).assessment,
                shipped_content(),
                lang=language,
            )
        )
    )
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    for key in ("summary_heading", "charts_heading", "steps_heading", "plan_heading", "appendix_heading"):
        assert t(f"report.{key}", language) in top, key
    assert t("flows.nav_title", language) in top
    nested = [getattr(i, "title", "") for item in reader.outline if isinstance(item, list) for i in item]
    step_one = t("report.step_title", language, number=1, title="")
    assert any(title.startswith(step_one) for title in nested), nested


def test_table_cells_shrink_instead_of_cutting_a_word_and_dates_stay_on_one_line() -> None:
    current = load_demo("bedrijf-nieuwsbrief", shipped_content()).assessment
    first = next(iter(current.actions)) if current.actions else None
    assert first is not None
    current.set_action(first, "Contractmanager", dt.date(2027, 1, 31))
    text = subprocess.run(
        ["pdftotext", "-", "-"],
        input=build_report(current, shipped_content()),
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Contractmanager" in text and "31-01-2027" in text


def test_the_appendix_lists_only_laws_the_sectors_questions_cite() -> None:
    def appendix(demo_id: str) -> str:
        pdf = build_report(load_demo(demo_id, shipped_content()).assessment, shipped_content())
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        return text[text.rindex(t("report.laws_heading", "nl")) :]

    company, municipality = appendix("bedrijf-nieuwsbrief"), appendix("gemeente-verhuizen")
    assert "Wet BRP" in municipality and "Wet BRP" not in company
    assert "AVG" in company


def test_the_appendix_lists_articles_in_the_order_a_lawyer_reads_them() -> None:
    """Issue 20 (12): "art. 4 lid 7" before "art. 4 lid 10", "art. 5" before "art. 12"."""
    pdf = build_report(load_demo("gemeente-verhuizen", shipped_content()).assessment, shipped_content())
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    laws = " ".join(text[text.rindex(t("report.laws_heading", "nl")) :].split())
    for earlier, later in (("art. 4 lid 7", "art. 4 lid 10"), ("art. 5 lid 1", "art. 12 lid 1")):
        assert earlier in laws and later in laws
        assert laws.index(earlier) < laws.index(later), (earlier, later)


def test_a_table_row_is_never_split_over_two_pages_even_when_the_table_starts_low() -> None:
    """Tall rows of a table that began at the foot of a page: each row moves whole to the next page
    (the check once measured from where the table began on its first page)."""
    from pia_core.report.document import ReportPDF

    pdf = ReportPDF("voet", "pagina {page} van {pages}", "#1F4E79")
    pdf.add_page()
    pdf.add_page()  # the cover (page 1) has no footer; draw on page 2
    pdf.set_y(200)
    rows = [[f"R{n}", f"R{n}-begin " + "woord " * (2 if n < 2 else 180) + f"R{n}-eind"] for n in range(12)]
    pdf.grid(["Nr", "Tekst"], rows, [20, 40])
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(bytes(pdf.output()))).pages]
    for n in range(12):
        where = {i for i, text in enumerate(pages) if f"R{n}-begin" in text or f"R{n}-eind" in text}
        assert len(where) == 1, (n, where)
