"""Pydantic schema of the content files; a broken file fails loudly at load time."""

from __future__ import annotations

import re
from collections.abc import Collection
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pia_core.model import LANGUAGES, Answer, Language, Sector


class Strict(BaseModel):
    """Content files are hand-edited: a misspelt key is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Impact(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Law(Strict):
    """A law or standard that references point to, named per language."""

    name: dict[Language, str]
    # A standard (NEN 7510) is cited as a whole, a law by article.
    kind: Literal["law", "standard"] = "law"


_ARTICLE = re.compile(r"^(?P<article>\d[\w:.]*)(?P<parts>(?:\(\w+\))*)$")


class Reference(Strict):
    """A legal reference such as `AVG 28(3)`: law key, article, paragraph, point."""

    law: str
    article: str | None = None
    paragraph: str | None = None
    point: str | None = None

    @classmethod
    def parse(cls, text: str, laws: Collection[str]) -> Reference:
        """Parse 'KEY', or 'KEY ARTICLE(PARAGRAPH)(POINT)' where KEY is a key of `laws`."""
        text = text.strip()
        if text in laws:
            return cls(law=text)
        keys = sorted((k for k in laws if text.startswith(f"{k} ")), key=len, reverse=True)
        if not keys:
            raise ValueError(f"unknown law in {text!r}")
        match = _ARTICLE.match(text[len(keys[0]) + 1 :])
        if not match:
            raise ValueError(f"reference {text!r} is not of the form 'LAW 12(3)(b)'")
        parts = re.findall(r"\((\w+)\)", match["parts"])
        if len(parts) > 2:
            raise ValueError(f"reference {text!r} has more than paragraph and point")
        return cls(
            law=keys[0],
            article=match["article"],
            paragraph=parts[0] if parts else None,
            point=parts[1] if len(parts) > 1 else None,
        )

    def format(self, laws: dict[str, Law], lang: Language) -> str:
        law = laws[self.law]
        name = law.name[lang]
        if self.article is None:
            return name
        if lang == "nl":
            text = f"{name} art. {self.article}"
            if self.paragraph:
                text += f" lid {self.paragraph}"
            if self.point:
                text += f" sub {self.point}"
            return text
        tail = "".join(f"({p})" for p in (self.paragraph, self.point) if p)
        return f"{name} Art. {self.article}{tail}"


class QuestionSpec(Strict):
    """The language-independent facts of a question (one source of truth for weights)."""

    id: str = Field(pattern=r"^s\d{1,2}_[a-z0-9_]+$")
    weight: int = Field(ge=1, le=5)
    critical: bool = False
    impact: Impact = Impact.MEDIUM
    sectors: list[Sector] | None = None  # None: applies to every sector
    # "AVG 28(3)", "NEN 7510": parsed against laws.yaml by the loader.
    references: list[str] = Field(min_length=1)

    def applies_to(self, sector: Sector) -> bool:
        return self.sectors is None or sector in self.sectors


class StepSpec(Strict):
    number: int = Field(ge=0, le=10)
    weight: int = Field(default=1, ge=1, le=5)
    questions: list[QuestionSpec] = Field(min_length=1)


class QuestionText(Strict):
    text: str = Field(min_length=5)
    explanation: str | None = None  # plain-language help for non-experts
    do: str = Field(min_length=5)  # shown for a good answer
    action: str = Field(min_length=5)  # shown for a weak answer: what to fix


class StepText(Strict):
    title: str = Field(min_length=3)
    intro: str = Field(min_length=20)
    questions: dict[str, QuestionText]


class Level(Strict):
    """A score band. `min` is the lowest score (inclusive) that reaches it."""

    id: str = Field(pattern=r"^[a-z_]+$")
    min: float = Field(ge=0, le=100)
    colour: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    name: dict[Language, str]
    meaning: dict[Language, str]


class ScoringRules(Strict):
    answer_values: dict[Answer, float]
    levels: list[Level] = Field(min_length=2)

    @field_validator("levels")
    @classmethod
    def _levels_ascending(cls, levels: list[Level]) -> list[Level]:
        mins = [level.min for level in levels]
        if mins[0] != 0 or mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("levels must start at 0 and rise strictly")
        return levels


# Re-exported so callers iterate languages from one place.
__all__ = ["LANGUAGES"]
