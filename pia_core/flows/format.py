"""Numbers and money the way each language writes them: nl "€ 12.345,50", en "€12,345.50"."""

from __future__ import annotations

from pia_core.model import Language


def _swap(text: str) -> str:
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(value: float, lang: Language, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return _swap(text) if lang == "nl" else text


def money(value: float, lang: Language, decimals: int = 0) -> str:
    sign = "-" if round(value, decimals) < 0 else ""
    amount = number(abs(value), lang, decimals)
    return f"{sign}€ {amount}" if lang == "nl" else f"{sign}€{amount}"


def share(value: float, lang: Language) -> str:
    """A percentage without the sign, whole when it is whole: 100, 12,5 / 12.5."""
    return number(value, lang, 0 if float(value).is_integer() else 1)
