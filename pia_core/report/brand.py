"""Who the report says it comes from: the firm running the app (pia_core.content.branding) or the product."""

from __future__ import annotations

from pia_core.content.branding import Branding
from pia_core.i18n import t
from pia_core.vocabulary import Language

MUTED = "#5A6270"
INK = "#1A1A1A"


def brand_name(brand: Branding, lang: Language) -> str:
    """The firm's name on the cover band and in every page footer; the product's without one."""
    return brand.name or t("common.app_title", lang)


def footer_text(brand: Branding, lang: Language) -> str:
    website = brand.settings.contact.website
    return f"{brand_name(brand, lang)} · {website}" if website else brand_name(brand, lang)
