"""The organisation report: every activity named, the heat map with its numbers (as a table in level
colours for more activities than a chart can show), the shared actions, and the whole dossier
attached so the app reopens it. Also the verdicts the overview page keeps from run to run."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from benchmarks.bench_large_dossier import large_dossier
from pia_core.analysis.organisation import evaluate_organisation
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.importing import import_bytes
from pia_core.organisation_charts import heat_table
from pia_core.report import ATTACHMENT_NAME
from pia_core.report.organisation import HEAT_MAP_ROWS, build_organisation_report
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer, Language
from pia_core.wording.organisation import activity_name, shared_action, where_text
from tests.core.test_report import flat, pdf_text
from tests.core.test_report_layout import QUARTER, page_fill
from tests.dossiers import PROCESSOR_QUESTION, municipality

LANGS: list[Language] = ["nl", "en"]


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    found = municipality(6, without_agreement=(1, 2, 4))
    found.rename(found.ids[5], "Jeugdzorg “Zuid” € & <ouders>")  # quotes, €, markup: printed as typed
    return found


@pytest.fixture(scope="module")
def reports(dossier: Dossier) -> dict[Language, bytes]:
    return {lang: build_organisation_report(dossier, shipped_content(), lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_every_activity_is_named_with_its_verdict(
    lang: Language, dossier: Dossier, reports: dict[Language, bytes], tmp_path: Path
) -> None:
    words = flat(pdf_text(reports[lang], tmp_path))
    result = evaluate_organisation(dossier, shipped_content())
    for item in result.activities:
        assert flat(f"{item.number}. {activity_name(item, lang)}") in words
    assert t("overview.report.per_activity_heading", lang) in words
    assert t("overview.shared.heading", lang) in words
    start = words.index(t("register.pdf.heading", lang))
    register = words[start : words.index(t("overview.report.per_activity_heading", lang), start)]
    assert all(flat(activity_name(item, lang)) in register for item in result.activities)  # art. 30: each one
    gap = next(g for g in result.shared if not g.organisation_wide and g.count < result.count)
    assert flat(where_text(gap, result, lang)) in words
    assert flat(shared_action(gap, lang)) in words
    assert ("geen juridisch advies" if lang == "nl" else "not legal advice") in words.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_the_heat_map_is_an_image_with_its_numbers_as_a_table(
    lang: Language, dossier: Dossier, reports: dict[Language, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "org.pdf"
    path.write_bytes(reports[lang])
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    assert len([line for line in listing.stdout.splitlines()[2:] if line.strip()]) == 1
    lines = [" ".join(line.split()) for line in pdf_text(reports[lang], tmp_path).splitlines()]
    headers, rows = heat_table(
        evaluate_organisation(dossier, shipped_content()), shipped_content().catalogue, lang
    )
    assert " ".join(headers) in lines
    for row in rows:  # a long name wraps in its cell; its number, first word and scores share a line
        start, scores = " ".join(row[0].split()[:2]), " ".join(row[1:])
        assert any(line.startswith(start) and line.endswith(scores) for line in lines), row[0]


def images_in(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    return len([line for line in listing.stdout.splitlines()[2:] if line.strip()])


def test_more_activities_than_a_readable_heat_map_get_it_as_a_table_in_level_colours(tmp_path: Path) -> None:
    """Beyond HEAT_MAP_ROWS the chart had to shrink to fit a page until nobody could read it (and
    rendering it was most of a large report's build time): its table carries the colours instead.
    Every activity is still in the overview, the heat map, the register and its own part."""
    dossier = large_dossier(HEAT_MAP_ROWS + 1)
    pdf = build_organisation_report(dossier, shipped_content(), "nl")
    assert images_in(pdf, tmp_path) == 0
    text = pdf_text(pdf, tmp_path)
    words = flat(text)
    assert flat(t("pdf.heat_table", "nl", count=HEAT_MAP_ROWS + 1)) in words
    lines = [" ".join(line.split()) for line in text.splitlines()]
    headers, rows = heat_table(
        evaluate_organisation(dossier, shipped_content()), shipped_content().catalogue, "nl"
    )
    assert " ".join(headers) in lines
    assert all(any(line.endswith(" ".join(row)) for line in lines) for row in rows)
    outline = PdfReader(io.BytesIO(pdf)).outline
    parts = {
        getattr(outline[n - 1], "title", ""): [i.title for i in item if not isinstance(i, list)]
        for n, item in enumerate(outline)
        if isinstance(item, list)
    }
    names = [item.activity.name for item in dossier.activities]
    assert parts[t("register.pdf.heading", "nl")] == names, "the register: every one"
    own = parts[t("overview.report.per_activity_heading", "nl")]
    assert own[: len(names)] == [f"{n}. {name}" for n, name in enumerate(names, start=1)], "its own part"


def test_the_attachment_reopens_as_the_same_dossier(dossier: Dossier, reports: dict[Language, bytes]) -> None:
    reader = PdfReader(io.BytesIO(reports["en"]))
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    opened = import_bytes(reports["en"], shipped_content())  # as the start page opens an uploaded PDF
    assert opened.dossier == dossier


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_is_nearly_empty(lang: Language, reports: dict[Language, bytes], tmp_path: Path) -> None:
    fills = page_fill(reports[lang], tmp_path)
    near_empty = [n for n, fill in enumerate(fills[:-1], start=1) if fill < QUARTER]
    assert not near_empty, [round(f, 2) for f in fills]


def test_every_section_and_activity_has_a_bookmark(dossier: Dossier, reports: dict[Language, bytes]) -> None:
    outline = PdfReader(io.BytesIO(reports["nl"])).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    for key in ("report.summary_heading", "shared.heading", "report.per_activity_heading"):
        assert t(f"overview.{key}", "nl") in top, key
    nested = [getattr(i, "title", "") for item in outline if isinstance(item, list) for i in item]
    for number, activity_id in enumerate(dossier.ids, start=1):
        assert f"{number}. {dossier.activity(activity_id).activity.name}" in nested


def cover_words(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, float, str]]:
    """(top, left, right, word) of every word on the cover, from poppler's bounding boxes."""
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf)
    boxes = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [
        (float(top), float(left), float(right), word) for left, top, right, word in re.findall(pattern, boxes)
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_cover_labels_never_run_into_their_values(
    lang: Language, reports: dict[Language, bytes], tmp_path: Path
) -> None:
    words = cover_words(reports[lang], tmp_path)
    label = t("overview.report.activities", lang)  # the longest label ("Processing activities")
    last = label.split()[-1]
    top, _, right, _ = next(w for w in words if w[3] == last)
    value = next(w for w in words if abs(w[0] - top) < 1 and w[3] == "6")  # the number of activities
    assert value[1] - right >= 2, "the label runs into its value"  # at least 2 pt of room between them


def test_verdicts_kept_between_runs_follow_every_change() -> None:
    """The overview page keeps each activity's verdict by its content from one run to the next
    (judging 200 activities on every click took a third of a second): a changed activity is
    judged again, the others are taken as they were, and nothing stale is shown."""
    dossier = municipality(3, without_agreement=())
    before = evaluate_organisation(dossier, shipped_content(), remember=True)
    changed, same = dossier.ids[1], dossier.ids[0]
    view = dossier.assessment(changed)
    view.set_answer(PROCESSOR_QUESTION, Answer.NO)
    dossier.absorb(view, changed)
    after = evaluate_organisation(dossier, shipped_content(), remember=True)
    assert after.activity(changed).critical_count == before.activity(changed).critical_count + 1
    assert (
        after.activity(changed).evaluation
        == evaluate_organisation(dossier, shipped_content()).activity(changed).evaluation
    )
    assert after.activity(same).evaluation is before.activity(same).evaluation
