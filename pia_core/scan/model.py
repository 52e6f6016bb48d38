"""The assessment: one processing activity seen together with its organisation (pydantic v2).

A scan file is a dossier (pia_core/scan/dossier.py): the organisation with one or more
processing activities. Every page, the verdict, the report and the CLI work on the `Assessment`
of one activity, which the dossier composes from its organisation part and that activity; the UI
seeds its widgets from it and writes back to it, and the dossier takes the changes back
(`Dossier.absorb`). An Assessment written on its own is a version-1 file: it still opens.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, field_validator

from pia_core.scan.base import ScanModel
from pia_core.scan.flow_model import MAX_FLOWS, CostAssumptions, Flow

# The shared words live at the bottom (pia_core/vocabulary.py); importable from here as before.
from pia_core.vocabulary import LANGUAGES as LANGUAGES
from pia_core.vocabulary import Answer as Answer
from pia_core.vocabulary import Language as Language
from pia_core.vocabulary import Sector as Sector
from pia_core.vocabulary import Size as Size

SCHEMA_VERSION = 3  # of a scan file: a dossier
FLAT_VERSION = 1  # a single Assessment written on its own (the first release's format)

ScanMode = Literal["full", "quick"]

# Free-text limits: generous for real use, bounded so a pasted novel cannot bloat
# the session, the store or the PDF.
NAME_MAX = 200
TEXT_MAX = 10_000
CONTACT_MAX = NAME_MAX * 2  # a name with address, phone and e-mail (register part a)
REASON_MAX = 300  # a one-line reason for N.v.t. on a critical question
# The agenda timer keeps one entry per page visited (about 15 pages); a file with thousands is not ours.
MAX_TIMER_PARTS = 100

# Characters no user text needs and that can hide or move text on a screen, in a PDF or in a
# terminal: C0 and C1 controls (ESC starts a terminal escape, NUL breaks C strings) and the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, "Trojan source"). Kept: the
# marks U+200E/U+200F/U+061C (ordinary in Arabic and Hebrew, they reorder nothing around them)
# and the zero-width joiner U+200D (emoji sequences).
_CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ONE_LINE = str.maketrans({**dict.fromkeys(_CONTROLS), **dict.fromkeys(map(ord, "\t\n\r"), " ")})
_MULTI_LINE = str.maketrans({**dict.fromkeys(_CONTROLS), ord("\t"): "\t", ord("\n"): "\n"})
# The same characters found in one regex pass: most texts hold none and are returned as they are
# (str.translate with this table looks up every character; a dossier has thousands of texts).
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # \t and \n stay


def one_line(text: str) -> str:
    """A name or a short entry: controls dropped, a tab or line break becomes a space."""
    return text.translate(_ONE_LINE) if _ANY_CONTROL.search(text) else text


def multi_line(text: str) -> str:
    """A note or description: controls dropped; line breaks (any convention, as \\n) and tabs stay."""
    if not _NOT_IN_TEXT.search(text):
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_MULTI_LINE)


# Every user text is one of these two, so it is cleaned however it enters: a file, a widget, the CLI.
Line = Annotated[str, AfterValidator(one_line)]
Text = Annotated[str, AfterValidator(multi_line)]
Note = Annotated[Text, Field(max_length=TEXT_MAX)]


class _Part(ScanModel):
    """A small part of the scan, validated again whenever it is assigned: a copy made with
    `model_copy(update=...)` (which skips validation) cannot bring an unchecked text in."""

    model_config = ConfigDict(revalidate_instances="always")


class Organisation(_Part):
    name: Line = Field(default="", max_length=NAME_MAX)
    sector: Sector = Sector.OTHER
    size: Size | None = None
    # The controller's and the FG's contact details for the register (art. 30(1)(a)).
    contact: Line = Field(default="", max_length=CONTACT_MAX)
    fg_name: Line = Field(default="", max_length=NAME_MAX)
    fg_contact: Line = Field(default="", max_length=CONTACT_MAX)


class Activity(_Part):
    name: Line = Field(default="", max_length=NAME_MAX)
    description: Text = Field(default="", max_length=TEXT_MAX)


class ActionPlanEntry(_Part):
    """Who takes up a finding's action and by when; keyed by the finding's id in the assessment."""

    owner: Line = Field(default="", max_length=NAME_MAX)
    due: dt.date | None = None

    @property
    def empty(self) -> bool:
        return not self.owner.strip() and self.due is None


class SignOff(_Part):
    """The sign-off block of the report: who reviewed it, the FG's advice, the decision."""

    reviewed_by: Line = Field(default="", max_length=NAME_MAX)
    fg_advice: Text = Field(default="", max_length=TEXT_MAX)
    decision: Text = Field(default="", max_length=TEXT_MAX)
    date: dt.date | None = None


