"""The PDF's optional section "Opmerkingen van uw adviseur": built from plain records, read back."""

from __future__ import annotations

import datetime as dt
import io
import pickle

import pytest
from pypdf import PdfReader

from pia_core.content.bundle import shipped_content
from pia_core.formatting import moment_text
from pia_core.i18n import t
from pia_core.report import build_report
from pia_core.report.builder import default_sections
from pia_core.report.comments_section import comments_section
from pia_core.report.sections import appendix
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language
from pia_core.wording.comments import CommentRecord, ThreadRecord

WINTER = dt.datetime(2027, 1, 15, 13, 5, tzinfo=dt.UTC)  # 14:05 in Amsterdam (CET)
SUMMER = dt.datetime(2027, 7, 1, 8, 30, tzinfo=dt.UTC)  # 10:30 in Amsterdam (CEST)


def pdf_text(data: bytes) -> str:
    return " ".join(
        "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def threads() -> tuple[ThreadRecord, ...]:
    adviser = CommentRecord("Anna de Vries", True, WINTER, "Is de verwerkersovereenkomst getekend?")
    reply = CommentRecord("Piet Klant", False, WINTER + dt.timedelta(hours=1), "Ja, sinds maart.")
    resolved = CommentRecord("Anna de Vries", True, SUMMER, "Bewaartermijn nakijken")
    return (
        ThreadRecord("3. Verwerkers · Is er een overeenkomst?", adviser, (reply,)),
        ThreadRecord(
            "5. Bewaren · Hoe lang?",
            resolved,
            resolved=SUMMER + dt.timedelta(days=1),
            resolved_by="Piet Klant",
        ),
    )


def test_times_are_on_the_dutch_clock_in_the_one_date_format() -> None:
    assert moment_text(WINTER, "nl") == "15-01-2027 14:05"
    assert moment_text(SUMMER, "en") == "01-07-2027 10:30"


def test_the_section_sits_before_the_appendix_and_draws_nothing_without_comments() -> None:
    order = default_sections()
    assert order.index(comments_section) == order.index(appendix) - 1
    plain = pdf_text(build_report(Assessment(), shipped_content(), "nl"))
    assert t("comments.pdf.heading", "nl") not in plain


@pytest.mark.parametrize("language", ["nl", "en"])
def test_open_and_resolved_comments_read_back(language: Language) -> None:
    text = pdf_text(build_report(Assessment(), shipped_content(), language, comments=threads()))
    heading = t("comments.pdf.heading", language)
    assert heading in text
    section = text[text.index(heading) :]
    assert section.index(t("comments.pdf.open", language)) < section.index(
        t("comments.pdf.resolved", language)
    )
    for expected in (
        "3. Verwerkers · Is er een overeenkomst?",
        f"Anna de Vries ({t('comments.adviser', language)}) · 15-01-2027 14:05",
        "Is de verwerkersovereenkomst getekend?",
        "Piet Klant · 15-01-2027 15:05",
        "Ja, sinds maart.",
        "Bewaartermijn nakijken",
        t("comments.resolved_by", language, name="Piet Klant", when="02-07-2027 10:30"),
    ):
        assert expected in section, expected
    # Before the appendix, whose heading follows the comments.
    assert section.index("Bewaartermijn nakijken") < section.index(t("report.appendix_heading", language))


def test_hostile_and_foreign_text_prints_without_losing_characters() -> None:
    text = "Klopt dit? 👍 שלום\n\nTweede alinea <b>geen html</b> ![x](http://voorbeeld.nl/x.png)"
    record = ThreadRecord("1. Start", CommentRecord("Zoë 😀", False, WINTER, text))
    found = pdf_text(build_report(Assessment(), shipped_content(), "nl", comments=(record,)))
    for part in ("Klopt dit? 👍", "<b>geen html</b>", "![x](http://voorbeeld.nl/x.png)", "Zoë 😀"):
        assert part in found, part
    # Every Hebrew letter is printed. In which order a reader extracts them depends on its bidi
    # guess: the report draws right-to-left script as typed, without shaping (fpdf2 needs uharfbuzz).
    assert all(letter in found for letter in "שלום")
    assert "\ufffd" not in found  # every character had a glyph (emoji from the fallback font)


def test_a_script_the_fonts_lack_becomes_a_visible_mark_not_nothing() -> None:
    # The shipped fonts have no Arabic (pia_core/report/text.py): a run of it prints as one mark.
    record = ThreadRecord("1. Start", CommentRecord("Sami", False, WINTER, "Zie مرحبا hier"))
    found = pdf_text(build_report(Assessment(), shipped_content(), "nl", comments=(record,)))
    assert "Zie \ufffd hier" in found


def test_records_pickle_for_the_pdf_workers() -> None:
    assert pickle.loads(pickle.dumps(threads())) == threads()
