"""The action plan's rows as a CSV download, with the column names in the reader's language."""

from __future__ import annotations

from pia_core.analysis.action_plan import ActionRow
from pia_core.formatting import csv_bytes, date_text
from pia_core.i18n import t
from pia_core.vocabulary import Language

# What a reader needs first; the internal reference (e.g. "flow:15e2f591d01e:special_by_email") last.
CSV_COLUMNS = ("priority", "action", "step", "critical", "risk", "owner", "due", "references", "id")


def action_plan_csv(rows: list[ActionRow], lang: Language) -> bytes:
    """For Dutch Excel: semicolons, UTF-8 with a byte-order mark (accents and €), dates 15-01-2027;
    csv_bytes defuses user text for spreadsheets. Built on every summary run, so plain lists, no pandas."""
    yes, no = t("report.yes", lang), t("report.no", lang)
    cells = [
        [
            str(row.priority),
            row.action,
            "" if row.step is None else str(row.step),
            yes if row.critical else no,
            row.risk,
            row.owner,
            date_text(row.due, lang),
            row.references,
            row.finding_id,
        ]
        for row in rows
    ]
    return csv_bytes([t(f"report.column.{column}", lang) for column in CSV_COLUMNS], cells)
