"""The Model DPIA export: the demo municipality's file validates against the pinned output schema
of the government's tool, uses only task ids of the pinned Model DPIA 3.0, marks every pre-filled
answer as ours, keeps hostile text as typed, and is refused when no DPIA is due."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.screening import Verdict
from pia_core.content.bundle import shipped_content
from pia_core.exports.model_dpia import (
    FINDING_TASKS,
    MODEL_URN,
    OUTPUT_SCHEMA_URL,
    SOURCE,
    TEXT_TASKS,
    DpiaNotDueError,
    model_dpia_export,
    model_dpia_json,
)
from pia_core.scan.model import Assessment
from pia_core.scan.serialization import read_dossier

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "model_dpia"
CONTENT = shipped_content()
NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
HOSTILE = '<script>alert(1)</script> & "quotes" ＝1+1 👩‍⚕️ שלום'


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((FIXTURES / "assessment-output.v2.schema.json").read_text("utf-8"))
    return schema


def _model() -> dict[str, Any]:
    model: dict[str, Any] = yaml.safe_load((FIXTURES / "dpia.yaml").read_text("utf-8"))
    return model


def _tasks(tasks: list[dict[str, Any]], parent: str | None = None) -> dict[str, tuple[str | None, bool]]:
    """Task id -> (its parent's id, repeatable), over the whole model."""
    found: dict[str, tuple[str | None, bool]] = {}
    for task in tasks:
        found[task["id"]] = (parent, bool(task.get("repeatable")))
        found.update(_tasks(task.get("tasks", []), task["id"]))
    return found


TASKS = _tasks(_model()["tasks"])


def _demo(name: str, activity: str | None = None) -> Assessment:
    dossier = read_dossier(CONTENT.demo_dir / name, successors=CONTENT.catalogue.successors)
    return dossier.assessment(activity)


def _answers(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every answer by task id; a group's answers by "<task id>[<index>]"."""
    flat: dict[str, dict[str, Any]] = {}
    for key, value in document["answers"].items():
        if isinstance(value, list):
            for element in value:
                for child, answer in element.items():
                    if child != "_index":
                        flat[f"{child}[{element['_index']}]"] = answer
        else:
            flat[key] = value
    return flat


def _validate(document: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(_schema(), format_checker=jsonschema.FormatChecker())
    validator.validate(document)


def test_the_demo_municipality_needs_a_dpia_and_its_export_validates() -> None:
    municipality = _demo("gemeente-verhuizen.json")
    assert evaluate(municipality, CONTENT).screening.verdict is Verdict.REQUIRED
    document = model_dpia_export(municipality, CONTENT, now=NOW)
    _validate(document)
    assert document["$schema"] == OUTPUT_SCHEMA_URL == _schema()["$id"]
    assert document["metadata"] == {
        "urn": MODEL_URN,
        "createdAt": "2026-11-28T09:30:00.000Z",
        "createdBy": {"name": SOURCE},
    }
    # The file written is the same document, as UTF-8 JSON.
    assert json.loads(model_dpia_json(municipality, CONTENT, now=NOW)) == document


def test_the_urn_is_the_pinned_models() -> None:
    model = _model()
    assert MODEL_URN == f"{model['urn']}:{model['version']}" == "urn:nl:dpia:3.0"


@pytest.mark.parametrize(
    ("demo", "activity"),
    [
        ("gemeente-verhuizen.json", None),
        ("zorg-patientbrieven.json", None),
        ("gemeente-organisatie.json", "wmo-aanvraag"),
        ("gemeente-organisatie.json", "cameratoezicht-gebouwen"),
    ],
)
def test_every_export_uses_only_task_ids_of_the_pinned_model(demo: str, activity: str | None) -> None:
    document = model_dpia_export(_demo(demo, activity), CONTENT, now=NOW)
    _validate(document)
    for key, value in document["answers"].items():
        assert key in TASKS, key
        if isinstance(value, list):  # grouped under a repeatable task, its own children only
            assert TASKS[key][1], f"{key} is not repeatable"
            for element in value:
                for child in set(element) - {"_index"}:
                    assert TASKS[child][0] == key, (key, child)
        else:
            assert not TASKS[key][1], f"{key} is repeatable: its answers go under its parent"


def test_the_mapping_names_only_tasks_of_the_pinned_model() -> None:
    for mapping in (*TEXT_TASKS, *FINDING_TASKS):
        assert mapping.task in TASKS
        assert mapping.group is None or TASKS[mapping.task][0] == mapping.group


def test_every_answer_is_marked_as_ours_and_nothing_is_empty() -> None:
    document = model_dpia_export(_demo("gemeente-verhuizen.json"), CONTENT, now=NOW)
    answers = _answers(document)
    assert answers
    for key, answer in answers.items():
        assert answer["lastEditedBy"] == SOURCE, key
        assert answer["value"], key  # what the scan does not know is left out, never blank
    assert SOURCE in answers["0"]["value"]  # the introduction says so, visibly in the tool


def test_what_the_scan_knows_goes_to_its_task() -> None:
    municipality = _demo("gemeente-verhuizen.json")
    answers = _answers(model_dpia_export(municipality, CONTENT, now=NOW))
    assert answers["1.1"]["value"] == municipality.activity.description
    assert answers["3.1.1[0]"]["value"] == "Aanvraag verhuizen"
    assert answers["20.1.1[0]"]["value"] == "Gemeente Lindewaard"
    assert "Geen doorgifte buiten de EER" in answers["8.2"]["value"]
    assert municipality.notes[9] in answers["10.2"]["value"]  # retention: the note on archiving
    assert "burgerservicenummer" in answers["2.3"]["value"]
    # The purpose's only fallback is the description (already in 1.1): not repeated as a purpose.
    assert "5.1.1[0]" not in answers
    # Risks and measures: one per finding, the measure pointing at its risk's text.
    findings = [f for f in evaluate(municipality, CONTENT).findings if f.kind.value != "dpia"]
    for index, finding in enumerate(findings):
        risk = answers[f"16.1.1[{index}]"]["value"]
        assert risk.startswith(finding.title["nl"])
        assert answers[f"17.1.1[{index}]"]["value"] == [risk]
        assert answers[f"16.1.7[{index}]"]["value"] in ("laag", "midden", "hoog")
        assert answers[f"17.1.3[{index}]"]["value"] == finding.action["nl"]
    owner = municipality.actions["s4_free_text"].owner
    index = [f.id for f in findings].index("s4_free_text")
    assert answers[f"17.1.7[{index}]"]["value"] == owner
    # Parts the scan does not know stay open.
    for task in ("11.1.1.1[0]", "14.1", "14.2", "18", "19.2", "17.1.4[0]", "16.1.2[0]"):
        assert task not in answers


def test_hostile_text_is_kept_as_typed() -> None:
    municipality = _demo("gemeente-verhuizen.json")
    municipality.organisation.name = HOSTILE
    municipality.activity.name = HOSTILE
    municipality.activity.description = HOSTILE + "\nregel twee"
    document = model_dpia_export(municipality, CONTENT, now=NOW)
    _validate(document)
    answers = _answers(json.loads(model_dpia_json(municipality, CONTENT, now=NOW)))
    assert answers["20.1.1[0]"]["value"] == HOSTILE
    assert answers["3.1.1[0]"]["value"] == HOSTILE
    assert answers["1.1"]["value"] == HOSTILE + "\nregel twee"


@pytest.mark.parametrize(
    ("demo", "activity"),
    [("bedrijf-nieuwsbrief.json", None), ("gemeente-organisatie.json", "parkeervergunning")],
)
def test_no_dpia_due_raises(demo: str, activity: str | None) -> None:
    scan = _demo(demo, activity)
    assert evaluate(scan, CONTENT).screening.verdict is Verdict.NOT_REQUIRED
    with pytest.raises(DpiaNotDueError, match="no DPIA is due"):
        model_dpia_export(scan, CONTENT)


def test_an_unfilled_check_raises_and_a_recommended_one_exports() -> None:
    scan = _demo("bedrijf-nieuwsbrief.json")
    scan.screening = {}
    scan.dpia.checked = False
    assert evaluate(scan, CONTENT).screening.verdict is Verdict.NOT_FILLED
    with pytest.raises(DpiaNotDueError):
        model_dpia_export(scan, CONTENT)
    one = CONTENT.screening.criteria[0].id  # one EDPB criterion: aanbevolen
    scan.screening = {one: True}
    assert evaluate(scan, CONTENT).screening.verdict is Verdict.RECOMMENDED
    _validate(model_dpia_export(scan, CONTENT, now=NOW))
