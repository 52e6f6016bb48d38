"""Charts drawn from a cached Vega-Lite spec: the same spec `st.altair_chart` would send, built once
per distinct content instead of on every run.

Building an Altair chart costs ~40 ms and Streamlit's conversion (`to_dict` with schema validation,
under a lock shared by every session) ~20 ms more; the summary drew two of them on every run, so a
burst of users opening it queued behind each other's charts. The key must hold everything the chart
is drawn from (its rows and the language).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Literal

import altair as alt
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

_SPECS: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()
_MAX = 256  # distinct charts kept; a spec is a few kB
_LOCK = threading.Lock()


def cached_spec(key: Hashable, build: Callable[[], alt.Chart | alt.LayerChart]) -> dict[str, Any]:
    """A copy of the spec for `key`, built (by Streamlit's own conversion) when first asked."""
    with _LOCK:
        spec = _SPECS.get(key)
        if spec is not None:
            _SPECS.move_to_end(key)
    if spec is None:
        spec = _convert_altair_to_vega_lite_spec(build())
        with _LOCK:
            _SPECS[key] = spec
            while len(_SPECS) > _MAX:
                _SPECS.popitem(last=False)
    return copy.deepcopy(spec)  # Streamlit may change what it is given


def show_chart(
    key: Hashable,
    build: Callable[[], alt.Chart | alt.LayerChart],
    width: Literal["stretch", "content"],
    where: DeltaGenerator | None = None,
) -> None:
    """`st.altair_chart(build(), theme=None, width=width)`, from the cache."""
    (where or st).vega_lite_chart(spec=cached_spec(key, build), theme=None, width=width)
