"""Pydantic schema of the content files; a broken file fails loudly at load time."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pia_core.vocabulary import Answer, Language, Sector

# The steps after the organisation's step 0, each with its own page (app_pages/step_NN.py). The
# catalogue is the source: content/steps/ holds step_00 .. step_NN, and `catalogue()` refuses a
# catalogue whose last step is not this one (tests hold the page files and content/agenda.yaml to
# the catalogue's steps); here only so the schemas below can bound a step number.
STEP_COUNT = 10


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

    def format(self, laws: dict[str, Law], lang: Language, named: bool = True) -> str:
        """ "AVG art. 28 lid 3" / "GDPR Art. 28(3)"; without the law's name ("art. 28 lid 3") when
        `named` is False, for the next reference to the same law in a list."""
        law = laws[self.law]
        name = law.name[lang]
        if self.article is None:
            return name
        if lang == "nl":
            text = f"art. {self.article}"
            if self.paragraph:
                text += f" lid {self.paragraph}"
            if self.point:
                text += f" sub {self.point}"
        else:
            text = f"Art. {self.article}" + "".join(f"({p})" for p in (self.paragraph, self.point) if p)
        return f"{name} {text}" if named else text


def reference_list(references: Sequence[Reference], laws: dict[str, Law], lang: Language) -> str:
    """References joined for reading: a law is named once for the articles that follow it
    ("UAVG art. 22; art. 23; art. 24"), not before each of them."""
    parts = []
    previous: str | None = None
    for reference in references:
        named = reference.law != previous or reference.article is None
        parts.append(reference.format(laws, lang, named=named))
        previous = reference.law if reference.article is not None else None
    return "; ".join(parts)


class FineTier(StrEnum):
    """The AVG fine tier of the duty a question tests: art. 83(5) (up to 20 million or 4 %:
    principles, lawful basis, consent, special data, data subjects' rights, transfers, Member State
    law under chapter IX such as the BSN) or art. 83(4) (up to 10 million or 2 %: processors,
    records, security, breach notification, DPIA, FG). `none`: a duty of another law (Tw, Archiefwet,
    sector standards) or good practice."""

    HIGHER = "83(5)"
    LOWER = "83(4)"
    NONE = "none"


# The impact a tier allows: a duty the AVG fines in its higher tier is never a small matter.
TIER_IMPACTS: dict[FineTier, frozenset[Impact]] = {
    FineTier.HIGHER: frozenset({Impact.HIGH}),
    FineTier.LOWER: frozenset({Impact.MEDIUM, Impact.HIGH}),
    FineTier.NONE: frozenset(Impact),
}


class QuestionSpec(Strict):
    """The language-independent facts of a question (one source of truth for weights)."""

    id: str = Field(pattern=r"^s\d{1,2}_[a-z0-9_]+$")
    weight: int = Field(ge=1, le=5)
    critical: bool = False
    # Critical only while one of these facts (content/facts.yaml) holds; instead of `critical`.
    critical_when: list[str] = Field(default_factory=list)
    # N.v.t. contradicts these facts: answering N.v.t. while one holds is a "controleer" finding.
    na_conflicts: list[str] = Field(default_factory=list)
    # N.v.t. needs no reason: it only says the situation the question asks about does not exist (an
    # organisation established in the EU has no representative to designate under art. 27).
    na_plain: bool = False
    fine_tier: FineTier
    impact: Impact = Impact.MEDIUM
    sectors: list[Sector] | None = None  # None: applies to every sector
    # "AVG 28(3)", "NEN 7510": parsed against laws.yaml by the loader.
    references: list[str] = Field(min_length=1)
    # Ids of removed questions whose answers this question takes over (same duty, merged).
    replaces: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> QuestionSpec:
        if self.critical and self.critical_when:
            raise ValueError("give either critical: true or critical_when, not both")
        if self.impact not in TIER_IMPACTS[self.fine_tier]:
            allowed = ", ".join(sorted(i.value for i in TIER_IMPACTS[self.fine_tier]))
            raise ValueError(f"fine tier {self.fine_tier.value} needs impact {allowed}")
        return self

    def applies_to(self, sector: Sector) -> bool:
        return self.sectors is None or sector in self.sectors

    @property
    def may_be_critical(self) -> bool:
        return self.critical or bool(self.critical_when)


class FlowSignal(StrEnum):
    """What a communication flow can tell about the processing (pia_core/scan/flow_model.Flow)."""

    SPECIAL_DATA = "special_data"
    BSN = "bsn"
    OUTSIDE_PARTY = "outside_party"  # a print house, mail or portal provider handles the flow


class FactSpec(Strict):
    """Something the scan knows from elsewhere (content/facts.yaml); holds when any source says so."""

    name: dict[Language, str]
    always: bool = False
    sectors: list[Sector] = Field(default_factory=list)
    screening: list[str] = Field(default_factory=list)  # ids of content/screening.yaml
    flows: list[FlowSignal] = Field(default_factory=list)


class StepSpec(Strict):
    number: int = Field(ge=0, le=STEP_COUNT)
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


class QuickScan(Strict):
    """content/quick_scan.yaml: the questions of the quick scan."""

    questions: list[str] = Field(min_length=1)


class Level(Strict):
    """A score band. `min` is the lowest score (inclusive) that reaches it."""

    id: str = Field(pattern=r"^[a-z_]+$")
    min: float = Field(ge=0, le=100)
    colour: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    name: dict[Language, str]
    meaning: dict[Language, str]


class ScoringRules(Strict):
    answer_values: dict[Answer, float]
    # A critical question with one of these answers is a critical point.
    critical_answers: frozenset[Answer]
    levels: list[Level] = Field(min_length=2)

    @field_validator("critical_answers")
    @classmethod
    def _weak_answers_only(cls, answers: frozenset[Answer]) -> frozenset[Answer]:
        if Answer.YES in answers or Answer.NA in answers or not answers:
            raise ValueError("critical answers are weak answers: no, unknown and/or partly")
        return answers

    @field_validator("levels")
    @classmethod
    def _levels_ascending(cls, levels: list[Level]) -> list[Level]:
        mins = [level.min for level in levels]
        if mins[0] != 0 or mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("levels must start at 0 and rise strictly")
        return levels
