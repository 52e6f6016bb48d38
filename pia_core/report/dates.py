"""Dates the way the report writes them: "28 november 2026" / "28 November 2026"."""

from __future__ import annotations

import datetime as dt

from pia_core.i18n import t
from pia_core.model import Language


def format_date(value: dt.date, lang: Language) -> str:
    months = t("report.months", lang).split()
    return t("report.date_format", lang, day=value.day, month=months[value.month - 1], year=value.year)