class NoHighRisk(_Part):
    """A documented assessment that the processing has no high risk (WP248 rev.01: two criteria
    make a DPIA required unless the controller documents why not): who, when, and why."""

    by: Line = Field(default="", max_length=NAME_MAX)
    date: dt.date | None = None
    reason: Text = Field(default="", max_length=TEXT_MAX)

    @property
    def given(self) -> bool:
        """A reason is what makes it documented; who and when are asked beside it."""
        return bool(self.reason.strip())


class DpiaStatus(_Part):
    """Whether a DPIA covering this processing exists (asked when the DPIA check says
    verplicht or aanbevolen), and whether the FG advised on it (AVG art. 35(1)-(2))."""

    done: Answer | None = None  # yes; partly = under way; no; unknown; na is not offered
    fg_advice: Answer | None = None
    # Does the DPIA hold what art. 35(7) asks, and is it reviewed when things change (35(11))?
    quality: Answer | None = None
    # The DPIA check was gone through, even if nothing in it applies: without this (and without a
    # tick) the check is "nog niet ingevuld", never "niet verplicht".
    checked: bool = False
    no_high_risk: NoHighRisk = Field(default_factory=NoHighRisk)


class AgendaTimer(_Part):
    """Seconds spent per part of the scan, and where and when the last action happened."""

    spent: dict[str, float] = Field(default_factory=dict, max_length=MAX_TIMER_PARTS)
    last_part: str | None = None
    last_seen: float | None = None  # epoch seconds


class Presentation(_Part):
    """The consultant's presentation mode, remembered in the scan."""

    enabled: bool = False
    include_consultant_notes: bool = False  # in the PDF; off by default: notes are for the consultant
    timer: AgendaTimer = Field(default_factory=AgendaTimer)


class RegisterEntry(_Part):
    """The register fields (art. 30(1)) the user completes; what the scan knows fills the rest
    (pia_core/wording/register.py). Blank means "not given here"."""

    # Part (a) for this activity: who decides on it together with the organisation (art. 26).
    joint_controller: Line = Field(default="", max_length=CONTACT_MAX)
    purpose: Text = Field(default="", max_length=TEXT_MAX)
    data_subjects: Text = Field(default="", max_length=TEXT_MAX)
    data_categories: Text = Field(default="", max_length=TEXT_MAX)
    recipients: Text = Field(default="", max_length=TEXT_MAX)
    transfers: Text = Field(default="", max_length=TEXT_MAX)
    retention: Text = Field(default="", max_length=TEXT_MAX)
    security: Text = Field(default="", max_length=TEXT_MAX)


# An activity's id: stable through renames, readable on the command line (`--activity ID`).
ACTIVITY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


