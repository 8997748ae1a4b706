"""Fixtures: a fresh database per test on SQLite and, when MIPS_TEST_POSTGRES_URL is set,
again on PostgreSQL; an app with the real modules plus the mock module; signed-in clients.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("MIPS_PASSWORD_HASH_PROFILE", "cheapest")

from sqlalchemy import create_engine, inspect, text  # noqa: E402

from core.app import create_app  # noqa: E402
from core.platform.config import Settings  # noqa: E402
from core.platform.db import commit, session  # noqa: E402
from core.platform.dbmigrate import upgrade  # noqa: E402
from core.platform.journal import append_only_ddl  # noqa: E402
from tests import mock_plugin  # noqa: E402

PASSWORD = "correct-horse-battery"
POSTGRES_URL = os.environ.get("MIPS_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])

# username, unit, roles: one user per role of interest
USERS = {
    "admin": ("Camden", ["admin"]),
    "auditor": ("Camden", ["auditor"]),
    "officer": ("Camden", ["officer"]),
    "viewer": ("Camden", ["viewer:mockmod", "officer"]),
    "editor": ("Camden", ["editor:mockmod", "officer"]),
    "hackney_editor": ("Hackney", ["editor:mockmod", "officer"]),
    "nobody": ("Camden", []),
    "records": ("Camden", ["records_manager", "officer"]),
    "vetted": ("Camden", ["vetted", "officer"]),
    "info": ("Camden", ["information_manager", "officer"]),
}
UNITS = ["Camden", "Hackney", "Westminster"]


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    engine = create_engine(f"sqlite:///{path}")
    mock_plugin.MockThing.__table__.create(engine)
    engine.dispose()
    return path


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own next to the given one
    (``<db>_gw0``...), made on first use, so parallel workers never reset each other's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_ready() -> str:
    url = _worker_database(_psycopg(POSTGRES_URL))
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    upgrade(url)
    engine = create_engine(url)
    mock_plugin.MockThing.__table__.create(engine)
    engine.dispose()
    return url


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    # every table the migrations made (modules' too), whichever models this process imported
    names = ", ".join(t for t in inspect(engine).get_table_names() if t != "alembic_version")
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        conn.execute(text("INSERT INTO core_kernel_state (id, version) VALUES (1, 0)"))
        conn.execute(text("INSERT INTO core_audit_head (id, seq, hash) VALUES (1, 0, :h)"), {"h": "0" * 64})
        # Tamper tests drop the append-only trigger, as an attacker would; put it back.
        conn.execute(text("CREATE OR REPLACE TRIGGER core_audit_log_no_change BEFORE UPDATE OR DELETE ON core_audit_log "
                          "FOR EACH ROW EXECUTE FUNCTION core_audit_log_append_only()"))
        for sql in append_only_ddl("core_audit_subjects", "postgresql", erasable=False):
            conn.execute(text(sql))
        for sql in append_only_ddl("core_audit_personal", "postgresql"):
            conn.execute(text(sql))
    engine.dispose()


@pytest.fixture(autouse=True)
def audit_checkpoints(tmp_path, monkeypatch) -> Path:
    """Each test's own file of signed audit checkpoints (they name the database by its URL,
    and every PostgreSQL test reuses one URL)."""
    path = tmp_path / "audit_checkpoints.jsonl"
    monkeypatch.setenv("MIPS_AUDIT_CHECKPOINTS", str(path))
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "mips.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_ready")
    _reset_postgres(url)
    return url


def make_app(database_url: str, *, extra_plugins: list | None = None, **kwargs):
    settings = Settings(database_url=database_url, secret_key="test-secret-key-0123456789abcdef0123")
    app = create_app(settings, extra_plugins=[(mock_plugin.NAME, mock_plugin), *(extra_plugins or [])], **kwargs)
    app.config["TESTING"] = False  # let the JSON error handlers answer, as in production
    return app


def add_units_and_users(app) -> None:
    """The suite's units and one user per role of interest (``USERS``)."""
    from core.identity.services import create_unit, create_user

    kernel = app.extensions["mips"]
    with app.app_context():
        for unit in UNITS:
            create_unit(session(), unit)
        for username, (unit, roles) in USERS.items():
            create_user(session(), kernel.known_roles(), username=username, password=PASSWORD, unit=unit, roles=roles)
        commit()


