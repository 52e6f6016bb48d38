"""The Word page (python-docx): A4, the brand's colour on real Heading styles, a footer with the page
number, and the few kinds of block the Word report is made of (paragraphs, lists, tables, images,
the adviser's empty field).

Everything a person types is kept as typed: python-docx escapes markup itself, so only what XML
cannot hold at all (control characters, lone surrogates) is dropped (`xml_text`). No font is
embedded: Word shows every script and emoji with the fonts of the computer it runs on.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Length, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from pia_core.content.branding import Branding
from pia_core.i18n import t
from pia_core.report.brand import INK, MUTED, brand_name, footer_text
from pia_core.report.document import PANEL
from pia_core.vocabulary import Language

FONT = "Calibri"  # on every computer with Word; LibreOffice shows it as its metric twin Carlito
BODY_PT = 10.0
TABLE_PT = 8.5
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21.0), Cm(29.7), Cm(2.0)
TEXT_WIDTH_CM = 17.0  # between the margins
WIDE_TEXT_WIDTH_CM = 25.7  # between the margins of a landscape page
HEADING_PT = {1: 16.0, 2: 13.0, 3: 11.5}
LANGUAGE_TAGS: dict[Language, str] = {"nl": "nl-NL", "en": "en-GB"}  # Word's spelling check
GRID = "C8CDD5"  # table lines, as the PDF's
ADVICE_FILL = "FFFBEA"  # the adviser's field: a pale band that reads as "write here"
ADVICE_HEIGHT = Cm(2.2)
ADVICE_INDENT = 0.6  # cm: under the finding's text
ADVICE_WIDTH = TEXT_WIDTH_CM - ADVICE_INDENT
# What XML 1.0 cannot hold: control characters but tab and line breaks, lone surrogates, U+FFFE/F.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FIELD = re.compile(r"\{(page|pages)\}")


def xml_text(text: str) -> str:
    """`text` as Word can hold it: every character XML allows is kept as it is ("<script>", "&",
    Hebrew, an emoji with its joiners); control characters are dropped; line ends become "\\n"
    (python-docx writes a line break for it, and a tab for "\\t")."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_IN_XML.sub("", text)


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _set_font(style: ParagraphStyle, size: float, colour: str, bold: bool | None = None) -> None:
    """The style's own font, size and colour; the template's theme fonts and colours removed (they
    win over a plain font name in Word)."""
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = rgb(colour)
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:cs"), FONT)
    fonts.set(qn("w:eastAsia"), FONT)


