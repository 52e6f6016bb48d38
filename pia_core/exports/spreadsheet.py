"""User text made safe for a spreadsheet cell, and a sheet written as XLSX or as CSV for Dutch Excel.

Text a user typed (or pasted into a scan file) can start with "=" or "@": Excel and LibreOffice
would run it as a formula (CSV / formula injection, e.g. `=cmd|' /C calc'!A0`). It can also hold
characters an XLSX file may not contain (control characters), unpaired surrogates from JSON that
no UTF-8 file can hold, or more than a cell takes. Every cell goes through
`pia_core.formatting.cell_text` first, and the one formula guard there.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pia_core.formatting import cell_text, csv_bytes, is_formula_like

MISSING_FILL = "FFE699"  # amber behind a cell that is still to be completed (with the words too)
HEADER_FILL = "1F4E79"


@dataclass(frozen=True)
class Cell:
    text: str
    to_complete: bool = False  # marked in the XLSX with a fill colour; the text says it as well


def sheet_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """Semicolons and UTF-8 with a byte-order mark (pia_core.formatting.csv_bytes): Dutch Excel."""
    return csv_bytes(list(headers), [[c.text for c in row] for row in rows])


def sheet_xlsx(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[int]
) -> bytes:
    """One sheet: a bold heading row that stays in view, wrapped text, cells to complete in amber."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = cell_text(title)[:31] or "Sheet"  # Excel's limit for a sheet name
    heading_font = Font(bold=True, color="FFFFFF")
    heading_fill = PatternFill("solid", fgColor=HEADER_FILL)
    missing_fill = PatternFill("solid", fgColor=MISSING_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        _put(cell, header)
        cell.font, cell.fill, cell.alignment = heading_font, heading_fill, wrap
    for row_number, row in enumerate(rows, start=2):
        for column, item in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            _put(cell, item.text)
            cell.alignment = wrap
            if item.to_complete:
                cell.fill = missing_fill
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"  # the heading row and the activity's name stay in view
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(cell: SheetCell | MergedCell, text: str) -> None:
    """Always a text cell: openpyxl would store "=..." as a formula and "#N/A" as an error.

    A formula-like text is kept exactly, marked with Excel's quote prefix (the hidden apostrophe),
    so it stays text even when someone edits the cell later.
    """
    assert isinstance(cell, SheetCell)  # nothing on this sheet is merged
    clean = cell_text(text)
    cell.value = clean
    cell.data_type = "s"
    if is_formula_like(clean):
        cell.quotePrefix = True