def add_users(app, users: dict[str, list[str]], unit: str = "Camden") -> None:
    """More users, ``username -> roles`` (a module's roles, as its tests need them)."""
    from core.identity.services import create_user

    kernel = app.extensions["mips"]
    with app.app_context():
        for username, roles in users.items():
            create_user(session(), kernel.known_roles(), username=username, password=PASSWORD, unit=unit, roles=roles)
        commit()


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    add_units_and_users(app)
    yield app
    app.extensions["mips"].db.dispose()


class Client:
    """A test client that signs in as a named user and sends its bearer token."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()
        self._tokens: dict[str, str] = {}

    def token(self, username: str) -> str:
        if username not in self._tokens:
            r = self.http.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
            assert r.status_code == 200, r.json
            self._tokens[username] = r.json["access_token"]
        return self._tokens[username]

    def headers(self, username: str | None, **extra: str) -> dict[str, str]:
        return ({"Authorization": f"Bearer {self.token(username)}"} if username else {}) | extra

    def request(self, method: str, path: str, as_user: str | None = None, headers: dict | None = None, **kwargs):
        return self.http.open(path, method=method, headers=self.headers(as_user) | (headers or {}), **kwargs)

    def read(self, path, as_user="officer", purpose="test: case 01/2026", **kw):
        """A GET that states its purpose, as person-level reads must."""
        return self.request("GET", path, as_user, headers={"X-MiPS-Purpose": purpose} | kw.pop("headers", {}), **kw)

    def get(self, path, as_user=None, **kw):
        return self.request("GET", path, as_user, **kw)

    def post(self, path, as_user=None, **kw):
        return self.request("POST", path, as_user, **kw)

    def put(self, path, as_user=None, **kw):
        return self.request("PUT", path, as_user, **kw)

    def patch(self, path, as_user=None, **kw):
        return self.request("PATCH", path, as_user, **kw)


@pytest.fixture
def client(app) -> Iterator[Client]:
    yield Client(app)


@pytest.fixture
def kernel(app):
    return app.extensions["mips"]


@pytest.fixture
def enable(client):
    """Switch a module on (force-wide or for units) through the API, as an admin would."""

    def _enable(name: str = mock_plugin.NAME, units: list[str] | None = None, enabled: bool = True):
        r = client.put(f"/api/v1/modules/{name}", "admin", json={"enabled": enabled, "units": units or []})
        assert r.status_code == 200, r.json
        return r.json

    return _enable


@pytest.fixture
def simulated_force(tmp_path, monkeypatch):
    """``simulated_force(persons, seed)``: a simulated force's seven legacy databases,
    connected through ``MIPS_LEGACY_DIR``; returns their folder."""
    from click.testing import CliRunner

    from core.cli import main

    def _make(persons: int, seed: int) -> Path:
        out = tmp_path / "legacy"
        result = CliRunner().invoke(main, ["legacy", "simulate", "--persons", str(persons), "--seed", str(seed),
                                           "--out", str(out)])
        assert result.exit_code == 0, result.output
        monkeypatch.setenv("MIPS_LEGACY_DIR", str(out))
        return out

    return _make


@pytest.fixture
def modules_take_legacy(kernel, monkeypatch):
    """The replacing modules declare the kinds every adapter hands over, as the investigation,
    intelligence and prosecution modules will once built (today they are stubs, and migrating
    into them is refused): their records then wait, held, until a module ingests them."""
    for adapter in kernel.plugins.adapters().values():
        info = kernel.plugins.modules[adapter.replaced_by]
        monkeypatch.setattr(info, "ingests", sorted(set(info.ingests) | set(adapter.kinds)))
    return kernel


@pytest.fixture
def stand_in_ingest(kernel, monkeypatch):
    """``stand_in_ingest(module)``: ``module``'s ``mips_ingest`` takes every document of its
    kinds (answering ``<kind>:<key>``), standing in for a module not built yet, so its records
    are ingested rather than left waiting (the kernel routes a kind to the module that
    declares it). Put back after the test."""

    def _take(module: str):
        def mips_ingest(kind, document, source):
            return f"{kind}:{source['key']}" if kind.startswith(f"{module}.") else None

        monkeypatch.setattr(kernel.plugins.modules[module].plugin, "mips_ingest", mips_ingest, raising=False)
        return mips_ingest

    return _take
