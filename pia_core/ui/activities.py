"""Several processing activities in one scan: the switcher at the top of the sidebar, the links to
the whole organisation's pages beside it, and a panel to add, copy, rename and delete activities.

Callbacks only *ask* for a change (`REQUEST_KEY`); `apply_request` carries it out at the top of
the sidebar, before the sidebar and the page read the scan. Streamlit runs the callbacks of widgets
changed at about the same moment in one run, in an order of its own: done later, a note typed for
activity A lands in A first, never in the activity chosen in the same breath.

A switch also forgets the widgets' own state, as the language switch does: every bound widget is
seeded again from the new activity, and what the old activity's page kept aside (a refused figure,
flows ticked for removal) goes with it. The tables' keys name their activity (the action plan's
`summary_page.plan_key`, the flows table's snapshot), so an edit the browser still sends for the
old table is never applied to the new one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from pia_core.i18n import t
from pia_core.importing import MAX_FILE_LABEL
from pia_core.scan.dossier import MAX_ACTIVITIES, Dossier, DossierFull
from pia_core.scan.model import NAME_MAX, one_line
from pia_core.ui.navigation import HISTORY, OVERVIEW, REGISTER, page_of
from pia_core.ui.state import (
    ASSESSMENT_KEY,
    DOSSIER_KEY,
    FLOWS_REMOVE_KEY,
    bind,
    dossier,
    lang,
    replace_dossier,
)
from pia_core.vocabulary import Language
from pia_core.wording.activity_names import activity_label

REQUEST_KEY = "_activity_request"  # the change asked for by a callback, carried out by apply_request
ERROR_KEY = "_activity_error"  # (field, text key, values): why the last name was refused
DELETE_KEY = "_activity_delete_pending"  # id of the activity waiting for the delete confirmation
DONE_KEY = "_activity_done"  # (text key, name) of the change just made: one toast
TOAST_NAME_MAX = 30
NEW_NAME_KEY = "activity_new_name"
PANEL_KEY = "activity_panel"
PANEL_ROUND_KEY = "_activity_panel_round"  # part of the panel's key: a new key is a closed panel
SWITCH_PREFIX = "activity_switch_"
RENAME_PREFIX = "activity_rename_"
# Underscore keys that belong to one activity's page and must go with it on a switch.
PER_ACTIVITY_PRIVATE = ("_flows_assumption_error_", "_flows_preset_added")

BAR_KEY = "pia_activity_bar"
# Sticky on the wrapper Streamlit puts around the container (a sticky box stays inside its parent),
# on the sidebar's own background (theme secondaryBackgroundColor) so the steps scroll under it.
BAR_CSS = (
    f"[data-testid='stSidebar'] [data-testid='stLayoutWrapper']:has(> .st-key-{BAR_KEY}) {{"
    " position: sticky; top: 0; z-index: 10; background: #F3F5F8;"
    " padding: 0.5rem 0 0.75rem 0; border-bottom: 1px solid #D5DAE1; }"
)

Kind = Literal["choose", "add", "copy", "rename", "delete"]


@dataclass(frozen=True)
class Request:
    kind: Kind
    target: str = ""  # the activity it is about (choose, copy, rename, delete)
    name: str = ""  # the new name (add, copy, rename)


# -- names ----------------------------------------------------------------------------------------
def clean_name(raw: str) -> str:
    """Spaces trimmed and folded, control and bidi characters dropped (as the model does, so the
    duplicate check sees the name that is stored), capped; emoji and accents stay."""
    return " ".join(one_line(raw).split())[:NAME_MAX]


def name_problem(
    name: str, whole: Dossier, except_id: str | None = None
) -> tuple[str, dict[str, str]] | None:
    """Why `name` cannot be given to an activity (a text key and its values), or None."""
    if not name:
        return "activities.error.empty", {}
    wanted = name.casefold()
    for item in whole.activities:
        if item.id != except_id and clean_name(item.activity.name).casefold() == wanted:
            return "activities.error.duplicate", {"name": name}
    return None


def labels(whole: Dossier, language: Language) -> dict[str, str]:
    """Every activity's name for the lists; unique, so the switcher never confuses two of them."""
    shown = {
        item.id: activity_label(clean_name(item.activity.name), number, language)
        for number, item in enumerate(whole.activities, start=1)
    }
    counts: dict[str, int] = {}
    for text in shown.values():
        counts[text.casefold()] = counts.get(text.casefold(), 0) + 1
    return {
        item_id: t("activities.same_name", language, name=text, number=number)
        if counts[text.casefold()] > 1
        else text
        for number, (item_id, text) in enumerate(shown.items(), start=1)
    }


