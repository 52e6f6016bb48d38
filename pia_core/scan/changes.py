"""Field-level changes between two versions of a dossier, and putting changes onto a dossier
(issue 23: the edit log, and merging two sessions' edits).

`diff(old, new)` lists every field that differs, so that `apply(old, diff(old, new)) == new`
for any two dossiers. A change (pia_core/storage/edit_log.py `Change`) names the activity ("" for
what the dossier holds once: the organisation, step 0, the language) and a field path, dotted:

- a keyed entry: `answers.<question id>`, `notes.<step>`, `consultant_notes.<step>`,
  `na_reasons.<question id>`, `screening.<item id>`;
- a part of an entry or block, one field each: `actions.<finding id>.owner`,
  `actions.<finding id>.due` (any field an action entry has), `sign_off.decision`,
  `dpia.done`, `dpia.no_high_risk.reason`, `register_entry.purpose`, `activity.name`,
  `organisation.name`, `cost_assumptions.<field>`;
- a flow, whole, keyed by its id (stable through edits and reordering): `flows.<flow id>`, its
  JSON object; a flow added has no old value, one removed no new value. `flows.#order` is the
  order of the flows when it changed other than by adding at the end or removing (a list of ids);
  `flows.#all` the whole list where flow ids are not unique (a hand-edited file);
- an activity added or removed, whole: field `#activity`; `activities.#order` (organisation) its
  order when it changed other than by adding at the end or removing;
- anything else (a plain value, a list): the field by its name (`scan_mode`, `assessor`).
A key holding "." or "~" is escaped in a path ("~1" and "~0", as in a JSON pointer), so a path is
always read back to the same keys (`parse_field`).

Values are JSON text, None for absent (a question not answered). The session's own view
(`current`, `language`, `presentation`: the chosen activity, the page language, the
presenter's timer) is in the diff, so a merge keeps it, but not in the log (`logged`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pia_core.scan.dossier import Dossier
from pia_core.storage.edit_log import MAX_FIELD, Change

ORGANISATION = ""  # Change.activity of the organisation-wide part
WHOLE = "#activity"
ORDER = "#order"
ALL = "#all"
ACTIVITIES = "activities"
FLOWS = "flows"
# The session's own view: merged like every field, never logged, never a conflict worth a word.
NOT_LOGGED = frozenset({"current", "language", "presentation", "schema_version"})

Json = Any  # a value as json.loads gives it
_ABSENT = object()


# --- paths --------------------------------------------------------------------------------------


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace(".", "~1")


def _unescape(part: str) -> str:
    return part.replace("~1", ".").replace("~0", "~")


def field_of(path: Sequence[str]) -> str:
    return ".".join(_escape(part) for part in path)


def parse_field(field: str) -> tuple[str, ...]:
    return tuple(_unescape(part) for part in field.split("."))


def _text(value: Json) -> str | None:
    return None if value is _ABSENT else json.dumps(value, ensure_ascii=False, sort_keys=True)


def value_of(text: str | None) -> Json:
    """A change's value as JSON data; None for absent (and for JSON null: see `Change`)."""
    return None if text is None else json.loads(text)


def logged(change: Change) -> bool:
    """Whether the change belongs in the edit log (not the session's own view)."""
    return change.activity != ORGANISATION or parse_field(change.field)[0] not in NOT_LOGGED


# --- diff ---------------------------------------------------------------------------------------


def as_json(dossier: Dossier) -> dict[str, Json]:
    """The dossier as JSON data (what the store holds, parsed)."""
    data: dict[str, Json] = dossier.model_dump(mode="json")
    return data


def diff(old: Dossier, new: Dossier) -> list[Change]:
    return diff_json(as_json(old), as_json(new))


def diff_json(old: Mapping[str, Json], new: Mapping[str, Json]) -> list[Change]:
    """What changed from `old` to `new` (both a dossier as JSON data), field by field."""
    out: list[Change] = []
    rest_old = {k: v for k, v in old.items() if k != ACTIVITIES}
    rest_new = {k: v for k, v in new.items() if k != ACTIVITIES}
    _walk(ORGANISATION, (), rest_old, rest_new, out)
    before = {item["id"]: item for item in old.get(ACTIVITIES, [])}
    after = {item["id"]: item for item in new.get(ACTIVITIES, [])}
    for activity_id, item in after.items():
        if activity_id not in before:
            out.append(Change(activity_id, WHOLE, None, _text(item)))
            continue
        was = {k: v for k, v in before[activity_id].items() if k != "id"}
        now = {k: v for k, v in item.items() if k != "id"}
        _walk(activity_id, (), was, now, out)
    for activity_id, item in before.items():
        if activity_id not in after:
            out.append(Change(activity_id, WHOLE, _text(item), None))
    order = _order_change(list(before), list(after))
    if order is not None:
        out.append(Change(ORGANISATION, field_of((ACTIVITIES, ORDER)), _text(list(before)), _text(order)))
    return out


