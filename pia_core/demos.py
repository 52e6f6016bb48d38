"""Demo scenarios: example assessments a consultant opens in one click (content/demos/).

The index (content/demos/index.yaml) names each demo and its file; the files are ordinary
assessment JSON, read through the same importer and validation as a user's upload
(pia_core.importing), so a demo can never hold what an uploaded file could not.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import Catalogue, ContentError, catalogue, validate_file
from pia_core.content.schema import Strict
from pia_core.importing import ImportResult, import_file
from pia_core.vocabulary import Language

DEMO_DIR = CONTENT_DIR / "demos"
INDEX_FILE = "index.yaml"


class Demo(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    title: dict[Language, str]
    description: dict[Language, str]
    file: str = Field(pattern=r"^[a-z0-9-]{1,60}\.json$")  # a plain name: no path can leave DEMO_DIR


class DemoIndex(Strict):
    demos: list[Demo] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> DemoIndex:
        ids = [demo.id for demo in self.demos]
        if len(ids) != len(set(ids)):
            raise ValueError("demo ids must be unique")
        return self


def load_index(root: Path = DEMO_DIR) -> list[Demo]:
    index = validate_file(root / INDEX_FILE, DemoIndex)
    for demo in index.demos:
        if not (root / demo.file).is_file():
            raise ContentError(f"{root / INDEX_FILE}: demo '{demo.id}': file {demo.file} is missing")
    return index.demos


@cache
def demos() -> tuple[Demo, ...]:
    """The shipped demos, in the order of the index."""
    return tuple(load_index())


def find_demo(demo_id: str, items: tuple[Demo, ...] | None = None) -> Demo:
    for item in demos() if items is None else items:
        if item.id == demo_id:
            return item
    raise KeyError(demo_id)


def load_demo(demo_id: str, cat: Catalogue | None = None, root: Path = DEMO_DIR) -> ImportResult:
    """The demo as an upload of its file would give it (AssessmentFileError if the file is broken)."""
    item = find_demo(demo_id, None if root == DEMO_DIR else tuple(load_index(root)))
    return import_file(root / item.file, cat or catalogue())
