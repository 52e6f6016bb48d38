"""Charts drawn from a template spec: what `st.altair_chart(chart, theme=None)` would send, with the
structure built once per language and only the rows converted on each run.

Building an Altair chart costs ~40 ms and Streamlit's conversion (`to_dict` with schema validation,
under a lock shared by every session) ~20 ms more; turning a chart's rows into Arrow (through
pandas) a few ms per dataset. The summary drew two charts on every run, so a burst of users opening
it queued behind each other's charts. Now the structure comes from `SpecTemplates` (keyed by what
it depends on) and the rows from a small cache of Arrow bytes by content.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Literal

import altair as alt
import streamlit as st
from streamlit import dataframe_util
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from pia_core.charts import Datasets, Spec, SpecTemplates


def _screen(chart: alt.TopLevelMixin) -> Spec:
    return _convert_altair_to_vega_lite_spec(chart)  # type: ignore[arg-type]  # every chart of ours is one


SCREEN_SPECS = SpecTemplates(_screen)

_ARROW: OrderedDict[str, bytes] = OrderedDict()
_ARROW_MAX = 512  # datasets kept; each is a few hundred bytes
_ARROW_LOCK = threading.Lock()


def _arrow(rows: list[dict[str, Any]]) -> bytes:
    """The rows as the Arrow bytes Streamlit itself would send (its own conversion), by content."""
    key = json.dumps(rows, sort_keys=True, ensure_ascii=False)
    with _ARROW_LOCK:
        found = _ARROW.get(key)
        if found is not None:
            _ARROW.move_to_end(key)
            return found
    data = dataframe_util.convert_anything_to_arrow_bytes(rows)
    with _ARROW_LOCK:
        _ARROW[key] = data
        while len(_ARROW) > _ARROW_MAX:
            _ARROW.popitem(last=False)
    return data


def show_chart(
    key: Hashable,
    build: Callable[[], alt.TopLevelMixin],
    datasets: Datasets,
    width: Literal["stretch", "content"],
    where: DeltaGenerator | None = None,
) -> None:
    """`st.altair_chart(build(), theme=None, width=width)`, where `build()` draws `datasets` by
    name and `key` holds everything else the chart depends on."""
    spec = SCREEN_SPECS.spec(key, build, {})
    spec["datasets"] = {name: _arrow(rows) for name, rows in datasets.items()}
    (where or st).vega_lite_chart(spec=spec, theme=None, width=width)
