"""Alembic, driven from code: ``mips db upgrade`` builds every table from empty.

One history for the whole system: the core's revisions live in ``core/migrations``; a
module with tables adds ``migrations/versions`` in its package as its own branch, found
here through the module's entry point, so its tables exist whether or not it is enabled.
"""
from __future__ import annotations

import os
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path

from alembic import command
from alembic.config import Config

from core import ENTRY_POINT_GROUP

CORE_MIGRATIONS = Path(__file__).parents[1] / "migrations"


def module_version_locations() -> list[str]:
    """``migrations/versions`` folders of installed module packages that have one."""
    found = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        spec = find_spec(ep.value.split(":")[0]) if ep.value else None
        if spec and spec.submodule_search_locations:
            folder = Path(next(iter(spec.submodule_search_locations))) / "migrations" / "versions"
            if folder.is_dir():
                found.append(str(folder))
    return found


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(CORE_MIGRATIONS))
    locations = [str(CORE_MIGRATIONS / "versions"), *module_version_locations()]
    cfg.set_main_option("version_locations", " ".join(locations))
    cfg.set_main_option("path_separator", "space")
    cfg.attributes["database_url"] = database_url
    return cfg


def applied(database_url: str) -> set[str]:
    """The revisions the database is at (none for a database with no schema yet, or no
    file yet), so ``mips db upgrade`` can say whether it created, upgraded or left it."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    parsed = make_url(database_url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        return set()  # not created by merely looking
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


def _private_sqlite_file(database_url: str) -> None:
    """Create the SQLite file readable by its owner only (0600): it holds every person's
    record, and SQLite gives its -wal and -shm files the same mode. An existing file is
    left as it is (the force may have chosen otherwise)."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    path = Path(url.database)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def upgrade(database_url: str, revision: str = "heads") -> None:
    _private_sqlite_file(database_url)
    command.upgrade(alembic_config(database_url), revision)


def current(database_url: str) -> None:
    command.current(alembic_config(database_url))
