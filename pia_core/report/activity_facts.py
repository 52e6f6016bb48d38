"""What an activity's report says, the same in its PDF (sections.py) and its Word file
(word_sections.py): the cover's rows, the summary's sentences, a finding's and an action's lines,
the charts' tables, the appendix's texts and the laws it cites. The drawing stays with each renderer.
"""

from __future__ import annotations

import re

from pia_core.analysis.action_plan import ActionRow
from pia_core.analysis.findings import Finding
from pia_core.analysis.scoring import applicable_questions, level_for
from pia_core.charts import risk_cell_rows, step_score_rows
from pia_core.content.risk import GRADES, Grade
from pia_core.content.schema import Reference
from pia_core.flows.flags import flow_flags
from pia_core.formatting import date_text
from pia_core.i18n import t
from pia_core.report.context import ActivityFacts
from pia_core.vocabulary import Answer, Language
from pia_core.wording.verdict import format_score, place_label, step_weights_text

Table = tuple[list[str], list[list[str]]]  # headers, rows


def or_dash(facts: ActivityFacts, text: str) -> str:
    return text if text.strip() else facts.t("not_filled")


def cover_rows(facts: ActivityFacts) -> list[tuple[str, str]]:
    """The cover's labels and values: organisation, sector, activity, date, assessor."""
    a, lang = facts.assessment, facts.lang
    return [
        (facts.t("organisation"), or_dash(facts, a.organisation.name)),
        (facts.t("sector"), t(f"common.sector.{a.organisation.sector.value}", lang)),
        (facts.t("activity"), or_dash(facts, a.activity.name)),
        (facts.t("date"), date_text(a.date, lang)),
        (facts.t("assessor"), or_dash(facts, a.assessor)),
    ]


def critical_colour(facts: ActivityFacts) -> str:
    return facts.rules.level(Grade.HIGH).colour


def counts_line(facts: ActivityFacts) -> str:
    """The summary's "12 of 40 questions answered. 7 findings: ..." sentence."""
    result, findings = facts.score, facts.findings
    counts = {grade: sum(f.risk == grade for f in findings) for grade in GRADES}
    return (
        facts.t("answered", answered=result.answered, applicable=result.applicable)
        + " "
        + facts.t(
            "finding_counts",
            total=len(findings),
            high=counts[Grade.HIGH],
            medium=counts[Grade.MEDIUM],
            low=counts[Grade.LOW],
        )
    )


def critical_line(facts: ActivityFacts, finding: Finding) -> str:
    """A critical point on the summary: "Kritiek: Stap 3 · <title>"."""
    place = place_label(finding.id, finding.step, facts.lang)
    step = f"{place} · " if place else ""
    return f"{facts.t('critical')}: {step}{finding.title[facts.lang]}"


def finding_label(facts: ActivityFacts, finding: Finding) -> str:
    """A finding's risk level, "Kritiek · " before it when the finding is critical."""
    label = facts.rules.level(finding.risk).name[facts.lang]
    return f"{facts.t('critical')} · {label}" if finding.critical else label


def finding_line(facts: ActivityFacts, finding: Finding) -> str:
    """ "Bevinding (Hoog): <action>"."""
    return f"{facts.t('finding')} ({finding_label(facts, finding)}): {finding.action[facts.lang]}"


def answer_line(facts: ActivityFacts, answer: Answer | None) -> str:
    answer_text = t(f"common.answer.{answer.value}", facts.lang) if answer else facts.t("unanswered")
    return f"{facts.t('answer')}: {answer_text}"


def place_and_risk(place: str, risk: str, critical: bool, lang: Language) -> list[str]:
    """Where a finding is and how risky, "Kritiek" after it when critical; the empty parts left out."""
    parts = [place, risk]
    if critical:
        parts.append(t("report.critical", lang))
    return [part for part in parts if part]


def where_line(facts: ActivityFacts, row: ActionRow) -> str:
    """An action's step, risk and criticality: "Stap 3 · Hoog · Kritiek"."""
    place = place_label(row.finding_id, row.step, facts.lang)
    return " · ".join(place_and_risk(place, row.risk, row.critical, facts.lang))


def action_meta(facts: ActivityFacts, row: ActionRow) -> str:
    """The line under a top action: where, how risky, and its owner and deadline when set."""
    place = place_label(row.finding_id, row.step, facts.lang)
    parts = place_and_risk(place, row.risk, row.critical, facts.lang)
    if row.owner:
        parts.append(f"{facts.t('column.owner')}: {row.owner}")
    if row.due:
        parts.append(f"{facts.t('column.due')}: {date_text(row.due, facts.lang)}")
    return " · ".join(parts)


