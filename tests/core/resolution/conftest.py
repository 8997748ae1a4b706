"""``mips resolve`` logs every run in a MiPS audit trail (issue 21), so its tests give it a
database: a copy of the migrated SQLite template."""
from __future__ import annotations

import shutil

import pytest


@pytest.fixture(autouse=True)
def resolve_audit_database(request, tmp_path, monkeypatch):
    if "CliRunner" not in getattr(request.module, "__dict__", {}):
        return None  # only the files that run the command need one
    path = tmp_path / "resolve_audit.db"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    monkeypatch.setenv("MIPS_DATABASE_URL", f"sqlite:///{path}")
    return path
