"""`python -m pia_core`: the contract other tools rely on, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pia_core", *args], capture_output=True, text=True, cwd=REPO_DIR, timeout=60
    )


def write(tmp_path: Path, data: object, name: str = "scan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_catalogue_json_shape() -> None:
    result = cli("catalogue", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["number"] for s in data["steps"]] == list(range(11))
    question = data["steps"][1]["questions"][0]
    assert set(question) >= {"id", "text", "weight", "critical", "sectors", "references"}
    assert set(question["text"]) == {"nl", "en"}
    assert set(data["steps"][1]["title"]) == {"nl", "en"}


def test_catalogue_text_in_english() -> None:
    result = cli("catalogue", "--lang", "en")
    assert result.returncode == 0
    assert shipped_content().catalogue.step(1).title("en") in result.stdout


def test_score_json_on_good_file(tmp_path: Path) -> None:
    step2 = shipped_content().catalogue.step(2)
    critical = next(q.id for q in step2.questions if q.spec.critical)
    answers = {q.id: "yes" for q in step2.questions}
    answers[critical] = "no"
    path = write(
        tmp_path,
        {
            "schema_version": 1,
            "organisation": {"name": "Gemeente Ede", "sector": "government"},
            "answers": answers,
            "notes": {"1": "Navragen bij ICT"},
        },
    )
    result = cli("score", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"overall", "level", "steps", "critical_findings"}
    assert data["critical_findings"] == [critical]
    assert data["level"] == shipped_content().catalogue.scoring.levels[0].id
    assert data["steps"]["1"] is None
    assert 0 < data["steps"]["2"] < 100
    assert data["overall"] == data["steps"]["2"]
    # Other steps' critical questions are still open: the level says so.
    assert data["provisional"] is True and critical not in data["open_critical"]
    # Nobody went through the DPIA check: it says so, and it rests on nothing.
    assert data["screening"] == {
        "verdict": "not_filled",
        "reasons": [],
        "route": "not_filled",
        "basis": "none",
        "central_government": False,
        "rebuttal": None,
    }
    # The one critical point names the published decisions on its duty (ids in content/precedents).
    assert set(data["precedents"]) == {critical}


def test_score_json_says_whether_the_dpia_verdict_is_law_or_policy(tmp_path: Path) -> None:
    """Issue 19: a webshop past the pre-scan's risk score is advised (policy); two criteria are law;
    a documented "no high risk" is given with who, when and why."""
    five = dict.fromkeys(
        ["rs_ordinary_many", "rs_sensitive", "rs_volume", "rs_frequency", "rs_retention"], True
    )
    shop = {"name": "Webshop", "sector": "company"}
    webshop = {"schema_version": 1, "organisation": shop, "screening": five}
    data = json.loads(cli("score", str(write(tmp_path, webshop)), "--json").stdout)["screening"]
    assert (data["verdict"], data["route"], data["basis"]) == ("recommended", "risk_score", "policy")
    two_criteria = {**five, "sensitive": True, "large_scale": True}
    law = {**webshop, "screening": two_criteria}
    data = json.loads(cli("score", str(write(tmp_path, law)), "--json").stdout)["screening"]
    assert (data["verdict"], data["route"], data["basis"]) == ("required", "criteria", "law")
    rebutted = {
        **law,
        "screening": {**two_criteria, "documented_no_high_risk": True},
        "dpia": {"no_high_risk": {"by": "FG", "date": "2026-03-01", "reason": "Geen profilering."}},
    }
    data = json.loads(cli("score", str(write(tmp_path, rebutted)), "--json").stdout)["screening"]
    assert (data["verdict"], data["route"], data["basis"]) == ("recommended", "documented", "none")
    assert data["rebuttal"] == {"by": "FG", "date": "2026-03-01", "reason": "Geen profilering."}


def test_score_text_output(tmp_path: Path) -> None:
    path = write(tmp_path, {"schema_version": 1, "organisation": {"name": "Kliniek", "sector": "healthcare"}})
    result = cli("score", str(path))
    assert result.returncode == 0
    assert "Kliniek" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ('{"organisation": {"name": "x", "sector": "company"}}', "schema_version"),
        ('{"schema_version": 1, "organisation": {"name": "x", "sector": "bakery"}}', "organisation.sector"),
        ('{"schema_version": 1, "answers": {"s1_owner": "maybe"}}', "answers.s1_owner"),
        ('{"schema_version": 99}', "not supported"),
        ("[1, 2]", "JSON object"),
        ("", "not valid JSON"),
    ],
)
def test_score_bad_file_exits_2_with_one_line(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = cli("score", str(path), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert str(path) in lines[0]
    assert "Traceback" not in result.stderr


def test_score_missing_file_exits_2(tmp_path: Path) -> None:
    result = cli("score", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot read" in result.stderr


def test_score_binary_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    result = cli("score", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
