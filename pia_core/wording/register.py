"""The register of processing activities (AVG art. 30(1)): one row per activity.

Each field is the user's own text (the activity's `register_entry`, the organisation's details)
when given; otherwise it is filled only from what the scan already knows, by the rules of
content/register.yaml (the activity description, DPIA-check ticks, flows, answers, step notes),
with where it came from. A field the scan cannot fill stays empty and says what is missing: the
register never guesses. The page, the XLSX/CSV export, the PDF section and the CLI read these rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pia_core.content.bundle import Content
from pia_core.content.loader import Catalogue
from pia_core.content.register import (
    FIELD_KEYS,
    FLOWS_PLACEHOLDER,
    LABEL_SEPARATOR,
    FieldRule,
    Signal,
)
from pia_core.content.schema import FlowSignal, Reference
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.flow_model import Flow, Processor
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Answer, Language
from pia_core.wording.activity_names import activity_label

ENTRY_KEYS = FIELD_KEYS[1:]  # the fields the user completes per activity (RegisterEntry)
CONTROLLER = FIELD_KEYS[0]
FG_QUESTION = "s0_fg_appointed"  # "Heeft uw organisatie een FG aangesteld?" (step 0)
# "Als u samen met een andere organisatie over deze verwerking beslist, ...?": any answer but
# N.v.t. ("we decide alone") says there is a joint controller, whom part (a) must then name.
JOINT_QUESTION = "s1_joint_controllers"


class Origin(StrEnum):
    OWN = "own"  # the user's own text
    SCAN = "scan"  # composed from what the scan knows: the user checks it
    MISSING = "missing"  # nothing known: to be completed


@dataclass(frozen=True)
class RegisterField:
    key: str  # one of FIELD_KEYS
    letter: str  # the point of art. 30(1): "a" ... "g"
    reference: str  # formatted: "AVG art. 30 lid 1 sub b" / "GDPR Art. 30(1)(b)"
    text: str  # what the register says; "" when nothing is known
    origin: Origin
    sources: tuple[str, ...]  # where the text came from, in the row's language
    missing: tuple[str, ...]  # what still has to be added; empty when the field is complete

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class RegisterRow:
    activity_id: str
    activity: str  # the activity's name (or "Verwerking 3 (nog zonder naam)")
    fields: tuple[RegisterField, ...]  # in the order of art. 30(1)

    def field(self, key: str) -> RegisterField:
        for item in self.fields:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def incomplete(self) -> tuple[RegisterField, ...]:
        return tuple(item for item in self.fields if not item.complete)


def _reference(rule: FieldRule, cat: Catalogue, lang: Language) -> tuple[str, str]:
    """(point letter, formatted reference) of a field's article."""
    parsed = Reference.parse(rule.reference, cat.laws)
    return parsed.point or "", parsed.format(cat.laws, lang)


def field_references(lang: Language, content: Content) -> dict[str, tuple[str, str]]:
    """Field key -> (point letter, formatted article) in art. 30(1) order: table headings."""
    return {key: _reference(rule, content.catalogue, lang) for key, rule in content.register.fields.items()}


def _sentence(labels: list[str]) -> str:
    text = LABEL_SEPARATOR.join(labels)
    return text[:1].upper() + text[1:] + "." if text else ""


# -- what the scan shows -------------------------------------------------------------------------
def _usable(flow: Flow, choice: str) -> bool:
    """A flow's choice counts once it is made (a new row's open choices count nowhere)."""
    return choice not in flow.missing


def _flow_shows(flow: Flow, signal: FlowSignal) -> bool:
    if signal is FlowSignal.SPECIAL_DATA:
        return flow.special_data
    if signal is FlowSignal.BSN:
        return flow.bsn
    return _usable(flow, "processor") and flow.processor is not Processor.NONE


def _flows_showing(signal: Signal, flows: list[Flow]) -> list[Flow]:
    return [
        flow
        for flow in flows
        if (_usable(flow, "recipients") and flow.recipients in signal.recipients)
        or any(_flow_shows(flow, kind) for kind in signal.flows)
    ]


class _Sources:
    """Source phrases of one assessment, in one language."""

    def __init__(self, assessment: Assessment, content: Content, lang: Language) -> None:
        self.assessment, self.cat, self.lang = assessment, content.catalogue, lang
        self.items = {item.id: item for item in content.screening.all_items}

    def ticks(self, ids: list[str]) -> list[str]:
        return [
            t("check.evidence.screening", self.lang, item=self.items[item].name(self.lang))
            for item in ids
            if self.assessment.screening.get(item)
        ]

    def flows(self, flows: list[Flow]) -> list[str]:
        return [t("check.evidence.flow", self.lang, flow=flow.name) for flow in flows]

    def answer(self, question_id: str, answer: Answer) -> str:
        step = self.cat.questions[question_id].step
        return t(
            "register.source.answer",
            self.lang,
            answer=t(f"common.answer.{answer.value}", self.lang),
            step=step,
        )

    def signal(self, signal: Signal) -> list[str]:
        """Every place in the scan that shows this signal (empty: it does not hold)."""
        found = self.ticks(signal.screening)
        found += self.flows(_flows_showing(signal, self.assessment.flows))
        for fact in signal.facts:  # what the fact's own sources show, never the sector alone
            spec = self.cat.facts[fact]
            found += self.ticks(spec.screening)
            found += self.flows(
                [f for f in self.assessment.flows if any(_flow_shows(f, s) for s in spec.flows)]
            )
        for question_id, answers in signal.answers.items():
            given = self.assessment.answers.get(question_id)
            if given is not None and given in answers:
                found.append(self.answer(question_id, given))
        return list(dict.fromkeys(found))


