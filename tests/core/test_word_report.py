"""The Word report (.docx), read back with python-docx: real headings in the PDF's order, every
finding with its law and an empty adviser's field under it, the action plan as an editable table,
the charts as pictures, the brand, and hostile text kept as typed, in both languages."""

from __future__ import annotations

import datetime as dt
import functools
import io
import pickle
from collections.abc import Iterator
from dataclasses import replace
from typing import TypeGuard

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph
from PIL import Image

from pia_core import media_types
from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.findings import FindingKind
from pia_core.analysis.organisation import evaluate_organisation
from pia_core.content.branding import Branding, BrandingFile, Colours
from pia_core.content.bundle import Content, shipped_content
from pia_core.i18n import t
from pia_core.pdf_pool import activity_word
from pia_core.report.word import build_organisation_word_report, build_word_report
from pia_core.report.word_document import xml_text
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Activity, Answer, Assessment, Language, Organisation, Sector
from pia_core.scan.serialization import read_dossier
from pia_core.wording.organisation import activity_name

LANGS: list[Language] = ["nl", "en"]
HOSTILE = '<script>alert(1)</script> & "quotes" ＝1+1 👩‍⚕️ שלום'
DEMOS = shipped_content().demo_dir


def demo(name: str) -> Dossier:
    return read_dossier(DEMOS / f"{name}.json", successors=shipped_content().catalogue.successors)


def full_assessment() -> Assessment:
    """Every answer kind, so every kind of finding and a critical point or more."""
    a = Assessment(
        organisation=Organisation(name=HOSTILE, sector=Sector.HEALTHCARE),
        activity=Activity(name="Patiëntbrieven", description="Brieven\x07 aan patiënten."),
        assessor="Zoë Ünal\x00",
    )
    cycle = [Answer.YES, Answer.NO, Answer.PARTLY, Answer.UNKNOWN, Answer.NA]
    for i, question in enumerate(shipped_content().catalogue.questions.values()):
        a.set_answer(question.id, cycle[i % len(cycle)])
    a.set_note(3, "Navragen bij ICT of de back-ups versleuteld zijn.")
    return a


def read(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def headings(doc: DocxDocument) -> list[tuple[int, str]]:
    """(level, text) of every paragraph in a Heading style, in document order."""
    found = []
    for paragraph in doc.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name.startswith("Heading "):
            found.append((int(name.removeprefix("Heading ")), paragraph.text))
    return found


def tables(doc: DocxDocument) -> Iterator[Table]:
    """Every table, nested ones too."""

    def inner(table: Table) -> Iterator[Table]:
        yield table
        for row in table.rows:
            for cell in row.cells:
                for nested in cell.tables:
                    yield from inner(nested)

    for table in doc.tables:
        yield from inner(table)


def all_text(doc: DocxDocument) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in tables(doc) for row in table.rows for cell in row.cells]
    parts += [p.text for section in doc.sections for p in section.footer.paragraphs]
    return "\n".join(parts)


def advice_label(lang: Language) -> str:
    return t("word.advice", lang)


def is_advice(block: Paragraph | Table, lang: Language) -> TypeGuard[Table]:
    """An adviser's field: a one-cell table whose first line is its label."""
    if not isinstance(block, Table) or len(block.rows) != 1 or len(block.columns) != 1:
        return False
    return bool(block.cell(0, 0).paragraphs[0].text.startswith(advice_label(lang)))


def plan_table(doc: DocxDocument, lang: Language) -> Table:
    headers = [
        t("report.column.priority", lang),
        t("word.column.finding", lang),
        t("report.column.action", lang),
        t("word.column.where", lang),
        t("report.column.owner", lang),
        t("report.column.due", lang),
        t("word.column.status", lang),
    ]
    (table,) = [table for table in doc.tables if [c.text for c in table.rows[0].cells] == headers]
    return table


