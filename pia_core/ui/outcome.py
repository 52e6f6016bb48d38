"""What an action did, said once on the next run: a green line when it worked, a red one when not."""

from __future__ import annotations

import streamlit as st

from pia_core.i18n import t
from pia_core.vocabulary import Language


def show_outcome(
    text: str, values: dict[str, object], failed: bool, language: Language, *, icons: tuple[str, str]
) -> None:
    """The text `text` filled with `values`: an error when `failed`, else a success. `icons`: the
    success's icon, then the error's."""
    done, refused = icons
    if failed:
        st.error(t(text, language, **values), icon=refused)
    else:
        st.success(t(text, language, **values), icon=done)
