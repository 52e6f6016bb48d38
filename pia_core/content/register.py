"""content/register.yaml: how the register of processing activities (AVG art. 30(1)) is filled
from what the scan knows. Validated at load against the catalogue, the DPIA check and the facts,
so a misspelt question or tick id fails loudly with the file and the field."""

from __future__ import annotations

import string
from pathlib import Path

from pydantic import Field, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import Catalogue, ContentError, validate_file
from pia_core.content.schema import FlowSignal, Reference, Strict
from pia_core.content.screening import ScreeningContent
from pia_core.scan.flow_model import Recipient
from pia_core.vocabulary import LANGUAGES, Answer, Language

REGISTER_FILE = CONTENT_DIR / "register.yaml"
# The fields of art. 30(1), in the article's order; all but the first are RegisterEntry fields.
FIELD_KEYS = (
    "controller",
    "purpose",
    "data_subjects",
    "data_categories",
    "recipients",
    "transfers",
    "retention",
    "security",
)
FLOWS_PLACEHOLDER = "flows"
LABEL_SEPARATOR = "; "  # between the labels of one field


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Signal(Strict):
    """A short label for the register, added when any of its sources holds."""

    label: dict[Language, str]
    needs: dict[Language, str] | None = None  # still to be added to the register when this holds
    recipients: list[Recipient] = Field(default_factory=list)
    flows: list[FlowSignal] = Field(default_factory=list)
    screening: list[str] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)
    answers: dict[str, list[Answer]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> Signal:
        for name, text in (("label", self.label), ("needs", self.needs)):
            if text is None:
                continue
            if any(not text.get(lang, "").strip() for lang in LANGUAGES):
                raise ValueError(f"{name}: give a text in every language ({', '.join(LANGUAGES)})")
            if any(LABEL_SEPARATOR.strip() in text[lang] for lang in LANGUAGES):
                raise ValueError(
                    f"{name}: no '{LABEL_SEPARATOR.strip()}' (it separates the labels in a field)"
                )
            found = [_placeholders(text[lang]) for lang in LANGUAGES]
            if any(names - {FLOWS_PLACEHOLDER} for names in found):
                raise ValueError(f"{name}: the only placeholder is {{{FLOWS_PLACEHOLDER}}}")
            if any(names != found[0] for names in found):
                raise ValueError(f"{name}: the languages use different placeholders")
            if found[0] and (self.screening or self.facts or self.answers):
                raise ValueError(f"{name}: {{{FLOWS_PLACEHOLDER}}} only with flows or recipients as sources")
        if not (self.recipients or self.flows or self.screening or self.facts or self.answers):
            raise ValueError("name at least one source (recipients, flows, screening, facts, answers)")
        return self


class FieldRule(Strict):
    reference: str  # "AVG 30(1)(b)", formatted through laws.yaml
    description: bool = False
    signals: list[Signal] = Field(default_factory=list)
    notes: list[int] = Field(default_factory=list)


class RegisterContent(Strict):
    fields: dict[str, FieldRule]

    @model_validator(mode="after")
    def _every_field_in_order(self) -> RegisterContent:
        if tuple(self.fields) != FIELD_KEYS:
            raise ValueError(f"give the fields {', '.join(FIELD_KEYS)}, in that order")
        return self


def _check_ids(path: Path, content: RegisterContent, cat: Catalogue, ticks: set[str]) -> None:
    """Every id the rules name exists: a typo would silently leave a field unfilled."""
    steps = {step.number for step in cat.steps}
    for key, rule in content.fields.items():
        try:
            Reference.parse(rule.reference, cat.laws)
        except ValueError as exc:
            raise ContentError(f"{path}: field 'fields.{key}.reference': {exc}") from None
        for step in rule.notes:
            if step not in steps:
                raise ContentError(f"{path}: field 'fields.{key}.notes': no step {step}")
        for i, signal in enumerate(rule.signals):
            where = f"fields.{key}.signals.{i}"
            unknown = (
                [f"screening id {s}" for s in signal.screening if s not in ticks]
                + [f"fact {f}" for f in signal.facts if f not in cat.facts]
                + [f"question {q}" for q in signal.answers if q not in cat.questions]
            )
            if unknown:
                raise ContentError(f"{path}: field '{where}': unknown {', '.join(unknown)}")
            if any(cat.facts[f].always for f in signal.facts):
                raise ContentError(f"{path}: field '{where}': a fact that always holds fills nothing")


def load_register_content(
    cat: Catalogue, screening: ScreeningContent, path: Path = REGISTER_FILE
) -> RegisterContent:
    """The register's rules, checked against the catalogue and the DPIA check's items."""
    content = validate_file(path, RegisterContent)
    _check_ids(path, content, cat, {item.id for item in screening.all_items})
    return content
