"""What the reports' section on communication flows says, the same in the PDF (flows_section.py)
and the Word file (word_sections.py): the inventory's rows, a flag's heading, the saving's values
and its charts with their tables."""

from __future__ import annotations

import altair as alt

from pia_core.flow_charts import cost_chart, cost_table, cumulative_chart, cumulative_table
from pia_core.flows.flags import FlowFlag
from pia_core.flows.savings import Savings, payback_text
from pia_core.formatting import money, number, share
from pia_core.i18n import t
from pia_core.report.activity_facts import Table
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language

INVENTORY_COLUMNS = ("name", "recipients", "volume", "channel", "special_data", "bsn", "digital_share")


def inventory_table(assessment: Assessment, lang: Language) -> Table:
    """One row per flow: its name, recipients, volume, channel, special data, BSN, digital share."""
    headers = [t(f"flows.column.{column}", lang) for column in INVENTORY_COLUMNS]
    yes, no = t("common.answer.yes", lang), t("common.answer.no", lang)
    rows = [
        [
            f"{n}. {flow.name}",
            t(f"flows.recipient.{flow.recipients.value}", lang),
            number(flow.volume, lang),
            t(f"flows.channel.{flow.channel.value}", lang),
            yes if flow.special_data else no,
            yes if flow.bsn else no,
            share(flow.digital_share, lang),
        ]
        for n, flow in enumerate(assessment.flows, start=1)
    ]
    return headers, rows


def flag_heading(flag: FlowFlag, lang: Language) -> str:
    """ "Stroom 2", "(kritiek)" after it when critical: the flag's title names the problem."""
    heading = t("flows.flags.flow_number", lang, number=flag.flow_number)
    return f"{heading} ({t('flows.flags.critical', lang)})" if flag.critical else heading


def savings_values(result: Savings, lang: Language) -> list[tuple[str, str]]:
    """The saving's labels and values: per year, over five years, the payback time."""
    return [
        (t(f"flows.savings.{key}", lang), value)
        for key, value in (
            ("annual", money(result.annual, lang)),
            ("five_year", money(result.five_year, lang)),
            ("payback", payback_text(result, lang)),
        )
    ]


def current_total_line(result: Savings, lang: Language) -> str:
    return t(
        "flows.savings.current_total",
        lang,
        current=money(result.current, lang),
        digital=money(result.digital, lang),
    )


SavingsChart = tuple[alt.TopLevelMixin, str, list[dict[str, str]]]  # the chart, its description, its table


def savings_charts(result: Savings, lang: Language) -> list[SavingsChart]:
    """The cost chart and the cumulative one, each with its description and its table's rows."""
    return [
        (chart, str(chart.to_dict(validate=False).get("description", "")), rows)
        for chart, rows in (
            (cost_chart(result, lang), cost_table(result, lang)),
            (cumulative_chart(result, lang), cumulative_table(result, lang)),
        )
    ]


def table_of(rows: list[dict[str, str]]) -> Table:
    """A chart's table rows (one dict a row, its keys the headers) as headers and cells."""
    return list(rows[0]), [list(row.values()) for row in rows]