def shortened(name: str, limit: int = TOAST_NAME_MAX) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def plain(text: str) -> str:
    """User text inside Markdown: every ASCII punctuation mark escaped, so a name shows as typed
    (no links, bold, colours or icons made from it)."""
    return "".join(f"\\{ch}" if ch.isascii() and not ch.isalnum() and not ch.isspace() else ch for ch in text)


# -- carrying out a change ------------------------------------------------------------------------
def _ask(request: Request) -> None:
    st.session_state[REQUEST_KEY] = request
    st.session_state.pop(ERROR_KEY, None)


def forget_widget_state(keep: tuple[str, ...] = (), private: tuple[str, ...] = ()) -> None:
    """Drop the widgets' own state (never the scan): each bound widget is seeded again from the scan
    in this run. `keep`: prefixes of widget keys to leave alone; `private`: prefixes of our own
    underscore keys to drop as well."""
    for key in list(st.session_state.keys()):
        name = str(key)
        if name in (ASSESSMENT_KEY, DOSSIER_KEY) or (keep and name.startswith(keep)):
            continue
        if not name.startswith("_") or (private and name.startswith(private)):
            del st.session_state[key]


def _carry_out(request: Request, whole: Dossier) -> tuple[str, str]:
    """Change `whole` as asked; the text key that says what was done, and the name it is about."""
    if request.kind == "choose":
        whole.choose(request.target)
        return "", ""
    if request.kind == "rename":
        whole.rename(request.target, request.name)
        return "activities.done.renamed", request.name
    if request.kind == "delete":
        gone = labels(whole, whole.language)[request.target]
        whole.delete(request.target)
        return "activities.done.deleted", gone
    whole.add(request.name, template=request.target if request.kind == "copy" else None)
    return f"activities.done.{'copied' if request.kind == 'copy' else 'added'}", request.name


def apply_request() -> None:
    """Carry out the change a callback asked for. Call before anything reads the scan in this run."""
    request = st.session_state.pop(REQUEST_KEY, None)
    if not isinstance(request, Request):
        return
    whole = dossier()  # the old activity's last changes taken in first
    try:
        done, name = _carry_out(request, whole)
    except KeyError:  # deleted in another tab since this page was drawn
        st.session_state[ERROR_KEY] = ("switch", "activities.error.gone", {})
        return
    except DossierFull as exc:  # checked here too: another tab may have added some
        # Nothing changed: the dossier refuses before it grows, and the typed name stays in its field.
        st.session_state[ERROR_KEY] = ("new", *full_message(exc.kind))
        return
    except ValueError:  # a delete of one another tab deleted already (or of the last one left)
        st.session_state[ERROR_KEY] = ("switch", "activities.error.gone", {})
        return
    st.session_state.pop(DELETE_KEY, None)
    if request.kind != "rename":
        forget_widget_state(keep=(NEW_NAME_KEY,), private=PER_ACTIVITY_PRIVATE)
        # Dropped state does not empty a field the browser still shows: set what it must show.
        st.session_state[FLOWS_REMOVE_KEY] = []
        if request.kind in ("add", "copy"):
            st.session_state[NEW_NAME_KEY] = ""
    st.session_state[PANEL_ROUND_KEY] = st.session_state.get(PANEL_ROUND_KEY, 0) + 1  # done: close it
    replace_dossier(whole)  # a new view of the chosen activity; the evaluation cache goes too
    if done:
        st.session_state[DONE_KEY] = (done, name)


