"""The analysis returns ids, keys, numbers and enums; its sentences are made in pia_core.wording."""

from __future__ import annotations

import ast
from pathlib import Path

import pia_core.analysis

ANALYSIS = Path(pia_core.analysis.__file__).parent

# Still building their own sentences, to be moved to pia_core.wording: this list only shrinks.
PENDING: set[str] = set()


def _imports_i18n(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and (
            node.module == "pia_core.i18n"
            or (node.module == "pia_core" and any(alias.name == "i18n" for alias in node.names))
        ):
            return True
        if isinstance(node, ast.Import) and any(
            alias.name == "pia_core.i18n" or alias.name.startswith("pia_core.i18n.") for alias in node.names
        ):
            return True
    return False


def test_no_analysis_module_imports_the_ui_texts() -> None:
    importing = {path.stem for path in sorted(ANALYSIS.rglob("*.py")) if _imports_i18n(path)}
    assert importing - PENDING == set(), "the analysis must not import pia_core.i18n: use pia_core.wording"
    assert PENDING - importing == set(), "no longer imports pia_core.i18n: remove it from PENDING"
