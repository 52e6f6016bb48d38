"""The scan store on both databases: every test in tests/core that takes `store` runs against SQLite
and PostgreSQL (a real server, started for each test module by tools/postgres.py from Debian's
`postgresql` package, as an unprivileged user on a free loopback port)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from pia_core.storage.postgres_store import PostgresStore
from pia_core.storage.sqlite_store import SQLiteStore
from tools.postgres import Postgres, postgres_server


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    """One server per test module (`--dist loadfile` keeps a module on one worker)."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def postgres_store(postgres: Postgres) -> Iterator[PostgresStore]:
    """A store on the module's server; every test starts without a schema: the store makes it."""
    with psycopg.connect(postgres.url, autocommit=True) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        if tables:
            db.execute("DROP TABLE IF EXISTS " + ", ".join(f'"{table}"' for table in tables))
    store = PostgresStore(postgres.url)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> SQLiteStore | PostgresStore:
    if request.param == "sqlite":
        return SQLiteStore(tmp_path / "deep" / "dir" / "scans.sqlite3")  # the store makes the folders
    found: PostgresStore = request.getfixturevalue("postgres_store")
    return found