# -- one field -----------------------------------------------------------------------------------
def _scan_field(
    rule: FieldRule, assessment: Assessment, sources: _Sources, lang: Language
) -> tuple[str, list[str], list[str]]:
    """(text, sources, still missing) from what the scan knows; text "" when it knows nothing."""
    paragraphs: list[str] = []
    where: list[str] = []
    needs: list[str] = []
    description = assessment.activity.description.strip()
    if rule.description and description:
        paragraphs.append(description)
        where.append(t("register.source.description", lang))
    labels: list[str] = []
    for signal in rule.signals:
        shown = sources.signal(signal)
        if not shown:
            continue
        names = ", ".join(f.name for f in _flows_showing(signal, assessment.flows))
        labels.append(signal.label[lang].format(**{FLOWS_PLACEHOLDER: names}))
        where += shown
        if signal.needs is not None:
            needs.append(signal.needs[lang])
    if labels:
        paragraphs.append(_sentence(labels))
    for step in rule.notes:
        note = assessment.notes.get(step, "").strip()
        if note:
            paragraphs.append(note)
            where.append(t("register.source.note", lang, step=step))
    return "\n".join(paragraphs), list(dict.fromkeys(where)), needs


def _entry_field(
    key: str, rule: FieldRule, assessment: Assessment, sources: _Sources, cat: Catalogue, lang: Language
) -> RegisterField:
    letter, reference = _reference(rule, cat, lang)
    own = getattr(assessment.register_entry, key).strip()
    if own:
        return RegisterField(key, letter, reference, own, Origin.OWN, (t("register.source.own", lang),), ())
    text, where, needs = _scan_field(rule, assessment, sources, lang)
    if not text:
        missing = (t(f"register.field.{key}.missing", lang),)
        return RegisterField(key, letter, reference, "", Origin.MISSING, (), missing)
    return RegisterField(key, letter, reference, text, Origin.SCAN, tuple(where), tuple(needs))


def _controller(assessment: Assessment, sources: _Sources, content: Content, lang: Language) -> RegisterField:
    """(a): the organisation's name and contact details, the FG's where there is one, and the
    joint controller of this activity where there is one (art. 26). An art. 27 representative is
    only for controllers established outside the EU, so this register for Dutch organisations
    does not ask for one."""
    letter, reference = _reference(content.register.fields[CONTROLLER], content.catalogue, lang)
    org = assessment.organisation
    name, contact = org.name.strip(), " ".join(org.contact.split())
    fg_name, fg_contact = org.fg_name.strip(), " ".join(org.fg_contact.split())
    lines: list[str] = []
    missing: list[str] = []
    where: list[str] = []
    from_scan = False  # a line that comes from an answer, not from what the user typed
    if name or contact:
        lines.append(", ".join(part for part in (name, contact) if part))
        where.append(t("register.source.organisation", lang))
    if not name:
        missing.append(t("register.controller.name_missing", lang))
    if not contact:
        missing.append(t("register.controller.contact_missing", lang))
    appointed = assessment.answers.get(FG_QUESTION)
    if fg_name or fg_contact:
        lines.append(t("register.controller.fg", lang, fg=", ".join(p for p in (fg_name, fg_contact) if p)))
        if not fg_name:
            missing.append(t("register.controller.fg_name_missing", lang))
        if not fg_contact:
            missing.append(t("register.controller.fg_contact_missing", lang))
    elif appointed in (Answer.NO, Answer.NA):
        lines.append(t("register.controller.no_fg", lang))
        where.append(sources.answer(FG_QUESTION, appointed))
        from_scan = True
    elif appointed is Answer.YES:
        missing.append(t("register.controller.fg_missing", lang))
    else:  # not answered, partly, unknown: whether the register needs an FG is not known yet
        missing.append(t("register.controller.fg_unknown", lang))
    joint = " ".join(assessment.register_entry.joint_controller.split())
    if joint:
        lines.append(t("register.controller.joint", lang, joint=joint))
        where.append(t("register.source.own", lang))
    elif assessment.answers.get(JOINT_QUESTION, Answer.NA) is not Answer.NA:
        missing.append(t("register.controller.joint_missing", lang))
    text = "\n".join(lines)
    origin = Origin.MISSING if not text else Origin.SCAN if from_scan else Origin.OWN
    return RegisterField(
        CONTROLLER, letter, reference, text, origin, tuple(dict.fromkeys(where)), tuple(missing)
    )


# -- rows ----------------------------------------------------------------------------------------
def register_row(
    assessment: Assessment,
    lang: Language,
    content: Content,
    activity_id: str | None = None,
    number: int = 1,
) -> RegisterRow:
    """The register row of one activity (seen with its organisation), in `lang`."""
    sources = _Sources(assessment, content, lang)
    rules = content.register.fields
    fields = [_controller(assessment, sources, content, lang)]
    fields += [
        _entry_field(key, rules[key], assessment, sources, content.catalogue, lang) for key in ENTRY_KEYS
    ]
    name = activity_label(assessment.activity.name, number, lang)
    return RegisterRow(activity_id or assessment.id, name, tuple(fields))


def register_rows(dossier: Dossier, lang: Language, content: Content) -> list[RegisterRow]:
    """One row per activity of the dossier, in the dossier's order."""
    return [
        register_row(dossier.assessment(i), lang, content, activity_id=i, number=n)
        for n, i in enumerate(dossier.ids, start=1)
    ]


def missing_text(row: RegisterRow) -> str:
    """ "(a) de contactgegevens van uw organisatie; (f) de bewaartermijnen": the export's column."""
    return "; ".join(f"({item.letter}) {what}" for item in row.incomplete for what in item.missing)
