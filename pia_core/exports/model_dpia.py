"""The Model DPIA export: one activity as a file the government's DPIA tool opens.

The Rijksoverheid's Model DPIA (Rijksdienst, version 3.0, `urn:nl:dpia:3.0`) is filled in with
MinBZK/par-dpia-form, which imports a JSON file in its assessment output format v2
(`schemas/assessment-output.v2.schema.json` there): `$schema`, `metadata` (`urn`, `createdAt`,
`createdBy`) and `answers` keyed by the model's task ids; a repeatable task's answers are grouped
under its parent's id as `[{"_index": 0, "<child id>": answer, ...}]`. Both files are pinned in
tests/fixtures/model_dpia/ (with their source, version and licence) and every export is checked
against them.

Only what the scan knows is filled in, each answer marked as ours in the field the format offers
for who wrote it (`lastEditedBy`, which the tool replaces when the user edits the answer), and
the model's introduction (task 0) says which parts were pre-filled, visibly in the tool. Nothing
is guessed: a field the scan has no text for is left out, as the schema allows, and so is every
part of the model the scan does not cover (see README "Model DPIA"). The mapping is data below.

An export is made only when the activity's DPIA check says a DPIA is verplicht or aanbevolen;
otherwise `DpiaNotDueError`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.findings import Finding, FindingKind
from pia_core.analysis.screening import Verdict
from pia_core.content.bundle import Content
from pia_core.content.schema import Impact
from pia_core.formatting import date_text, download_name
from pia_core.i18n import t
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language
from pia_core.wording.activity_names import activity_label
from pia_core.wording.register import Origin, RegisterRow, register_row

REPOSITORY = "https://github.com/MinBZK/par-dpia-form"
OUTPUT_SCHEMA_URL = f"{REPOSITORY}/blob/main/schemas/assessment-output.v2.schema.json"
MODEL_URN = "urn:nl:dpia:3.0"  # the definition's `urn` + `version` (tests/fixtures/model_dpia/dpia.yaml)
SOURCE = "Privacy Impact Analyse"  # who wrote a pre-filled answer (lastEditedBy) and the file (createdBy)
DUE = (Verdict.REQUIRED, Verdict.RECOMMENDED)
FILE_STEM = "model-dpia"


class DpiaNotDueError(Exception):
    """The activity's DPIA check does not say a DPIA is verplicht or aanbevolen: no export."""

    def __init__(self, activity: str, verdict: Verdict) -> None:
        super().__init__(
            f"the DPIA check of '{activity}' says no DPIA is due ({verdict.value}); "
            "a Model DPIA export is made only when it is required or recommended"
        )
        self.activity, self.verdict = activity, verdict


@dataclass(frozen=True)
class TaskMapping:
    task: str  # the model's task id
    group: str | None  # the repeatable parent it is grouped under (its first instance), if any
    source: str  # what of the scan fills it (a key of `_TEXT_SOURCES`)


# What of the scan goes where in Model DPIA 3.0: our field -> task id, commented with the task's
# name in the model. Several sources of one task become paragraphs in this order.
TEXT_TASKS: tuple[TaskMapping, ...] = (
    # 0 Inleiding: says what the Privacy Impact Analyse pre-filled
    TaskMapping("0", None, "intro"),
    # 1.1 Voorstel
    TaskMapping("1.1", None, "activity.description"),
    # 2.3 Aanvullende informatie over de persoonsgegevens
    TaskMapping("2.3", None, "register.data_categories"),
    # 2.3 (idem: the categories of data subjects)
    TaskMapping("2.3", None, "register.data_subjects"),
    # 2.3 (idem: note on step 3 "Persoonsgegevens bepalen")
    TaskMapping("2.3", None, "note.3"),
    # 3.1 Gegevensverwerking ... > 3.1.1 Gegevensverwerking naam
    TaskMapping("3.1.1", "3.1", "activity.name"),
    # 3.1.2 Gegevensverwerking beschrijving
    TaskMapping("3.1.2", "3.1", "activity.description"),
    # 5.1 Gegevensverwerking & verwerkingsdoeleinde > 5.1.1 Verwerkingsdoeleinde
    TaskMapping("5.1.1", "5.1", "register.purpose"),
    # 5.2 Aanvullende informatie over de verwerkingsdoeleinden (step 2 "Doel bepalen")
    TaskMapping("5.2", None, "note.2"),
    # 6.2 Aanvullende informatie over de betrokken partijen
    TaskMapping("6.2", None, "register.recipients"),
    # 6.2 (idem: note on step 6 "Gegevensstromen met derden")
    TaskMapping("6.2", None, "note.6"),
    # 8.2 Aanvullende informatie over de verwerkingslocaties
    TaskMapping("8.2", None, "register.transfers"),
    # 10.2 Aanvullende informatie over de bewaartermijnen
    TaskMapping("10.2", None, "register.retention"),
    # 11.2 Aanvullende informatie over de rechtsgronden (step 5 "Grondslag en toestemming")
    TaskMapping("11.2", None, "note.5"),
    # 13.2 Aanvullende informatie over de verenigbaarheid en toelaatbaarheid (step 7 "Doelbinding")
    TaskMapping("13.2", None, "note.7"),
    # 17.2 Aanvullende informatie over de maatregelen
    TaskMapping("17.2", None, "register.security"),
    # 19.5 Advies FG > 19.5.4 Naam
    TaskMapping("19.5.4", None, "organisation.fg_name"),
    # 20.1 Verwerkingsverantwoordelijke > 20.1.1 Organisatie
    TaskMapping("20.1.1", "20.1", "organisation.name"),
)