@pytest.mark.parametrize("lang", LANGS)
def test_headings_follow_the_pdf_in_word_heading_styles(lang: Language) -> None:
    dossier = demo("gemeente-verhuizen")  # with flows: every section is there
    a = dossier.assessment(None)
    doc = read(build_word_report(a, shipped_content(), lang))
    found = headings(doc)
    top = [text for level, text in found if level == 1]
    assert top == [
        t("report.summary_heading", lang),
        t("report.charts_heading", lang),
        t("report.steps_heading", lang),
        t("flows.nav_title", lang),
        t("report.plan_heading", lang),
        t("report.appendix_heading", lang),
    ]
    second = [text for level, text in found if level == 2]
    critical = len(evaluate(a, shipped_content()).critical)
    steps = [
        t("report.step_title", lang, number=s.number, title=s.title(lang))
        for s in shipped_content().catalogue.steps
    ]
    assert second[:3] == [
        t("report.critical_heading", lang, count=critical),
        t("report.top_actions", lang),
        t("screening.heading", lang),
    ]
    assert second[3 : 3 + len(steps)] == steps
    assert t("sign_off.heading", lang) in second and t("flows.savings.heading", lang) in second
    assert found[0][0] == 1 and all(level in (1, 2) for level, _ in found)
    assert doc.core_properties.language == {"nl": "nl-NL", "en": "en-GB"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_every_finding_has_its_law_and_an_adviser_field_under_it(lang: Language) -> None:
    a = full_assessment()
    judged = evaluate(a, shipped_content())
    assert judged.critical
    doc = read(build_word_report(a, shipped_content(), lang))
    text = all_text(doc)
    for finding in judged.critical:
        assert finding.title[lang] in text, finding.id
    blocks = list(doc.iter_inner_content())
    fields = [(i, block) for i, block in enumerate(blocks) if is_advice(block, lang)]
    assert len(fields) == len(judged.findings)
    legal = t("step.references", lang, refs="")
    for index, field in fields:
        before = blocks[index - 1]
        assert isinstance(before, Paragraph) and before.text.startswith(legal), before
        assert field.cell(0, 0).paragraphs[-1].text == ""  # empty: the adviser writes here
    # The question findings' actions stand right above their fields.
    by_action = {line.text for i, _ in fields if isinstance(line := blocks[i - 2], Paragraph)}
    for finding in judged.findings:
        if finding.kind is FindingKind.QUESTION:
            assert any(finding.action[lang] in line for line in by_action), finding.id


@pytest.mark.parametrize("name", ["gemeente-verhuizen", "zorg-patientbrieven", "bedrijf-nieuwsbrief"])
def test_flow_and_dpia_findings_get_a_field_too(name: str) -> None:
    a = demo(name).assessment(None)
    judged = evaluate(a, shipped_content())
    doc = read(build_word_report(a, shipped_content(), "nl"))
    fields = [block for block in doc.iter_inner_content() if is_advice(block, "nl")]
    assert len(fields) == len(judged.findings)
    assert t("word.other_findings", "nl") not in [text for _, text in headings(doc)]  # all in place


@pytest.mark.parametrize("lang", LANGS)
def test_the_action_plan_is_an_editable_table_with_one_row_per_finding(lang: Language) -> None:
    a = full_assessment()
    found = evaluate(a, shipped_content()).findings
    a.set_action(found[0].id, "Functionaris gegevensbescherming", dt.date(2026, 6, 30))
    table = plan_table(read(build_word_report(a, shipped_content(), lang)), lang)
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(rows) == len(found)
    assert [row[0] for row in rows] == [str(f.priority) for f in found]
    assert [row[1] for row in rows] == [xml_text(f.title[lang]) for f in found]
    assert [row[2] for row in rows] == [f.action[lang] for f in found]
    assert rows[0][4:] == ["Functionaris gegevensbescherming", "30-06-2026", t("word.status_open", lang)]
    assert rows[1][4:6] == ["", ""]  # left empty to fill in, not "—"


def test_hostile_text_is_kept_as_typed_and_the_brand_is_used() -> None:
    logo = io.BytesIO()
    Image.new("RGB", (300, 100), "#7A1F5C").save(logo, "PNG")
    brand = Branding(
        settings=BrandingFile(name=HOSTILE, colours=Colours(primary="#7A1F5C")), logo_bytes=logo.getvalue()
    )
    content: Content = replace(shipped_content(), branding=brand)
    a = full_assessment()
    a.set_note(2, "Regel 1\nRegel 2 met\ttab")
    doc = read(build_word_report(a, content, "nl"))
    text = all_text(doc)
    assert HOSTILE in text  # the organisation, on the cover and in the footer
    assert f"{t('report.organisation', 'nl')}\t{HOSTILE}" in [p.text for p in doc.paragraphs]
    assert doc.core_properties.author == HOSTILE
    assert "Zoë Ünal" in text and "Brieven aan patiënten." in text  # control characters dropped
    assert "Regel 1\nRegel 2 met\ttab" in text
    heading = doc.styles["Heading 1"]
    assert heading.font.color.rgb is not None and str(heading.font.color.rgb) == "7A1F5C"
    shapes = list(doc.inline_shapes)
    assert len(shapes) == 3  # the logo, on the cover, and the two charts
    assert shapes[0]._inline.docPr.get("descr") == HOSTILE


@pytest.mark.parametrize("lang", LANGS)
def test_charts_are_pictures_with_alt_text(lang: Language) -> None:
    doc = read(build_word_report(demo("gemeente-verhuizen").assessment(None), shipped_content(), lang))
    shapes = list(doc.inline_shapes)
    assert len(shapes) == 4  # step scores, risk matrix, the flows' costs and cumulative savings
    described = [shape._inline.docPr.get("descr") for shape in shapes]
    assert described[0] == " ".join(t("report.chart_steps_description", lang).split())
    assert all(described)


def test_the_download_job_pickles_for_the_report_workers() -> None:
    """The summary page's button runs `activity_word` in a worker process (pia_core/pdf_pool.py):
    the job and its snapshot must pickle, and it builds the report from the shipped content."""
    job = pickle.loads(pickle.dumps(functools.partial(activity_word, full_assessment(), "en")))
    doc = read(job())
    assert headings(doc)[0] == (1, t("report.summary_heading", "en"))


def test_an_empty_scan_gives_a_report() -> None:
    doc = read(build_word_report(Assessment(), shipped_content(), "en"))
    assert t("report.no_actions", "en") in all_text(doc)
    assert not [block for block in doc.iter_inner_content() if is_advice(block, "en")]
    assert len(doc.inline_shapes) == 2


def test_the_organisation_report_has_every_activity_with_a_field_per_finding() -> None:
    dossier = demo("gemeente-organisatie")
    result = evaluate_organisation(dossier, shipped_content())
    data = build_organisation_word_report(dossier, shipped_content(), "nl")
    doc = read(data)
    top = [text for level, text in headings(doc) if level == 1]
    names = [f"{item.number}. {activity_name(item, 'nl')}" for item in result.activities]
    assert top[0] == t("overview.report.summary_heading", "nl")
    assert top[-1] == t("report.disclaimer_heading", "nl")
    assert [name for name in top if name in names] == names
    fields = [block for block in doc.iter_inner_content() if is_advice(block, "nl")]
    assert len(fields) == sum(len(item.evaluation.findings) for item in result.activities)
    assert dossier.organisation.name in all_text(doc)
    assert media_types.DOCX.endswith("wordprocessingml.document")  # what the download says it is
