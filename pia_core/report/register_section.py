"""The register of processing activities (AVG art. 30(1)) as a section of a PDF report.

`render_register(pdf, rows, lang)` draws on any ReportPDF: per activity a table of parts (a)-(g)
with the article, the text and where it came from. Part (a) is drawn with every activity: the
organisation and its FG are the same for all, the joint controller (art. 26) is the activity's own. A part
still to be completed says so in words ("Aan te vullen: ..."), so it reads the same in print.
"""

from __future__ import annotations

from collections.abc import Sequence

from pia_core.i18n import t
from pia_core.report.brand import MUTED
from pia_core.report.document import FAMILY, ReportPDF
from pia_core.vocabulary import Language
from pia_core.wording.register import Origin, RegisterField, RegisterRow

WIDTHS = (44.0, 98.0, 28.0)  # part, content, origin: the 170 mm between A4 margins
TABLE_SIZE = 8.0  # pt, as the report's other tables
PAD = 1.0  # mm, the grid's cell padding
# A table row is never split over pages: a long text (a pasted note) is cut into rows of at most
# this many lines, so every row fits on one page.
ROW_LINES = 30
HEADING_SPACE = 16.0  # mm a 12 pt heading takes, with its space before and after
# A table that does not fit on the rest of the page starts on a new one, unless it already starts
# within this many mm of the top. ReportPDF.grid checks whether a row fits only below where the
# table began, measured on its first page: started low, a later page's rows could run off the page.
TOP_PART = 60.0


def field_label(item: RegisterField, lang: Language) -> str:
    name = t(f"register.field.{item.key}.name", lang)
    return t("register.column.field", lang, letter=item.letter, name=name, reference=item.reference)


def field_content(item: RegisterField, lang: Language) -> str:
    if item.complete:
        return item.text
    still = t("register.to_complete_what", lang, what="; ".join(item.missing))
    return f"{item.text}\n{still}" if item.text else still


def field_origin(item: RegisterField, lang: Language) -> str:
    origin = t(f"register.origin.{item.origin.value}", lang)
    if item.origin is not Origin.MISSING and not item.complete:
        return f"{origin}. {t('register.to_complete', lang)}"
    return origin


def field_cells(item: RegisterField, lang: Language) -> list[str]:
    """A part's row: its label, its text, where it came from."""
    return [field_label(item, lang), field_content(item, lang), field_origin(item, lang)]


def _pieces(pdf: ReportPDF, text: str) -> list[str]:
    """The text as one or more cell texts of at most ROW_LINES wrapped lines each."""
    pdf.set_font(FAMILY, "", TABLE_SIZE)
    lines = pdf.wrap(pdf.clean(text), WIDTHS[1] - 2 * PAD)
    return ["\n".join(lines[i : i + ROW_LINES]) for i in range(0, len(lines), ROW_LINES)] or [""]


def _table_rows(pdf: ReportPDF, items: Sequence[RegisterField], lang: Language) -> list[list[str]]:
    rows: list[list[str]] = []
    for item in items:
        for n, piece in enumerate(_pieces(pdf, field_content(item, lang))):
            label, _, origin = field_cells(item, lang) if n == 0 else ("", "", "")
            rows.append([label, piece, origin])
    return rows


def register_headers(lang: Language) -> list[str]:
    return [t(f"register.column.{key}", lang) for key in ("part", "content", "origin")]


def _height(pdf: ReportPDF, cells: Sequence[str], style: str = "") -> float:
    """The height the grid gives a row of these cells (mm)."""
    pdf.set_font(FAMILY, style, TABLE_SIZE)
    lines = max(len(pdf.wrap(pdf.clean(c), w - 2 * PAD)) for c, w in zip(cells, WIDTHS, strict=True))
    return lines * TABLE_SIZE * 0.42 + 2 * PAD


def _table(pdf: ReportPDF, heading: str, rows: list[list[str]], lang: Language) -> None:
    """A heading and its table, kept on one page where it fits; a longer table starts near the top
    of a page (see TOP_PART), and its heading never ends a page."""
    headers = register_headers(lang)
    heights = [_height(pdf, row) for row in rows]
    head = HEADING_SPACE + _height(pdf, headers, "B")
    room = pdf.page_break_trigger - pdf.get_y()
    near_top = pdf.get_y() - pdf.t_margin <= TOP_PART
    if head + sum(heights) > room and (head + heights[0] > room or not near_top):
        pdf.add_page()
    pdf.heading(heading, size=12, space_before=4)
    pdf.grid(headers, rows, WIDTHS, size=TABLE_SIZE)


def render_register(pdf: ReportPDF, rows: Sequence[RegisterRow], lang: Language) -> None:
    """Draw the register: a section of its own (bookmarked), starting on a new page unless the
    current page holds only a short tail of the previous section."""
    pdf.new_section()
    pdf.heading(t("register.pdf.heading", lang))
    pdf.para(t("register.pdf.intro", lang), size=8.5, colour=MUTED)
    if not rows:
        return
    for row in rows:
        _table(pdf, row.activity, _table_rows(pdf, row.fields, lang), lang)
    pdf.body()