def _walk(activity: str, path: tuple[str, ...], old: Json, new: Json, out: list[Change]) -> None:
    if old is not _ABSENT and new is not _ABSENT and _same(old, new):
        return
    if path == (FLOWS,) and activity != ORGANISATION:
        _flows(activity, old, new, out)
        return
    if (isinstance(old, dict) or old is _ABSENT) and (isinstance(new, dict) or new is _ABSENT):
        was: dict[str, Json] = old if isinstance(old, dict) else {}  # absent (never both)
        now: dict[str, Json] = new if isinstance(new, dict) else {}
        for key in [*was, *(k for k in now if k not in was)]:
            _walk(activity, (*path, key), was.get(key, _ABSENT), now.get(key, _ABSENT), out)
        return
    out.append(Change(activity, field_of(path), _text(old), _text(new)))


def _same(a: Json, b: Json) -> bool:
    """Equal as JSON: at a leaf 1 and True, 0 and 0.0 are different values (a container compares
    with ==, in C: a field holds one type in both versions)."""
    return a == b if isinstance(a, dict | list) else type(a) is type(b) and a == b


def _flow_ids(flows: Json) -> list[str] | None:
    """The flows' ids in order, or None where they are not unique (or not there)."""
    if not isinstance(flows, list):
        return [] if flows is _ABSENT else None
    ids: list[str] = []
    for flow in flows:
        found = flow.get("id") if isinstance(flow, dict) else None
        if not isinstance(found, str) or found in ids:
            return None
        ids.append(found)
    return ids


def _flows(activity: str, old: Json, new: Json, out: list[Change]) -> None:
    before, after = _flow_ids(old), _flow_ids(new)
    if before is None or after is None:
        out.append(Change(activity, field_of((FLOWS, ALL)), _text(old), _text(new)))
        return
    was = {} if old is _ABSENT else {flow["id"]: flow for flow in old}
    now = {} if new is _ABSENT else {flow["id"]: flow for flow in new}
    for flow_id in [*before, *(i for i in after if i not in was)]:
        a, b = was.get(flow_id, _ABSENT), now.get(flow_id, _ABSENT)
        if a is _ABSENT or b is _ABSENT or not _same(a, b):
            out.append(Change(activity, field_of((FLOWS, flow_id)), _text(a), _text(b)))
    order = _order_change(before, after)
    if order is not None:
        out.append(Change(activity, field_of((FLOWS, ORDER)), _text(before), _text(order)))


def _reordered(current: Sequence[str], order: Sequence[str]) -> list[str]:
    """`current` in `order`: the ids it names first, in its order; the others after, as they were."""
    named = set(order)
    present = set(current)
    return [i for i in order if i in present] + [i for i in current if i not in named]


def _order_change(before: Sequence[str], after: Sequence[str]) -> list[str] | None:
    """The new order, unless adding at the end and removing explain it."""
    kept = set(after)
    simple = [i for i in before if i in kept] + [i for i in after if i not in set(before)]
    return None if simple == list(after) else list(after)


# --- apply --------------------------------------------------------------------------------------


def apply(dossier: Dossier, changes: Iterable[Change]) -> Dossier:
    """A new dossier: `dossier` with `changes` put on it (the new value of each). A change to an
    activity the dossier no longer has is left out (`apply_json` says which)."""
    data, _ = apply_json(as_json(dossier), changes)
    return Dossier.model_validate(data)


