"""The register of processing activities (AVG art. 30(1)) as XLSX and as CSV for Dutch Excel.

One row per activity; the columns follow art. 30(1) with the article in each heading. A field
still to be completed says so in its cell ("Aan te vullen: ..."; amber in the XLSX), and the last
two columns list what is missing and where each filled field came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pia_core.content.bundle import Content
from pia_core.exports.spreadsheet import Cell, sheet_csv, sheet_xlsx
from pia_core.formatting import download_name
from pia_core.i18n import t
from pia_core.vocabulary import Language
from pia_core.wording.register import Origin, RegisterField, RegisterRow, field_references, missing_text

# Column widths in the XLSX (characters): the activity, each art. 30(1) field, missing, sources.
ACTIVITY_WIDTH, FIELD_WIDTH, MISSING_WIDTH, SOURCES_WIDTH = 28, 42, 40, 60


def headers(lang: Language, content: Content) -> list[str]:
    fields = [
        t(
            "register.column.field",
            lang,
            letter=letter,
            name=t(f"register.field.{key}.name", lang),
            reference=ref,
        )
        for key, (letter, ref) in field_references(lang, content).items()
    ]
    return [
        t("register.column.activity", lang),
        *fields,
        t("register.column.missing", lang),
        t("register.column.sources", lang),
    ]


def field_cell(item: RegisterField, lang: Language) -> Cell:
    """What the register says, followed by what it still needs; "Aan te vullen: ..." when empty."""
    if item.complete:
        return Cell(item.text)
    still = t("register.to_complete_what", lang, what="; ".join(item.missing))
    return Cell(f"{item.text}\n{still}" if item.text else still, to_complete=True)


def _sources(row: RegisterRow) -> str:
    """Per filled field its sources: "b) de beschrijving van de verwerking" on a line of its own."""
    return "\n".join(
        f"{item.letter}) {', '.join(item.sources)}"
        for item in row.fields
        if item.sources and item.origin is not Origin.MISSING
    )


def table(
    rows: Sequence[RegisterRow], lang: Language, content: Content
) -> tuple[list[str], list[list[Cell]]]:
    body = [
        [
            Cell(row.activity),
            *(field_cell(item, lang) for item in row.fields),
            Cell(missing_text(row), to_complete=bool(row.incomplete)),
            Cell(_sources(row)),
        ]
        for row in rows
    ]
    return headers(lang, content), body


def register_csv(rows: Sequence[RegisterRow], lang: Language, content: Content) -> bytes:
    return sheet_csv(*table(rows, lang, content))


def register_xlsx(rows: Sequence[RegisterRow], lang: Language, content: Content) -> bytes:
    head, body = table(rows, lang, content)
    widths = [ACTIVITY_WIDTH, *([FIELD_WIDTH] * (len(head) - 3)), MISSING_WIDTH, SOURCES_WIDTH]
    return sheet_xlsx(t("register.sheet_title", lang), head, body, widths)


def register_file_name(organisation: str, day: dt.date, lang: Language, extension: str) -> str:
    """E.g. "register-van-verwerkingen-gemeente-lindewaard-2026-11-28.xlsx"."""
    return download_name(t("register.file_stem", lang), organisation, day, extension)
