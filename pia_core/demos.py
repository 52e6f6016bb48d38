"""Demo scenarios: example assessments a consultant opens in one click (content/demos/).

The index (content/demos/index.yaml, pia_core/content/demos.py) names each demo and its file; the
files are ordinary assessment JSON, read through the same importer and validation as a user's
upload (pia_core.importing), so a demo can never hold what an uploaded file could not.
"""

from __future__ import annotations

from pia_core.content.bundle import Content
from pia_core.content.demos import find_demo
from pia_core.importing import ImportResult, import_file


def load_demo(demo_id: str, content: Content) -> ImportResult:
    """The demo as an upload of its file would give it (AssessmentFileError if the file is broken)."""
    item = find_demo(demo_id, content.demos)
    return import_file(content.demo_dir / item.file, content)