# -- callbacks ------------------------------------------------------------------------------------
def request_choice(activity_id: str) -> None:
    """Work on `activity_id` from this run on. For callbacks on other pages too (an overview's
    "open this activity"): the switch then forgets widget state like the switcher's own."""
    if activity_id != dossier().current:
        _ask(Request("choose", target=activity_id))


def _choose(value: str | None) -> None:
    if value:
        request_choice(value)


def full_message(kind: str) -> tuple[str, dict[str, str]]:
    """Why no activity can be added (DossierFull's kind): a text key and its values."""
    if kind == "too_large":
        return "activities.error.too_large", {"limit": MAX_FILE_LABEL}
    return "activities.error.too_many", {"count": str(MAX_ACTIVITIES)}


def _refuse(field_name: str, problem: tuple[str, dict[str, str]]) -> None:
    st.session_state[ERROR_KEY] = (field_name, *problem)


def _add(copy: bool) -> None:
    whole = dossier()
    name = clean_name(str(st.session_state.get(NEW_NAME_KEY) or ""))
    if len(whole.activities) >= MAX_ACTIVITIES:
        _refuse("new", full_message("too_many"))
        return
    problem = name_problem(name, whole)
    if problem:
        _refuse("new", problem)
        return
    _ask(Request("copy" if copy else "add", target=whole.current if copy else "", name=name))


def _rename(key: str) -> None:
    whole = dossier()
    name = clean_name(str(st.session_state.get(key) or ""))
    problem = name_problem(name, whole, except_id=whole.current)
    if problem:
        _refuse("rename", problem)
        return
    _ask(Request("rename", target=whole.current, name=name))


def _ask_delete(activity_id: str | None) -> None:
    """The first click asks for a confirmation (None: the user changed their mind)."""
    if activity_id is None:
        st.session_state.pop(DELETE_KEY, None)
    else:
        st.session_state[DELETE_KEY] = activity_id


def _delete(activity_id: str) -> None:
    st.session_state.pop(DELETE_KEY, None)
    if len(dossier().activities) > 1:
        _ask(Request("delete", target=activity_id))


# -- drawing --------------------------------------------------------------------------------------
def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def _show_error(field_name: str, language: Language) -> None:
    stored = st.session_state.get(ERROR_KEY)
    if isinstance(stored, tuple) and stored[0] == field_name:
        _, key, values = stored
        st.error(t(key, language, **{k: plain(v) for k, v in values.items()}), icon=":material/error:")


def render_switcher(whole: Dossier, names: dict[str, str], language: Language) -> None:
    """The list of activities. The browser keeps a selectbox's choice as its label: the key
    follows the labels, so a rename or another language shows the new ones at once."""
    st.selectbox(
        t("activities.switch_label", language),
        options=whole.ids,
        format_func=lambda item_id: names.get(item_id, item_id),
        help=t("activities.switch_help", language),
        placeholder=t("activities.switch_label", language),  # never Streamlit's English one
        **bind(SWITCH_PREFIX + _digest(language, *names.values()), whole.current, _choose, own=True),
    )
    _show_error("switch", language)


def render_new(whole: Dossier, names: dict[str, str], language: Language) -> None:
    st.markdown(f"**{t('activities.new_heading', language)}**")
    st.text_input(
        t("activities.new_name", language),
        max_chars=NAME_MAX,
        placeholder=t("activities.new_placeholder", language),
        key=NEW_NAME_KEY,
    )
    _show_error("new", language)
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("activities.add", language),
            help=t("activities.add_help", language),
            on_click=_add,
            args=(False,),
            icon=":material/add:",
            type="primary",
            key="activity_add",
        )
        st.button(
            t("activities.copy", language),
            help=t("activities.copy_help", language, name=plain(names[whole.current])),
            on_click=_add,
            args=(True,),
            icon=":material/content_copy:",
            key="activity_copy",
        )


