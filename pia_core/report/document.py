"""The PDF page: A4, the shipped DejaVu font, a footer on every page, and small drawing helpers."""

from __future__ import annotations

import copy
import hashlib
import io
import logging
import math
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from fontTools import subset as ftsubset  # type: ignore[import-untyped]
from fontTools import ttLib
from fpdf import FPDF
from fpdf.drawing_primitives import DeviceCMYK, DeviceGray, DeviceRGB, convert_to_device_color
from fpdf.enums import PDFResourceType, XPos, YPos
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.image_datastructures import RasterImageInfo
from fpdf.output import (
    CIDSystemInfo,
    OutputProducer,
    PDFFont,
    PDFType3Font,
    _build_cmap_blocks,
    _tt_font_widths,
)
from fpdf.syntax import Name, PDFArray, PDFContentStream

from pia_core.report.brand import INK, MUTED
from pia_core.report.text import covered, printable

FONT_DIR = Path(__file__).with_name("fonts")
FAMILY = "DejaVuSans"
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT_FILES = tuple(FONT_DIR / name for name in FACES.values())
# Emoji and symbols DejaVu lacks (a name like "Bakkerij 🥐"): one face, used in any style. fpdf2
# embeds a font only when a document uses a glyph of it, so other reports stay as they were.
FALLBACK_FAMILY = "Symbola"
FALLBACK_FILE = FONT_DIR / "Symbola.ttf"
MARGIN = 20.0
PANEL = "#F3F5F8"  # light band behind boxes and every other table row
BODY_SIZE = 9.5
SHORT_TAIL = 0.4  # a page filled less than this by a section's tail takes the next section too
MIN_TABLE_SIZE = 6.5  # pt: a table shrinks to this before it breaks a word
# Measured string widths, shared by every report of this process: the same words in the same
# font and size always measure the same, and measuring was a third of a report's build time.
_WIDTHS: dict[tuple[str, str, float, float, float, str], float] = {}
_WIDTHS_MAX = 200_000  # about 40 MB at worst; cleared, not grown, beyond it
_WIDTHS_LOCK = threading.Lock()
# What every report repeats on output, shared by the reports of this process (see _ReportOutput and
# ReportPDF.image): a font subset for the same glyphs, a chart image for the same PNG bytes.
_SUBSETS: OrderedDict[tuple[str, frozenset[str]], tuple[bytes, int, dict[str, int]]] = OrderedDict()
_GID_MAPS: OrderedDict[tuple[tuple[int, int], ...], bytes] = OrderedDict()
_RASTERS: OrderedDict[str, RasterImageInfo] = OrderedDict()
_SHARED_MAX = 64  # entries per cache: a few MB at most
_SHARED_LOCK = threading.Lock()
_FPDF_LOG = logging.getLogger("fpdf.output")  # where fpdf2 itself reports missing glyphs
# The tables fpdf2 drops from every subset (fpdf/output.py, _add_fonts), with the same options.
_DROPPED_TABLES = (
    "FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix", "CBDT", "CBLC", "EBDT", "EBLC",
    "EBSC", "SVG ", "CPAL", "COLR",
)  # fmt: skip


def _remember(cache_: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    with _SHARED_LOCK:
        cache_[key] = value
        while len(cache_) > _SHARED_MAX:
            cache_.popitem(last=False)


def _recall(cache_: OrderedDict[Any, Any], key: Any) -> Any:
    with _SHARED_LOCK:
        value = cache_.get(key)
        if value is not None:
            cache_.move_to_end(key)
        return value


def _subset(path: str, glyph_names: Sequence[str]) -> tuple[bytes, int, dict[str, int]]:
    """The font file cut down to `glyph_names` as fpdf2 cuts it (same fontTools options), deflated,
    with its length and each glyph's id in it: once per process for the same glyphs of a font."""
    key = (path, frozenset(glyph_names))
    found: tuple[bytes, int, dict[str, int]] | None = _recall(_SUBSETS, key)
    if found is None:
        font = ttLib.TTFont(path, recalcTimestamp=False, lazy=True)
        try:
            if "GPOS" in font and "kern" in font:
                del font["kern"]  # as the subsetter does: an old kern table goes where there is GPOS
            for tag in _DROPPED_TABLES:  # before subsetting, which would otherwise parse them first
                if tag in font:
                    del font[tag]
            options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True)
            options.drop_tables += list(_DROPPED_TABLES)
            subsetter = ftsubset.Subsetter(options)
            subsetter.populate(glyphs=glyph_names)
            subsetter.subset(font)
            out = io.BytesIO()
            font.save(out)
            ids = {name: font.getGlyphID(name) for name in font.getGlyphOrder()}
        finally:
            font.close()
        raw = out.getvalue()
        found = (zlib.compress(raw, level=PDFContentStream._COMPRESSION_LEVEL), len(raw), ids)
        _remember(_SUBSETS, key, found)
    return found


