"""Published enforcement decisions (content/precedents/*.yaml): the precedent behind a critical point.

One file per decision of the Dutch AP or another European data-protection authority. The app shows
up to two of them under each critical finding (authority, year, organisation, amount, one plain
sentence on what went wrong, the decision's reference and web address); the case library
(tests/cases/<same id>.yaml) scans the same organisation and checks that the scan reaches the
regulator's verdict. One file holds the facts for both.

A decision names the duties it is a precedent for by finding id (a question, `dpia:missing`, a
flow rule `flow:<rule>`), so the loader is given the catalogue and the flow rules' ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import Catalogue, ContentError, validate_file
from pia_core.content.schema import Reference, Strict
from pia_core.vocabulary import LANGUAGES, Language, Sector

SHOWN = 2  # precedents shown per critical finding
PRECEDENTS_DIR = CONTENT_DIR / "precedents"
# Finding ids that are not question ids: the DPIA duty and flow rules (`flow:<rule id>`).
OTHER_DUTIES = ("dpia:missing",)


class Precedent(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")  # the file's name
    authority: dict[Language, str]  # "Autoriteit Persoonsgegevens (AP)"
    country: str = Field(pattern=r"^[A-Z]{2}$")  # ISO 3166 code of the authority
    organisation: str = Field(min_length=2)
    sector: Sector
    decision_date: dt.date
    announced_only: bool = False  # only the announcement's date was found, not the decision's
    fine_eur: int | None = Field(default=None, ge=0)  # None: a reprimand or an order, no fine
    reference: str = Field(min_length=4)  # how to find the decision: its number or title and date
    url: str = Field(pattern=r"^https://[^\s]+$")
    lesson: dict[Language, str]  # one plain sentence: what went wrong
    summary: dict[Language, str]  # a few sentences, with later reductions by objection or court
    articles: list[str] = Field(min_length=1)  # what the authority found violated ("AVG 32(1)")
    duties: list[str] = Field(min_length=1)  # the finding ids this decision is a precedent for

    @field_validator("authority", "lesson", "summary")
    @classmethod
    def _both_languages(cls, text: dict[Language, str]) -> dict[Language, str]:
        for lang in LANGUAGES:
            if not text.get(lang, "").strip():
                raise ValueError(f"give a text in '{lang}'")
        return text

    @field_validator("lesson")
    @classmethod
    def _one_sentence(cls, text: dict[Language, str]) -> dict[Language, str]:
        for lang, sentence in text.items():
            if len(sentence) > 240:
                raise ValueError(f"'{lang}': one plain sentence of at most 240 characters")
        return text

    @property
    def year(self) -> int:
        return self.decision_date.year


@dataclass(frozen=True)
class Precedents:
    items: dict[str, Precedent]

    def for_duty(self, duty: str, sector: Sector | None = None, limit: int = SHOWN) -> list[Precedent]:
        """The decisions on this duty: the organisation's own sector first, then the most recent."""
        found = [p for p in self.items.values() if duty in p.duties]
        found.sort(key=lambda p: (p.sector is not sector, -p.decision_date.toordinal(), p.id))
        return found[:limit]


def duty_key(finding_id: str) -> str:
    """A flow flag `flow:<flow id>:<rule>` counts as its rule `flow:<rule>`; other ids are their own."""
    parts = finding_id.split(":")
    if parts[0] == "flow" and len(parts) == 3:
        return f"flow:{parts[2]}"
    return finding_id


def _check(precedent: Precedent, path: Path, cat: Catalogue, flow_rules: Collection[str]) -> None:
    known = {*cat.questions, *OTHER_DUTIES, *(f"flow:{rule}" for rule in flow_rules)}
    unknown = sorted(set(precedent.duties) - known)
    if unknown:
        raise ContentError(f"{path}: duties: unknown finding ids {unknown}")
    for text in precedent.articles:
        try:
            Reference.parse(text, cat.laws)
        except ValueError as exc:
            raise ContentError(f"{path}: articles: {exc}") from None


def load_precedents(cat: Catalogue, flow_rules: Iterable[str], folder: Path = PRECEDENTS_DIR) -> Precedents:
    """The decisions in `folder`, checked against the catalogue and the flow rules' ids."""
    rules = set(flow_rules)
    items: dict[str, Precedent] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = validate_file(path, PrecedentFile)
        precedent = Precedent.model_validate({**data.model_dump(), "id": path.stem})
        _check(precedent, path, cat, rules)
        items[precedent.id] = precedent
    if not items:
        raise ContentError(f"{folder}: no precedents found")
    return Precedents(items)


class PrecedentFile(Precedent):
    """A file has no id field: its name is the id."""

    id: str = ""
