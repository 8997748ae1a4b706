"""Alembic environment: the metadata of the core and of every installed module."""
from __future__ import annotations

import importlib
from importlib.metadata import entry_points

from alembic import context
from sqlalchemy import create_engine, pool

from core import ENTRY_POINT_GROUP
from core.platform.db import Base
from core.search.name_trigrams import include_name

import core.models  # noqa: F401  (registers every core table)

for ep in entry_points(group=ENTRY_POINT_GROUP):
    try:
        importlib.import_module(f"{ep.value.split(':')[0]}.models")
    except ModuleNotFoundError:
        pass  # a module without tables yet

config = context.config
url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
target_metadata = Base.metadata
# Schema objects made by hand in revisions, with no model to compare them to (trigram
# indexes, FTS5 tables): autogenerate would otherwise propose dropping them.
OPTIONS = {"include_name": include_name}


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite", **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
