"""`python -m pia_core report FILE -o OUT.docx`: the Word report from the command line, as a real process."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t

DEMOS = shipped_content().demo_dir


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pia_core", *args], capture_output=True, text=True, cwd=REPO_DIR, timeout=120
    )


def heading_texts(path: Path) -> list[str]:
    doc = docx.Document(io.BytesIO(path.read_bytes()))
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]


def test_a_docx_output_is_the_word_report_in_the_chosen_language(tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    done = cli("report", str(DEMOS / "gemeente-verhuizen.json"), "-o", str(out), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"PK")  # a .docx is a zip package
    assert heading_texts(out)[0] == t("report.summary_heading", "en")
    pdf = tmp_path / "x.pdf"
    assert cli("report", str(DEMOS / "gemeente-verhuizen.json"), "-o", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")  # any other name: the PDF, as before


def test_a_dossier_gives_the_organisation_word_report_or_one_activitys(tmp_path: Path) -> None:
    source = str(DEMOS / "gemeente-organisatie.json")
    whole, one = tmp_path / "organisatie.DOCX", tmp_path / "een.docx"
    assert cli("report", source, "-o", str(whole)).returncode == 0
    assert heading_texts(whole)[0] == t("overview.report.summary_heading", "nl")
    done = cli("report", source, "-o", str(one), "--activity", "wmo-aanvraag")
    assert done.returncode == 0, done.stderr
    assert heading_texts(one)[0] == t("report.summary_heading", "nl")


def test_an_unwritable_docx_is_one_line_on_stderr(tmp_path: Path) -> None:
    done = cli("report", str(DEMOS / "bedrijf-nieuwsbrief.json"), "-o", str(tmp_path / "nope" / "x.docx"))
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and "Traceback" not in done.stderr
