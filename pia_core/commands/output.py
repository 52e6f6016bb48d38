"""Writing a command's output file: exit 0, or 2 with one line on stderr (no traceback)."""

from __future__ import annotations

import sys
from pathlib import Path


def write_output(path: Path, data: bytes) -> int:
    try:
        path.write_bytes(data)
    except OSError as exc:
        print(f"error: {path}: cannot write ({exc.strerror})", file=sys.stderr)
        return 2
    return 0
