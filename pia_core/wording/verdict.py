"""How the verdict reads: the same words in the sidebar, on the pages, in the PDF and in the CLI."""

from __future__ import annotations

from pia_core.analysis.evaluation import Evaluation
from pia_core.analysis.findings import FindingKind
from pia_core.content.loader import Catalogue
from pia_core.content.precedents import Precedent
from pia_core.formatting import money
from pia_core.i18n import t, tn
from pia_core.vocabulary import Language


def format_score(score: float | None, lang: Language) -> str:
    """ "62 / 100", or "—" when there is nothing to score: the same on screen and in the PDF."""
    if score is None:
        return t("common.no_score", lang)
    return t("common.score_of_100", lang, score=f"{score:.0f}")


def level_name(evaluation: Evaluation, lang: Language) -> str:
    """ "Voldoende", "Matig (voorlopig)", or "—" when there is nothing to judge yet."""
    if evaluation.level is None:
        return t("common.no_score", lang)
    name = evaluation.level.name[lang]
    return t("verdict.level_provisional", lang, level=name) if evaluation.provisional else name


def critical_count(evaluation: Evaluation, lang: Language) -> str:
    """ "1 kritiek punt" / "3 kritieke punten"."""
    return tn("verdict.count", lang, len(evaluation.critical))


def reason_lines(evaluation: Evaluation, lang: Language) -> list[str]:
    """Why the level is what it is, when it is not simply the score's band; empty otherwise.

    "77 / 100, niveau Onvoldoende door 3 kritieke punten" keeps a client from reading 77 as good.
    """
    lines = []
    if evaluation.critical and evaluation.level is not None:
        lines.append(
            tn(
                "verdict.capped",
                lang,
                len(evaluation.critical),
                score=format_score(evaluation.overall, lang),
                level=evaluation.level.name[lang],
            )
        )
    if evaluation.open_critical:
        # "100 / 100" beside "Onvoldoende (voorlopig)" reads as a contradiction unless the line
        # says what the number counts and why the level differs.
        lines.append(
            tn(
                "verdict.provisional",
                lang,
                len(evaluation.open_critical),
                score=format_score(evaluation.overall, lang),
                answered=evaluation.score.answered,
            )
        )
    if evaluation.quick:
        lines.append(t("verdict.quick", lang))
    return lines


def place_label(finding_id: str, step: int | None, lang: Language) -> str:
    """Where a finding belongs: "Stap 6", "DPIA-check" for the DPIA duty, or nothing."""
    if step is not None:
        return t("report.step_short", lang, number=step)
    if finding_id.startswith(f"{FindingKind.DPIA.value}:"):
        return t("report.dpia_short", lang)
    return ""


def step_weights_text(catalogue: Catalogue, lang: Language) -> str:
    """ "×3: stap 2, 3, 6, 8 en 10; ×2: ...; ×1: stap 0" from the step files (one source)."""
    by_weight: dict[int, list[int]] = {}
    for step in catalogue.steps:
        by_weight.setdefault(step.spec.weight, []).append(step.number)
    parts = []
    for weight in sorted(by_weight, reverse=True):
        numbers = [str(n) for n in by_weight[weight]]
        listed = (
            numbers[0]
            if len(numbers) == 1
            else t("common.and_list", lang, head=", ".join(numbers[:-1]), last=numbers[-1])
        )
        parts.append(t("common.step_weight", lang, weight=weight, steps=listed))
    return "; ".join(parts)


def precedent_text(precedent: Precedent, lang: Language) -> str:
    """ "Autoriteit Persoonsgegevens (AP), 2019 · HagaZiekenhuis · boete € 460.000: <what went wrong>"."""
    fine = (
        # A no-break space keeps "€ 150.000" on one line, on screen and in the PDF.
        t("precedent.fine", lang, amount=money(precedent.fine_eur, lang).replace(" ", "\u00a0"))
        if precedent.fine_eur
        else t("precedent.no_fine", lang)
    )
    return t(
        "precedent.line",
        lang,
        authority=precedent.authority[lang],
        year=precedent.year,
        organisation=precedent.organisation,
        fine=fine,
        lesson=precedent.lesson[lang],
    )


def precedent_source(precedent: Precedent, lang: Language) -> str:
    """The decision's reference and its web address (shown as text: the page loads nothing from it)."""
    return t("precedent.source", lang, reference=precedent.reference, url=precedent.url)
