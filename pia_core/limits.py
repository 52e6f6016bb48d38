"""Limits per client that the app itself enforces (nginx limits requests; deploy/nginx.conf).

New stored scans per client address per hour: one scripted client made 100 stored scans in a few
seconds. An organisation behind one address (a municipality, a school) shares the limit, so the
default leaves room for a workshop: 60 an hour, `PIA_NEW_SCANS_PER_HOUR` to change it. A scan over
the limit is not lost: it stays in the session, is saved as soon as the hour has room again, and
can be downloaded meanwhile. The count lives in this process (each app server counts its own).
Users on this machine (loopback: `make run`, a load test) are not counted.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable

NEW_SCANS_ENV = "PIA_NEW_SCANS_PER_HOUR"
DEFAULT_NEW_SCANS_PER_HOUR = 60
HOUR_S = 3600.0
# Beyond this many addresses the counter drops those whose window has passed, keeping memory bounded.
PRUNE_ABOVE = 10_000

log = logging.getLogger(__name__)


def new_scans_per_hour() -> int:
    raw = os.environ.get(NEW_SCANS_ENV, "").strip()
    try:
        value = int(raw) if raw else DEFAULT_NEW_SCANS_PER_HOUR
    except ValueError:
        log.warning("%s is not a whole number; using %d", NEW_SCANS_ENV, DEFAULT_NEW_SCANS_PER_HOUR)
        return DEFAULT_NEW_SCANS_PER_HOUR
    return max(value, 1)


class SlidingWindow:
    """At most `limit` events per `window_s` seconds per key (the moments are kept, not a bucket:
    the numbers are small and the message can then say exactly when there is room again)."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window_s:
            events.popleft()
        return events

    def allows(self, key: str) -> bool:
        """Whether one more event for `key` fits now (nothing is counted)."""
        with self._lock:
            return len(self._recent(key, self._clock())) < self.limit

    def count(self, key: str) -> None:
        """Record one event for `key` (call after it happened)."""
        with self._lock:
            now = self._clock()
            self._recent(key, now).append(now)
            if len(self._events) > PRUNE_ABOVE:
                self._prune(now)

    def _prune(self, now: float) -> None:
        for key in [
            key for key, events in self._events.items() if not events or events[-1] <= now - self.window_s
        ]:
            del self._events[key]


_new_scans: SlidingWindow | None = None
_new_scans_lock = threading.Lock()


def new_scans() -> SlidingWindow:
    """The process's counter of new stored scans per client address."""
    global _new_scans  # one counter per process, made on first use
    with _new_scans_lock:
        if _new_scans is None:
            _new_scans = SlidingWindow(new_scans_per_hour(), HOUR_S)
        return _new_scans
