"""Communication flows page: the flow table, its privacy flags, the assumptions and the saving.

The table is an `st.data_editor` seeded from a snapshot ("base") of the assessment's flows. On
every run the editor's pending edits are applied to that base and written to the assessment, so
applying them twice gives the same result and a fast second edit is never lost. The snapshot is
renewed (a new editor key) when a cell is refused, so the table shows the value that was kept,
and when something else changed the flows (examples added, another file opened, the language).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# No pandas stubs are installed; the project pins none (see the report).
import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from pia_core.content.flows import SIZE_FACTORS
from pia_core.flow_charts import cost_chart, cost_table, cumulative_chart, cumulative_table
from pia_core.flows.flags import FlowFlag, flow_flags
from pia_core.flows.savings import assumptions_of, payback_text, savings
from pia_core.flows.validation import (
    BOOLEANS,
    CHOICES,
    COLUMNS,
    CellError,
    RefusedCell,
    apply_edits,
    new_flow,
    parse_amount,
)
from pia_core.formatting import money, number, share, source_date
from pia_core.i18n import t, tn
from pia_core.scan.flow_model import (
    FLOW_NAME_MAX,
    MAX_FLOWS,
    MAX_HOURLY_RATE,
    MAX_IMPLEMENTATION,
    MAX_MINUTES,
    MAX_UNIT_COST,
    CostAssumptions,
    Flow,
    new_flow_id,
)
from pia_core.scan.model import Assessment
from pia_core.ui.comments import render_flow_comments
from pia_core.ui.navigation import STEP_COUNT, SUMMARY, step_page
from pia_core.ui.page_nav import render_prev_next_buttons
from pia_core.ui.panels import panel
from pia_core.ui.presentation import FLOWS_PART, is_on, render_step_bar, show_table
from pia_core.ui.state import FLOWS_REMOVE_KEY, assessment, bind, cat, content
from pia_core.vocabulary import Language, Sector, Size

BASE_KEY = "_flows_editor_base"
VERSION_KEY = "_flows_editor_version"
PRESET_KEY = "flows_preset"
SIZE_KEY = "flows_preset_size"
REMOVE_KEY = FLOWS_REMOVE_KEY
UNDATED = "-"  # an assumption that is the user's own figure has no source date
# Nine columns do not fit the centred layout; this page alone gets the width of a wide screen.
WIDE_PAGE_CSS = "<style>[data-testid='stMainBlockContainer']{max-width:min(1200px,100%);}</style>"
SECTOR_PRESET = {Sector.GOVERNMENT: "municipality", Sector.HEALTHCARE: "healthcare"}
DEFAULT_PRESET = "company"
# Input bounds and steps per assumption (EUR per item, minutes, EUR per hour, %, EUR once).
# Upper bound and shown decimals per assumption (EUR per item, minutes, EUR per hour, %, EUR once).
# Typed as text, so "1,40" reads as the Dutch write it (a number field would show "1.40").
ASSUMPTION_INPUTS: dict[str, tuple[float, str, int]] = {
    "postage": (MAX_UNIT_COST, "", 2),
    "production": (MAX_UNIT_COST, "", 2),
    "digital": (MAX_UNIT_COST, "", 2),
    "handling_minutes": (MAX_MINUTES, "", 1),
    "hourly_rate": (MAX_HOURLY_RATE, "", 0),
    "opt_in": (100.0, "", 0),
    "implementation": (MAX_IMPLEMENTATION, "", 0),
}
ASSUMPTION_ERROR_KEY = "_flows_assumption_error_"


@dataclass(frozen=True)
class _Base:
    owner: Assessment  # the assessment the snapshot belongs to: another file means a new table
    language: Language
    flows: tuple[Flow, ...]


def _editor_key() -> str:
    return f"flows_editor_{st.session_state.get(VERSION_KEY, 0)}"


def _rebase(current: Assessment) -> None:
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1
    st.session_state[BASE_KEY] = _Base(current, current.language, tuple(current.flows))


def _has_edits(edits: Any) -> bool:
    return isinstance(edits, dict) and any(
        edits.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")
    )


def sync_table(current: Assessment) -> list[RefusedCell]:
    """Write the editor's pending edits into the assessment; the cells refused in this run."""
    base = st.session_state.get(BASE_KEY)
    if not isinstance(base, _Base) or base.owner is not current:
        _rebase(current)
        return []
    edits = st.session_state.get(_editor_key())
    if _has_edits(edits):
        result = apply_edits(list(base.flows), edits, t("flows.new_flow", current.language))
        current.flows = result.flows
        if result.refused or base.language != current.language:
            _rebase(current)
        return result.refused
    if list(base.flows) != current.flows or base.language != current.language:
        _rebase(current)
    return []