def render_current(whole: Dossier, names: dict[str, str], language: Language) -> None:
    """Rename or delete the chosen activity; the last one cannot go, and the panel says why."""
    st.markdown(f"**{t('activities.current_heading', language)}**")
    name = whole.activity().activity.name
    # A key per activity and name: the field starts from the current name, and keeps what is typed.
    key = RENAME_PREFIX + _digest(whole.current, name)
    st.text_input(t("activities.rename_label", language), value=name, max_chars=NAME_MAX, key=key)
    _show_error("rename", language)
    st.button(
        t("activities.rename", language),
        on_click=_rename,
        args=(key,),
        icon=":material/edit:",
        key="activity_rename",
    )
    if len(whole.activities) == 1:
        st.button(
            t("activities.delete", language), icon=":material/delete:", disabled=True, key="activity_delete"
        )
        st.caption(t("activities.last_one", language))
        return
    if st.session_state.get(DELETE_KEY) != whole.current:
        st.button(
            t("activities.delete", language),
            on_click=_ask_delete,
            args=(whole.current,),
            icon=":material/delete:",
            key="activity_delete",
        )
        return
    st.warning(
        t("activities.delete_confirm_text", language, name=plain(names[whole.current])),
        icon=":material/warning:",
    )
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("activities.delete_yes", language),
            on_click=_delete,
            args=(whole.current,),
            type="primary",
            key="activity_delete_yes",
        )
        st.button(
            t("activities.delete_no", language), on_click=_ask_delete, args=(None,), key="activity_delete_no"
        )


def render_manage(whole: Dossier, names: dict[str, str], language: Language) -> None:
    # Tracked, so its fields are drawn only while it is open: on every other run (each answer
    # anywhere in the app) they would be work for nothing. Opening or closing it costs one rerun.
    # Closed after a change (the list shows the result) by a new key.
    with st.popover(
        t("activities.manage", language),
        help=t("activities.manage_help", language),
        icon=":material/tune:",
        key=panel_key(),
        on_change="rerun",
    ) as panel:
        if panel.open:
            render_new(whole, names, language)
            st.divider()
            render_current(whole, names, language)


def panel_key() -> str:
    """The manage panel's key in this session now (a change closes it by moving on to a new one)."""
    return f"{PANEL_KEY}_{st.session_state.get(PANEL_ROUND_KEY, 0)}"


def render_activity_bar() -> None:
    """Top of the sidebar: which activity the pages show, the organisation's pages, the panel.
    It stays in view while the sidebar scrolls (the presentation toggle is at its foot)."""
    language, whole = lang(), dossier()
    names = labels(whole, language)
    st.html(f"<style>{BAR_CSS}</style>")
    with st.container(key=BAR_KEY, gap="small"):
        render_switcher(whole, names, language)
        render_links_and_panel(whole, names, language)
    done = st.session_state.pop(DONE_KEY, None)
    if isinstance(done, tuple):
        key, name = done
        # A toast shows three lines (then Streamlit's English "view more"): a long name is shortened.
        st.toast(t(key, language, name=plain(shortened(name))), icon=":material/check_circle:")


def render_links_and_panel(whole: Dossier, names: dict[str, str], language: Language) -> None:
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.page_link(
            page_of(OVERVIEW, language),
            label=t("activities.overview_link", language),
            icon=OVERVIEW.icon,
            help=t("activities.overview_help", language),
        )
        st.page_link(
            page_of(REGISTER, language),
            label=t("activities.register_link", language),
            icon=REGISTER.icon,
            help=t("activities.register_help", language),
        )
        st.page_link(page_of(HISTORY, language), label=t("history.link", language), icon=HISTORY.icon)
        render_manage(whole, names, language)
