"""The app server loads none of the libraries that build files: the PDF and the Word report are
built in the PDF workers (pia_core/pdf_pool.py), the register's spreadsheet only when asked for.
Importing them with the pages cost the server some 65 MB that every idle server kept
(issue 25: memory of an idle server)."""

from __future__ import annotations

import subprocess
import sys

from pia_core import REPO_DIR

FILE_BUILDERS = ("fpdf", "fontTools", "docx", "openpyxl", "vl_convert", "pypdf")


def test_the_app_and_its_pages_import_no_file_builder() -> None:
    check = (
        "import sys\n"
        "import pia_core.ui.app_shell, pia_core.ui.summary_page, pia_core.ui.overview_page\n"
        "import pia_core.ui.step_page, pia_core.ui.flows_page, pia_core.ui.workspace_page\n"
        f"print(','.join(m for m in {FILE_BUILDERS!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], cwd=REPO_DIR, capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "", f"loaded by the pages: {done.stdout.strip()}"
