"""Make any text printable with the shipped font, without losing a character silently.

fpdf2 prints nothing (only logs a warning) for a character no font of the document has a glyph
for. So user text is cleaned first: invisible control and format characters are dropped, and each
run of characters the shipped fonts lack (DejaVu Sans, and Symbola for emoji) becomes one visible
replacement mark (U+FFFD, "�").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

REPLACEMENT = "\ufffd"
_RUNS = re.compile(f"{REPLACEMENT}+")


@cache
def covered(font_files: tuple[Path, ...]) -> frozenset[int]:
    """Code points every given font file has a glyph for."""
    sets = [set(TTFont(str(path), lazy=True).getBestCmap()) for path in font_files]
    return frozenset(set.intersection(*sets))


def printable(text: str, glyphs: frozenset[int], single_line: bool = False) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if single_line:
        text = " ".join(text.split())
    out = []
    for char in text:
        if char == "\n":
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf") or 0xFE00 <= ord(char) <= 0xFE0F:
            continue  # invisible: controls, bidi overrides, joiners, variation selectors
        out.append(char if ord(char) in glyphs else REPLACEMENT)
    return _RUNS.sub(REPLACEMENT, "".join(out))
