"""Opening a scan with 5,000 logged changes against one without (issue 23).

The store keeps the scan's latest JSON (the snapshot in `scans`) beside the edit log, and opening a
scan reads the snapshot only: the log is read when someone asks for history. So the target, at
most 1.2x, should hold whatever the log's length. Measured on the SQLite store (the default), in a
temporary folder: load the row and parse it into a dossier, as pia_core/ui/persistence.py does.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.importing import import_data
from pia_core.scan.serialization import dossier_to_json
from pia_core.storage import new_token
from pia_core.storage.base import token_key
from pia_core.storage.edit_log import Change
from pia_core.storage.sqlite_store import SQLiteStore

LOGGED = 5_000
RUNS = 300
TARGET = 1.2


def open_scan(store: SQLiteStore, key: str) -> float:
    start = time.perf_counter()
    found = store.load_key(key)
    assert found is not None
    import_data(json.loads(found.data), shipped_content())
    return time.perf_counter() - start


def main() -> None:
    dossier = load_demo("zorg-patientbrieven", shipped_content()).dossier
    data = dossier_to_json(dossier, compact=True)
    activity = dossier.ids[0]
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "scans.sqlite3")
        plain, logged = token_key(new_token()), token_key(new_token())
        store.save_logged(plain, data, [], "self-scan", expected=None)
        store.save_logged(logged, data, [], "self-scan", expected=None)
        values = ['"yes"', '"no"', '"partly"']
        changes = [
            Change(activity, f"answers.s{n % 10 + 1}_q{n % 37}", values[n % 3], values[(n + 1) % 3])
            for n in range(LOGGED)
        ]
        for start in range(0, LOGGED, 500):
            store.append_changes(logged, changes[start : start + 500], "anna@example.nl")
        for _ in range(20):  # warm up: imports, caches, the file in the page cache
            open_scan(store, plain)
            open_scan(store, logged)
        times: dict[str, list[float]] = {"without": [], "with": []}
        for _ in range(RUNS):  # interleaved, so machine noise hits both alike
            times["without"].append(open_scan(store, plain))
            times["with"].append(open_scan(store, logged))
        history_start = time.perf_counter()
        store.changes(logged, activity, limit=100)
        history = time.perf_counter() - history_start
        with store._connect() as db:  # the log's length, past the store's API (capped reads)
            rows = int(
                db.execute("SELECT COUNT(*) FROM edit_log WHERE scan_key = ?", (logged,)).fetchone()[0]
            )
    a, b = statistics.median(times["without"]), statistics.median(times["with"])
    print(f"open a scan (load + parse), SQLite, median of {RUNS}; the log holds {rows:,} rows for it")
    print(f"  without a log        {a * 1000:6.2f} ms")
    print(f"  with {LOGGED:,} changes  {b * 1000:6.2f} ms  ({b / a:.2f}x, target at most {TARGET}x)")
    print(f"  its newest 100 changes of one activity (the history, read on request): {history * 1000:.2f} ms")
