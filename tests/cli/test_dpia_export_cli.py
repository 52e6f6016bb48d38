"""`python -m pia_core dpia-export FILE -o OUT.json [--activity ID]`, as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.exports.model_dpia import MODEL_URN, SOURCE

DEMOS = shipped_content().demo_dir


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pia_core", *args], capture_output=True, text=True, cwd=REPO_DIR, timeout=120
    )


def test_the_demo_municipality_is_written_as_a_model_dpia_file(tmp_path: Path) -> None:
    out = tmp_path / "dpia.json"
    done = cli("dpia-export", str(DEMOS / "gemeente-verhuizen.json"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text("utf-8"))
    assert document["metadata"]["urn"] == MODEL_URN
    assert document["metadata"]["createdBy"] == {"name": SOURCE}
    assert document["answers"]["3.1"][0]["3.1.1"]["value"] == "Aanvraag verhuizen"


def test_one_activity_of_a_dossier(tmp_path: Path) -> None:
    out = tmp_path / "wmo.json"
    done = cli(
        "dpia-export", str(DEMOS / "gemeente-organisatie.json"), "-o", str(out), "--activity", "wmo-aanvraag"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text("utf-8"))["answers"]["3.1"][0]["3.1.1"]["value"]


def _one_line_error(done: subprocess.CompletedProcess[str], out: Path) -> None:
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_no_dpia_due_is_exit_2_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    done = cli("dpia-export", str(DEMOS / "bedrijf-nieuwsbrief.json"), "-o", str(out))
    _one_line_error(done, out)
    assert "no DPIA is due" in done.stderr
    done = cli(
        "dpia-export",
        str(DEMOS / "gemeente-organisatie.json"),
        "-o",
        str(out),
        "--activity",
        "parkeervergunning",
    )
    _one_line_error(done, out)


def test_an_unknown_or_missing_activity_is_exit_2_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    source = str(DEMOS / "gemeente-organisatie.json")
    done = cli("dpia-export", source, "-o", str(out), "--activity", "nope")
    _one_line_error(done, out)
    assert "no activity 'nope'" in done.stderr
    _one_line_error(cli("dpia-export", source, "-o", str(out)), out)  # several activities: choose one
