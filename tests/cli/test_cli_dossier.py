"""The command line on a dossier with several processing activities, and on a one-activity file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pia_core.analysis.evaluation import evaluate
from pia_core.commands.score_cmd import score_as_data
from pia_core.content.bundle import shipped_content
from pia_core.importing import json_from_pdf
from pia_core.scan.dossier import Dossier
from pia_core.scan.serialization import dossier_from_bytes, dossier_to_json
from tests.cli.test_cli import cli
from tests.dossiers import PROCESSOR_QUESTION, municipality

SINGLE_FIELDS = {"overall", "level", "provisional", "capped", "open_critical", "steps", "critical_findings"}


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    return municipality(3, without_agreement=(1, 2))


def write(tmp_path: Path, dossier: Dossier, name: str = "dossier.json") -> Path:
    path = tmp_path / name
    path.write_text(dossier_to_json(dossier), encoding="utf-8")
    return path


def own_data(dossier: Dossier, activity_id: str) -> dict[str, Any]:
    """What `score --json` says of the activity on its own: the same evaluation as the app's pages."""
    view = dossier.assessment(activity_id)
    return json.loads(json.dumps(score_as_data(evaluate(view, shipped_content()), view, shipped_content())))  # type: ignore[no-any-return]


def test_score_json_of_a_dossier_gives_the_summary_and_every_activity(
    tmp_path: Path, dossier: Dossier
) -> None:
    done = cli("score", str(write(tmp_path, dossier)), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["activity_count"] == 3 and data["organisation"] == dossier.organisation.name
    assert not SINGLE_FIELDS & set(data), "no single activity speaks for the whole dossier"
    assert [item["id"] for item in data["activities"]] == dossier.ids
    for item in data["activities"]:
        assert item["name"] == dossier.activity(item["id"]).activity.name
        assert {k: v for k, v in item.items() if k not in ("id", "name")} == own_data(dossier, item["id"])
    levels = [level.id for level in shipped_content().catalogue.scoring.levels]
    assert data["lowest_level"] == min((item["level"] for item in data["activities"]), key=levels.index)
    shared = {entry["finding"]: entry for entry in data["shared_actions"]}
    assert shared[PROCESSOR_QUESTION]["activities"] == dossier.ids[1:]
    assert shared[PROCESSOR_QUESTION]["critical"] is True
    assert data["critical_total"] == sum(len(item["critical_findings"]) for item in data["activities"])


def test_score_json_of_a_one_activity_file_keeps_its_fields_on_top(tmp_path: Path, dossier: Dossier) -> None:
    alone = dossier.only(dossier.ids[1])
    done = cli("score", str(write(tmp_path, alone)), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    own = own_data(alone, alone.current)
    assert {k: data[k] for k in own} == own
    assert data["activity_count"] == 1
    assert [item["id"] for item in data["activities"]] == [alone.current]


def test_plain_score_prints_a_line_per_activity(tmp_path: Path, dossier: Dossier) -> None:
    done = cli("score", str(write(tmp_path, dossier)))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for activity_id in dossier.ids:
        line = next(line for line in lines if line.strip().startswith(activity_id + " "))
        assert dossier.activity(activity_id).activity.name in line
    assert f"bij 2 van 3 verwerkingen: {dossier.activity(dossier.ids[1]).activity.name}" in done.stdout


def attached(pdf: Path) -> Dossier:
    return dossier_from_bytes(
        json_from_pdf(pdf.read_bytes()), successors=shipped_content().catalogue.successors
    )


def test_report_with_activity_writes_that_activitys_report(tmp_path: Path, dossier: Dossier) -> None:
    chosen = dossier.ids[2]
    out = tmp_path / "one.pdf"
    done = cli("report", str(write(tmp_path, dossier)), "-o", str(out), "--activity", chosen)
    assert done.returncode == 0, done.stderr
    assert attached(out).ids == [chosen]  # the report carries only the activity it is about


def test_report_of_a_dossier_is_the_organisation_report(tmp_path: Path, dossier: Dossier) -> None:
    out = tmp_path / "org.pdf"
    done = cli("report", str(write(tmp_path, dossier)), "-o", str(out), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert attached(out).ids == dossier.ids
    single = tmp_path / "single.pdf"
    done = cli("report", str(write(tmp_path, dossier.only(dossier.ids[0]), "one.json")), "-o", str(single))
    assert done.returncode == 0, done.stderr
    assert attached(single).ids == [dossier.ids[0]]


def test_report_of_an_unknown_activity_names_the_known_ones(tmp_path: Path, dossier: Dossier) -> None:
    out = tmp_path / "none.pdf"
    done = cli("report", str(write(tmp_path, dossier)), "-o", str(out), "--activity", "bestaat-niet")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "bestaat-niet" in done.stderr and all(activity_id in done.stderr for activity_id in dossier.ids)
    assert not out.exists()
