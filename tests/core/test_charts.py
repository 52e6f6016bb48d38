"""The charts: one definition for screen and PDF, with alt text, level bands and their numbers."""

from __future__ import annotations

from typing import Any

from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.scoring import score
from pia_core.charts import (
    PLAIN_SPECS,
    chart_png,
    risk_cell_rows,
    risk_heatmap,
    risk_heatmap_chart,
    step_score_rows,
    step_scores,
    step_scores_chart,
)
from pia_core.content.bundle import shipped_content
from pia_core.scan.model import Answer, Assessment, Language

from ..shipped import content_with


def half_answered() -> Assessment:
    a = Assessment()
    for i, question in enumerate(shipped_content().catalogue.questions.values()):
        if i % 2:
            a.set_answer(question.id, [Answer.YES, Answer.NO, Answer.PARTLY][i % 3])
    return a


def layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["layer"])


def values(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    """A layer's data rows (altair moves inline data into top-level named datasets)."""
    data = layer.get("data", spec.get("data"))
    assert data is not None
    return list(data["values"]) if "values" in data else list(spec["datasets"][data["name"]])


def test_step_chart_in_step_order_with_level_colours_and_bands() -> None:
    cat, a = shipped_content().catalogue, half_answered()
    languages: list[Language] = ["nl", "en"]
    for lang in languages:
        spec = step_scores_chart(score(a, cat), cat, lang).to_dict()
        assert spec["description"]
        band, _, bars, _ = layers(spec)
        titles = [f"{s.number}. {s.title(lang)}" for s in cat.steps]
        assert bars["encoding"]["y"]["sort"] == titles
        scale = bars["encoding"]["color"]["scale"]
        assert scale["range"] == [level.colour for level in cat.scoring.levels]
        assert scale["domain"] == [level.name[lang] for level in cat.scoring.levels]
        assert [b["from"] for b in values(spec, band)] == [level.min for level in cat.scoring.levels]
        shown = {v["step"]: v["shown"] for v in values(spec, bars)}
        rows = step_score_rows(score(a, cat), cat, lang)
        assert all(shown[r.label] == ("—" if r.score is None else f"{r.score:.0f}") for r in rows)


def test_heat_map_counts_every_finding_once() -> None:
    cat, a = shipped_content().catalogue, half_answered()
    found = evaluate(a, content_with(cat)).findings
    rows = risk_cell_rows(found, shipped_content().risk, "nl")
    assert len(rows) == 9
    assert sum(r.count for r in rows) == len(found) > 0
    spec = risk_heatmap_chart(found, shipped_content().risk, "en").to_dict()
    assert spec["description"]
    counts = values(spec, layers(spec)[1])
    assert sum(v["count"] for v in counts) == len(found)


def test_png_is_rendered_once_per_chart() -> None:
    cat, a = shipped_content().catalogue, half_answered()
    png = chart_png(step_scores_chart(score(a, cat), cat, "nl"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert chart_png(step_scores_chart(score(a, cat), cat, "nl")) is png


def test_a_spec_from_its_template_is_the_chart_built_afresh() -> None:
    """The PDF draws from templates built once per language: for another score (other numbers,
    other findings) the spec must still be exactly that of the chart built for it."""
    cat, rules = shipped_content().catalogue, shipped_content().risk
    first, other = half_answered(), Assessment()
    for i, question in enumerate(shipped_content().catalogue.questions.values()):
        if i % 3 == 0:
            other.set_answer(question.id, Answer.NO)
    languages: list[Language] = ["nl", "en"]
    for language in languages:
        for a in (first, other):  # the first builds the templates
            judged = evaluate(a, content_with(cat))
            assert PLAIN_SPECS.spec(step_scores(judged.score, cat, language)) == (
                step_scores_chart(judged.score, cat, language).to_dict()
            )
            assert PLAIN_SPECS.spec(risk_heatmap(judged.findings, rules, language)) == (
                risk_heatmap_chart(judged.findings, rules, language).to_dict()
            )
    nl_first = PLAIN_SPECS.spec(step_scores(evaluate(first, content_with(cat)).score, cat, "nl"))
    nl_other = PLAIN_SPECS.spec(step_scores(evaluate(other, content_with(cat)).score, cat, "nl"))
    assert nl_first["datasets"] != nl_other["datasets"]
