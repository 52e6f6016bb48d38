"""`score FILE [--json] --assume-done ID [ID ...]`: the verdict after the plan is added, nothing changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pia_core.cli import main
from pia_core.content.bundle import shipped_content
from tests.cli.test_cli import cli

DEMOS = shipped_content().demo_dir
ONE = DEMOS / "zorg-patientbrieven.json"
MANY = DEMOS / "gemeente-organisatie.json"
PROJECTED_FIELDS = {"overall", "level", "critical_findings", "steps", "savings"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["score", *args])
    out, err = capsys.readouterr()
    return code, out, err


def score_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def without_projected(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: without_projected(value) for key, value in data.items() if key != "projected"}
    if isinstance(data, list):
        return [without_projected(value) for value in data]
    return data


def test_the_projection_is_only_added(capsys: pytest.CaptureFixture[str]) -> None:
    plain = score_json(capsys, str(ONE))
    planned = score_json(capsys, str(ONE), "--assume-done", "top5")
    assert "projected" not in json.dumps(plain)
    assert without_projected(planned) == plain
    projected = planned["projected"]
    assert set(projected) >= PROJECTED_FIELDS
    assert projected["overall"] > plain["overall"]
    assert set(projected["critical_findings"]) < set(plain["critical_findings"])
    assert set(projected["steps"]) == set(plain["steps"])
    assert set(projected["savings"]) == set(plain["savings"])
    assert len(projected["done"]) == 5 and set(projected["assumed"]) == set(projected["done"])
    # A one-activity file: the same object on top and in its one activity.
    assert planned["activities"][0]["projected"] == projected


def test_named_actions_and_top5_together(capsys: pytest.CaptureFixture[str]) -> None:
    plain = score_json(capsys, str(ONE))
    last = plain["critical_findings"][-1]
    named = score_json(capsys, str(ONE), "--assume-done", last)["projected"]
    assert named["done"] == [last] and last not in named["critical_findings"]
    both = score_json(capsys, str(ONE), "--assume-done", "top5", last)["projected"]
    assert len(both["done"]) == 6 and last in both["done"]


def test_a_dossier_projects_every_activity_with_its_own_plan(capsys: pytest.CaptureFixture[str]) -> None:
    plain = score_json(capsys, str(MANY))
    planned = score_json(capsys, str(MANY), "--assume-done", "top5")
    assert without_projected(planned) == plain
    assert "projected" not in planned, "no single activity speaks for the whole dossier"
    for item in planned["activities"]:
        assert len(item["projected"]["done"]) == 5
        assert item["projected"]["overall"] >= item["overall"]
    # A named id counts in every activity whose plan has it, and only there.
    shared = next(entry for entry in plain["shared_actions"] if not entry["organisation_wide"])
    one_id = score_json(capsys, str(MANY), "--assume-done", shared["finding"])
    for item in one_id["activities"]:
        expected = [shared["finding"]] if item["id"] in shared["activities"] else []
        assert item["projected"]["done"] == expected, item["id"]


def test_unknown_ids_exit_2_with_one_line_naming_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(ONE), "--json", "--assume-done", "top5", "s1_nope", "flow:x:y")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "s1_nope, flow:x:y" in err and "top5" not in err


def test_the_line_in_the_scans_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, str(ONE), "--assume-done", "top5")
    assert code == 0
    line = next(text for text in out.splitlines() if text.startswith("Nu "))
    assert "kritieke punten → na het plan " in line
    data = json.loads(ONE.read_text(encoding="utf-8"))
    english = tmp_path / "scan.json"
    english.write_text(json.dumps({**data, "language": "en"}), encoding="utf-8")
    code, out, _ = run(capsys, str(english), "--assume-done", "top5")
    assert code == 0 and any(
        text.startswith("Now ") and "→ after the plan " in text for text in out.splitlines()
    )


def test_a_dossier_in_words_has_a_line_per_activity(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(MANY), "--assume-done", "top5")
    assert code == 0
    count = len(json.loads(MANY.read_text(encoding="utf-8"))["activities"])
    assert sum(text.strip().startswith("Nu ") for text in out.splitlines()) == count


def test_as_a_real_process() -> None:
    done = cli("score", str(ONE), "--json", "--assume-done", "top5")
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)["projected"]) >= PROJECTED_FIELDS
