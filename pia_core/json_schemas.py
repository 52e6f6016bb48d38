"""JSON Schemas of the content files and the scan file, generated from the pydantic models that
validate them when they are loaded, so an editor can check a file while it is typed.

`SCHEMAS` is the one table of which schema belongs to which file. `python -m pia_core schemas`
writes them to schemas/ and starts every content YAML file with the line that points the editor
(VS Code's YAML extension, yaml-language-server) at its schema; `--check` lists what is out of date.

The schemas say what a model checks field by field (types, required and unknown keys, enums,
patterns, ranges); what the loaders check across fields and files (ids that exist, texts in both
languages, levels that rise) is reported when the app or `python -m pia_core catalogue` starts.
They are written as JSON Schema draft 7, the version yaml-language-server validates with.

Above the packages whose models it names (content, scan, flows, analysis, agenda, demos,
branding): the one table that spans them all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from typing_extensions import TypeAliasType

from pia_core import CONTENT_DIR, REPO_DIR
from pia_core.content.agenda import AgendaPlan
from pia_core.content.branding import BrandingFile
from pia_core.content.demos import DemoIndex
from pia_core.content.flows import AssumptionDefault, Preset, Rule
from pia_core.content.precedents import PrecedentFile
from pia_core.content.register import RegisterContent
from pia_core.content.risk import RiskRules
from pia_core.content.schema import FactSpec, Law, QuickScan, ScoringRules, StepSpec, StepText
from pia_core.content.screening import ScreeningContent
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import FLAT_VERSION, SCHEMA_VERSION, Assessment

SCHEMAS_DIR = REPO_DIR / "schemas"
SUFFIX = ".schema.json"
DRAFT = "http://json-schema.org/draft-07/schema#"
LINE_MARK = "# yaml-language-server:"
LINE_PREFIX = LINE_MARK + " $schema="

# content/ui/<lang>/*.yaml: keys to texts, nested to any depth (pia_core/i18n.py checks this shape
# in code, and that both languages have the same keys and placeholders).
UiTexts = TypeAliasType("UiTexts", "dict[str, str | UiTexts]")


def _pin_scan_versions(schema: dict[str, Any]) -> None:
    """A scan file names its version, which the importer reads first (pia_core/scan/migrations.py):
    1 for one activity with its organisation (`assessment_to_json`, and older files), 2 for a
    dossier (`dossier_to_json`). The models only default it; here it picks the model, so an error
    is reported against the one the file claims to be."""
    for name, version in (("Dossier", SCHEMA_VERSION), ("Assessment", FLAT_VERSION)):
        model = schema["$defs"][name]
        model["properties"]["schema_version"] = {"const": version, "title": "Schema Version"}
        model["required"] = sorted({*model.get("required", ()), "schema_version"})
    del schema["anyOf"]
    schema["if"] = {"properties": {"schema_version": {"const": FLAT_VERSION}}, "required": ["schema_version"]}
    schema["then"] = {"$ref": "#/$defs/Assessment"}
    schema["else"] = {"$ref": "#/$defs/Dossier"}


@dataclass(frozen=True)
class Schema:
    name: str  # schemas/<name>.schema.json
    model: Any  # a pydantic model, or a type TypeAdapter takes (dict[str, Law])
    glob: str | None  # the files it belongs to, relative to content/; None: a file outside content/
    title: str
    adjust: Callable[[dict[str, Any]], None] | None = None

    @property
    def file_name(self) -> str:
        return self.name + SUFFIX


# The single source of which schema belongs to which file; the models are the ones the loaders use.
SCHEMAS: tuple[Schema, ...] = (
    Schema("step", StepSpec, "steps/step_*.yaml", "A step's questions (content/steps/step_NN.yaml)"),
    Schema("step-text", StepText, "text/*/step_*.yaml", "A step's texts (content/text/<lang>/step_NN.yaml)"),
    Schema("laws", dict[str, Law], "laws.yaml", "Laws and standards (content/laws.yaml)"),
    Schema("facts", dict[str, FactSpec], "facts.yaml", "Facts the scan knows (content/facts.yaml)"),
    Schema("scoring", ScoringRules, "scoring.yaml", "Answer values and levels (content/scoring.yaml)"),
    Schema("quick-scan", QuickScan, "quick_scan.yaml", "The quick scan (content/quick_scan.yaml)"),
    Schema("risk", RiskRules, "risk.yaml", "The risk matrix (content/risk.yaml)"),
    Schema("screening", ScreeningContent, "screening.yaml", "DPIA screening (content/screening.yaml)"),
    Schema("register", RegisterContent, "register.yaml", "Register rules (content/register.yaml)"),
    Schema("agenda", AgendaPlan, "agenda.yaml", "The consultant's hour (content/agenda.yaml)"),
    Schema("demo-index", DemoIndex, "demos/index.yaml", "Demo scenarios (content/demos/index.yaml)"),
    Schema("precedent", PrecedentFile, "precedents/*.yaml", "A decision (content/precedents/<id>.yaml)"),
    Schema(
        "flow-assumptions",
        dict[str, AssumptionDefault],
        "flows/assumptions.yaml",
        "Cost assumptions (content/flows/assumptions.yaml)",
    ),
    Schema(
        "flow-presets", dict[str, Preset], "flows/presets.yaml", "Flow presets (content/flows/presets.yaml)"
    ),
    Schema("flow-rules", dict[str, Rule], "flows/rules.yaml", "Flow rules (content/flows/rules.yaml)"),
    Schema("ui-texts", UiTexts, "ui/*/*.yaml", "Texts on screen (content/ui/<lang>/<area>.yaml)"),
    Schema(
        "scan",
        Dossier | Assessment,
        "demos/*.json",
        "A scan file (schema version 2: a dossier; 1: one activity)",
        _pin_scan_versions,
    ),
    Schema("branding", BrandingFile, None, "Branding of the firm running the app (PIA_BRANDING_FILE)"),
)


def generate(schema: Schema) -> dict[str, Any]:
    data: dict[str, Any] = TypeAdapter(schema.model).json_schema(mode="validation")
    if schema.adjust is not None:
        schema.adjust(data)
    return {"$schema": DRAFT, **data, "title": schema.title}


def schema_files() -> dict[str, dict[str, Any]]:
    """{schema file name: schema}, as `python -m pia_core schemas` writes them."""
    return {schema.file_name: generate(schema) for schema in SCHEMAS}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def content_files(content_dir: Path = CONTENT_DIR) -> tuple[dict[Path, Schema], list[Path]]:
    """Each content file a schema belongs to, with its schema; and the content YAML files none
    (or more than one) belongs to."""
    found: dict[Path, list[Schema]] = {path: [] for path in content_dir.rglob("*.yaml")}
    for schema in SCHEMAS:
        for path in content_dir.glob(schema.glob) if schema.glob else ():
            found.setdefault(path, []).append(schema)
    owned = {path: schemas[0] for path, schemas in found.items() if len(schemas) == 1}
    return dict(sorted(owned.items())), sorted(path for path, schemas in found.items() if len(schemas) != 1)


def schema_line(path: Path, schema: Schema, schemas_dir: Path = SCHEMAS_DIR) -> str:
    relative = os.path.relpath(schemas_dir / schema.file_name, path.parent)
    return LINE_PREFIX + Path(relative).as_posix()


def _with_line(text: str, line: str) -> str:
    """`text` starting with `line`; an earlier schema line in the leading comments is replaced."""
    lines = text.split("\n")
    head = 0
    while head < len(lines) and lines[head].startswith("#"):
        head += 1
    kept = [old for old in lines[:head] if not old.startswith(LINE_MARK)]
    return "\n".join([line, *kept, *lines[head:]])


def line_problems(content_dir: Path = CONTENT_DIR, schemas_dir: Path = SCHEMAS_DIR) -> list[str]:
    """A content YAML file whose first line is not the line pointing at its schema."""
    owned, unowned = content_files(content_dir)
    problems = [f"{path}: no schema in pia_core/json_schemas.py SCHEMAS (or several)" for path in unowned]
    for path, schema in owned.items():
        if path.suffix != ".yaml":
            continue
        expected = schema_line(path, schema, schemas_dir)
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first != expected:
            found = "no $schema line" if not first.startswith(LINE_PREFIX) else f"'{first}'"
            problems.append(f"{path}: {found}, should start with '{expected}'")
    return problems


def schema_problems(schemas_dir: Path = SCHEMAS_DIR) -> list[str]:
    """A schema file that differs from what the models generate now, is missing or is left over."""
    expected = {name: render(schema) for name, schema in schema_files().items()}
    problems = []
    for name, text in expected.items():
        path = schemas_dir / name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path}: differs from the models")
    problems += [
        f"{path}: no model" for path in sorted(schemas_dir.glob("*" + SUFFIX)) if path.name not in expected
    ]
    return problems


def write(content_dir: Path = CONTENT_DIR, schemas_dir: Path = SCHEMAS_DIR) -> list[Path]:
    """Write every schema and every content file's schema line; the files changed."""
    changed: list[Path] = []
    schemas_dir.mkdir(exist_ok=True)
    expected = {name: render(schema) for name, schema in schema_files().items()}
    for name, text in expected.items():
        path = schemas_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for path in sorted(schemas_dir.glob("*" + SUFFIX)):
        if path.name not in expected:
            path.unlink()
            changed.append(path)
    for path, schema in content_files(content_dir)[0].items():
        if path.suffix != ".yaml":
            continue
        text = path.read_text(encoding="utf-8")
        updated = _with_line(text, schema_line(path, schema, schemas_dir))
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            changed.append(path)
    return changed