def apply_json(data: Mapping[str, Json], changes: Iterable[Change]) -> tuple[dict[str, Json], list[Change]]:
    """`data` (a dossier as JSON data, not changed) with `changes` put on it, and the changes that
    could not be: those to an activity it does not have."""
    result: dict[str, Json] = json.loads(json.dumps(data))  # a deep copy, JSON only
    activities: list[dict[str, Json]] = result.setdefault(ACTIVITIES, [])
    left_out: list[Change] = []
    orders: list[Change] = []
    for change in changes:
        path = parse_field(change.field)
        if path[-1] == ORDER:
            orders.append(change)
            continue
        if change.activity == ORGANISATION:
            _set(result, path, change.new)
            continue
        index = next((n for n, item in enumerate(activities) if item.get("id") == change.activity), None)
        if path == (WHOLE,):
            if change.new is None:
                if index is not None and len(activities) > 1:  # a dossier keeps one activity
                    del activities[index]
            elif index is None:
                activities.append(json.loads(change.new))
            else:
                activities[index] = json.loads(change.new)
            continue
        if index is None:
            left_out.append(change)
            continue
        item = activities[index]
        if path[0] == FLOWS and len(path) == 2 and path[1] != ALL:
            _set_flow(item, path[1], change.new)
        elif path == (FLOWS, ALL):
            item[FLOWS] = [] if change.new is None else json.loads(change.new)
        else:
            _set(item, path, change.new)
    for change in orders:  # after the adds and removes the order is about
        order = value_of(change.new) or []
        if change.activity == ORGANISATION:
            by_id = {item["id"]: item for item in activities}
            activities[:] = [by_id[i] for i in _reordered(list(by_id), order)]
            continue
        found = next((item for item in activities if item.get("id") == change.activity), None)
        if found is None:
            left_out.append(change)
            continue
        flows = found.get(FLOWS) or []
        ids = _flow_ids(flows)
        if ids is not None:
            by_flow = {flow["id"]: flow for flow in flows}
            found[FLOWS] = [by_flow[i] for i in _reordered(ids, order)]
    return result, left_out


def _set(target: dict[str, Json], path: Sequence[str], text: str | None) -> None:
    """Set (or, for None, remove) the value at `path`; dicts on the way are made, and left out
    again when a removal empties them below the top level (an action entry with no fields)."""
    trail = [target]
    for key in path[:-1]:
        step = trail[-1].get(key)
        if not isinstance(step, dict):
            if text is None:
                return
            step = {}
            trail[-1][key] = step
        trail.append(step)
    if text is None:
        trail[-1].pop(path[-1], None)
        for depth in range(len(trail) - 1, 1, -1):  # never the top-level field itself
            if trail[depth]:
                break
            trail[depth - 1].pop(path[depth - 1], None)
    else:
        trail[-1][path[-1]] = json.loads(text)


def _set_flow(item: dict[str, Json], flow_id: str, text: str | None) -> None:
    flows: list[Json] = list(item.get(FLOWS) or [])
    index = next(
        (n for n, flow in enumerate(flows) if isinstance(flow, dict) and flow.get("id") == flow_id), None
    )
    if text is None:
        if index is not None:
            del flows[index]
    elif index is None:
        flows.append(json.loads(text))
    else:
        flows[index] = json.loads(text)
    item[FLOWS] = flows


# --- merging two sessions' edits -----------------------------------------------------------------


def merge(
    base: Mapping[str, Json], mine: Mapping[str, Json], latest: Mapping[str, Json]
) -> tuple[dict[str, Json], list[tuple[Change, Change]], list[Change]]:
    """This session's edits since `base` put onto the stored `latest` (saved by another session
    since `base`): the merged dossier as JSON data, the conflicts (this session's change and the
    other's, to one field, with different values; this session's wins, it saves later), and this
    session's changes that could not be kept (their activity was removed by the other)."""
    my_changes = diff_json(base, mine)
    theirs = {(c.activity, c.field): c for c in diff_json(base, latest)}
    conflicts = [
        (change, theirs[(change.activity, change.field)])
        for change in my_changes
        if (change.activity, change.field) in theirs
        and theirs[(change.activity, change.field)].new != change.new
        and logged(change)
    ]
    merged, left_out = apply_json(latest, my_changes)
    return merged, conflicts, left_out


def for_log(old: Mapping[str, Json], new: Mapping[str, Json], limit: int) -> list[Change]:
    """The changes from `old` to `new` that belong in the edit log; where they are more than
    `limit` (a whole file opened over the scan), each changed activity as one `#activity` change."""
    changes = _short_paths([change for change in diff_json(old, new) if logged(change)], old, new)
    changes = _removal_orders(changes, old, new)
    if len(changes) <= limit:
        return changes
    organisation = [change for change in changes if change.activity == ORGANISATION]
    before = {item["id"]: item for item in old.get(ACTIVITIES, [])}
    after = {item["id"]: item for item in new.get(ACTIVITIES, [])}
    touched = dict.fromkeys(change.activity for change in changes if change.activity != ORGANISATION)
    whole = [Change(i, WHOLE, _text(before.get(i, _ABSENT)), _text(after.get(i, _ABSENT))) for i in touched]
    return (organisation + whole)[:limit]