def _table(flows: tuple[Flow, ...], language: Language) -> Any:
    """The table as a DataFrame with fixed column types, so an empty table is editable too."""

    def choice(flow: Flow, column: str, area: str) -> str | None:
        if column in flow.missing:
            return None  # shown empty: still to be chosen
        return t(f"flows.{area}.{getattr(flow, column).value}", language)

    rows = [
        {
            "name": flow.name,
            "recipients": choice(flow, "recipients", "recipient"),
            "volume": number(flow.volume, language),
            "channel": choice(flow, "channel", "channel"),
            "special_data": flow.special_data,
            "bsn": flow.bsn,
            "tracked": flow.tracked,
            "processor": choice(flow, "processor", "processor"),
            "digital_share": share(flow.digital_share, language),
        }
        for flow in flows
    ]
    types = {column: ("bool" if column in BOOLEANS else "string") for column in COLUMNS}
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(types)


def _column_config(language: Language) -> dict[str, Any]:
    def label(column: str) -> str:
        return t(f"flows.column.{column}", language)

    def choices(column: str) -> Any:
        enum, area = CHOICES[column]
        options = [t(f"flows.{area}.{member.value}", language) for member in enum]
        # Not required: a new row is kept (and marked incomplete) before every choice is made.
        return st.column_config.SelectboxColumn(
            label(column), options=options, help=t(f"flows.column.{column}_help", language)
        )

    return {
        "name": st.column_config.TextColumn(
            label("name"), help=t("flows.column.name_help", language), max_chars=FLOW_NAME_MAX, width="medium"
        ),
        "recipients": choices("recipients"),
        "volume": st.column_config.TextColumn(label("volume"), help=t("flows.column.volume_help", language)),
        "channel": choices("channel"),
        "special_data": st.column_config.CheckboxColumn(
            label("special_data"), help=t("flows.column.special_data_help", language), width="small"
        ),
        "bsn": st.column_config.CheckboxColumn(
            label("bsn"), help=t("flows.column.bsn_help", language), width="small"
        ),
        "tracked": st.column_config.CheckboxColumn(
            label("tracked"), help=t("flows.column.tracked_help", language), width="small"
        ),
        "processor": choices("processor"),
        "digital_share": st.column_config.TextColumn(
            label("digital_share"), help=t("flows.column.digital_share_help", language)
        ),
    }


def scaled_volume(volume: int, factor: float) -> int:
    """A preset volume for another size, rounded to two significant digits (4.000, not 4.012)."""
    value = volume * factor
    if value <= 0:
        return 0
    digits = max(len(str(int(value))) - 2, 0)
    return max(int(round(value, -digits)), 1)


def _add_preset(preset_id: str) -> None:
    current = assessment()
    preset = content().flows.presets[preset_id]
    chosen = st.session_state.get(SIZE_KEY)
    factor = SIZE_FACTORS[Size(chosen)] if chosen in SIZE_FACTORS else 1.0
    have = {flow.name for flow in current.flows}
    new = []
    for p in preset.flows:
        if p.name[current.language] in have:
            continue
        data = p.model_dump(exclude={"name"})
        data["volume"] = scaled_volume(p.volume, factor)
        new.append(Flow(id=new_flow_id(), name=p.name[current.language], **data))
    current.flows = [*current.flows, *new]
    st.session_state["_flows_preset_added"] = len(new)
    _rebase(current)


