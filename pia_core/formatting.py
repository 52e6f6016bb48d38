"""Numbers, money, dates and file names the way each language writes them: one module for the
screen, the PDF and the CSV, so a figure never reads "1.40" on one line and "€ 64.800" on the next.

nl: "12.345,50", "€ 12.345", "15-01-2027". en: "12,345.50", "€12,345", "15-01-2027" (the date
fields of the app use day-month-year in both languages, so every date reads the same).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zoneinfo
from collections.abc import Sequence

from pia_core.i18n import t
from pia_core.vocabulary import Language

DATE_PATTERN = "%d-%m-%Y"  # the one date format: every written date and every date field
MOMENT_PATTERN = f"{DATE_PATTERN} %H:%M"  # a date with its time: 15-01-2027 14:05
HOME_TIME_ZONE = "Europe/Amsterdam"  # the firm's and its clients' clock; the store keeps UTC
# The same format in the notation of Streamlit's date fields (st.date_input, DateColumn): "DD-MM-YYYY".
_WIDGET_CODES = {"%d": "DD", "%m": "MM", "%Y": "YYYY"}
DATE_WIDGET_FORMAT = re.sub("|".join(_WIDGET_CODES), lambda m: _WIDGET_CODES[m.group()], DATE_PATTERN)
CSV_SEPARATOR = ";"  # what Excel expects with Dutch regional settings (the comma is the decimal mark)
CELL_MAX = 32_767  # characters an Excel cell holds
CUT_MARK = " […]"
# Spreadsheet programs treat a cell starting with one of these as a formula (CSV / formula
# injection, e.g. `=cmd|' /C calc'!A0`), also the full-width forms, which some locales' Excel
# reads as their ASCII twins. The one list for every CSV and XLSX this app writes.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Control characters (tab and newline are kept as space / line break) and unpaired surrogates.
_UNSAFE_IN_CELL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 40


def _swap(text: str) -> str:
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(value: float, lang: Language, decimals: int = 0) -> str:
    """Grouped thousands and the language's decimal mark: nl 12.345,5 / en 12,345.5."""
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text.lstrip("-").replace(",", "")) == 0:
        text = text[1:]  # no "-0"
    return _swap(text) if lang == "nl" else text


def decimal(value: float, lang: Language, decimals: int = 2) -> str:
    """A plain decimal without grouping (for input fields and CSV cells): nl 1,40 / en 1.40."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "nl" else text


def money(value: float, lang: Language, decimals: int = 0) -> str:
    sign = "-" if round(value, decimals) < 0 else ""
    amount = number(abs(value), lang, decimals)
    return f"{sign}€ {amount}" if lang == "nl" else f"{sign}€{amount}"


def share(value: float, lang: Language) -> str:
    """A percentage without the sign, whole when it is whole: 100, 12,5 / 12.5."""
    return number(value, lang, 0 if float(value).is_integer() else 1)


def date_text(value: dt.date | None, lang: Language, empty: str = "") -> str:
    """The one date format of screen, PDF and CSV: 15-01-2027."""
    del lang  # the same in both languages, like the date fields; kept for one call shape
    return value.strftime(DATE_PATTERN) if value is not None else empty


def home_zone() -> dt.tzinfo:
    """The firm's clock (UTC on a system without time-zone data: still a correct time)."""
    try:
        return zoneinfo.ZoneInfo(HOME_TIME_ZONE)
    except zoneinfo.ZoneInfoNotFoundError:
        return dt.UTC


def local_moment(moment: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """A stored moment (UTC; a naive one is read as UTC) on `zone`'s clock, by default the firm's."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone or home_zone())


def moment_text(moment: dt.datetime, lang: Language, zone: dt.tzinfo | None = None) -> str:
    """The one way a time is written, on screen and in the PDF: "15-01-2027 14:05" (the firm's
    clock unless `zone` says otherwise)."""
    del lang  # the same in both languages, like every date of the app
    return local_moment(moment, zone).strftime(MOMENT_PATTERN)


def source_date(text: str, lang: Language) -> str:
    """A content source date: an ISO date becomes 01-01-2026; a year ("2022") stays as it is."""
    try:
        return date_text(dt.date.fromisoformat(text), lang)
    except ValueError:
        return text


def minutes_text(minutes: float, lang: Language) -> str:
    """Elapsed time in words, never like a clock time ("0:16" reads as hours): "0 min 16 s",
    "12 min", "61 min 30 s". Seconds are shown, so over time never stands next to equal numbers."""
    del lang  # "min" and "s" are the same in both languages
    whole, seconds = divmod(max(int(minutes * 60), 0), 60)
    return f"{whole} min {seconds} s" if seconds else f"{whole} min"


def slug(text: str) -> str:
    """A file-name-safe form of a name: lower case, no accents, words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _SLUG_DROP.sub("-", plain).strip("-")[:SLUG_MAX].strip("-")


def download_name(stem: str, organisation: str, day: dt.date, extension: str) -> str:
    """E.g. "privacy-impact-analyse-gemeente-lindewaard-2026-11-28.pdf".

    The date in the name is year-month-day, so files sort by date in a folder.
    """
    parts = [slug(stem) or "scan", slug(organisation), day.isoformat()]
    return "-".join(part for part in parts if part) + "." + extension.lstrip(".")


def scan_file_name(kind: str, organisation: str, day: dt.date, lang: Language) -> str:
    """The download name of the report ("pdf"), the action plan ("csv") or the scan file ("json"):
    what it is, whose it is and its date, e.g. "actieplan-zorggroep-de-lindehorst-2026-11-28.csv"."""
    stem = t("summary.csv_stem" if kind == "csv" else "summary.file_stem", lang)
    return download_name(stem, organisation, day, kind)


def cell_text(text: str) -> str:
    """Printable, within a cell's limit, line breaks as "\n"; formula starts are left to the writer."""
    clean = _UNSAFE_IN_CELL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    if len(clean) > CELL_MAX:
        clean = clean[: CELL_MAX - len(CUT_MARK)] + CUT_MARK
    return clean


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_cell(text: str) -> str:
    """A cell as a spreadsheet must show it: clean, and a formula start defused by a leading
    apostrophe (Excel then shows the text as it is instead of running it)."""
    clean = cell_text(text)
    return cell_text("'" + clean) if is_formula_like(clean) else clean


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark: Dutch Excel opens it with accents and €.
    Every cell goes through `csv_cell`, so no writer can forget the formula guard."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow([csv_cell(cell) for cell in headers])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
