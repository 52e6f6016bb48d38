"""`python -m pia_core validate FILE`: exit 0 for a file the app can open, 2 and one line otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF

from pia_core import REPO_DIR
from pia_core.importing import PDF_ATTACHMENT
from pia_core.scan.model import SCHEMA_VERSION

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema" / "v1.json"


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pia_core", "validate", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        timeout=60,
    )


def test_valid_json_exits_0() -> None:
    result = validate(FIXTURE)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and "3 answers" in result.stdout
    assert result.stderr == ""


def test_pdf_with_the_scan_inside_exits_0(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.embed_file(bytes=FIXTURE.read_bytes(), basename=PDF_ATTACHMENT)
    path = tmp_path / "rapport.pdf"
    path.write_bytes(bytes(pdf.output()))
    result = validate(path)
    assert result.returncode == 0, result.stderr
    assert f"(pdf, schema {SCHEMA_VERSION}, 1 activity, 3 answers)" in result.stdout


def test_unknown_ids_still_valid_and_named(tmp_path: Path) -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["answers"]["s99_gone"] = "yes"
    path = tmp_path / "scan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = validate(path)
    assert result.returncode == 0
    assert "1 unknown item(s) left out: s99_gone" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{broken", "not valid JSON"),
        (b'{"schema_version": %d}' % (SCHEMA_VERSION + 1), "not supported"),
        (b'{"schema_version": 1, "language": "de"}', "field 'language'"),
        (b"%PDF-1.4 nonsense", "PDF cannot be read"),
        (b" " * 1_000_001, "at most 1,000,000"),
        # Numbers JSON cannot hold: the file would pass, then never load again.
        (b'{"schema_version": 1, "presentation": {"timer": {"last_seen": NaN}}}', "NaN is not a number"),
        (b'{"schema_version": 1, "presentation": {"timer": {"last_seen": Infinity}}}', "Infinity is not"),
        (b'{"schema_version": 1, "presentation": {"timer": {"last_seen": 1e999}}}', "1e999 is too large"),
        (b'{"schema_version": 1, "assessor": "x", "n": ' + b"7" * 5000 + b"}", "5,000 digits"),
    ],
)
def test_invalid_file_exits_2_with_one_line(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = validate(path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0] and str(path) in lines[0]


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = validate(tmp_path / "nope.json")
    assert result.returncode == 2
    assert "cannot read" in result.stderr and len(result.stderr.strip().splitlines()) == 1
