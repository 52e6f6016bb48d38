"""The shipped content in tests, and the same content with its catalogue replaced by a small one."""

from __future__ import annotations

from dataclasses import replace

from pia_core.content.bundle import Content, shipped_content
from pia_core.content.loader import Catalogue


def content_with(catalogue: Catalogue) -> Content:
    """The shipped content judged by `catalogue` instead (a test's tiny catalogue)."""
    return replace(shipped_content(), catalogue=catalogue)
