"""Database engine, declarative base, and the session of the current unit of work.

One engine per application; one unit of work (session + raised events) per request or
CLI command, see :mod:`core.platform.uow`. Services never commit: the resource layer
calls :func:`commit`, which writes the raised events to the outbox in the same
transaction and dispatches them after, so an event is only seen once its data is durable.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import MetaData, create_engine, event, or_
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from core.platform.current import current_kernel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every MiPS table, core and modules alike (one Alembic history)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: How long a SQLite writer waits for the write lock before the request answers 503.
SQLITE_BUSY_MS = 30000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the one writer; busy_timeout makes writers queue
    # instead of failing; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_MS)}")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # A writer that only upgrades its read lock after another writer committed gets
    # SQLITE_BUSY at once (WAL snapshot), whatever the busy timeout; so writing units of
    # work take the write lock up front with BEGIN IMMEDIATE and simply queue.
    conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy, not pysqlite, open transactions, and open them as writers
        # when asked, so that two writers queue rather than deadlock.
        event.listen(engine, "connect", lambda conn, rec: setattr(conn, "isolation_level", None))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # pool_recycle rather than pre_ping: a ping is a round trip on every checkout, and
    # every request checks out a connection or two.
    return create_engine(url, pool_recycle=1800, pool_size=10, max_overflow=20)


class Database:
    """Engine plus session factory for one application."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._extra_engines: list[Engine] = []
        if self.dialect == "postgresql":
            # Reads need no transaction of their own on PostgreSQL (READ COMMITTED gives each
            # statement its snapshot either way); autocommit saves a BEGIN and a ROLLBACK.
            # An engine (and pool) of its own, so connections are not switched in and out of
            # autocommit at every checkout.
            reader = create_engine(url, isolation_level="AUTOCOMMIT", pool_reset_on_return=None,
                                   pool_recycle=1800, pool_size=10, max_overflow=20)
            self._extra_engines = [reader]
        else:
            reader = self.engine
        #: The engine reads run on (autocommit on PostgreSQL).
        self.reader_engine = reader
        #: Sessions for requests that only read (GET, HEAD, OPTIONS).
        self.sessionmaker = sessionmaker(reader, expire_on_commit=False)
        writer = self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE") if self.dialect == "sqlite" else self.engine
        #: The engine units of work that write run on (BEGIN IMMEDIATE on SQLite).
        self.writer_engine = writer
        #: Sessions for units of work that write (the same engine and pool on PostgreSQL).
        self.writer_sessionmaker = sessionmaker(writer, expire_on_commit=False)

    def snapshot(self) -> Session:
        """A session that sees one consistent state for long reads (checking the audit chain)."""
        engine = self.engine.execution_options(isolation_level="REPEATABLE READ") if self.dialect == "postgresql" else self.engine
        return Session(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()
        for engine in self._extra_engines:
            engine.dispose()


#: Conditions OR-ed in one statement: SQLite parses "a OR b OR ..." no deeper than 1,000.
OR_CHUNK = 200


def any_of_chunks(conditions: list[Any], size: int = OR_CHUNK) -> Iterator[Any]:
    """``or_(...)`` of ``conditions``, ``size`` at a time, one statement each."""
    for start in range(0, len(conditions), size):
        yield or_(*conditions[start:start + size])


def database() -> Database:
    return current_kernel().db


def session() -> Session:
    """The session of the current request's or command's unit of work (see
    :mod:`core.platform.uow`): a writer for POST, PUT, PATCH, DELETE and CLI commands, a
    plain reader for GET, HEAD and OPTIONS."""
    from core.platform.uow import current_uow

    return current_uow().session


def commit() -> None:
    """Commit the current unit of work: its events go to the outbox, then to consumers."""
    from core.platform.uow import current_uow

    current_uow().commit()


def close_session(_exc: BaseException | None = None) -> None:
    from core.platform.uow import close_current

    close_current(_exc)