def _gid_map(code_to_glyph: dict[int, int]) -> bytes:
    """fpdf2's CIDToGIDMap stream (two bytes a code, 0 to 0xFFFF), deflated; once per mapping."""
    key = tuple(sorted(code_to_glyph.items()))
    found: bytes | None = _recall(_GID_MAPS, key)
    if found is None:
        table = bytearray(256 * 256 * 2)
        for code, glyph in key:
            table[code * 2] = glyph >> 8
            table[code * 2 + 1] = glyph & 0xFF
        found = zlib.compress(bytes(table), level=PDFContentStream._COMPRESSION_LEVEL)
        _remember(_GID_MAPS, key, found)
    return found


class _Deflated(PDFContentStream):
    """A stream whose contents are already deflated (a shared font subset or CIDToGIDMap)."""

    def __init__(self, deflated: bytes, length1: int | None = None) -> None:
        super().__init__(contents=deflated, compress=False)
        self.filter = Name("FlateDecode")
        if length1 is not None:
            self.length1 = length1


def _shareable(font: object) -> bool:
    return isinstance(font, TTFFont) and not font.color_font and not font.is_cff


class _ReportOutput(OutputProducer):
    """fpdf2's output, with the font subsets shared between reports.

    Subsetting DejaVu with fontTools on every output was half of a report's build time, though
    reports mostly use the same glyphs. The objects written are fpdf2's own (fpdf/output.py,
    `_add_fonts`, for TrueType fonts); a face no page uses (Symbola, when no text needed it) is
    left out instead of embedded with no glyphs.
    """

    def _add_fonts(
        self,
        image_objects_per_index: Any,
        gfxstate_objs_per_name: Any,
        pattern_objs_per_name: Any,
    ) -> dict[int, PDFFont | PDFType3Font]:
        fonts = sorted(self.fpdf.fonts.values(), key=lambda font: font.i)
        if self.fpdf._compliance or not all(_shareable(font) for font in fonts):
            return super()._add_fonts(image_objects_per_index, gfxstate_objs_per_name, pattern_objs_per_name)
        catalog = self.fpdf._resource_catalog
        used = {
            int(str(index))
            for page in range(1, self.fpdf.pages_count + 1)
            for index in catalog.get_resources_per_page(page, PDFResourceType.FONT)
        }
        objs: dict[int, PDFFont | PDFType3Font] = {}
        for font in fonts:
            assert isinstance(font, TTFFont)
            if font.i in used or font.subset._next > 0:
                objs[font.i] = self._add_font(font)
            font.close()
        return objs

    def _add_font(self, font: TTFFont) -> PDFFont:
        fontname = f"MPDFAA+{font.name}"
        glyph_names = font.subset.get_all_glyph_names()
        if font.missing_glyphs:
            shown = ", ".join(
                f"'{chr(x)}' ({chr(x).encode('unicode-escape').decode()})" for x in font.missing_glyphs[:10]
            )
            if len(font.missing_glyphs) > 10:
                shown += f", ... (and {len(font.missing_glyphs) - 10} others)"
            _FPDF_LOG.warning("Font %s is missing the following glyphs: %s", fontname, shown)
        deflated, length, ids = _subset(str(font.ttffile), glyph_names)
        code_to_glyph = {
            char_id: ids.get(glyph.glyph_name, 0)
            for glyph, char_id in font.subset.items()
            if glyph is not None
        }
        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        cid_font = PDFFont(
            subtype="CIDFontType2", base_font=fontname, d_w=font.desc.missing_width, w=_tt_font_widths(font)
        )
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])

        def code(unicode: int) -> str:
            if unicode > 0xFFFF:  # a surrogate pair
                return f"{0xD800 | (unicode - 0x10000) >> 10:04X}{0xDC00 | (unicode & 0x3FF):04X}"
            return f"{unicode:04X}"

        bf_char = [
            f"<{char_id:04X}> <{''.join(code(c) for c in glyph.unicode)}>\n"
            for glyph, char_id in font.subset.items()
            if glyph is not None and isinstance(glyph.unicode, tuple) and glyph.unicode
        ]
        to_unicode = PDFContentStream(
            (
                "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
                "<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{_build_cmap_blocks(bf_char, 'bfchar')}"
                "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
            ).encode("latin-1")
        )
        self._add_pdf_obj(to_unicode, "fonts")
        composite.to_unicode = to_unicode
        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info
        descriptor = font.desc
        descriptor.font_name = Name(fontname)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor
        gid_map = _Deflated(_gid_map(code_to_glyph))
        self._add_pdf_obj(gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = gid_map
        font_file = _Deflated(deflated, length)
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file  # type: ignore[attr-defined]
        font.subset.pick.cache_clear()
        font.subset.get_glyph.cache_clear()
        return composite


def hex_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@cache
def _device_colour(colour: str) -> DeviceRGB | DeviceGray | DeviceCMYK:
    """fpdf2's colour object for `colour`, made once (fpdf2 makes one per call; `body` runs
    thousands of times per report)."""
    return convert_to_device_color(*hex_rgb(colour))


@cache
def _parsed_font(family: str, style: str, path: Path) -> TTFFont:
    """One face of a shipped font, parsed once per process (see ReportPDF._add_parsed_font)."""
    holder = FPDF()
    holder.add_font(family, style, path)
    return next(iter(holder.fonts.values()))  # type: ignore[return-value]


@cache
def _printable_glyphs() -> frozenset[int]:
    """DejaVu's code points and Symbola's: one object per process, so judgements of characters
    against it are cached (pia_core/report/text.py)."""
    return covered(FONT_FILES) | covered((FALLBACK_FILE,))


class ReportPDF(FPDF):
    """An A4 report whose footer shows `footer_text` and the page label on every page but the cover."""

    def __init__(self, footer_text: str, page_label: str, accent: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.accent = accent  # headings, rules, table heads: the brand's primary colour
        self.page_label = page_label  # e.g. "pagina {page} van {pages}", filled in per page
        self.main_glyphs = covered(FONT_FILES)  # in every face of DejaVu: see `plain`
        self.glyphs = _printable_glyphs()
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages("{nb}")
        for style, name in FACES.items():
            self._add_parsed_font(FAMILY, style, FONT_DIR / name)
        self._add_parsed_font(FALLBACK_FAMILY, "", FALLBACK_FILE)
        self._wrapped: dict[tuple[str, str, float, float, str], list[str]] = {}
        self.set_fallback_fonts([FALLBACK_FAMILY], exact_match=False)
        self.body()

    def output(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("output_producer_class", _ReportOutput)
        return super().output(*args, **kwargs)

    def image(self, name: Any, *args: Any, **kwargs: Any) -> Any:
        """fpdf2's `image`, with a chart's decoded and re-deflated pixels shared by every report
        of this process that shows the same PNG (fpdf2 keeps them per document only)."""
        if (
            not isinstance(name, io.BytesIO | bytes)
            or kwargs.get("dims")
            or self.image_cache.image_filter != "AUTO"
        ):
            return super().image(name, *args, **kwargs)
        data = (name.getvalue() if isinstance(name, io.BytesIO) else name).strip()
        key = hashlib.new("md5", data, usedforsecurity=False).hexdigest()  # fpdf2's own name for it
        images = self.image_cache.images
        if key not in images:
            shared: RasterImageInfo | None = _recall(_RASTERS, key)
            if shared is not None:
                images[key] = RasterImageInfo(shared, i=len(images) + 1, usages=0)
        info = super().image(name, *args, **kwargs)
        if key not in _RASTERS and isinstance(info, RasterImageInfo) and info.get("iccp_i") is None:
            keep = {k: v for k, v in info.items() if k not in ("i", "usages", "obj_id")}
            _remember(_RASTERS, key, RasterImageInfo(keep))
        return info

    def plain(self, texts: Iterable[str]) -> bool:
        """Whether DejaVu has every glyph of `texts` (in every face): then `text_line` draws them."""
        return all(self.main_glyphs.issuperset(map(ord, text)) for text in texts)

    def _add_parsed_font(self, family: str, style: str, path: Path) -> None:
        """`add_font`, without parsing the font file again for every report (a tenth of a second
        each time): the widths and character map parsed once are shared read-only; what a
        document changes (the glyph subset, the fontTools object it subsets on output, the font
        descriptor that output numbers) is its own."""
        template = _parsed_font(family, style, path)
        font = copy.copy(template)
        font.i = len(self.fonts) + 1
        font.ttfont = ttLib.TTFont(template.ttffile, recalcTimestamp=False, lazy=True)
        font.desc = copy.copy(template.desc)  # output gives it this document's object id and name
        font._hbfont = None
        font.biggest_size_pt = 0
        font.missing_glyphs = []
        font.subset = SubsetMap(font)
        self.fonts[template.fontkey] = font

    def get_string_width(self, s: str, normalized: bool = False, markdown: bool = False) -> float:
        if markdown:
            return super().get_string_width(s, normalized, markdown)
        key = (
            self.font_family,
            self.font_style,
            self.font_size_pt,
            self.char_spacing,
            self.font_stretching,
            s,
        )
        width = _WIDTHS.get(key)
        if width is None:
            width = super().get_string_width(s, normalized, markdown)
            with _WIDTHS_LOCK:
                if len(_WIDTHS) >= _WIDTHS_MAX:
                    _WIDTHS.clear()
                _WIDTHS[key] = width
        return width

    # -- text ---------------------------------------------------------------------------------
    def clean(self, text: str, single_line: bool = False) -> str:
        return printable(text, self.glyphs, single_line)

    def body(self, size: float = BODY_SIZE, style: str = "", colour: str = INK) -> None:
        self.set_font(FAMILY, style, size)
        self.set_text_color(_device_colour(colour))
        self.set_fill_color(_device_colour("#FFFFFF"))  # tables fill their plain rows with the current colour

    def heading(self, text: str, size: float = 16, space_before: float = 2) -> None:
        """A heading, kept with what follows, and a bookmark: top level for a section (16 pt), one
        level down for a part of it."""
        self.ensure_space(25)
        self.ln(space_before)
        self.bookmark(text, 0 if size >= 16 else 1)
        self.body(size, "B", self.accent)
        self.multi_cell(0, size * 0.5, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.body()

    def para(
        self,
        text: str,
        size: float = BODY_SIZE,
        style: str = "",
        colour: str = INK,
        indent: float = 0,
        after: float = 1.5,
    ) -> None:
        """A left-aligned paragraph; breaks onto the next page where needed."""
        self.body(size, style, colour)
        height = size * 0.48
        lines = self.wrap(self.clean(text), self.epw - indent)
        plain = self.plain(lines)
        for line in lines:
            if not plain:  # an emoji: fpdf2 finds the fallback font for it
                self.set_x(self.l_margin + indent)
                self.cell(self.epw - indent, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                continue
            if self.will_page_break(height):  # where `cell` would break the page
                self.add_page()
            self.text_line(self.l_margin + indent, self.y, self.epw - indent, height, line, "L")
            self.set_xy(self.l_margin, self.y + height)
        self.ln(after)
        self.body()

    def text_line(self, x: float, top: float, width: float, height: float, text: str, align: str) -> None:
        """One line of text in a box, drawn where `cell` would draw it, for `plain` text.

        fpdf2's `cell` lays out any text: with a fallback font set, it splits the text character
        by character to find glyphs the font lacks, copies the graphics state, and measures
        character by character. That was two thirds of a long report's build time.
        """
        if not text:
            return
        if align == "R":
            dx = width - self.c_margin - self.get_string_width(text)
        elif align == "C":
            dx = (width - self.get_string_width(text)) / 2
        else:
            dx = self.c_margin
        self.text(x + dx, top + 0.5 * height + 0.3 * self.font_size, text)

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap with the current font.

        fpdf2's multi_cell re-measures the line for every character it adds (quadratic; it was
        most of the build time), so paragraphs measure each word once here instead. A table
        wraps each cell up to three times (its size, its height, its lines): kept per document.
        """
        key = (self.font_family, self.font_style, self.font_size_pt, width, text)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = self._wrapped[key] = self._wrap(text, width)
        return list(lines)

    def _wrap(self, text: str, width: float) -> list[str]:
        lines: list[str] = []
        space = self.get_string_width(" ")
        for paragraph in text.split("\n"):
            line, line_width = "", 0.0
            for word in paragraph.split(" "):
                word_width = self.get_string_width(word)
                while word_width > width:  # a word wider than the line: break it where it must
                    if line:
                        lines.append(line)
                        line, line_width = "", 0.0
                    cut = self._fitting_prefix(word, width)
                    lines.append(word[:cut])
                    word = word[cut:]
                    word_width = self.get_string_width(word)
                if line and line_width + space + word_width > width:
                    lines.append(line)
                    line, line_width = "", 0.0
                if line:
                    line, line_width = f"{line} {word}", line_width + space + word_width
                else:
                    line, line_width = word, word_width
            lines.append(line)
        return lines

    def _fitting_prefix(self, word: str, width: float) -> int:
        """Length of the longest prefix of `word` (at least one character) that fits in `width`."""
        low, high = 1, len(word)
        while low < high:
            middle = (low + high + 1) // 2
            if self.get_string_width(word[:middle]) <= width:
                low = middle
            else:
                high = middle - 1
        return low

    def grid(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        aligns: Sequence[str] | None = None,
        size: float = 8.0,
        x: float | None = None,
        fills: Sequence[Sequence[str | None]] | None = None,
    ) -> None:
        """A table: accent heading row repeated on every page, banded rows, rows never split.
        `fills`: per row, a colour per cell (None: the row's band), as a heat map's cells.

        Drawn line by line with `wrap` rather than with fpdf2's table(), whose per-character line
        breaking took half of the report's build time.
        """
        left = self.l_margin if x is None else x
        aligns = aligns or ["L"] * len(widths)
        pad = 1.0
        size = self._size_without_broken_words(headers, rows, widths, size, pad)
        line = size * 0.42

        def lines_of(cells: Sequence[str], style: str) -> list[list[str]]:
            self.set_font(FAMILY, style, size)
            return [self.wrap(self.clean(c), w - 2 * pad) for c, w in zip(cells, widths, strict=True)]

        def draw(
            cells: list[list[str]], fill: str, colour: str, style: str, own: Sequence[str | None] = ()
        ) -> None:
            height = max(len(c) for c in cells) * line + 2 * pad
            top = self.get_y()
            self.swatch(fill, left, top, sum(widths), height)
            if own:
                lefts = [left + sum(widths[:i]) for i in range(len(widths))]
                for cell_left, width, cell_fill in zip(lefts, widths, own, strict=True):
                    if cell_fill:  # inset: neighbouring cells of one colour stay apart, as in the chart
                        self.swatch(cell_fill, cell_left + 0.3, top + 0.3, width - 0.6, height - 0.6)
            self.set_font(FAMILY, style, size)
            self.set_text_color(*hex_rgb(colour))
            cell_x = left
            plain = self.plain(text for text_lines in cells for text in text_lines)
            for text_lines, width, align in zip(cells, widths, aligns, strict=True):
                for i, text in enumerate(text_lines):
                    if plain:
                        self.text_line(cell_x + pad, top + pad + i * line, width - 2 * pad, line, text, align)
                    else:  # an emoji: fpdf2 finds the fallback font for it
                        self.set_xy(cell_x + pad, top + pad + i * line)
                        self.cell(width - 2 * pad, line, text, align=align)
                cell_x += width
            self.set_draw_color(*hex_rgb("#C8CDD5"))
            self.set_line_width(0.15)
            self.line(left, top + height, left + sum(widths), top + height)
            self.set_xy(left, top + height)

        heading = lines_of(headers, "B")
        heading_height = max(len(c) for c in heading) * line + 2 * pad
        if rows:
            # The heading never ends a page alone: it moves on with the first row. (Otherwise that
            # row, not fitting below it, was drawn one cell per page by the automatic break.)
            first = max(len(c) for c in lines_of(rows[0], "")) * line + 2 * pad
            if self.get_y() + heading_height + first > self.page_break_trigger:
                self.add_page()
                self.set_x(left)
        top_of_table = self.get_y()
        draw(heading, self.accent, "#FFFFFF", "B")
        for index, row in enumerate(rows):
            cells = lines_of(row, "")
            height = max(len(c) for c in cells) * line + 2 * pad
            if (
                self.get_y() + height > self.page_break_trigger
                and self.get_y() > top_of_table + heading_height
            ):
                self.add_page()
                self.set_x(left)
                top_of_table = self.get_y()  # the test above is per page: this page's table top
                draw(heading, self.accent, "#FFFFFF", "B")
            draw(cells, PANEL if index % 2 == 0 else "#FFFFFF", INK, "", fills[index] if fills else ())
        self.set_x(self.l_margin)
        self.body()

    def _size_without_broken_words(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: float,
        pad: float,
    ) -> float:
        """The type size at which the longest word of every column fits its column ("Contract-
        manager" or a date is never cut in two), down to MIN_TABLE_SIZE."""
        fitting = size
        for style, table_rows in (("B", [headers]), ("", rows)):
            self.set_font(FAMILY, style, size)
            for row in table_rows:
                for cell, width in zip(row, widths, strict=True):
                    for word in self.clean(cell).split():
                        needed = self.get_string_width(word)
                        if needed > width - 2 * pad:
                            fitting = min(fitting, size * (width - 2 * pad) / needed)
        return max(MIN_TABLE_SIZE, math.floor(fitting * 10) / 10) if fitting < size else size

    def label_value(self, label: str, value: str, width: float = 42) -> None:
        self.body(BODY_SIZE + 1, "B", MUTED)
        self.cell(width, 7, self.clean(label, single_line=True))
        self.body(BODY_SIZE + 1)
        self.multi_cell(
            0, 7, self.clean(value, single_line=True), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def swatch(self, colour: str, x: float, y: float, w: float, h: float) -> None:
        self.set_fill_color(_device_colour(colour))
        self.rect(x, y, w, h, style="F")

    def rule(self, colour: str | None = None, width: float = 0.4) -> None:
        self.set_draw_color(*hex_rgb(colour or self.accent))
        self.set_line_width(width)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)

    def bookmark(self, text: str, level: int) -> None:
        """An entry in the PDF's outline (the reader's bookmarks pane) at the current position."""
        self.start_section(self.clean(text, single_line=True), level=level)

    def new_section(self) -> None:
        """Start a section on a new page, unless this page holds only the short tail of the last
        one: then the section follows on it, so no page carries just a note or two lines."""
        body = self.page_break_trigger - self.t_margin
        if self.page_no() <= 1 or self.get_y() - self.t_margin > body * SHORT_TAIL:
            self.add_page()
        else:
            self.ln(8)

    def ensure_space(self, height: float) -> None:
        """Start a new page when less than `height` mm is left, so a heading never ends a page."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    # -- every page -------------------------------------------------------------------------
    def footer(self) -> None:
        if self.page_no() == 1:
            return  # the cover carries its own brand line
        self.set_y(-13)
        self.body(7.5, colour=MUTED)
        self.set_draw_color(*hex_rgb(MUTED))
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        # The page label sits on the left: the total is filled in after layout, left-aligned.
        label = self.page_label.format(page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(self.epw / 2, 6, label, align="L")
        self.cell(self.epw / 2, 6, self.clean(self.footer_text, single_line=True), align="R")
        self.body()
