"""Shared fixtures: a tiny content tree for tests that must not depend on the shipped wording."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from pia_core import CONTENT_DIR, REPO_DIR
from pia_core.content.loader import Catalogue, load_catalogue

# Reports are built in the test's own process (tests/core/test_pdf_pool.py tests the workers; the
# browser tests' servers get the default pool).
os.environ.setdefault("PIA_PDF_WORKERS", "0")

TINY_STEPS: dict[int, list[dict[str, Any]]] = {
    0: [{"id": "s0_a", "weight": 1, "fine_tier": "none", "references": ["AVG 37(1)"]}],
    1: [
        {"id": "s1_a", "weight": 3, "fine_tier": "none", "critical": True, "references": ["AVG 28(3)"]},
        {"id": "s1_b", "weight": 1, "fine_tier": "none", "references": ["AVG 24"]},
        {
            "id": "s1_gov",
            "weight": 2,
            "fine_tier": "none",
            "sectors": ["government"],
            "references": ["Wet BRP"],
        },
    ],
    2: [
        {"id": "s2_a", "weight": 2, "fine_tier": "none", "references": ["AVG 5(1)(b)"]},
        {"id": "s2_b", "weight": 2, "fine_tier": "none", "references": ["AVG 6(1)"]},
    ],
}


def write_yaml(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _text(qid: str, lang: str) -> dict[str, str]:
    return {"text": f"Question {qid} ({lang})?", "do": f"Keep {qid} up.", "action": f"Fix {qid} now."}


@pytest.fixture(autouse=True)
def scan_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test saves scans into its own empty store, never into the user's default one."""
    path = tmp_path_factory.mktemp("store") / "scans.sqlite3"
    monkeypatch.setenv("PIA_STORE_PATH", str(path))
    return path


@pytest.fixture
def tiny_content(tmp_path: Path) -> Path:
    """A valid content tree with steps 0-2, shipped laws and scoring rules."""
    root = tmp_path / "content"
    root.mkdir()
    for name in ("laws.yaml", "scoring.yaml", "facts.yaml"):
        shutil.copy(CONTENT_DIR / name, root / name)
    write_yaml(root / "quick_scan.yaml", {"questions": ["s1_a", "s2_a"]})
    for number, questions in TINY_STEPS.items():
        name = f"step_{number:02d}.yaml"
        write_yaml(root / "steps" / name, {"number": number, "questions": questions})
        for lang in ("nl", "en"):
            write_yaml(
                root / "text" / lang / name,
                {
                    "title": f"Step {number} {lang}",
                    "intro": f"Introduction to step {number} in {lang}.",
                    "questions": {q["id"]: _text(q["id"], lang) for q in questions},
                },
            )
    return root


@pytest.fixture
def tiny(tiny_content: Path) -> Catalogue:
    return load_catalogue(tiny_content)


@pytest.fixture
def app_dir() -> Path:
    return REPO_DIR
