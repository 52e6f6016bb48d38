"""Make any text printable with the shipped font, without losing a character silently.

fpdf2 prints nothing (only logs a warning) for a character no font of the document has a glyph
for. So user text is cleaned first: invisible control and format characters are dropped, and each
run of characters the shipped fonts lack (DejaVu Sans, and Symbola for emoji) becomes one visible
replacement mark (U+FFFD, "�").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

REPLACEMENT = "\ufffd"
_RUNS = re.compile(f"{REPLACEMENT}+")


@cache
def covered(font_files: tuple[Path, ...]) -> frozenset[int]:
    """Code points every given font file has a glyph for."""
    sets = [set(TTFont(str(path), lazy=True).getBestCmap()) for path in font_files]
    return frozenset(set.intersection(*sets))


@lru_cache(maxsize=4096)
def _replacement(char: str, glyphs: frozenset[int]) -> str | None:
    """What `char` becomes in print: itself (None), nothing (""), or the replacement mark."""
    if char == "\n":
        return None
    if unicodedata.category(char) in ("Cc", "Cf") or 0xFE00 <= ord(char) <= 0xFE0F:
        return ""  # invisible: controls, bidi overrides, joiners, variation selectors
    return None if ord(char) in glyphs else REPLACEMENT


def printable(text: str, glyphs: frozenset[int], single_line: bool = False) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if single_line:
        text = " ".join(text.split())
    # Each distinct character is judged once per process (a large report cleans ~30,000 texts;
    # judging every character of each was a tenth of its build time), then replaced in one pass.
    changes = {ord(c): new for c in set(text) if (new := _replacement(c, glyphs)) is not None}
    if changes:
        text = text.translate(changes)
    return _RUNS.sub(REPLACEMENT, text) if REPLACEMENT in text else text
