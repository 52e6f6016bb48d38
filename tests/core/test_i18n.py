"""UI texts: every key exists in both languages with the same placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_core.content.loader import ContentError
from pia_core.content.texts import load_texts
from pia_core.i18n import t, texts


def test_shipped_texts_have_same_keys_in_both_languages() -> None:
    loaded = texts()
    assert loaded["nl"].keys() == loaded["en"].keys()
    assert t("common.answer.yes", "nl") == "Ja"
    assert t("common.answer.yes", "en") == "Yes"


def test_placeholder_filled() -> None:
    assert t("step.heading", "nl", number=3, title="Doel") == "Stap 3 van 10 — Doel"


def _ui(root: Path, lang: str, body: str) -> None:
    (root / lang).mkdir(parents=True, exist_ok=True)
    (root / lang / "area.yaml").write_text(body, encoding="utf-8")


def test_missing_key_in_one_language_is_reported(tmp_path: Path) -> None:
    _ui(tmp_path, "nl", "a: een\nb: twee\n")
    _ui(tmp_path, "en", "a: one\n")
    with pytest.raises(ContentError, match=r"en: missing texts for area\.b"):
        load_texts(tmp_path)


def test_placeholder_mismatch_is_reported(tmp_path: Path) -> None:
    _ui(tmp_path, "nl", "a: 'Stap {n}'\n")
    _ui(tmp_path, "en", "a: 'Step {number}'\n")
    with pytest.raises(ContentError, match=r"area\.a': placeholders differ"):
        load_texts(tmp_path)