def render_presets(current: Assessment) -> None:
    language = current.language
    presets = content().flows.presets
    default = SECTOR_PRESET.get(current.organisation.sector, DEFAULT_PRESET)
    if st.session_state.get(PRESET_KEY) not in presets:
        st.session_state[PRESET_KEY] = default
    with st.container(border=True):
        st.markdown(f"**{t('flows.preset.heading', language)}**")
        left, middle, right = st.columns([1, 1, 1], vertical_alignment="bottom")
        chosen = left.selectbox(
            t("flows.preset.label", language),
            options=list(presets),
            format_func=lambda key: presets[key].label[language],
            key=PRESET_KEY,
        )
        size = middle.selectbox(
            t("flows.preset.size", language),
            options=[size.value for size in SIZE_FACTORS],
            format_func=lambda key: t(f"flows.preset.size_{key}", language),
            index=None,
            placeholder=t("flows.preset.size_placeholder", language),
            help=t("flows.preset.size_help", language),
            key=f"{SIZE_KEY}_{language}",
        )
        st.session_state[SIZE_KEY] = size
        right.button(
            t("flows.preset.button", language),
            help=t("flows.preset.help", language),
            on_click=_add_preset,
            args=(chosen,),
            icon=":material/playlist_add:",
            disabled=size is None,
            key="flows_preset_add",
        )
        added = st.session_state.pop("_flows_preset_added", None)
        if added is not None:
            if added:
                st.success(tn("flows.preset.added", language, added))
            else:
                st.success(t("flows.preset.none_added", language))


def render_table(current: Assessment, refused: list[RefusedCell]) -> None:
    language = current.language
    st.header(t("flows.table.heading", language))
    st.caption(t("flows.table.help", language))
    if refused:
        lines = [
            t(
                "flows.error.line",
                language,
                row=cell.row,
                column=t(f"flows.column.{cell.column}", language),
                message=t(f"flows.error.{cell.code}", language, value=cell.value, **cell.params),
            )
            for cell in refused
        ]
        st.error("\n".join([t("flows.error.heading", language), *(f"- {line}" for line in lines)]))
    base = st.session_state[BASE_KEY]
    if current.flows and is_on():
        # On a shared screen: the flows as an HTML table whose type grows with the page's (the
        # canvas grid stays at 14 px, its headers cut); the editor folded below it.
        show_table(_presented(tuple(current.flows), language), alt=t("flows.table.alt", language))
        with panel(t("flows.table.edit_heading", language), "flows_edit"):
            _editor(base.flows, language)
    elif current.flows:
        _editor(base.flows, language)
    else:
        st.info(t("flows.table.empty", language))
    render_incomplete(current)
    render_row_buttons(current)


def _editor(flows: tuple[Flow, ...], language: Language) -> None:
    st.data_editor(
        _table(flows, language),
        key=_editor_key(),
        num_rows="fixed",  # rows are added and removed with the buttons below, in words
        hide_index=True,
        column_config=_column_config(language),
        width="stretch",
        placeholder="",
        alt=t("flows.table.alt", language),
    )


def _presented(flows: tuple[Flow, ...], language: Language) -> list[dict[str, object]]:
    """The table's cells in words, under its column names ("Ja" / "Nee" for the tick columns)."""
    yes, no = t("common.answer.yes", language), t("common.answer.no", language)
    records = _table(flows, language).to_dict("records")
    return [
        {
            t(f"flows.column.{column}", language): (yes if value else no)
            if column in BOOLEANS
            else ("" if value is None or value != value else value)  # NaN: still to be chosen
            for column, value in record.items()
        }
        for record in records
    ]


def render_incomplete(current: Assessment) -> None:
    """Rows still missing a choice: kept and saved, named here, left out of flags and savings."""
    language = current.language
    for position, flow in enumerate(current.flows, start=1):
        if flow.complete:
            continue
        columns = [t(f"flows.column.{column}", language) for column in flow.missing]
        listed = (
            columns[0]
            if len(columns) == 1
            else t("flows.table.and", language, first=", ".join(columns[:-1]), last=columns[-1])
        )
        st.warning(
            t("flows.table.incomplete", language, number=position, name=flow.name, columns=listed),
            icon=":material/edit_note:",
        )


