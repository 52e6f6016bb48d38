"""A logged change in words: which field it changed ("Vraag: Is er een grondslag?", "Notitie bij
stap 3", "Actie bij …: eigenaar") and its values ("Ja", "15-01-2027", a flow by its name). One
wording for the history page (pia_core/ui/history_page.py) and the notice of a change that another
session made to the same field (pia_core/ui/persistence.py)."""

from __future__ import annotations

import datetime as dt
import json

from pia_core.content.loader import Question
from pia_core.formatting import date_text
from pia_core.i18n import t, tn
from pia_core.scan.changes import ALL, FLOWS, ORDER, WHOLE, Json, parse_field, value_of
from pia_core.ui.state import assessment, content
from pia_core.vocabulary import Language

ANSWER_FIELDS = {("dpia", "done"), ("dpia", "fg_advice"), ("dpia", "quality")}
ANSWERS = ("yes", "partly", "no", "unknown", "na")


def short(text: str, limit: int) -> str:
    """`text` on one line, cut at `limit` characters with "…"."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# The questions per catalogue (the catalogue kept alive, so its id stays its own).
_QUESTIONS: dict[int, tuple[object, dict[str, Question]]] = {}


def _questions() -> dict[str, Question]:
    """The catalogue's questions by id (the catalogue builds that dict on every call)."""
    catalogue = content().catalogue
    found = _QUESTIONS.get(id(catalogue))
    if found is None:
        found = (catalogue, catalogue.questions)
        _QUESTIONS.clear()
        _QUESTIONS[id(catalogue)] = found
    return found[1]


def step_of(question_id: str) -> int | None:
    found = _questions().get(question_id)
    return None if found is None else int(found.step)


def _question_text(question_id: str, language: Language) -> str:
    found = _questions().get(question_id)
    return question_id if found is None else short(found.text(language).text, 90)


def _flow_name(flow_id: str) -> str:
    found = next((flow for flow in assessment().flows if flow.id == flow_id), None)
    return flow_id if found is None else found.name


def field_text(field: str, language: Language, old: str | None = None, new: str | None = None) -> str:
    """What the change is about: the question, "Notitie bij stap 3", the action, the flow…"""
    path = parse_field(field)
    head = path[0]
    if len(path) == 2 and head in ("answers", "na_reasons"):
        kind = "answer" if head == "answers" else "na_reason"
        return t(f"history.field.{kind}", language, question=_question_text(path[1], language))
    if len(path) == 2 and head == "notes":
        return t("history.field.note", language, step=path[1])
    if len(path) == 2 and head == "consultant_notes":
        return t("history.fields.consultant_note", language, step=path[1])
    if head == "actions" and len(path) >= 2:
        finding = path[1]
        if finding.startswith("flow:"):
            what = _flow_name(finding.split(":")[1])
        else:
            what = _question_text(finding.removeprefix("check:"), language)
        part = path[2] if len(path) > 2 else ""
        part_text = t(f"history.action_part.{part}", language) if part in ("owner", "due") else part
        return t("history.fields.action", language, what=what, part=part_text)
    if head == FLOWS and len(path) == 2:
        if path[1] == ORDER:
            return t("history.fields.flow_order", language)
        if path[1] == ALL:
            return t("history.fields.flows_all", language)
        named = next(
            (v.get("name") for v in (value_of(new), value_of(old)) if isinstance(v, dict) and v.get("name")),
            None,
        )
        return t("history.fields.flow", language, name=str(named) if named else _flow_name(path[1]))
    if path == (WHOLE,):
        return t("history.fields.activity_whole", language)
    if head in (
        "dpia",
        "sign_off",
        "register_entry",
        "activity",
        "screening",
        "cost_assumptions",
        "scan_mode",
    ):
        section = t(f"history.part.{head}", language)
        if len(path) == 1:
            return section
        return t("history.fields.part", language, section=section, field=".".join(path[1:]))
    return t("history.field.other", language, field=field)


def value_text(field: str, text: str | None, language: Language) -> str:
    """A value shown readably: answer labels (Ja, Nee…), dates as 15-01-2027, a flow by its name."""
    value: Json = value_of(text)
    path = parse_field(field)
    if value is None or value == "":
        return t("history.empty", language)
    if isinstance(value, bool):
        return t(f"history.value.{str(value).lower()}", language)
    if (
        isinstance(value, str)
        and value in ANSWERS
        and (path[0] == "answers" or tuple(path[:2]) in ANSWER_FIELDS)
    ):
        return t(f"common.answer.{value}", language)
    if isinstance(value, str) and path[-1] in ("due", "date"):
        try:
            return date_text(dt.date.fromisoformat(value[:10]), language)
        except ValueError:
            pass
    if path == (WHOLE,) and isinstance(value, dict):
        name = (value.get("activity") or {}).get("name") if isinstance(value.get("activity"), dict) else None
        return short(str(name), 80) if name else t("history.fields.activity_whole", language)
    if path[0] == FLOWS and isinstance(value, dict) and value.get("name"):
        return short(str(value["name"]), 80)
    if path[0] == FLOWS and isinstance(value, list):
        return tn("history.value.flows", language, len(value))
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return short(shown, 80)