# What may follow an element inside its parent, in the order of the OOXML schema: Word refuses a file
# ("unreadable content") whose properties are out of order, so every element added here is put in
# before its successors.
_AFTER_PARAGRAPH_SHADING = (
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_PARAGRAPH_BORDERS = ("w:shd", *_AFTER_PARAGRAPH_SHADING)
_AFTER_CELL_SHADING = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers",
    "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip
_AFTER_CELL_BORDERS = ("w:shd", *_AFTER_CELL_SHADING)
_AFTER_TABLE_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", *_AFTER_TABLE_HEADER)
_AFTER_TABLE_INDENT = (
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def _shading(fill: str) -> BaseOxmlElement:
    """A background colour (`w:shd`), for a paragraph's or a cell's properties."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#").upper())
    return shading


def _line(side: str, colour: str, size: int) -> BaseOxmlElement:
    """One border line (`size` in eighths of a point)."""
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1" if side == "bottom" else "0")
    line.set(qn("w:color"), colour.lstrip("#").upper())
    return line


def _shade_cell(cell: _Cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().insert_element_before(_shading(fill), *_AFTER_CELL_SHADING)


def _borders(
    cell: _Cell, colour: str, size: int, sides: Sequence[str] = ("top", "left", "bottom", "right")
) -> None:
    """Lines on the given sides of a cell."""
    borders = OxmlElement("w:tcBorders")
    for side in sides:
        borders.append(_line(side, colour, size))
    cell._tc.get_or_add_tcPr().insert_element_before(borders, *_AFTER_CELL_BORDERS)


def _row_flag(row: _Row, tag: str, successors: tuple[str, ...]) -> None:
    """An on/off property of a table row (`w:cantSplit`, `w:tblHeader`)."""
    row._tr.get_or_add_trPr().insert_element_before(OxmlElement(tag), *successors)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word fills in when it lays out the page (PAGE, NUMPAGES)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class WordDocument:
    """A report in Word: python-docx's default template restyled in the brand's colour."""

    def __init__(self, accent: str, lang: Language, title: str, creator: str) -> None:
        self.doc: DocxDocument = Document()
        self.accent = accent  # headings, table heads, rules: the brand's primary colour
        self.lang = lang
        self._footer = ("", "")  # the page label and the text on the right; set by `footer`
        self._styles_by_name: dict[str, ParagraphStyle] = {}
        self._styles()
        section = self.doc.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin, section.bottom_margin = MARGIN, Cm(1.8)
        section.different_first_page_header_footer = True  # the cover carries its own brand line
        properties = self.doc.core_properties
        properties.title = xml_text(title)
        properties.author = xml_text(creator)
        properties.language = LANGUAGE_TAGS[lang]
        properties.comments = ""

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        assert isinstance(normal, ParagraphStyle)
        _set_font(normal, BODY_PT, INK)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.1
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), LANGUAGE_TAGS[self.lang])
        normal.element.get_or_add_rPr().append(language)
        for level, size in HEADING_PT.items():
            heading = styles[f"Heading {level}"]
            assert isinstance(heading, ParagraphStyle)
            _set_font(heading, size, self.accent, bold=True)
            heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
            heading.paragraph_format.space_after = Pt(4)
        title = styles["Title"]
        assert isinstance(title, ParagraphStyle)
        _set_font(title, 28, self.accent, bold=True)
        borders = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
        if borders is not None:  # the template's blue line under the title
            title.element.pPr.remove(borders)
        for name, size in (("Subtitle", 13.0), ("Caption", 8.0), ("Footer", 8.0)):
            style = styles[name]
            assert isinstance(style, ParagraphStyle)
            _set_font(style, size, MUTED, bold=False)
            style.font.italic = name == "Caption"
        for name in ("List Bullet", "List Bullet 2"):
            style = styles[name]
            assert isinstance(style, ParagraphStyle)
            style.paragraph_format.space_after = Pt(2)

    def _style(self, name: str) -> ParagraphStyle:
        """A paragraph style by name, looked up once (python-docx searches the styles each time)."""
        style = self._styles_by_name.get(name)
        if style is None:
            found = self.doc.styles[name]
            assert isinstance(found, ParagraphStyle)
            style = self._styles_by_name[name] = found
        return style

    # -- every page but the cover ---------------------------------------------------------------
    def footer(self, page_label: str, text: str) -> None:
        """ "pagina 3 van 12" on the left (Word counts the pages), `text` on the right."""
        self._footer = (page_label, text)
        style = self.doc.styles["Footer"]
        assert isinstance(style, ParagraphStyle)
        style.paragraph_format.tab_stops.clear_all()  # the template's centre and right stops
        self._fill_footer(self.doc.sections[0], TEXT_WIDTH_CM)

    def _fill_footer(self, section: Section, width_cm: float) -> None:
        page_label, text = self._footer
        paragraph = section.footer.paragraphs[0]
        paragraph.style = self.doc.styles["Footer"]
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(width_cm), WD_TAB_ALIGNMENT.RIGHT)
        position = 0
        for match in _FIELD.finditer(page_label):
            paragraph.add_run(xml_text(page_label[position : match.start()]))
            _field(paragraph, "PAGE" if match.group(1) == "page" else "NUMPAGES")
            position = match.end()
        paragraph.add_run(xml_text(page_label[position:]) + "\t" + xml_text(" ".join(text.split())))

    def turn(self, landscape: bool) -> None:
        """Go on in a new section on a new page, in landscape (a wide table: the action plan) or
        back in portrait; its footer is the same, its right end at the new page's margin."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False  # only the cover has no footer
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (
            (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
        )
        section.footer.is_linked_to_previous = False
        self._fill_footer(section, WIDE_TEXT_WIDTH_CM if landscape else TEXT_WIDTH_CM)

    # -- text -----------------------------------------------------------------------------------
    def heading(self, text: str, level: int, new_page: bool = False) -> Paragraph:
        """A real heading (Heading 1-3): Word's navigation pane and table of contents list it."""
        paragraph: Paragraph = self.doc.add_heading(xml_text(" ".join(text.split())), level)
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        colour: str | None = None,
        indent: float = 0.0,
        style: str | None = None,
        after: float | None = None,
        keep_with_next: bool = False,
    ) -> Paragraph:
        """A paragraph of one run; `indent` in cm, `after` the space below in points."""
        paragraph = self.doc.add_paragraph(style=self._style(style) if style else None)
        if text:
            self.run(paragraph, text, bold=bold, italic=italic, size=size, colour=colour)
        fmt = paragraph.paragraph_format
        if indent:
            fmt.left_indent = Cm(indent)
        if after is not None:
            fmt.space_after = Pt(after)
        if keep_with_next:
            fmt.keep_with_next = True
        return paragraph

    def run(
        self,
        paragraph: Paragraph,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        colour: str | None = None,
    ) -> None:
        added = paragraph.add_run(xml_text(text))
        if bold:
            added.bold = True
        if italic:
            added.italic = True
        if size is not None:
            added.font.size = Pt(size)
        if colour is not None:
            added.font.color.rgb = rgb(colour)

    def bullet(self, text: str, level: int = 1, size: float | None = None) -> Paragraph:
        """An item of a real bulleted list (List Bullet, List Bullet 2)."""
        style = "List Bullet" if level == 1 else "List Bullet 2"
        return self.para(text, style=style, size=size)

    def numbered(self, number: str, text: str) -> Paragraph:
        """ "1.  <text>", the text wrapping under itself (a numbered line that is not a Word list:
        its number is the action plan's priority, not a count of this document)."""
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.tab_stops.add_tab_stop(Cm(0.7))
        fmt.left_indent, fmt.first_line_indent = Cm(0.7), Cm(-0.7)
        fmt.space_after = Pt(1)
        self.run(paragraph, number, bold=True, colour=self.accent)
        self.run(paragraph, "\t" + text)
        return paragraph

    def label_value(self, label: str, value: str, tab: float = 4.5) -> Paragraph:
        """ "Organisatie    Gemeente Lindewaard": the label in bold grey, the value from `tab` cm."""
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.tab_stops.add_tab_stop(Cm(tab))
        fmt.left_indent, fmt.first_line_indent = Cm(tab), Cm(-tab)  # a long value wraps under itself
        fmt.space_after = Pt(3)
        self.run(paragraph, " ".join(label.split()), bold=True, colour=MUTED)
        self.run(paragraph, "\t" + " ".join(value.split()))
        return paragraph

    def band(self, text: str, fill: str) -> Paragraph:
        """A line of white bold text on a coloured band across the page (the cover's brand line)."""
        paragraph = self.para(text, bold=True, size=11, colour="#FFFFFF", after=0)
        paragraph._p.get_or_add_pPr().insert_element_before(_shading(fill), *_AFTER_PARAGRAPH_SHADING)
        return paragraph

    def rule(self, colour: str | None = None) -> None:
        """A line across the page: the bottom border of an empty paragraph."""
        paragraph = self.para(after=6)
        borders = OxmlElement("w:pBdr")
        borders.append(_line("bottom", colour or self.accent, 8))
        paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PARAGRAPH_BORDERS)

    # -- images ---------------------------------------------------------------------------------
    def image(
        self,
        png: bytes,
        width_cm: float,
        alt_text: str,
        height_cm: float | None = None,
        align: str = "left",
        into: _Cell | None = None,
    ) -> None:
        """A picture in a paragraph of its own (or in cell `into`), `width_cm` wide (at most
        `height_cm` high, if given, proportions kept), with its alt text for screen readers."""
        width: Length | None = Cm(width_cm)
        height: Length | None = None
        if height_cm is not None:
            size = Image.from_blob(png)
            if size.px_width and size.px_height and width_cm * size.px_height / size.px_width > height_cm:
                width, height = None, Cm(height_cm)
        paragraph = self.doc.add_paragraph() if into is None else into.paragraphs[0]
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=width, height=height)
        described = xml_text(" ".join(alt_text.split()))
        shape._inline.docPr.set("descr", described)
        shape._inline.docPr.set("title", described[:120])
        paragraph.paragraph_format.keep_with_next = True  # the caption comes along
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def side_by_side(self, widths: tuple[float, float]) -> tuple[_Cell, _Cell]:
        """Two cells next to each other without lines (a chart and its numbers), `widths` in cm."""
        table: Table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        cells = table.rows[0].cells
        for column, cell, width in zip(table.columns, cells, widths, strict=True):
            column.width = cell.width = Cm(width)
        return cells[0], cells[1]

    def score_box(self, score: tuple[str, str], level: tuple[str, str], meaning: str, colour: str) -> None:
        """The verdict in a panel: the score on the left, the level and its meaning on the right, a
        stripe in the level's colour along its left edge."""
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        for column, width in zip(table.columns, (5.5, 11.5), strict=True):
            column.width = Cm(width)
        left, right = table.rows[0].cells
        for cell, width in ((left, 5.5), (right, 11.5)):
            cell.width = Cm(width)
            _shade_cell(cell, PANEL)
        _borders(left, colour, 36, sides=("left",))  # 4.5 pt
        for cell, (label, value), value_size in ((left, score, 24.0), (right, level, 15.0)):
            first = cell.paragraphs[0]
            first.paragraph_format.space_after = Pt(0)
            self.run(first, label, bold=True, size=9, colour=MUTED)
            self.run(cell.add_paragraph(), value, bold=True, size=value_size)
        self.run(right.add_paragraph(), meaning, size=8.5)
        self.para(after=4)

    # -- tables ---------------------------------------------------------------------------------
    def table(
        self,
        headers: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        aligns: str | None = None,
        fills: Sequence[Sequence[str | None]] | None = None,
        size: float = TABLE_PT,
        into: _Cell | None = None,
    ) -> Table:
        """A table of text: the heading row in the brand's colour, repeated on every page, banded
        rows, `widths` in cm, `aligns` one letter per column (L, R, C), `fills` a colour per cell
        (None: the band), `into` a cell to put it in. Every cell is an ordinary Word cell: the
        reader can edit it."""
        count = len(widths)
        if into is None:
            table: Table = self.doc.add_table(rows=0, cols=count)
        else:
            into._tc.remove(into.paragraphs[0]._p)  # the table comes first; a paragraph follows it
            table = into.add_table(rows=0, cols=count)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        align = {"L": WD_ALIGN_PARAGRAPH.LEFT, "R": WD_ALIGN_PARAGRAPH.RIGHT, "C": WD_ALIGN_PARAGRAPH.CENTER}
        letters = aligns or "L" * count

        def add(cells: Sequence[str], head: bool, band: str | None, own: Sequence[str | None]) -> None:
            row = table.add_row()  # type: ignore[no-untyped-call]
            _row_flag(row, "w:cantSplit", _AFTER_CANT_SPLIT)  # a row stays on one page
            if head:
                _row_flag(row, "w:tblHeader", _AFTER_TABLE_HEADER)  # repeated at the top of every page
            for index, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
                cell.width = Cm(widths[index])
                paragraph = cell.paragraphs[0]
                paragraph.alignment = align[letters[index]]
                paragraph.paragraph_format.space_after = Pt(1)
                self.run(paragraph, text, bold=head, size=size, colour="#FFFFFF" if head else None)
                fill = (own[index] if own else None) or band
                if fill:
                    _shade_cell(cell, fill)
                _borders(cell, GRID, 4)

        if headers is not None:
            add(headers, True, self.accent, ())
        for index, cells in enumerate(rows):
            add(cells, False, PANEL if index % 2 == 0 else None, fills[index] if fills else ())
        if into is None:
            self.para(after=2)  # Word joins a table to the next one without a paragraph between
        return table

    def advice_field(self, label: str, hint: str) -> Table:
        """An empty, labelled box the consultant types their advice into: a one-cell table whose
        first line is `label` and whose second line is empty (the place to type, `hint` beside the
        label says so)."""
        table: Table = self.doc.add_table(rows=1, cols=1)
        table.autofit = False
        table.columns[0].width = Cm(ADVICE_WIDTH)
        indent = OxmlElement("w:tblInd")  # in line with the finding above it
        indent.set(qn("w:w"), str(int(Cm(ADVICE_INDENT).twips)))
        indent.set(qn("w:type"), "dxa")
        table._tbl.tblPr.insert_element_before(indent, *_AFTER_TABLE_INDENT)
        row = table.rows[0]
        row.height = ADVICE_HEIGHT  # at least this high; grows with the text typed in
        _row_flag(row, "w:cantSplit", _AFTER_CANT_SPLIT)  # the label and the space stay together
        cell = row.cells[0]
        cell.width = Cm(ADVICE_WIDTH)
        _shade_cell(cell, ADVICE_FILL)
        _borders(cell, self.accent, 6)
        first = cell.paragraphs[0]
        first.paragraph_format.space_after = Pt(2)
        self.run(first, label, bold=True, size=9, colour=self.accent)
        self.run(first, f"  {hint}", italic=True, size=8, colour=MUTED)
        cell.add_paragraph()  # where the advice goes
        self.para(after=4)
        return table

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def new_word_document(brand: Branding, lang: Language, title: str) -> WordDocument:
    """An empty Word report in the brand's look: its colour on the headings, the footer, the
    document's title, author and language."""
    word = WordDocument(brand.settings.colours.primary, lang, title, brand_name(brand, lang))
    word.footer(t("report.page", lang), footer_text(brand, lang))
    return word
