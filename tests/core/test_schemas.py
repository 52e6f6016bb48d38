"""The JSON Schemas in schemas/ (pia_core/json_schemas.py): generated from the models as
they are now, true of every shipped content file and demo scan, precise about a broken one, and
named by the first line of every content YAML file so the editor checks it while it is typed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.exceptions import ValidationError

from pia_core import CONTENT_DIR
from pia_core.cli import main
from pia_core.commands import schemas_cmd
from pia_core.content.loader import load_catalogue
from pia_core.content.texts import load_texts
from pia_core.json_schemas import (
    SCHEMAS,
    SCHEMAS_DIR,
    content_files,
    line_problems,
    schema_files,
    schema_problems,
    write,
)
from pia_core.scan.model import SCHEMA_VERSION

REGENERATE = "run `python -m pia_core schemas` to regenerate them from the models"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class EditorLoader(yaml.SafeLoader):
    """YAML as the editor's language server reads it (YAML 1.2): only true and false are booleans
    and a date is a string, as in JSON. (The app's PyYAML also reads yes/no/on/off as booleans.)"""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=EditorLoader)


def _leaves(error: ValidationError) -> list[ValidationError]:
    return [leaf for choice in error.context or () for leaf in _leaves(choice)] or [error]


def _described(error: ValidationError) -> str:
    """An anyOf (a UI text: a string, or keys to more texts) is told by the choices that got furthest."""
    leaves = _leaves(error)
    deepest = max(len(leaf.absolute_path) for leaf in leaves)
    return " or ".join(
        sorted(
            f"{'.'.join(str(part) for part in leaf.absolute_path) or '(top)'}: {leaf.message}"
            for leaf in leaves
            if len(leaf.absolute_path) == deepest
        )
    )


def schema_errors(data: Any, schema: dict[str, Any]) -> list[str]:
    """'field.path: message' for each error."""
    return sorted(_described(error) for error in jsonschema.Draft7Validator(schema).iter_errors(data))


def file_errors(content_dir: Path) -> list[str]:
    schemas = schema_files()
    owned, _ = content_files(content_dir)
    return [
        f"{path.relative_to(content_dir)}: {error}"
        for path, schema in owned.items()
        for error in schema_errors(read(path), schemas[schema.file_name])
    ]


def copy_tree(tmp_path: Path) -> tuple[Path, Path]:
    """content/ and schemas/ side by side in tmp_path, as in the repository."""
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    shutil.copytree(SCHEMAS_DIR, tmp_path / "schemas")
    return tmp_path / "content", tmp_path / "schemas"


# --- the schemas are what the models generate ---------------------------------------------------


def test_committed_schemas_are_what_the_models_generate() -> None:
    problems = schema_problems(SCHEMAS_DIR)
    assert not problems, f"{problems}: {REGENERATE}"


def test_a_stale_missing_or_left_over_schema_is_reported(tmp_path: Path) -> None:
    _, schemas = copy_tree(tmp_path)
    step = schemas / "step.schema.json"
    step.write_text(
        step.read_text(encoding="utf-8").replace('"maximum": 5', '"maximum": 6'), encoding="utf-8"
    )
    (schemas / "laws.schema.json").unlink()
    (schemas / "old.schema.json").write_text("{}\n", encoding="utf-8")
    assert schema_problems(schemas) == [
        f"{step}: differs from the models",
        f"{schemas / 'laws.schema.json'}: missing",
        f"{schemas / 'old.schema.json'}: no model",
    ]


def test_every_schema_is_valid_draft_7() -> None:
    """yaml-language-server validates with draft 7: no keyword of a later draft may carry a rule."""
    for name, schema in schema_files().items():
        jsonschema.Draft7Validator.check_schema(schema)
        text = json.dumps(schema)
        later = [
            word
            for word in ("prefixItems", "$dynamicRef", "unevaluated", "dependentRequired")
            if word in text
        ]
        assert not later, f"{name}: {later}"


# --- every shipped file validates; a broken one is reported with its field ------------------------


def test_every_shipped_content_file_validates_against_its_schema() -> None:
    owned, _ = content_files(CONTENT_DIR)
    assert {schema.name for schema in owned.values()} == {schema.name for schema in SCHEMAS if schema.glob}
    errors = file_errors(CONTENT_DIR)
    assert not errors, "\n".join(errors)


def test_every_demo_scan_validates_against_the_scan_schema() -> None:
    scan = schema_files()["scan.schema.json"]
    demos = sorted((CONTENT_DIR / "demos").glob("*.json"))
    assert len(demos) >= 4
    versions = {read(path)["schema_version"] for path in demos}
    assert versions <= {1, SCHEMA_VERSION}  # the two versions the app writes (serialization.py)
    for path in demos:
        assert schema_errors(read(path), scan) == [], path.name


def _broken_step(data: dict[str, Any]) -> None:
    data["questions"][0]["weight"] = "zwaar"


def _unknown_key(data: dict[str, Any]) -> None:
    data["questions"][1]["gewicht"] = 3


def _text_not_a_string(data: dict[str, Any]) -> None:
    data["answer"]["yes"] = ["Ja"]


def _scan_answer(data: dict[str, Any]) -> None:
    data["activities"][0]["answers"]["s1_owner"] = "misschien"


def _scan_version(data: dict[str, Any]) -> None:
    data["schema_version"] = SCHEMA_VERSION + 1


@pytest.mark.parametrize(
    ("file", "schema", "breaking", "expected"),
    [
        ("steps/step_01.yaml", "step", _broken_step, "questions.0.weight: 'zwaar' is not of type 'integer'"),
        (
            "steps/step_01.yaml",
            "step",
            _unknown_key,
            "questions.1: Additional properties are not allowed ('gewicht' was unexpected)",
        ),
        (
            "ui/nl/common.yaml",
            "ui-texts",
            _text_not_a_string,
            "answer.yes: ['Ja'] is not of type 'object' or answer.yes: ['Ja'] is not of type 'string'",
        ),
        (
            "demos/gemeente-organisatie.json",
            "scan",
            _scan_answer,
            "activities.0.answers.s1_owner: 'misschien' is not one of "
            "['yes', 'partly', 'no', 'unknown', 'na']",
        ),
        (
            "demos/gemeente-organisatie.json",
            "scan",
            _scan_version,
            f"schema_version: {SCHEMA_VERSION} was expected",
        ),
    ],
)
def test_a_broken_file_is_reported_with_its_field_path(
    tmp_path: Path, file: str, schema: str, breaking: Any, expected: str
) -> None:
    data = read(CONTENT_DIR / file)
    breaking(data)
    path = tmp_path / Path(file).name
    if path.suffix == ".json":
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert schema_errors(read(path), schema_files()[f"{schema}.schema.json"]) == [expected]


def test_a_broken_copy_of_the_content_fails_the_shipped_check(tmp_path: Path) -> None:
    content, _ = copy_tree(tmp_path)
    step = content / "steps" / "step_02.yaml"
    step.write_text(re.sub(r"weight: \d", "weight: zwaar", step.read_text(encoding="utf-8"), count=2))
    assert [error for error in file_errors(content) if error.startswith("steps/step_02.yaml")] == [
        "steps/step_02.yaml: questions.0.weight: 'zwaar' is not of type 'integer'",
        "steps/step_02.yaml: weight: 'zwaar' is not of type 'integer'",
    ]


# --- the $schema line at the top of every content YAML file ----------------------------------------


def test_every_content_yaml_file_starts_with_its_schema_line() -> None:
    problems = line_problems(CONTENT_DIR, SCHEMAS_DIR)
    assert not problems, "\n".join([*problems, "run `python -m pia_core schemas` to add or fix them"])


def test_a_missing_wrong_or_unowned_schema_line_is_reported(tmp_path: Path) -> None:
    content, schemas = copy_tree(tmp_path)
    laws = content / "laws.yaml"
    laws.write_text(laws.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    risk = content / "risk.yaml"
    risk.write_text(
        risk.read_text(encoding="utf-8").replace("risk.schema", "scoring.schema"), encoding="utf-8"
    )
    (content / "extra.yaml").write_text("a: b\n", encoding="utf-8")
    problems = "\n".join(line_problems(content, schemas))
    assert (
        f"{laws}: no $schema line, should start with '# yaml-language-server: $schema=../schemas/laws"
        in problems
    )
    assert f"{risk}: '# yaml-language-server: $schema=../schemas/scoring.schema.json'" in problems
    assert f"{content / 'extra.yaml'}: no schema" in problems


def test_write_adds_the_lines_once_and_the_loaders_still_read_the_files(tmp_path: Path) -> None:
    content, schemas = copy_tree(tmp_path)
    laws = content / "laws.yaml"
    original = laws.read_text(encoding="utf-8").split("\n", 1)[1]  # a leading comment block, no line
    laws.write_text(original, encoding="utf-8")
    shutil.rmtree(schemas)
    write(content, schemas)
    assert (
        laws.read_text(encoding="utf-8")
        == f"# yaml-language-server: $schema=../schemas/laws.schema.json\n{original}"
    )
    assert line_problems(content, schemas) == [] and schema_problems(schemas) == []
    assert write(content, schemas) == []  # stable: a second run changes nothing
    assert len(load_catalogue(content).questions) > 100
    assert load_texts(content / "ui")["en"]["common.answer.yes"] == "Yes"


def test_the_command_checks_and_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content, schemas = copy_tree(tmp_path)
    monkeypatch.setattr(schemas_cmd, "CONTENT_DIR", content)
    monkeypatch.setattr(schemas_cmd, "SCHEMAS_DIR", schemas)
    quick = content / "quick_scan.yaml"
    quick.write_text(quick.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    (schemas / "risk.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["schemas", "--check"]) == 1
    out = capsys.readouterr().out
    assert "risk.schema.json: differs from the models" in out and "quick_scan.yaml: no $schema line" in out
    assert "python -m pia_core schemas" in out
    assert main(["schemas"]) == 0
    assert "risk.schema.json" in capsys.readouterr().out
    assert main(["schemas", "--check"]) == 0