class StepParts(ScanModel):
    """What is kept per question or step: answers, notes, N.v.t. reasons, action-plan entries.
    An activity holds them for steps 1-10; the dossier holds them for step 0 (the FG)."""

    answers: dict[str, Answer] = Field(default_factory=dict)
    notes: dict[int, Note] = Field(default_factory=dict)
    # Added after schema version 1 with a default, so older files still load.
    actions: dict[str, ActionPlanEntry] = Field(default_factory=dict)
    # Per step (0-10): notes for the consultant's eyes, in the PDF only when included.
    consultant_notes: dict[int, Note] = Field(default_factory=dict)
    # Question id -> why N.v.t. applies; a critical question answered N.v.t. without one stays open.
    na_reasons: dict[str, Annotated[Line, Field(max_length=REASON_MAX)]] = Field(default_factory=dict)

    def answer(self, question_id: str) -> Answer | None:
        return self.answers.get(question_id)

    def set_answer(self, question_id: str, value: Answer | None) -> None:
        answers = dict(self.answers)
        if value is None:
            answers.pop(question_id, None)
        else:
            answers[question_id] = Answer(value)
        self.answers = answers

    def set_na_reason(self, question_id: str, text: str) -> None:
        """One line: newlines folded, capped; a blank reason is removed."""
        line = " ".join(text.split())[:REASON_MAX]
        reasons = dict(self.na_reasons)
        if line:
            reasons[question_id] = line
        else:
            reasons.pop(question_id, None)
        self.na_reasons = reasons

    def na_reason(self, question_id: str) -> str:
        return self.na_reasons.get(question_id, "")

    def set_note(self, step: int, text: str) -> None:
        self.notes = _with_note(self.notes, step, text)

    def set_consultant_note(self, step: int, text: str) -> None:
        self.consultant_notes = _with_note(self.consultant_notes, step, text)

    def set_action(self, finding_id: str, owner: str, due: dt.date | None) -> None:
        """Set who takes up a finding's action and by when; an empty entry is dropped."""
        entry = ActionPlanEntry(owner=owner.strip()[:NAME_MAX], due=due)
        actions = dict(self.actions)
        if entry.empty:
            actions.pop(finding_id, None)
        else:
            actions[finding_id] = entry
        self.actions = actions


class ActivityScan(StepParts):
    """Everything one processing activity holds: its answers to steps 1-10, notes, flows, DPIA
    screening, action plan, sign-off and register fields. The organisation-wide part (who, the
    FG step 0, language, presentation) lives once in the dossier."""

    id: str = Field(default="", pattern=r"^$|" + ACTIVITY_ID_PATTERN)
    activity: Activity = Field(default_factory=Activity)
    # Communication flows and the savings assumptions (pia_core/flows); defaults keep older files
    # loading. No assumptions: the shipped defaults of content/flows/assumptions.yaml apply.
    flows: list[Flow] = Field(default_factory=list, max_length=MAX_FLOWS)
    cost_assumptions: CostAssumptions | None = None
    # DPIA screening (content/screening.yaml): item id -> applies.
    screening: dict[str, bool] = Field(default_factory=dict)
    sign_off: SignOff = Field(default_factory=SignOff)
    # "quick": only the quick scan's questions are asked; every answer is kept when switching.
    scan_mode: ScanMode = "full"
    dpia: DpiaStatus = Field(default_factory=DpiaStatus)
    # Added with schema version 2: the register fields of this activity.
    register_entry: RegisterEntry = Field(default_factory=RegisterEntry)
    # Added with schema version 3: when the activity is next reviewed (AVG art. 24(1), 32(1)(d),
    # 35(11)); None: not chosen, the date proposed from the risk applies (pia_core/analysis/review.py).
    review_date: dt.date | None = None

    @field_validator("flows", mode="after")
    @classmethod
    def _clean_flow_names(cls, flows: list[Flow]) -> list[Flow]:
        """A flow's name is user text like any other (pia_core/scan/flow_model.py stays self-contained)."""
        return [flow if one_line(flow.name) == flow.name else _renamed(flow) for flow in flows]


class OrganisationParts(ScanModel):
    """Who is assessed, by whom and when, in which language and look: held once by a dossier and
    repeated in each one-activity view of it (`Assessment`)."""

    organisation: Organisation = Field(default_factory=Organisation)
    assessor: Line = Field(default="", max_length=NAME_MAX)
    date: dt.date = Field(default_factory=dt.date.today)
    language: Language = "nl"
    presentation: Presentation = Field(default_factory=Presentation)


class Assessment(ActivityScan, OrganisationParts):
    """One activity with its organisation: what every page, the verdict, the report and the CLI
    work on. `Dossier.assessment()` composes it; written alone it is a version-1 file."""

    schema_version: int = FLAT_VERSION


def _renamed(flow: Flow) -> Flow:
    # A name of nothing but controls would be blank, which a flow may not be: "?" says it had none.
    return flow.model_copy(update={"name": one_line(flow.name).strip() or "?"})


def _with_note(notes: dict[int, str], step: int, text: str) -> dict[int, str]:
    """A copy of `notes` with the step's text set (capped), or removed when the text is blank."""
    updated = dict(notes)
    if text.strip():
        updated[step] = text[:TEXT_MAX]
    else:
        updated.pop(step, None)
    return updated