# The scan's findings (every kind but the DPIA duty itself, in action-plan order), one instance each.
RISKS = "16.1"  # 16.1 Risico's voor de betrokkenen (repeatable)
MEASURES = "17.1"  # 17.1 Risico, Oorsprong, Maatregelen, Resterende risico ... (repeatable)
FINDING_TASKS: tuple[TaskMapping, ...] = (
    # 16.1.1 Beschrijving van het risico
    TaskMapping("16.1.1", RISKS, "finding.description"),
    # 16.1.3 Kans (laag / midden / hoog)
    TaskMapping("16.1.3", RISKS, "finding.likelihood"),
    # 16.1.5 Impact (laag / midden / hoog)
    TaskMapping("16.1.5", RISKS, "finding.impact"),
    # 16.1.7 Risiconiveau (laag / midden / hoog)
    TaskMapping("16.1.7", RISKS, "finding.risk"),
    # 17.1.1 Risico (one of 16.1.1's texts)
    TaskMapping("17.1.1", MEASURES, "finding.description"),
    # 17.1.3 Maatregelen
    TaskMapping("17.1.3", MEASURES, "finding.action"),
    # 17.1.7 Beheerder van de maatregelen (action plan owner)
    TaskMapping("17.1.7", MEASURES, "finding.owner"),
)
# Our grades in the model's words (the options of 16.1.3, 16.1.5 and 16.1.7).
GRADES = {Impact.LOW: "laag", Impact.MEDIUM: "midden", Impact.HIGH: "hoog"}
# Answers that are a list of the source task's texts (checkbox options), not a text.
LIST_TASKS = frozenset({"17.1.1"})


@dataclass(frozen=True)
class _Scan:
    assessment: Assessment
    row: RegisterRow
    lang: Language
    day: dt.date


def _register(key: str, *, own_only: bool = False) -> Callable[[_Scan], str]:
    """A register field (art. 30): the user's text, or what the register composed from the scan.
    `own_only`: the purpose, whose fallback is the description (already in 1.1 and 3.1.2)."""

    def text(scan: _Scan) -> str:
        item = scan.row.field(key)
        if item.origin is Origin.MISSING or (own_only and item.origin is not Origin.OWN):
            return ""
        return item.text.strip()

    return text


def _labelled(label: str, source: Callable[[_Scan], str]) -> Callable[[_Scan], str]:
    def text(scan: _Scan) -> str:
        found = source(scan)
        return f"{t(label, scan.lang)}: {found}" if found else ""

    return text


def _note(step: int) -> Callable[[_Scan], str]:
    def text(scan: _Scan) -> str:
        note = scan.assessment.notes.get(step, "").strip()
        return f"{t('model_dpia.label.note', scan.lang, step=step)}:\n{note}" if note else ""

    return text


def _intro(scan: _Scan) -> str:
    a = scan.assessment
    return t(
        "model_dpia.intro",
        scan.lang,
        date=date_text(scan.day, scan.lang),
        activity=scan.row.activity,
        organisation=a.organisation.name.strip() or "-",
    )


_TEXT_SOURCES: dict[str, Callable[[_Scan], str]] = {
    "intro": _intro,
    "activity.name": lambda scan: scan.assessment.activity.name.strip(),
    "activity.description": lambda scan: scan.assessment.activity.description.strip(),
    "organisation.name": lambda scan: scan.assessment.organisation.name.strip(),
    "organisation.fg_name": lambda scan: scan.assessment.organisation.fg_name.strip(),
    "register.purpose": _register("purpose", own_only=True),
    "register.data_categories": _labelled("model_dpia.label.data_categories", _register("data_categories")),
    "register.data_subjects": _labelled("model_dpia.label.data_subjects", _register("data_subjects")),
    "register.recipients": _register("recipients"),
    "register.transfers": _register("transfers"),
    "register.retention": _register("retention"),
    "register.security": _register("security"),
    **{f"note.{step}": _note(step) for step in (2, 3, 5, 6, 7)},
}