def _add_flow() -> None:
    current = assessment()
    if len(current.flows) >= MAX_FLOWS:
        return
    current.flows = [*current.flows, new_flow(t("flows.new_flow", current.language), len(current.flows) + 1)]
    _rebase(current)


def _remove_flows() -> None:
    current = assessment()
    chosen = set(st.session_state.get(REMOVE_KEY) or [])
    current.flows = [flow for flow in current.flows if flow.id not in chosen]
    st.session_state.pop(REMOVE_KEY, None)
    _rebase(current)


def render_row_buttons(current: Assessment) -> None:
    """Add a row, or remove chosen rows: buttons in the user's language instead of the table's
    own English toolbar."""
    language = current.language
    st.button(
        t("flows.table.add", language),
        on_click=_add_flow,
        icon=":material/add:",
        disabled=len(current.flows) >= MAX_FLOWS,
        key="flows_add",
    )
    if not current.flows:
        return
    names = {flow.id: f"{n}. {flow.name}" for n, flow in enumerate(current.flows, start=1)}
    with st.expander(t("flows.table.remove_heading", language), icon=":material/delete:"):
        st.multiselect(
            t("flows.table.remove_label", language),
            options=list(names),
            format_func=lambda flow_id: names.get(flow_id, flow_id),
            placeholder=t("flows.table.remove_placeholder", language),
            key=REMOVE_KEY,
        )
        st.button(
            t("flows.table.remove_button", language),
            on_click=_remove_flows,
            icon=":material/delete:",
            disabled=not st.session_state.get(REMOVE_KEY),
            key="flows_remove",
        )


def _flag_box(flag: FlowFlag, language: Language) -> None:
    rules = content().risk
    refs = cat().reference_text(flag.references, language)
    heading = t("flows.flags.flow_number", language, number=flag.flow_number)
    badge = f" :red-badge[{t('flows.flags.critical', language)}]" if flag.critical else ""
    risk = t(
        "flows.flags.risk",
        language,
        impact=rules.grade_name(flag.impact, language),
        likelihood=rules.grade_name(flag.likelihood, language),
    )
    body = (
        f"**{heading}**{badge}\n\n{flag.title[language]} {flag.advice[language]}\n\n"
        f"{t('flows.flags.references', language, refs=refs)}  \n{risk}"
    )
    if flag.critical:
        st.error(body, icon=":material/error:")
    else:
        st.warning(body, icon=":material/build:")
    st.page_link(
        step_page(flag.step).path,
        label=t("flows.flags.step_link", language, step=flag.step),
        icon=":material/east:",
    )


def render_flags(current: Assessment) -> None:
    language = current.language
    st.header(t("flows.flags.heading", language))
    flags = flow_flags(current, content().flows)
    if not flags:
        st.success(t("flows.flags.none", language), icon=":material/check_circle:")
        return
    critical = sum(flag.critical for flag in flags)
    st.caption(tn("flows.flags.count", language, len(flags), critical=critical))
    for flag in flags:
        _flag_box(flag, language)


def _write_assumption(name: str) -> Any:
    """Read a typed amount the way the user's language writes it; a bad one is refused with a reason."""

    def write(value: str | None) -> None:
        current = assessment()
        maximum, _, _ = ASSUMPTION_INPUTS[name]
        st.session_state.pop(ASSUMPTION_ERROR_KEY + name, None)
        try:
            parsed = parse_amount(value or "", maximum)
        except CellError as exc:
            st.session_state[ASSUMPTION_ERROR_KEY + name] = (exc.code, str(value or ""), dict(exc.params))
            return  # the field is seeded with the kept value again
        data = assumptions_of(current, content().flows).model_dump()
        data[name] = parsed
        current.cost_assumptions = CostAssumptions(**data)

    return write


