"""The embedded database holds every person's record: its file is private to its owner."""
from __future__ import annotations

from click.testing import CliRunner

from core.cli import main


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path, monkeypatch):
    """Issue 21, Medium: var/mips.db was created world-readable (0644)."""
    monkeypatch.setenv("MIPS_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("MIPS_DATABASE_URL", raising=False)
    monkeypatch.setenv("MIPS_SECRET_KEY", "cli-test-key-0123456789abcdef0123456789")
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    assert ((tmp_path / "var" / "mips.db").stat().st_mode & 0o777) == 0o600