def _finding_sources(finding: Finding, scan: _Scan) -> dict[str, str]:
    lang = scan.lang
    description = finding.title[lang]
    if finding.answer is not None:  # a question: the risk is the answer it got
        answer = t(f"common.answer.{finding.answer.value}", lang)
        description = f"{description}\n{t('model_dpia.label.answer', lang, answer=answer)}"
    entry = scan.assessment.actions.get(finding.id)
    return {
        "finding.description": description,
        "finding.likelihood": GRADES[finding.likelihood],
        "finding.impact": GRADES[finding.impact],
        "finding.risk": GRADES[finding.risk],
        "finding.action": finding.action[lang].strip(),
        "finding.owner": entry.owner.strip() if entry is not None else "",
    }


class _Answers:
    """The `answers` object: plain answers by task id, grouped ones by their parent's id."""

    def __init__(self, stamp: str) -> None:
        self.stamp = stamp
        self.plain: dict[str, str | list[str]] = {}
        self.groups: dict[str, dict[int, dict[str, str | list[str]]]] = {}

    def add(self, mapping: TaskMapping, value: str | list[str], index: int = 0) -> None:
        if not value:
            return
        if mapping.group is None:
            target = self.plain
        else:
            target = self.groups.setdefault(mapping.group, {}).setdefault(index, {})
        if mapping.task in target and isinstance(value, str):  # another paragraph of the same task
            value = f"{target[mapping.task]}\n\n{value}"
        target[mapping.task] = value

    def answer(self, value: str | list[str]) -> dict[str, Any]:
        return {"value": value, "lastEditedAt": self.stamp, "lastEditedBy": SOURCE}

    def as_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {task: self.answer(value) for task, value in self.plain.items()}
        for group, instances in self.groups.items():
            result[group] = [
                {"_index": index, **{task: self.answer(value) for task, value in children.items()}}
                for index, children in sorted(instances.items())
            ]
        return result


def dpia_due(assessment: Assessment, content: Content) -> bool:
    """The activity's DPIA check says verplicht or aanbevolen: the export is offered."""
    return evaluate(assessment, content).screening.verdict in DUE


def model_dpia_export(
    assessment: Assessment,
    content: Content,
    *,
    lang: Language | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The Model DPIA file of one activity (a dict to write as JSON); `DpiaNotDueError` when its
    DPIA check says no DPIA is due. `lang`: of the texts taken from the scan (default: the scan's)."""
    evaluation = evaluate(assessment, content)
    lang = lang or assessment.language
    row = register_row(assessment, lang, content)
    if evaluation.screening.verdict not in DUE:
        raise DpiaNotDueError(row.activity, evaluation.screening.verdict)
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    stamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    scan = _Scan(assessment, row, lang, moment.date())
    answers = _Answers(stamp)
    for mapping in TEXT_TASKS:
        answers.add(mapping, _TEXT_SOURCES[mapping.source](scan))
    findings = [f for f in evaluation.findings if f.kind is not FindingKind.DPIA]
    for index, finding in enumerate(findings):
        values = _finding_sources(finding, scan)
        for mapping in FINDING_TASKS:
            value = values[mapping.source]
            answers.add(mapping, [value] if mapping.task in LIST_TASKS and value else value, index)
    return {
        "$schema": OUTPUT_SCHEMA_URL,
        "metadata": {"urn": MODEL_URN, "createdAt": stamp, "createdBy": {"name": SOURCE}},
        "answers": answers.as_json(),
    }


def model_dpia_json(
    assessment: Assessment, content: Content, *, lang: Language | None = None, now: dt.datetime | None = None
) -> bytes:
    """The export as the tool writes its own files: UTF-8 JSON, indented by 4."""
    document = model_dpia_export(assessment, content, lang=lang, now=now)
    return (json.dumps(document, ensure_ascii=False, indent=4) + "\n").encode("utf-8")


def model_dpia_file_name(assessment: Assessment, number: int = 1) -> str:
    """ "model-dpia-<organisation>-<date>.json", like the other downloads' names."""
    label = activity_label(assessment.activity.name, number, assessment.language)
    return download_name(FILE_STEM, f"{assessment.organisation.name} {label}", assessment.date, "json")
