"""Migrations: every older file version is lifted step by step to the current schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pia_core.content.bundle import shipped_content
from pia_core.content.demos import DEMO_DIR, find_demo
from pia_core.demos import load_demo
from pia_core.scan.dossier import MAX_FILE_BYTES, MAX_HISTORY, Dossier, HistoryEntry, json_size, with_history
from pia_core.scan.migrations import FIRST_VERSION, MIGRATIONS, Data, MigrationError, migrate
from pia_core.scan.model import SCHEMA_VERSION
from pia_core.scan.serialization import (
    AssessmentFileError,
    assessment_from_data,
    dossier_from_data,
    dossier_to_json,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "schema"


def test_every_older_version_has_a_migration_and_a_sample_file() -> None:
    """Fails as soon as SCHEMA_VERSION is raised without a vN -> vN+1 step and a vN sample."""
    for version in range(FIRST_VERSION, SCHEMA_VERSION):
        assert version in MIGRATIONS, f"no migration from schema version {version}"
        assert (FIXTURES / f"v{version}.json").is_file(), f"no sample file of schema version {version}"
    assert set(MIGRATIONS) == set(range(FIRST_VERSION, SCHEMA_VERSION))


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("v*.json")), ids=lambda p: p.stem)
def test_sample_file_of_every_version_loads_with_its_answers(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    loaded = dossier_from_data(data, successors=shipped_content().catalogue.successors)
    assert loaded.schema_version == SCHEMA_VERSION
    assert loaded.organisation.name == data["organisation"]["name"]
    activities = data.get("activities", [data])  # a version-1 file is one activity
    assert len(loaded.activities) == len(activities)
    for stored, item in zip(activities, loaded.activities, strict=True):
        view = loaded.assessment(item.id)
        assert dict(view.answers) == {**stored["answers"], **data["answers"]}
        assert {str(k): v for k, v in view.notes.items()} == {**stored["notes"], **data["notes"]}


def test_version_1_becomes_a_dossier_with_its_one_activity_and_step_0_for_the_organisation() -> None:
    data = json.loads((FIXTURES / "v1.json").read_text(encoding="utf-8"))
    dossier = dossier_from_data(data, successors=shipped_content().catalogue.successors)
    (only,) = dossier.activities
    assert only.id == "aanvraag-verhuizen" and dossier.current == only.id
    assert only.activity.name == "Aanvraag verhuizen"
    assert dossier.answers == {"s0_fg_appointed": "yes"}, "the FG is the organisation's"
    assert "s0_fg_appointed" not in only.answers and only.answers["s1_register"] == "partly"
    assert (dossier.assessor, dossier.language, dossier.date.isoformat()) == (
        "J. de Vries",
        "nl",
        "2025-11-03",
    )
    assert dossier.assessment() == assessment_from_data(
        data, successors=shipped_content().catalogue.successors
    )


def test_version_1_without_a_name_or_with_broken_fields_still_migrates_or_names_the_field() -> None:
    assert migrate({"schema_version": 1})["activities"][0]["id"] == "activiteit"
    with pytest.raises(AssessmentFileError, match="answers"):
        assessment_from_data(
            {"schema_version": 1, "answers": ["not", "a", "mapping"]},
            successors=shipped_content().catalogue.successors,
        )


@pytest.mark.parametrize("demo", [d.id for d in shipped_content().demos])
def test_every_shipped_demo_opens_as_a_dossier(demo: str) -> None:
    raw = json.loads((DEMO_DIR / find_demo(demo, shipped_content().demos).file).read_text(encoding="utf-8"))
    dossier = load_demo(demo, shipped_content()).dossier
    assert dossier.schema_version == SCHEMA_VERSION
    assert len(dossier.activities) == len(raw.get("activities", [raw]))
    assert all(not k.startswith("s0_") for item in dossier.activities for k in item.answers)


def test_version_1_sample_is_as_the_first_release_wrote_it() -> None:
    """The v1 sample has only the first release's fields: later fields must default, not be required."""
    data = json.loads((FIXTURES / "v1.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert set(data) == {
        "schema_version", "organisation", "activity", "assessor", "date", "language", "answers", "notes",
    }  # fmt: skip


# A pretend history (v1 -> v2 -> v3) proves the runner, independent of today's real chain.
def _v1_to_v2(data: Data) -> Data:
    data["assessor"] = data.pop("filled_in_by", "")
    data["schema_version"] = 2
    return data


def _v2_to_v3(data: Data) -> Data:
    data["answers"] = {k: ("unknown" if v == "?" else v) for k, v in data.get("answers", {}).items()}
    data["schema_version"] = 3
    return data


CHAIN = {1: _v1_to_v2, 2: _v2_to_v3}


def test_runner_applies_each_step_in_order() -> None:
    old: dict[str, Any] = {"schema_version": 1, "filled_in_by": "Anna", "answers": {"q": "?"}}
    new = migrate(old, target=3, migrations=CHAIN)
    assert new == {"schema_version": 3, "assessor": "Anna", "answers": {"q": "unknown"}}
    assert old["filled_in_by"] == "Anna", "the caller's dict is not changed"


def test_runner_starts_midway() -> None:
    assert migrate({"schema_version": 2, "answers": {"q": "?"}}, target=3, migrations=CHAIN) == {
        "schema_version": 3,
        "answers": {"q": "unknown"},
    }


def test_current_version_passes_unchanged() -> None:
    data = {"schema_version": SCHEMA_VERSION, "assessor": "x"}
    assert migrate(data) == data


def test_gap_in_chain_is_a_version_error() -> None:
    with pytest.raises(MigrationError) as err:
        migrate({"schema_version": 1}, target=3, migrations={1: _v1_to_v2})
    assert err.value.kind == "version"
    assert "from schema version 2" in str(err.value)


def test_step_that_forgets_the_version_is_caught() -> None:
    with pytest.raises(MigrationError, match="did not produce 2"):
        migrate({"schema_version": 1}, target=2, migrations={1: lambda d: d})


@pytest.mark.parametrize("version", [0, -1, SCHEMA_VERSION + 1, 10**9])
def test_unsupported_versions_are_refused(version: int) -> None:
    with pytest.raises(AssessmentFileError) as err:
        assessment_from_data({"schema_version": version}, successors=shipped_content().catalogue.successors)
    assert err.value.kind == "version"


@pytest.mark.parametrize("version", [None, "1", 1.0, True, [1]])
def test_version_must_be_a_whole_number(version: object) -> None:
    with pytest.raises(AssessmentFileError) as err:
        assessment_from_data({"schema_version": version}, successors=shipped_content().catalogue.successors)
    assert err.value.kind == "invalid"


# --- version 3 (issue 23): the next review per activity, the edit log in an exported file ---------


def test_version_2_opens_without_review_dates_or_history() -> None:
    data = json.loads((FIXTURES / "v2.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2 and "history" not in data
    migrated = migrate(data)
    assert migrated["schema_version"] == 3
    assert {k: v for k, v in migrated.items() if k != "schema_version"} == {
        k: v for k, v in data.items() if k != "schema_version"
    }, "2 -> 3 moves nothing"
    dossier = dossier_from_data(data, successors=shipped_content().catalogue.successors)
    assert dossier.schema_version == SCHEMA_VERSION == 3
    assert dossier.history == []
    assert all(item.review_date is None for item in dossier.activities)


def test_a_version_3_file_round_trips_with_review_dates_and_history() -> None:
    data = json.loads((FIXTURES / "v2.json").read_text(encoding="utf-8"))
    dossier = dossier_from_data(data, successors=shipped_content().catalogue.successors)
    first = dossier.activities[0]
    first.review_date = dt.date(2027, 6, 15)
    entries = [
        HistoryEntry(
            activity=first.id,
            field="answers.s1_register",
            old='"no"',
            new='"yes"',
            who="a.adviseur@example.nl",
            when=dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC),
            revision=7,
        ),
        HistoryEntry(
            field="organisation.name",
            old=None,
            new='"Gemeente"',
            who="via link",
            when=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
            revision=1,
        ),
    ]
    exported = with_history(dossier, entries)
    text = dossier_to_json(exported)
    again = dossier_from_data(json.loads(text), successors=shipped_content().catalogue.successors)
    assert again == exported
    assert again.activities[0].review_date == dt.date(2027, 6, 15)
    assert again.history == entries
    assert dossier.history == [], "with_history makes a copy"


def test_the_history_of_an_exported_file_keeps_the_file_openable() -> None:
    big = "x" * 20_000
    when = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    entries = [
        HistoryEntry(field=f"notes.{n}", new=json.dumps(big), when=when, revision=n) for n in range(80)
    ]
    exported = with_history(load_demo("gemeente-verhuizen", shipped_content()).dossier, entries)
    assert 0 < len(exported.history) < len(entries)
    assert exported.history == entries[: len(exported.history)], "the newest are kept"
    assert json_size(exported.model_dump_json()) <= MAX_FILE_BYTES
    many = [HistoryEntry(field="answers.s1_register", when=when)] * (MAX_HISTORY + 10)
    assert len(with_history(Dossier(), many).history) <= MAX_HISTORY
