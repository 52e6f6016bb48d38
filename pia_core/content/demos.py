"""The demo index (content/demos/index.yaml): each demo's id, title, description and file."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import ContentError, validate_file
from pia_core.content.schema import Strict
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


def find_demo(demo_id: str, items: tuple[Demo, ...]) -> Demo:
    for item in items:
        if item.id == demo_id:
            return item
    raise KeyError(demo_id)
