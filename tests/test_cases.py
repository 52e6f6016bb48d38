"""Real enforcement decisions as scans (tests/cases/*.yaml, sources in tests/cases/README.md).

Each case is answered as the organisation would truthfully have answered, with only the fined
violation weak. The verdict must be the lowest level, with the violation among the critical
points and in the top actions, citing the article the regulator used. A scan that reassures an
organisation the regulator fined is the worst thing this product can do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.findings import TOP_ACTIONS
from pia_core.commands.score_cmd import score_as_data
from pia_core.content.loader import catalogue
from pia_core.scan.model import Answer, Assessment

CASES_DIR = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))


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
    cat = catalogue()
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


def test_the_library_holds_at_least_ten_real_cases() -> None:
    assert len(CASE_FILES) >= 10
    for path in CASE_FILES:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))["case"]
        assert case["authority"] and case["source"].startswith("https://"), path.name
        assert case["summary"]["nl"] and case["summary"]["en"], path.name


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_a_fined_organisation_lands_at_the_lowest_level_with_its_violation_named(path: Path) -> None:
    data, assessment = load_case(path)
    cat = catalogue()
    judged = evaluate(assessment, cat)
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
    out = score_as_data(judged, assessment)
    assert out["level"] == lowest.id and set(data["expect"]["findings"]) <= set(out["critical_findings"])


def test_the_violation_alone_makes_the_difference() -> None:
    """Put the fined answers right and the verdict is no longer the lowest: the case tests the rule."""
    path = CASES_DIR / "hagaziekenhuis-2019.yaml"
    data, assessment = load_case(path)
    for finding_id in data["expect"]["findings"]:
        assessment.set_answer(finding_id, Answer.YES)
    judged = evaluate(assessment, catalogue())
    assert not judged.critical
    assert judged.level is not None and judged.level != catalogue().scoring.levels[0]
