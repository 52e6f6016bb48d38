"""Load and cross-check the content files; every error names the file and the field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from pia_core import CONTENT_DIR
from pia_core.content.schema import (
    STEP_COUNT,
    FactSpec,
    Law,
    QuestionSpec,
    QuestionText,
    QuickScan,
    Reference,
    ScoringRules,
    StepSpec,
    StepText,
    reference_list,
)
from pia_core.vocabulary import LANGUAGES, Answer, Language, Sector, step_of

M = TypeVar("M", bound=BaseModel)


class ContentError(ValueError):
    """A content file is missing, unreadable or invalid."""


@dataclass(frozen=True)
class Question:
    spec: QuestionSpec
    step: int
    texts: dict[Language, QuestionText]
    references: tuple[Reference, ...]
    quick: bool = False  # asked in the quick scan (content/quick_scan.yaml)

    @property
    def id(self) -> str:
        return self.spec.id

    def text(self, lang: Language) -> QuestionText:
        return self.texts[lang]


@dataclass(frozen=True)
class Step:
    spec: StepSpec
    texts: dict[Language, StepText]
    questions: tuple[Question, ...]

    @property
    def number(self) -> int:
        return self.spec.number

    def title(self, lang: Language) -> str:
        return self.texts[lang].title

    def intro(self, lang: Language) -> str:
        return self.texts[lang].intro

    def applicable(self, sector: Sector) -> list[Question]:
        return [q for q in self.questions if q.spec.applies_to(sector)]


@dataclass(frozen=True)
class Catalogue:
    steps: tuple[Step, ...]
    laws: dict[str, Law]
    scoring: ScoringRules
    facts: dict[str, FactSpec]
    quick: frozenset[str]  # ids of the quick scan's questions (content/quick_scan.yaml)

    def step(self, number: int) -> Step:
        for step in self.steps:
            if step.number == number:
                return step
        raise KeyError(number)

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for s in self.steps for q in s.questions}

    @property
    def successors(self) -> dict[str, str]:
        """Removed question id -> the question that took over its duty (and its answer)."""
        return {old: q.id for s in self.steps for q in s.questions for old in q.spec.replaces}

    def references(self, question: Question, lang: Language) -> list[str]:
        return [ref.format(self.laws, lang) for ref in question.references]

    def reference_text(self, raw: Sequence[str] | Sequence[Reference], lang: Language) -> str:
        """References as one line, each law named once per run of its articles."""
        refs = [ref if isinstance(ref, Reference) else Reference.parse(ref, self.laws) for ref in raw]
        return reference_list(refs, self.laws, lang)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise ContentError(f"{path}: file is missing") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: not valid YAML ({exc})".replace("\n", " ")) from None


def _format_error(path: Path, exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top)"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{path}: field '{where}': {first['msg']}{more}"


def validate_file(path: Path, model: type[M]) -> M:
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise ContentError(_format_error(path, exc)) from None


def _parse_reference(path: Path, where: str, text: str, laws: dict[str, Law]) -> Reference:
    try:
        return Reference.parse(text, laws)
    except ValueError as exc:
        raise ContentError(f"{path}: field '{where}': {exc} (laws are listed in laws.yaml)") from None


def _check_texts(path: Path, spec: StepSpec, text: StepText) -> None:
    expected = {q.id for q in spec.questions}
    missing = sorted(expected - text.questions.keys())
    extra = sorted(text.questions.keys() - expected)
    if missing:
        raise ContentError(f"{path}: field 'questions': no text for {', '.join(missing)}")
    if extra:
        raise ContentError(f"{path}: field 'questions': unknown question ids {', '.join(extra)}")


def load_catalogue(root: Path = CONTENT_DIR) -> Catalogue:
    laws_path = root / "laws.yaml"
    try:
        laws = TypeAdapter(dict[str, Law]).validate_python(read_yaml(laws_path))
    except ValidationError as exc:
        raise ContentError(_format_error(laws_path, exc)) from None
    scoring_path = root / "scoring.yaml"
    scoring = validate_file(scoring_path, ScoringRules)
    if set(scoring.answer_values) != set(Answer) - {Answer.NA}:
        raise ContentError(f"{scoring_path}: field 'answer_values': give yes, partly, no, unknown")

    facts_path = root / "facts.yaml"
    try:
        facts = TypeAdapter(dict[str, FactSpec]).validate_python(read_yaml(facts_path))
    except ValidationError as exc:
        raise ContentError(_format_error(facts_path, exc)) from None

    step_files = sorted((root / "steps").glob("step_*.yaml"))
    if not step_files:
        raise ContentError(f"{root / 'steps'}: no step files")
    steps: list[Step] = []
    seen: dict[str, Path] = {}
    references: dict[str, tuple[Reference, ...]] = {}
    for path in step_files:
        spec = validate_file(path, StepSpec)
        for i, q in enumerate(spec.questions):
            if q.id in seen:
                raise ContentError(f"{path}: field 'questions.{i}.id': {q.id} also in {seen[q.id]}")
            if step_of(q.id) != spec.number:
                raise ContentError(
                    f"{path}: field 'questions.{i}.id': {q.id} is in step {spec.number}, "
                    f"so its id must start with s{spec.number}_"
                )
            seen[q.id] = path
            for field in ("critical_when", "na_conflicts"):
                for j, fact in enumerate(getattr(q, field)):
                    if fact not in facts:
                        raise ContentError(
                            f"{path}: field 'questions.{i}.{field}.{j}': unknown fact {fact!r} "
                            "(facts are listed in facts.yaml)"
                        )
            references[q.id] = tuple(
                _parse_reference(path, f"questions.{i}.references.{j}", text, laws)
                for j, text in enumerate(q.references)
            )
        texts: dict[Language, StepText] = {}
        for lang in LANGUAGES:
            text_path = root / "text" / lang / path.name
            texts[lang] = validate_file(text_path, StepText)
            _check_texts(text_path, spec, texts[lang])
        questions = tuple(
            Question(
                spec=q,
                step=spec.number,
                texts={lang: texts[lang].questions[q.id] for lang in LANGUAGES},
                references=references[q.id],
            )
            for q in spec.questions
        )
        steps.append(Step(spec=spec, texts=texts, questions=questions))
    numbers = [s.number for s in steps]
    if numbers != list(range(len(numbers))):
        raise ContentError(f"{root / 'steps'}: step numbers must run 0, 1, 2, ... (found {numbers})")
    quick_path = root / "quick_scan.yaml"
    quick = validate_file(quick_path, QuickScan).questions
    unknown = sorted(set(quick) - seen.keys())
    if unknown:
        raise ContentError(f"{quick_path}: field 'questions': unknown question ids {', '.join(unknown)}")
    steps = [
        replace(step, questions=tuple(replace(q, quick=q.id in quick) for q in step.questions))
        for step in steps
    ]
    replaced = [old for step in steps for q in step.questions for old in q.spec.replaces]
    clash = sorted((set(replaced) & seen.keys()) | {old for old in replaced if replaced.count(old) > 1})
    if clash:
        raise ContentError(
            f"{root / 'steps'}: field 'replaces': {', '.join(clash)} replaced twice or still asked"
        )
    return Catalogue(steps=tuple(steps), laws=laws, scoring=scoring, facts=facts, quick=frozenset(quick))


def check_step_count(loaded: Catalogue, root: Path = CONTENT_DIR) -> Catalogue:
    """`loaded` itself, when its steps are the app's: 0 (the organisation) and 1 .. STEP_COUNT."""
    last = loaded.steps[-1].number
    if last != STEP_COUNT:
        raise ContentError(
            f"{root / 'steps'}: the steps run to {last}, the app has pages for 1 to {STEP_COUNT} "
            "(STEP_COUNT in pia_core/content/schema.py)"
        )
    return loaded
