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

from pia_core.flows.charts import cost_chart, cost_table, cumulative_chart, cumulative_table
from pia_core.flows.content import flow_content
from pia_core.flows.flags import FlowFlag, flow_flags
from pia_core.flows.model import (
    FLOW_NAME_MAX,
    MAX_HOURLY_RATE,
    MAX_IMPLEMENTATION,
    MAX_MINUTES,
    MAX_UNIT_COST,
    CostAssumptions,
    Flow,
    new_flow_id,
)
from pia_core.flows.savings import assumptions_of, savings
from pia_core.flows.validation import BOOLEANS, CHOICES, COLUMNS, RefusedCell, apply_edits
from pia_core.formatting import money, number, payback_text, share
from pia_core.i18n import t
from pia_core.model import Assessment, Language, Sector
from pia_core.risk import risk_rules
from pia_core.ui.navigation import step_page
from pia_core.ui.presentation import FLOWS_PART, render_step_bar
from pia_core.ui.state import assessment, bind, cat

BASE_KEY = "_flows_editor_base"
VERSION_KEY = "_flows_editor_version"
PRESET_KEY = "flows_preset"
UNDATED = "-"  # an assumption that is the user's own figure has no source date
# Nine columns do not fit the centred layout; this page alone gets the width of a wide screen.
WIDE_PAGE_CSS = "<style>[data-testid='stMainBlockContainer']{max-width:min(1200px,100%);}</style>"
SECTOR_PRESET = {Sector.GOVERNMENT: "municipality", Sector.HEALTHCARE: "healthcare"}
DEFAULT_PRESET = "company"
# Input bounds and steps per assumption (EUR per item, minutes, EUR per hour, %, EUR once).
ASSUMPTION_INPUTS: dict[str, tuple[float, float, str]] = {
    "postage": (MAX_UNIT_COST, 0.01, "%.2f"),
    "production": (MAX_UNIT_COST, 0.01, "%.2f"),
    "digital": (MAX_UNIT_COST, 0.01, "%.2f"),
    "handling_minutes": (MAX_MINUTES, 0.5, "%.1f"),
    "hourly_rate": (MAX_HOURLY_RATE, 1.0, "%.0f"),
    "opt_in": (100.0, 1.0, "%.0f"),
    "implementation": (MAX_IMPLEMENTATION, 500.0, "%.0f"),
}


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
    rows = [
        {
            "name": flow.name,
            "recipients": t(f"flows.recipient.{flow.recipients.value}", language),
            "volume": number(flow.volume, language),
            "channel": t(f"flows.channel.{flow.channel.value}", language),
            "special_data": flow.special_data,
            "bsn": flow.bsn,
            "tracked": flow.tracked,
            "processor": t(f"flows.processor.{flow.processor.value}", language),
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
        return st.column_config.SelectboxColumn(label(column), options=options, required=True)

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


def _add_preset(preset_id: str) -> None:
    current = assessment()
    preset = flow_content().presets[preset_id]
    have = {flow.name for flow in current.flows}
    new = [
        Flow(id=new_flow_id(), name=p.name[current.language], **p.model_dump(exclude={"name"}))
        for p in preset.flows
        if p.name[current.language] not in have
    ]
    current.flows = [*current.flows, *new]
    st.session_state["_flows_preset_added"] = len(new)
    _rebase(current)


def render_presets(current: Assessment) -> None:
    language = current.language
    presets = flow_content().presets
    default = SECTOR_PRESET.get(current.organisation.sector, DEFAULT_PRESET)
    if st.session_state.get(PRESET_KEY) not in presets:
        st.session_state[PRESET_KEY] = default
    with st.container(border=True):
        st.markdown(f"**{t('flows.preset.heading', language)}**")
        left, right = st.columns([1, 1], vertical_alignment="bottom")
        chosen = left.selectbox(
            t("flows.preset.label", language),
            options=list(presets),
            format_func=lambda key: presets[key].label[language],
            key=PRESET_KEY,
        )
        right.button(
            t("flows.preset.button", language),
            help=t("flows.preset.help", language),
            on_click=_add_preset,
            args=(chosen,),
            icon=":material/playlist_add:",
        )
        added = st.session_state.pop("_flows_preset_added", None)
        if added is not None:
            key = "flows.preset.added" if added else "flows.preset.none_added"
            st.success(t(key, language, count=added))


def render_table(current: Assessment, refused: list[RefusedCell]) -> None:
    language = current.language
    st.subheader(t("flows.table.heading", language))
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
    st.data_editor(
        _table(base.flows, language),
        key=_editor_key(),
        num_rows="dynamic",
        hide_index=True,
        column_config=_column_config(language),
        width="stretch",
    )
    if not current.flows:
        st.info(t("flows.table.empty", language))


def _flag_box(flag: FlowFlag, language: Language) -> None:
    rules = risk_rules()
    refs = "; ".join(flag.formatted_references(cat(), language))
    heading = t("flows.flags.flow", language, number=flag.flow_number, name=flag.flow_name)
    badge = f" :red-badge[{t('flows.flags.critical', language)}]" if flag.critical else ""
    risk = t(
        "flows.flags.risk",
        language,
        impact=rules.grade_name(flag.impact, language),
        likelihood=rules.grade_name(flag.likelihood, language),
    )
    body = (
        f"**{heading}**{badge}\n\n{flag.title[language]} {flag.action[language]}\n\n"
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
    st.subheader(t("flows.flags.heading", language))
    flags = flow_flags(current)
    if not flags:
        st.success(t("flows.flags.none", language), icon=":material/check_circle:")
        return
    critical = sum(flag.critical for flag in flags)
    st.caption(t("flows.flags.count", language, count=len(flags), critical=critical))
    for flag in flags:
        _flag_box(flag, language)


def _write_assumption(name: str) -> Any:
    def write(value: float | None) -> None:
        current = assessment()
        if value is None:
            return  # an emptied input: keep the last value, the widget is seeded with it again
        data = assumptions_of(current).model_dump()
        data[name] = float(value)
        current.cost_assumptions = CostAssumptions(**data)

    return write


def _reset_assumptions() -> None:
    assessment().cost_assumptions = None


def render_assumptions(current: Assessment) -> None:
    language = current.language
    values = assumptions_of(current)
    defaults = flow_content().assumptions
    with st.expander(t("flows.assumptions.heading", language), expanded=True):
        st.caption(t("flows.assumptions.help", language))
        shown = [
            n for n in ASSUMPTION_INPUTS if n != "opt_in" or current.organisation.sector is Sector.GOVERNMENT
        ]
        columns = st.columns(2)
        for index, name in enumerate(shown):
            maximum, step, fmt = ASSUMPTION_INPUTS[name]
            default = defaults[name]
            with columns[index % 2]:
                st.number_input(
                    t(f"flows.assumptions.{name}", language),
                    min_value=0.0,
                    max_value=maximum,
                    step=step,
                    format=fmt,
                    **bind(f"flows_assumption_{name}", float(getattr(values, name)), _write_assumption(name)),
                )
                note = default.source[language]
                if default.date != UNDATED:
                    note = t("flows.assumptions.source", language, source=note, date=default.date)
                if default.estimate:
                    note = f"*{t('flows.assumptions.estimate', language)}.* {note}"
                if getattr(values, name) != default.value:
                    shown_default = number(default.value, language, 2 if step < 1 else 0)
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
    st.subheader(t("flows.savings.heading", language))
    if not current.flows:
        st.info(t("flows.savings.no_flows", language))
        return
    result = savings(current)
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
    st.altair_chart(cost_chart(result, language), theme=None)
    st.caption(t("flows.savings.table_caption", language))
    st.dataframe(cost_table(result, language), hide_index=True, width="stretch")
    st.altair_chart(cumulative_chart(result, language), theme=None)
    st.caption(t("flows.savings.table_caption", language))
    st.dataframe(cumulative_table(result, language), hide_index=True, width="stretch")


def render_flows() -> None:
    current = assessment()
    language = current.language
    refused = sync_table(current)
    st.html(WIDE_PAGE_CSS)
    render_step_bar(FLOWS_PART)
    st.title(t("flows.nav_title", language))
    st.markdown(t("flows.intro", language))
    render_presets(current)
    render_table(current, refused)
    render_flags(current)
    render_assumptions(current)
    render_savings(current)
