"""UI texts per language from content/ui/<lang>/<area>.yaml, flattened to "<area>.<path>" keys.

Both languages must have the same keys and the same {placeholders}: checked at load.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from pia_core import CONTENT_DIR
from pia_core.content.loader import ContentError, read_yaml
from pia_core.vocabulary import LANGUAGES, Language

Texts = dict[Language, dict[str, str]]


def say(texts: Texts, key: str, lang: Language, **values: object) -> str:
    """The text for `key` in `lang` from `texts`, with {placeholders} filled in."""
    text = texts[lang][key]
    return text.format(**values) if values else text


def _flatten(prefix: str, value: Any, path: Path, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}", inner, path, out)
    elif isinstance(value, str):
        out[prefix] = value
    else:
        raise ContentError(
            f"{path}: field '{prefix.split('.', 1)[1]}': expected text, got {type(value).__name__}"
        )


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def load_texts(root: Path = CONTENT_DIR / "ui") -> Texts:
    texts: dict[Language, dict[str, str]] = {}
    for lang in LANGUAGES:
        flat: dict[str, str] = {}
        for path in sorted((root / lang).glob("*.yaml")):
            data = read_yaml(path)
            if not isinstance(data, dict):
                raise ContentError(f"{path}: expected a mapping of keys to texts")
            _flatten(path.stem, data, path, flat)
        texts[lang] = flat
    first, *others = LANGUAGES
    for lang in others:
        for a, b in ((first, lang), (lang, first)):
            missing = sorted(texts[a].keys() - texts[b].keys())
            if missing:
                raise ContentError(f"{root / b}: missing texts for {', '.join(missing[:5])}")
        for key, text in texts[first].items():
            if _placeholders(text) != _placeholders(texts[lang][key]):
                raise ContentError(f"{root / lang}: field '{key}': placeholders differ from {first}")
    return texts