def step_line(facts: ActivityFacts, number: int) -> str:
    """Under a step's heading: "Score: 62 · Voldoende · 8 van 9 vragen beantwoord"."""
    lang, result = facts.lang, facts.score.steps[number]
    level = level_for(result.score, facts.catalogue)
    line = f"{facts.t('column.score')}: {format_score(result.score, lang)}"
    if level:
        line += f" · {level.name[lang]}"
    return line + " · " + t("step.answered", lang, answered=result.answered, applicable=result.applicable)


def step_score_table(facts: ActivityFacts) -> Table:
    """The step chart's numbers: step, score, level."""
    lang = facts.lang
    rows = [
        [row.label, t("common.no_score", lang) if row.score is None else f"{row.score:.0f}", row.level]
        for row in step_score_rows(facts.score, facts.catalogue, lang)
    ]
    return [facts.t("column.step"), facts.t("column.score"), facts.t("level")], rows


def risk_cell_table(facts: ActivityFacts) -> Table:
    """The risk matrix's numbers: impact, likelihood, how many findings, the risk."""
    headers = [
        facts.t("chart_impact"),
        facts.t("chart_likelihood"),
        facts.t("column.count"),
        facts.t("chart_risk"),
    ]
    cells = [
        [c.impact, c.likelihood, str(c.count), c.risk]
        for c in risk_cell_rows(facts.findings, facts.rules, facts.lang)
    ]
    return headers, cells


# -- appendix ------------------------------------------------------------------------------------
def scoring_text(facts: ActivityFacts) -> str:
    """How a score is computed: each answer's value and the steps' weights."""
    lang = facts.lang
    values = facts.catalogue.scoring.answer_values
    answer_values = ", ".join(
        f"{t(f'common.answer.{answer.value}', lang)} {value * 100:.0f}%" for answer, value in values.items()
    )
    weights = step_weights_text(facts.catalogue, lang)
    return facts.t("scoring", values=answer_values, na=t("common.answer.na", lang), step_weights=weights)


def level_table(facts: ActivityFacts) -> Table:
    lang = facts.lang
    rows = [[lv.name[lang], f"{lv.min:.0f}", lv.meaning[lang]] for lv in facts.catalogue.scoring.levels]
    return [facts.t("level"), facts.t("column.from_score"), facts.t("column.meaning")], rows


def risk_method_text(facts: ActivityFacts) -> str:
    lang, rules = facts.lang, facts.rules
    likelihood = ", ".join(
        f"{t(f'common.answer.{answer.value}', lang)}: {rules.grade_name(grade, lang)}"
        for answer, grade in rules.likelihood.items()
    )
    return facts.t("risk_method", likelihood=likelihood)


def risk_matrix_table(facts: ActivityFacts) -> Table:
    lang, rules = facts.lang, facts.rules
    matrix = [
        [rules.grade_name(impact, lang), *(rules.risk(impact, g).name[lang] for g in GRADES)]
        for impact in reversed(GRADES)
    ]
    return [facts.t("matrix_corner"), *(rules.grade_name(g, lang) for g in GRADES)], matrix


def _article_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Articles in the order a lawyer reads them: "art. 4 lid 7" before "art. 4 lid 10"."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", text))


def cited_laws(facts: ActivityFacts) -> list[tuple[str, list[str]]]:
    """Per law (in laws.yaml order), the articles cited by the questions that apply to this
    organisation's sector and by its flows' warnings, in article order."""
    catalogue, lang = facts.catalogue, facts.lang
    cited: dict[str, set[str]] = {}
    references = [
        ref
        for step in catalogue.steps
        for question in applicable_questions(step, facts.assessment)
        for ref in question.references
    ]
    references += [
        Reference.parse(text, catalogue.laws)
        for flag in flow_flags(facts.assessment, facts.content.flows)
        for text in flag.references
    ]
    for ref in references:
        name = catalogue.laws[ref.law].name[lang]
        cited.setdefault(ref.law, set())
        if ref.article is not None:
            cited[ref.law].add(ref.format(catalogue.laws, lang).removeprefix(name).strip())
    return [
        (catalogue.laws[key].name[lang], sorted(cited[key], key=_article_key))
        for key in catalogue.laws
        if key in cited
    ]


def law_lines(facts: ActivityFacts) -> list[str]:
    """The appendix's laws: "AVG: art. 5, art. 6" per law cited."""
    return [f"{name}: {', '.join(articles)}" if articles else name for name, articles in cited_laws(facts)]
