"""The dossier: one organisation with one or more processing activities (schema version 2).

The organisation part is held once: who the organisation is (name, sector, size, contacts), who
assessed, the date, the language, the presentation settings, and everything of step 0 (the FG:
its answers, notes, N.v.t. reasons and action-plan entries, which are the same for every
activity). Each activity holds the rest (pia_core/scan/model.py `ActivityScan`).

Every page works on an `Assessment`: `assessment(id)` composes one from the organisation part and
that activity, `absorb(view)` puts a changed view back, splitting it along the same line. So the
verdict, the report and the CLI need not know that a file can hold several activities.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import Field, model_validator

from pia_core.scan.base import ScanModel
from pia_core.scan.model import (
    ACTIVITY_ID_PATTERN,
    NAME_MAX,
    SCHEMA_VERSION,
    Activity,
    ActivityScan,
    Assessment,
    Line,
    OrganisationParts,
    StepParts,
    one_line,
)
from pia_core.storage.edit_log import MAX_FIELD, MAX_WHO, Change, LoggedChange
from pia_core.vocabulary import step_of

MAX_ACTIVITIES = 200  # a large municipality registers a few hundred; beyond that a file is not ours
# The largest scan, as JSON: what an upload may be, so every scan can be downloaded and opened
# again. A full scan with long notes is ~100 kB; an empty activity ~0.5 kB, so the activity cap
# is never what stops a real dossier, the texts in it are.
MAX_FILE_BYTES = 1_000_000
ORGANISATION_STEP = 0  # the FG: one answer for the whole organisation
_FINDING_PREFIX = "check:"  # a finding about a question's N.v.t. answer: "check:<question id>"

# The edit log carried in a scan file (schema version 3): at most this many entries, and never so
# many that the file would be larger than MAX_FILE_BYTES (`with_history` keeps the newest that fit).
MAX_HISTORY = 5_000

V = TypeVar("V")


class HistoryEntry(ScanModel):
    """One change from the edit log (pia_core/storage/edit_log.py), as a scan file carries it so a
    scan moved to another server keeps its history: the activity ("" the organisation-wide part),
    the field path, the value before and after as JSON text (None: absent), who, when, and the
    revision of the scan the change was part of on the server that logged it."""

    activity: str = Field(default="", pattern=r"^$|" + ACTIVITY_ID_PATTERN)
    field: str = Field(min_length=1, max_length=MAX_FIELD)
    old: str | None = None
    new: str | None = None
    who: Line = Field(default="", max_length=MAX_WHO)
    when: dt.datetime
    revision: int = Field(default=0, ge=0)


class DossierFull(ValueError):
    """No more room: `kind` "too_many" (activities) or "too_large" (the scan's size as JSON)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


def json_size(data: str) -> int:
    """Bytes of `data` in a file (UTF-8); never raises (a lone surrogate counts its 3 bytes)."""
    return len(data.encode("utf-8", "surrogatepass"))


def is_organisation_key(key: str) -> bool:
    """A question id (or a finding id about one) of the organisation-wide step 0. The one rule is
    the step the id names ("s0_..."), which the content loader holds to the question's step file."""
    return step_of(key.removeprefix(_FINDING_PREFIX)) == ORGANISATION_STEP


def _split(values: Mapping[str, V]) -> tuple[dict[str, V], dict[str, V]]:
    """(organisation-wide, per-activity) parts of a mapping keyed by question or finding id."""
    org = {k: v for k, v in values.items() if is_organisation_key(k)}
    return org, {k: v for k, v in values.items() if not is_organisation_key(k)}


def _split_steps(values: Mapping[int, V]) -> tuple[dict[int, V], dict[int, V]]:
    org = {k: v for k, v in values.items() if k == ORGANISATION_STEP}
    return org, {k: v for k, v in values.items() if k != ORGANISATION_STEP}


def activity_id_for(name: str, taken: Iterable[str]) -> str:
    """A readable, unique id from an activity's name ("Aanvraag verhuizen" -> "aanvraag-verhuizen")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:32].strip("-") or "activiteit"
    used = set(taken)
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class Dossier(StepParts, OrganisationParts):
    """The organisation, with its step-0 parts (the inherited answers, notes, ...), and its activities."""

    schema_version: int = SCHEMA_VERSION
    activities: list[ActivityScan] = Field(
        default_factory=lambda: [_first()], min_length=1, max_length=MAX_ACTIVITIES
    )
    current: str = ""  # the chosen activity's id: a reload shows the same activity
    # Added with schema version 3: the edit log, newest first, in a downloaded file (the JSON
    # download); empty in a stored scan whose log the store keeps beside it.
    history: list[HistoryEntry] = Field(default_factory=list, max_length=MAX_HISTORY)

    @model_validator(mode="after")
    def _ids(self) -> Dossier:
        """Every activity has a unique id (blank ones get one) and `current` names one of them."""
        seen: set[str] = set()
        for item in self.activities:
            if not item.id or item.id in seen:
                item.id = activity_id_for(item.activity.name, seen)
            seen.add(item.id)
        if self.current not in seen:
            object.__setattr__(self, "current", self.activities[0].id)  # no re-validation loop
        return self

    # --- reading -------------------------------------------------------------------------------

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.activities]

    def activity(self, activity_id: str | None = None) -> ActivityScan:
        wanted = activity_id or self.current
        for item in self.activities:
            if item.id == wanted:
                return item
        raise KeyError(wanted)

    def assessment(self, activity_id: str | None = None) -> Assessment:
        """The activity seen with its organisation, as every page, the verdict and the report read it.

        Built without validating again (both parts are valid), and sharing no container with the
        dossier, so changing the view changes the dossier only through `absorb`.
        """
        item = self.activity(activity_id)
        fields: dict[str, Any] = {
            name: getattr(item, name) for name in ActivityScan.model_fields if name not in _MERGED
        }
        fields = {name: _copied(value) for name, value in fields.items()}
        for name in _MERGED:
            org, own = getattr(self, name), getattr(item, name)
            fields[name] = {**own, **org}  # the organisation's step 0 always wins
        for name in _ORGANISATION_FIELDS:
            fields[name] = _copied(getattr(self, name))
        return Assessment.model_construct(**fields)

    # --- writing -------------------------------------------------------------------------------

    def absorb(self, view: Assessment, activity_id: str | None = None) -> None:
        """Take a changed view back: step 0 and the organisation fields here, the rest to its activity."""
        target = activity_id or self.current
        index = self.ids.index(target)
        own: dict[str, Any] = {name: _copied(getattr(view, name)) for name in ActivityScan.model_fields}
        own["id"] = target
        for name in _BY_QUESTION:
            org_part, own[name] = _split(getattr(view, name))
            setattr(self, name, org_part)
        for name in _BY_STEP:
            org_steps, own[name] = _split_steps(getattr(view, name))
            setattr(self, name, org_steps)
        for name in _ORGANISATION_FIELDS:
            setattr(self, name, _copied(getattr(view, name)))
        activities = list(self.activities)
        activities[index] = ActivityScan.model_construct(**own)
        self.activities = activities

    def add(self, name: str, template: str | None = None) -> ActivityScan:
        """A new activity (a copy of `template`'s answers and notes when given), chosen at once.
        DossierFull, with the dossier unchanged, when there is no room for it."""
        if len(self.activities) >= MAX_ACTIVITIES:
            raise DossierFull("too_many", f"at most {MAX_ACTIVITIES} processing activities in one dossier")
        clean = _activity_name(name)
        if template is None:
            item = ActivityScan(activity=Activity(name=clean))
        else:
            source = self.activity(template)
            item = source.model_copy(deep=True)
            item.activity = Activity(name=clean, description=source.activity.description)
            # A copy starts its own plan and sign-off: owners and decisions are not copied.
            item.actions = {}
            item.sign_off = type(source.sign_off)()
            item.review_date = None  # a new activity's review follows its own risk
        item.id = activity_id_for(clean, self.ids)
        grown = [*self.activities, item]
        if json_size(self.model_copy(update={"activities": grown}).model_dump_json()) > MAX_FILE_BYTES:
            # A copy of a long activity could make a scan that can no longer be opened once downloaded.
            raise DossierFull("too_large", f"the dossier would be larger than {MAX_FILE_BYTES:,} bytes")
        self.activities = grown
        self.current = item.id
        return item

    def rename(self, activity_id: str, name: str) -> None:
        item = self.activity(activity_id)
        # A new Activity, not model_copy(update=...), which would skip validation.
        item.activity = Activity(name=_activity_name(name), description=item.activity.description)

    def delete(self, activity_id: str) -> None:
        """Remove an activity; the last one stays (a dossier always has one to work on)."""
        if len(self.activities) == 1:
            raise ValueError("a dossier keeps at least one processing activity")
        index = self.ids.index(activity_id)
        remaining = [item for item in self.activities if item.id != activity_id]
        self.activities = remaining
        if self.current == activity_id:
            self.current = remaining[min(index, len(remaining) - 1)].id

    def choose(self, activity_id: str) -> None:
        self.activity(activity_id)  # KeyError for an unknown id
        self.current = activity_id

    @property
    def answer_count(self) -> int:
        """Answers in the whole file: the organisation's and every activity's."""
        return len(self.answers) + sum(len(item.answers) for item in self.activities)

    def only(self, activity_id: str | None = None) -> Dossier:
        """A copy holding just one activity: what a single activity's report carries (no more data
        than that report is about)."""
        return from_assessment(self.assessment(activity_id))


# Kept per activity, merged with the organisation's step 0 in a view.
_MERGED = tuple(StepParts.model_fields)
_BY_STEP = ("notes", "consultant_notes")  # keyed by step number; the rest by question or finding id
_BY_QUESTION = tuple(name for name in _MERGED if name not in _BY_STEP)
# Held by the dossier only.
_ORGANISATION_FIELDS = tuple(OrganisationParts.model_fields)


def _activity_name(name: str) -> str:
    """Controls out first (NEL, U+0085, would otherwise be split on as a space), spaces folded, capped."""
    return " ".join(one_line(name).split())[:NAME_MAX]


def _copied(value: Any) -> Any:
    """Containers and models copied one level deep, so a view and the dossier share nothing mutable."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return [item.model_copy(deep=True) if isinstance(item, ScanModel) else item for item in value]
    if isinstance(value, ScanModel):
        return value.model_copy(deep=True)
    return value


def _first() -> ActivityScan:
    return ActivityScan(id="activiteit-1")


def with_history(dossier: Dossier, entries: Sequence[HistoryEntry]) -> Dossier:
    """A copy of `dossier` carrying `entries` (newest first) as its history: the newest that fit,
    at most MAX_HISTORY, and only as many as keep the file within MAX_FILE_BYTES (compact JSON), so
    the exported file can always be opened again."""
    bare = dossier.model_copy(update={"history": []})
    room = MAX_FILE_BYTES - json_size(bare.model_dump_json())
    kept: list[HistoryEntry] = []
    for entry in entries[:MAX_HISTORY]:
        room -= json_size(entry.model_dump_json()) + 1  # and the comma between entries
        if room < 0:
            break
        kept.append(entry)
    return bare.model_copy(update={"history": kept})


def history_of(logged: Iterable[LoggedChange]) -> list[HistoryEntry]:
    """The store's log entries (newest first, as `changes(...)` gives them) as a file carries them."""
    return [
        HistoryEntry(
            activity=entry.change.activity,
            field=entry.change.field,
            old=entry.change.old,
            new=entry.change.new,
            who=entry.who,
            when=entry.at,
            revision=entry.revision,
        )
        for entry in logged
    ]


def log_batches(entries: Sequence[HistoryEntry]) -> list[tuple[str, dt.datetime, list[Change]]]:
    """A file's history (newest first) as the store's log takes it back: oldest first, in runs of
    one author and moment (`append_changes(key, changes, who, now=when)` per run)."""
    batches: list[tuple[str, dt.datetime, list[Change]]] = []
    for entry in reversed(entries):
        change = Change(entry.activity, entry.field, entry.old, entry.new)
        if batches and batches[-1][0] == entry.who and batches[-1][1] == entry.when:
            batches[-1][2].append(change)
        else:
            batches.append((entry.who, entry.when, [change]))
    return batches


def from_assessment(view: Assessment) -> Dossier:
    """A dossier with this one activity (a version-1 scan, a test's assessment, a new scan)."""
    dossier = Dossier(activities=[ActivityScan(id=view.id or activity_id_for(view.activity.name, ()))])
    dossier.absorb(view, dossier.activities[0].id)
    return dossier
