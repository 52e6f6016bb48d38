"""Branding: a valid file is used; a missing or broken one falls back to neutral with a warning."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from pia_core.content.branding import NEUTRAL, load_branding

from ..conftest import write_yaml

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def valid(tmp_path: Path) -> Path:
    (tmp_path / "logo.png").write_bytes(PNG)
    path = tmp_path / "branding.yaml"
    write_yaml(
        path,
        {
            "name": "Privacy & Co",
            "logo": "logo.png",
            "colours": {"primary": "#123456"},
            "contact": {"email": "info@example.nl", "website": "https://example.nl"},
            "call_to_action": {
                "text": {"nl": "Plan een adviesgesprek", "en": "Book a consultation"},
                "url": "https://example.nl/afspraak",
            },
        },
    )
    return path


def test_no_file_is_neutral_without_warning() -> None:
    assert load_branding(None) == NEUTRAL
    assert NEUTRAL.warning is None and NEUTRAL.name == "" and NEUTRAL.logo_bytes is None


def test_valid_file_is_used(tmp_path: Path) -> None:
    brand = load_branding(valid(tmp_path))
    assert brand.warning is None
    assert brand.name == "Privacy & Co"
    assert brand.logo_bytes == PNG
    assert brand.settings.colours.primary == "#123456"
    assert brand.settings.colours.accent == NEUTRAL.settings.colours.accent
    assert brand.settings.call_to_action is not None
    assert brand.settings.call_to_action.text["nl"] == "Plan een adviesgesprek"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda p: p.unlink(), "missing"),
        (lambda p: p.write_text("name: [oops\n", encoding="utf-8"), "not valid YAML"),
        (lambda p: p.write_text("name: X\ncolours: {primary: blue}\n", encoding="utf-8"), "colours.primary"),
        (lambda p: p.write_text("name: X\nlogo: nope.png\n", encoding="utf-8"), "logo nope.png"),
        (lambda p: p.write_text("name: X\nlogo: branding.yaml\n", encoding="utf-8"), "not a PNG"),
        (lambda p: p.write_text("nmae: X\n", encoding="utf-8"), "nmae"),
        (
            lambda p: p.write_text(
                "call_to_action: {text: {nl: a, en: b}, url: 'javascript:alert(1)'}\n", encoding="utf-8"
            ),
            "call_to_action.url",
        ),
    ],
)
def test_broken_file_falls_back_to_neutral_with_warning(
    tmp_path: Path, mutate: object, expected: str
) -> None:
    path = valid(tmp_path)
    mutate(path)  # type: ignore[operator]
    brand = load_branding(path)
    assert brand.settings == NEUTRAL.settings
    assert brand.logo_bytes is None
    assert brand.warning is not None and expected in brand.warning
