"""Cell-by-cell validation of the flow table's edits.

The table sends its edits as {"edited_rows": {row: {column: value}}, "added_rows": [...],
"deleted_rows": [...]}. Each cell is checked on its own: a bad cell is refused with a reason and
keeps its old value, every other cell is taken over. Numbers are typed as text so that a Dutch
"12.000" means twelve thousand and anything else gets a clear message instead of a silent zero.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from pia_core.i18n import t
from pia_core.scan.flow_model import (
    CHOICE_COLUMNS,
    FLOW_NAME_MAX,
    MAX_FLOWS,
    MAX_VOLUME,
    Channel,
    Flow,
    Processor,
    Recipient,
    new_flow_id,
)
from pia_core.vocabulary import LANGUAGES

E = TypeVar("E", bound=StrEnum)

COLUMNS = (
    "name",
    "recipients",
    "volume",
    "channel",
    "special_data",
    "bsn",
    "tracked",
    "processor",
    "digital_share",
)
CHOICES: dict[str, tuple[type[StrEnum], str]] = {
    "recipients": (Recipient, "recipient"),
    "channel": (Channel, "channel"),
    "processor": (Processor, "processor"),
}
BOOLEANS = ("special_data", "bsn", "tracked")
_SPACES = re.compile(r"[\s\u00a0\u202f_']")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?")


class CellError(ValueError):
    """A refused cell: `code` names the text in content/ui/<lang>/flows.yaml under error."""

    def __init__(self, code: str, value: object = "", **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.value = value
        self.params = params


@dataclass(frozen=True)
class RefusedCell:
    row: int  # 1-based row in the table as the user sees it
    column: str
    code: str
    value: str  # what was typed, shortened for the message
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class EditResult:
    flows: list[Flow]
    refused: list[RefusedCell]


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _numeric_text(raw: object) -> str:
    if isinstance(raw, bool) or raw is None:
        raise CellError("empty" if raw is None else "not_number", raw)
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise CellError("not_number", raw)
        return repr(raw)
    text = _SPACES.sub("", str(raw)).strip()
    if not text:
        raise CellError("empty", raw)
    return text


def parse_volume(raw: object) -> int:
    """Messages per year: a whole number 0..1e9, written 12000, 12.000 or 12,000."""
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        raw = int(raw)
    text = _numeric_text(raw)
    negative = text.startswith("-")
    body = text.lstrip("+-")
    if re.fullmatch(r"\d+", body):
        value = int(body)
    elif _GROUPED.fullmatch(body):
        value = int(re.sub(r"[.,]", "", body))
    elif _DECIMAL.fullmatch(body):
        raise CellError("not_whole", raw)
    else:
        raise CellError("not_number", raw)
    if negative and value:
        raise CellError("negative", raw)
    if value > MAX_VOLUME:
        raise CellError("too_large", raw)
    return value


def parse_share(raw: object) -> float:
    """A percentage 0..100; "12,5", "12.5" and "12,5 %" all mean 12.5."""
    text = _numeric_text(raw).removesuffix("%")
    negative = text.startswith("-")
    body = text.lstrip("+-")
    if not _DECIMAL.fullmatch(body):
        raise CellError("not_number", raw)
    value = float(body.replace(",", "."))
    if negative and value:
        raise CellError("negative", raw)
    if value > 100:
        raise CellError("share_range", raw)
    return value


def parse_amount(raw: object, maximum: float) -> float:
    """An amount or a count typed the Dutch or the English way: "1,40", "1.40", "40.000",
    "40,000", "40.000,50" or "€ 1,40". With both marks, the last one is the decimal mark."""
    text = _numeric_text(raw).removeprefix("€").removesuffix("%")
    negative = text.startswith("-")
    body = text.lstrip("+-")
    if "." in body and "," in body:
        decimal_mark = "." if body.rindex(".") > body.rindex(",") else ","
        thousands = "," if decimal_mark == "." else "."
        if not re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})*\{decimal_mark}\d+", body):
            raise CellError("not_number", raw)
        value = float(body.replace(thousands, "").replace(decimal_mark, "."))
    elif _GROUPED.fullmatch(body):
        value = float(re.sub(r"[.,]", "", body))
    elif _DECIMAL.fullmatch(body):
        value = float(body.replace(",", "."))
    else:
        raise CellError("not_number", raw)
    if negative and value:
        raise CellError("negative", raw)
    if value > maximum:
        raise CellError("too_large_amount", raw, max=maximum)
    return value


def parse_name(raw: object) -> str:
    text = "" if raw is None else str(raw)
    # Control characters break tables and the PDF; everything else (accents, emoji) is kept.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch == " ").strip()
    if not text:
        raise CellError("name_empty", raw)
    if len(text) > FLOW_NAME_MAX:
        raise CellError("name_too_long", _shown(text), max=FLOW_NAME_MAX)
    return text


def parse_choice(raw: object, enum: type[E], area: str) -> E:
    """An enum member from its label in either language, or from its machine value."""
    text = "" if raw is None else str(raw).strip()
    for member in enum:
        if text == member.value or any(text == t(f"flows.{area}.{member.value}", lang) for lang in LANGUAGES):
            return member
    raise CellError("bad_choice" if text else "empty", raw)


def parse_bool(raw: object) -> bool:
    if isinstance(raw, str):
        return raw.strip().lower() in {"true", "1", "ja", "yes", "x"}
    return bool(raw)


def parse_cell(column: str, raw: object) -> object:
    if column == "name":
        return parse_name(raw)
    if column == "volume":
        return parse_volume(raw)
    if column == "digital_share":
        return parse_share(raw)
    if column in BOOLEANS:
        return parse_bool(raw)
    enum, area = CHOICES[column]
    return parse_choice(raw, enum, area)


def _apply_cells(
    flow: Flow, cells: Mapping[str, Any], row: int, refused: list[RefusedCell], added: bool
) -> Flow:
    values: dict[str, object] = {}
    missing = list(flow.missing)
    for column, raw in cells.items():
        if column not in COLUMNS:
            continue  # a column the table does not edit (index, computed)
        if (added or column in missing) and (raw is None or raw == ""):
            continue  # a new row's untouched cell: still to be filled in, nothing to refuse
        try:
            values[column] = parse_cell(column, raw)
        except CellError as exc:
            refused.append(RefusedCell(row, column, exc.code, _shown(raw), exc.params))
            continue
        if column in missing:
            missing.remove(column)
    if missing != flow.missing:
        values["missing"] = missing
    return flow.model_copy(update=values) if values else flow


def new_flow(new_name: str, number: int) -> Flow:
    """A row the user added: a name to change, the choices still to be made."""
    return Flow(id=new_flow_id(), name=f"{new_name} {number}", missing=list(CHOICE_COLUMNS))


def apply_edits(flows: list[Flow], edits: Mapping[str, Any] | None, new_name: str) -> EditResult:
    """`flows` with the table's edits applied; refused cells keep their old value."""
    if not edits:
        return EditResult(list(flows), [])
    refused: list[RefusedCell] = []
    result = list(flows)
    for key, cells in (edits.get("edited_rows") or {}).items():
        try:
            index = int(key)
        except (TypeError, ValueError):
            continue
        if 0 <= index < len(result) and isinstance(cells, Mapping):
            result[index] = _apply_cells(result[index], cells, index + 1, refused, added=False)
    deleted = {int(i) for i in edits.get("deleted_rows") or [] if str(i).lstrip("-").isdigit()}
    kept = [flow for index, flow in enumerate(result) if index not in deleted]
    for offset, cells in enumerate(edits.get("added_rows") or []):
        row = len(flows) + offset + 1
        if not isinstance(cells, Mapping):
            continue
        if len(kept) >= MAX_FLOWS:
            refused.append(RefusedCell(row, "name", "too_many", "", {"max": MAX_FLOWS}))
            continue
        # Validate the row against an incomplete new flow, so a new row is never lost over one bad
        # or empty cell: what is not chosen yet stays marked as missing.
        kept.append(_apply_cells(new_flow(new_name, len(kept) + 1), cells, row, refused, added=True))
    return EditResult(kept, refused)
