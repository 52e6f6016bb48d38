"""UI texts per language from content/ui/<lang>/<area>.yaml, looked up by `t()`.

A key is "<area>.<path>", e.g. `t("common.next", "en")` reads content/ui/en/common.yaml.
Both languages must have the same keys and the same {placeholders}: checked at load.
"""

from __future__ import annotations

from functools import cache

from pia_core.content.texts import Texts, load_texts, say
from pia_core.vocabulary import Language


@cache
def texts() -> Texts:
    """The shipped texts, read once per process: what `t` looks up (the presentation's words)."""
    return load_texts()


def t(key: str, lang: Language, **values: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled in."""
    return say(texts(), key, lang, **values)


def tn(key: str, lang: Language, count: int, **values: object) -> str:
    """A text with a real singular and plural: `key.one` for 1, `key.many` otherwise ({count} filled in).

    Dutch and English both have just these two forms, so "1 kritiek punt" / "3 kritieke punten"
    never needs brackets.
    """
    form = "one" if count == 1 else "many"
    return t(f"{key}.{form}", lang, count=count, **values)