def _removal_orders(changes: list[Change], old: Mapping[str, Json], new: Mapping[str, Json]) -> list[Change]:
    """With a flow removed, the log also holds the flows' order (`flows.#order`, where the diff has
    none): a removal says what was removed, not where it stood, and the history page puts removed
    flows back where they were (`rebuild`)."""
    removed = {
        change.activity
        for change in changes
        if change.new is None
        and len(path := parse_field(change.field)) == 2
        and path[0] == FLOWS
        and path[1] not in (ORDER, ALL)
    }
    ordered = {change.activity for change in changes if parse_field(change.field) == (FLOWS, ORDER)}
    before = {item["id"]: item for item in old.get(ACTIVITIES, [])}
    after = {item["id"]: item for item in new.get(ACTIVITIES, [])}
    extra = []
    for activity in sorted(removed - ordered):
        if activity not in before or activity not in after:
            continue
        was, now = (
            _flow_ids(before[activity].get(FLOWS, _ABSENT)),
            _flow_ids(after[activity].get(FLOWS, _ABSENT)),
        )
        if was is not None and now is not None:
            extra.append(Change(activity, field_of((FLOWS, ORDER)), _text(was), _text(now)))
    return changes + extra


def _short_paths(changes: list[Change], old: Mapping[str, Json], new: Mapping[str, Json]) -> list[Change]:
    """A path longer than the log takes (a hand-made key of a file) becomes its top-level field, whole."""
    if all(len(change.field) <= MAX_FIELD for change in changes):
        return changes

    def top(data: Mapping[str, Json], activity: str, name: str) -> str | None:
        if activity != ORGANISATION:
            found: dict[str, Json] = next(
                (i for i in data.get(ACTIVITIES, []) if i.get("id") == activity), {}
            )
            data = found
        return _text(data.get(name, _ABSENT))

    out: list[Change] = []
    seen: set[tuple[str, str]] = set()
    for change in changes:
        if len(change.field) <= MAX_FIELD:
            out.append(change)
            continue
        name = parse_field(change.field)[0]
        if (change.activity, name) not in seen and len(_escape(name)) <= MAX_FIELD:
            seen.add((change.activity, name))
            out.append(
                Change(
                    change.activity,
                    _escape(name),
                    top(old, change.activity, name),
                    top(new, change.activity, name),
                )
            )
    return out


# --- the history page: reverting, and an activity as it was at a moment (issue 23) -------------------


def text_at(data: Mapping[str, Json], activity: str, field: str) -> str | None:
    """The value a field holds in `data` (a dossier as JSON data) as a change carries it: JSON
    text, None where absent (or where its activity is)."""
    path = parse_field(field)
    target: Json = data
    if activity != ORGANISATION:
        target = next((item for item in data.get(ACTIVITIES, []) if item.get("id") == activity), _ABSENT)
        if target is _ABSENT:
            return None
        if path == (WHOLE,):
            return _text(target)
        if path[0] == FLOWS and len(path) == 2:
            flows = target.get(FLOWS) or []
            if path[1] == ALL:
                return _text(flows)
            if path[1] == ORDER:
                return _text(_flow_ids(flows))
            return _text(next((f for f in flows if isinstance(f, dict) and f.get("id") == path[1]), _ABSENT))
    elif path == (ACTIVITIES, ORDER):
        return _text([item.get("id") for item in data.get(ACTIVITIES, [])])
    for key in path:
        target = target.get(key, _ABSENT) if isinstance(target, dict) else _ABSENT
    return _text(target)


def revert(data: Mapping[str, Json], change: Change) -> Change:
    """The change that puts `change`'s old value back, from the value the field holds in `data`
    now: a new change (old = now), never the log's entry undone in place."""
    return Change(change.activity, change.field, text_at(data, change.activity, change.field), change.old)


def revertible(change: Change) -> bool:
    """Whether putting the old value back is a change of the activity, not its removal (an
    activity's creation is not undone: the activity as it was made is its first state)."""
    return not (parse_field(change.field) == (WHOLE,) and change.old is None)


def rebuild(dossier: Dossier, later: Iterable[Change]) -> Dossier:
    """`dossier` as it was before `later`: the logged changes made after a moment, newest first,
    each put back to its old value (a field changed twice ends at the oldest one's old value).
    An activity's creation is left as it is (`revertible`). The result is a new dossier; nothing
    in `dossier` changes."""
    undo = [Change(c.activity, c.field, c.new, c.old) for c in later if revertible(c)]
    return apply(dossier, undo)
