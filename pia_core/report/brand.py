"""Who the report says it comes from: the one place branding (firm name, colours) will replace."""

from __future__ import annotations

from pia_core.i18n import t
from pia_core.model import Language

# Headings, rules and the cover band. Dark blue: 9:1 contrast on white.
ACCENT = "#1F4E79"
MUTED = "#5A6270"
INK = "#1A1A1A"


def brand_name(lang: Language) -> str:
    """The product or firm name on the cover and in every page footer."""
    return t("common.app_title", lang)
