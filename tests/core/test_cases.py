"""The verdict, both ways: real enforcement decisions and careful organisations as scans.

Fined (tests/cases/*.yaml, the decision itself in content/precedents/): each case is answered as the
organisation would truthfully have answered, with only the fined violation weak. The verdict must
be the lowest level, with the violation among the critical points and in the top actions, citing
the article the regulator used, and the decision shown as a precedent. A scan that reassures an
organisation the regulator fined is the worst thing this product can do.

Careful (tests/cases/good/*.yaml): compliant organisations answered as they truly would, DPIA check
included. They must reach the top band with no critical point: a scan that alarms everyone is
ignored. And each of them, with any one critical duty turned to Nee, must fall to the lowest level
with that duty named: the rules tell the difference, not the score alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pia_core.analysis.dpia_duty import MISSING_ID
from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.findings import TOP_ACTIONS
from pia_core.commands.score_cmd import score_as_data
from pia_core.content.bundle import shipped_content
from pia_core.content.precedents import duty_key
from pia_core.demos import load_demo
from pia_core.scan.model import Answer, Assessment, Sector

from ..shipped import content_with

CASES_DIR = Path(__file__).parent.parent / "cases"
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))
GOOD_FILES = sorted((CASES_DIR / "good").glob("*.yaml"))


def load_case(path: Path) -> tuple[dict[str, Any], Assessment]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assessment = Assessment.model_validate(
        {
            "organisation": data["organisation"],
            "activity": data.get("activity", {}),
            "screening": data.get("screening", {}),
            "flows": data.get("flows", []),
            "dpia": data.get("dpia", {}),
            "na_reasons": data.get("na_reasons", {}),
        }
    )
    cat = shipped_content().catalogue
    unknown = set(data.get("answers", {})) - cat.questions.keys()
    assert not unknown, f"{path.name}: answers to unknown questions {sorted(unknown)}"
    default = Answer(data.get("default_answer", "yes"))
    sector = assessment.organisation.sector
    for step in cat.steps:
        for question in step.applicable(sector):
            assessment.set_answer(question.id, Answer(data.get("answers", {}).get(question.id, default)))
    return data, assessment


def cites(raw_references: tuple[str, ...], article: str) -> bool:
    """ "AVG 32" is cited by "AVG 32(1)(b)" but not by "AVG 320"."""
    pattern = re.compile(rf"^{re.escape(article)}(\(|$)")
    return any(pattern.match(reference) for reference in raw_references)


def test_the_library_holds_thirty_decisions_each_with_its_published_facts() -> None:
    assert len(CASE_FILES) >= 30
    library = shipped_content().precedents
    for path in CASE_FILES:
        assert path.stem in library.items, f"{path.name}: no content/precedents/{path.stem}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        decision = library.items[path.stem]
        # The decision is a precedent for the duty the case expects to be named.
        duties = {duty_key(finding) for finding in data["expect"]["findings"]}
        assert duties & set(decision.duties), (path.stem, duties, decision.duties)


def test_the_library_holds_ten_careful_organisations_across_every_sector() -> None:
    assert len(GOOD_FILES) >= 10
    sectors = {
        yaml.safe_load(path.read_text(encoding="utf-8"))["organisation"]["sector"] for path in GOOD_FILES
    }
    assert sectors == {sector.value for sector in Sector}


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_a_fined_organisation_lands_at_the_lowest_level_with_its_violation_named(path: Path) -> None:
    data, assessment = load_case(path)
    cat = shipped_content().catalogue
    judged = evaluate(assessment, content_with(cat))
    lowest = cat.scoring.levels[0]
    assert not judged.provisional, f"every applicable question is answered: open {judged.open_critical}"
    assert judged.level == lowest, f"{path.stem}: {judged.overall} -> {judged.level}"
    top = [finding.id for finding in judged.findings[:TOP_ACTIONS]]
    critical = {finding.id: finding for finding in judged.critical}
    article = data["expect"]["article"]
    for finding_id in data["expect"]["findings"]:
        assert finding_id in critical, f"{finding_id} is not a critical point: {sorted(critical)}"
        assert finding_id in top, f"{finding_id} is not among the top {TOP_ACTIONS} actions: {top}"
        assert cites(critical[finding_id].raw_references, article), critical[finding_id].raw_references
    # The CLI tells the same story as the screen.
    out = score_as_data(judged, assessment, shipped_content())
    assert out["level"] == lowest.id and set(data["expect"]["findings"]) <= set(out["critical_findings"])
    # Every critical point it expects shows a precedent on the same duty.
    for finding_id in data["expect"]["findings"]:
        assert judged.precedents[finding_id], f"{finding_id}: no precedent shown"


@pytest.mark.parametrize("path", GOOD_FILES, ids=[p.stem for p in GOOD_FILES])
def test_a_careful_organisation_is_good_without_a_critical_point(path: Path) -> None:
    _, assessment = load_case(path)
    cat = shipped_content().catalogue
    judged = evaluate(assessment, content_with(cat))
    top = cat.scoring.levels[-1]
    assert not judged.critical, f"false alarm: {[f.id for f in judged.critical]}"
    assert not judged.provisional, f"open: {judged.open_critical}"
    assert judged.screening.filled, "a careful organisation went through the DPIA check"
    assert judged.level == top, f"{path.stem}: {judged.overall} -> {judged.level}"


def _critical_duties(path: Path) -> list[tuple[Path, str]]:
    _, assessment = load_case(path)
    judged = evaluate(assessment, shipped_content())
    duties = [(path, question_id) for question_id in sorted(judged.critical_ids)]
    if judged.screening.legally_required:
        duties.append((path, MISSING_ID))
    return duties


FLIPS = [duty for path in GOOD_FILES for duty in _critical_duties(path)]


@pytest.mark.parametrize(("path", "duty"), FLIPS, ids=[f"{p.stem}:{d}" for p, d in FLIPS])
def test_a_careful_organisation_with_one_critical_duty_unmet_falls_to_the_lowest_level(
    path: Path, duty: str
) -> None:
    _, assessment = load_case(path)
    if duty == MISSING_ID:
        assessment.dpia = assessment.dpia.model_copy(update={"done": Answer.NO})
    else:
        assessment.set_answer(duty, Answer.NO)
    cat = shipped_content().catalogue
    judged = evaluate(assessment, content_with(cat))
    assert judged.level == cat.scoring.levels[0], f"{duty}: {judged.overall} -> {judged.level}"
    assert [finding.id for finding in judged.critical] == [duty]


def test_the_violation_alone_makes_the_difference() -> None:
    """Put the fined answers right and the verdict is no longer the lowest: the case tests the rule."""
    path = CASES_DIR / "hagaziekenhuis-2019.yaml"
    data, assessment = load_case(path)
    for finding_id in data["expect"]["findings"]:
        assessment.set_answer(finding_id, Answer.YES)
    judged = evaluate(assessment, shipped_content())
    assert not judged.critical
    assert judged.level is not None and judged.level != shipped_content().catalogue.scoring.levels[0]


def _demo_activities() -> list[tuple[str, str]]:
    return [
        (demo.id, item.id)
        for demo in shipped_content().demos
        for item in load_demo(demo.id, shipped_content()).dossier.activities
    ]


@pytest.mark.parametrize(("demo_id", "activity_id"), _demo_activities())
def test_every_demo_is_judged_by_the_same_rules(demo_id: str, activity_id: str) -> None:
    """The demos a consultant shows follow the rules the cases prove: a DPIA check that was gone
    through, a missing DPIA critical only where the law requires one, the lowest level exactly when
    there is a critical point, and a precedent list for each critical point."""
    cat = shipped_content().catalogue
    judged = evaluate(
        load_demo(demo_id, shipped_content()).dossier.assessment(activity_id), content_with(cat)
    )
    assert judged.screening.filled
    ids = {finding.id for finding in judged.critical}
    assert (MISSING_ID in ids) <= judged.screening.legally_required
    assert (judged.level == cat.scoring.levels[0]) == bool(ids)
    assert set(judged.precedents) == ids
    assert all(
        item in shipped_content().precedents.items for shown in judged.precedents.values() for item in shown
    )