def _assumption_text(name: str, value: float, language: Language) -> str:
    _, _, decimals = ASSUMPTION_INPUTS[name]
    return number(value, language, decimals)


def _reset_assumptions() -> None:
    assessment().cost_assumptions = None


def render_assumptions(current: Assessment) -> None:
    language = current.language
    values = assumptions_of(current, content().flows)
    defaults = content().flows.assumptions
    with st.expander(t("flows.assumptions.heading", language), expanded=True):
        st.caption(t("flows.assumptions.help", language))
        shown = [
            n for n in ASSUMPTION_INPUTS if n != "opt_in" or current.organisation.sector is Sector.GOVERNMENT
        ]
        columns = st.columns(2)
        for index, name in enumerate(shown):
            default = defaults[name]
            with columns[index % 2]:
                shown_value = _assumption_text(name, float(getattr(values, name)), language)
                st.text_input(
                    t(f"flows.assumptions.{name}", language),
                    **bind(f"flows_assumption_{name}_{language}", shown_value, _write_assumption(name)),
                )
                refused = st.session_state.get(ASSUMPTION_ERROR_KEY + name)
                if isinstance(refused, tuple):
                    code, typed, params = refused
                    message = t(f"flows.error.{code}", language, value=typed, **params)
                    st.error(message, icon=":material/error:")
                note = default.source[language]
                if default.date != UNDATED:
                    date = source_date(default.date, language)
                    note = t("flows.assumptions.source", language, source=note, date=date)
                if default.estimate:
                    note = f"*{t('flows.assumptions.estimate', language)}.* {note}"
                if getattr(values, name) != default.value:
                    shown_default = _assumption_text(name, default.value, language)
                    note = f"**{t('flows.assumptions.changed', language, default=shown_default)}** {note}"
                if name == "opt_in":
                    note = f"{t('flows.assumptions.opt_in_only_government', language)} {note}"
                st.caption(note)
        if current.cost_assumptions is not None:
            st.button(
                t("flows.assumptions.reset", language), on_click=_reset_assumptions, icon=":material/undo:"
            )


def render_savings(current: Assessment) -> None:
    language = current.language
    st.header(t("flows.savings.heading", language))
    if not current.flows:
        st.info(t("flows.savings.no_flows", language))
        return
    result = savings(current, content().flows)
    first, second, third = st.columns(3)
    first.metric(t("flows.savings.annual", language), money(result.annual, language))
    second.metric(
        t("flows.savings.five_year", language),
        money(result.five_year, language),
        help=t("flows.savings.five_year_help", language),
    )
    third.metric(t("flows.savings.payback", language), payback_text(result, language))
    st.caption(
        t(
            "flows.savings.current_total",
            language,
            current=money(result.current, language),
            digital=money(result.digital, language),
        )
    )
    # As defined (theme=None: the PDF's chart), stretched to the column so it never runs off it.
    cost = cost_chart(result, language)
    st.altair_chart(cost, theme=None, width="stretch")
    st.caption(f"{cost.description} {t('flows.savings.table_caption', language)}")  # text alternative
    show_table(cost_table(result, language), alt=str(cost.description))
    cumulative = cumulative_chart(result, language)
    st.altair_chart(cumulative, theme=None, width="stretch")
    st.caption(f"{cumulative.description} {t('flows.savings.table_caption', language)}")
    show_table(cumulative_table(result, language), alt=str(cumulative.description))


def render_flows() -> None:
    current = assessment()
    language = current.language
    refused = sync_table(current)
    if not is_on():  # presentation mode has the wide layout of its own
        st.html(WIDE_PAGE_CSS)
    render_step_bar(FLOWS_PART)
    st.title(t("flows.nav_title", language))
    st.markdown(t("flows.intro", language))
    render_presets(current)
    render_table(current, refused)
    render_flow_comments()
    render_flags(current)
    render_assumptions(current)
    render_savings(current)
    render_prev_next_buttons(step_page(STEP_COUNT), SUMMARY, key="flows")
