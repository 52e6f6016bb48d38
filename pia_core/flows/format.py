"""Numbers and money the way each language writes them: nl "€ 12.345,50", en "€12,345.50"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pia_core.i18n import t
from pia_core.model import Language

if TYPE_CHECKING:
    from pia_core.flows.savings import Savings


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


def payback_text(result: Savings, lang: Language) -> str:
    """ "Never", "At once" or "4,3 months": the same words on the page and in the PDF."""
    months = result.payback_months
    if months is None:
        return t("flows.savings.payback_never", lang)
    if months == 0:
        return t("flows.savings.payback_now", lang)
    return t("flows.savings.payback_value", lang, months=number(months, lang, 1))
