"""One Content value: loaded and cross-checked once, handed in explicitly, never a hidden default."""

from __future__ import annotations

import ast
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

import pia_core
from pia_core import CONTENT_DIR
from pia_core.analysis.evaluation import evaluate
from pia_core.content.bundle import Content, load_content, shipped_content
from pia_core.content.loader import ContentError
from pia_core.scan.model import Answer, Assessment

PIA_CORE = Path(pia_core.__file__).parent
# The parts of a Content: a parameter of one of these types is content, and must be handed in.
CONTENT_TYPES = {
    "Content",
    "Catalogue",
    "RiskRules",
    "ScreeningContent",
    "FlowContent",
    "RegisterContent",
    "Precedents",
    "AgendaPlan",
    "Branding",
    "Texts",
}


def test_the_shipped_content_is_built_once_per_process() -> None:
    assert shipped_content() is shipped_content()
    loaded = load_content(CONTENT_DIR)
    assert loaded is not shipped_content()  # load_content itself reads afresh: a test's own root
    assert loaded.catalogue.questions.keys() == shipped_content().catalogue.questions.keys()
    assert [demo.id for demo in loaded.demos] == [demo.id for demo in shipped_content().demos]


def test_a_cross_check_names_the_file_and_the_field(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    rules_path = root / "flows" / "rules.yaml"
    rules = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    first = next(iter(rules))
    rules[first]["references"] = ["Wbp 13"]  # a law the catalogue does not know
    rules_path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match=rf"rules\.yaml.*{first}\.references.*Wbp"):
        load_content(root)


def test_the_verdict_uses_the_content_it_is_given() -> None:
    """No part of the analysis reaches for content of its own: a changed risk matrix, handed in,
    changes the finding's risk, and the shipped one still gives the shipped risk."""
    content = shipped_content()
    question = next(q for step in content.catalogue.steps[1:] for q in step.questions)
    scan = Assessment(answers={question.id: Answer.NO})
    shipped = next(f for f in evaluate(scan, content).findings if f.id == question.id)
    flat = {impact: dict.fromkeys(row, "low") for impact, row in content.risk.matrix.items()}
    changed = replace(content, risk=content.risk.model_copy(update={"matrix": flat}))
    judged = next(f for f in evaluate(scan, changed).findings if f.id == question.id)
    assert judged.risk == "low"
    assert shipped.risk == content.risk.matrix[question.spec.impact][shipped.likelihood]


def _content_defaults(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
        pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
        for arg, default in pairs:
            annotation = ast.unparse(arg.annotation) if arg.annotation else ""
            named = {part.strip() for part in annotation.replace("|", " ").split()}
            if named & CONTENT_TYPES and isinstance(default, ast.Constant) and default.value is None:
                found.append(f"{node.name}({arg.arg}: {annotation} = None)")
    return found


def test_no_function_falls_back_to_content_of_its_own() -> None:
    offenders = {
        str(path.relative_to(PIA_CORE)): found
        for path in sorted(PIA_CORE.rglob("*.py"))
        if (found := _content_defaults(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}, "hand the content in: no `content: X | None = None` defaults"


def test_a_test_can_build_a_small_content(tmp_path: Path) -> None:
    content: Content = replace(shipped_content(), demos=(), demo_dir=tmp_path)
    assert content.demos == () and content.catalogue is shipped_content().catalogue
