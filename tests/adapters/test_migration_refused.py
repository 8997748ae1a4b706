"""Migration is refused, with the reason and nothing written, when no installed module takes
the system's records; on the web it is asked for twice (issue 19, section 1)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from core.cli import main
from core.legacy import jobs, lifecycle
from core.legacy.models import LegacyRecord
from core.platform.db import session
from tests.core.web_client import WebClient


@pytest.fixture
def force(simulated_force):
    return simulated_force(30, 4)


@pytest.fixture
def spawned(monkeypatch):
    """The background runs started (the command lines), instead of starting them."""
    runs = []
    monkeypatch.setattr(jobs.subprocess, "Popen", lambda args, **kw: runs.append(args))
    return runs


def _flat(output: str) -> str:
    """CLI output with the console's line wrapping undone."""
    return " ".join(output.split())


def _untouched(app, system: str) -> None:
    with app.app_context():
        assert lifecycle.state_of(session(), system).state == "live"
        assert session().scalar(select(func.count()).select_from(LegacyRecord)) == 0
        session().commit()


def test_the_api_refuses_a_module_that_declares_no_ingest_of_the_systems_records(app, client, force, spawned):
    r = client.post("/api/v1/legacy/airspace/migrate", "admin")
    assert r.status_code == 409 and r.json["code"] == "module_does_not_ingest"
    assert "investigation module does not take its records" in r.json["message"]
    assert r.json["errors"]["kinds"] == ["investigation.asb_cases"]
    assert spawned == []
    _untouched(app, "airspace")


def test_the_api_refuses_a_module_that_is_not_installed(app, kernel, client, force, spawned, monkeypatch):
    monkeypatch.delitem(kernel.plugins.modules, "custody")
    r = client.post("/api/v1/legacy/nspis/migrate", "admin")
    assert r.status_code == 409 and r.json["code"] == "module_not_installed"
    assert "custody module that replaces it is not installed" in r.json["message"]
    assert spawned == []
    _untouched(app, "nspis")


def test_the_api_starts_a_migration_the_module_takes(client, force, spawned):
    r = client.post("/api/v1/legacy/nspis/migrate", "admin")
    assert r.status_code == 202 and spawned and spawned[0][-2:] == ["migrate", "nspis"]


def test_the_cli_refuses_with_a_clear_message_and_a_non_zero_exit(app, kernel, force, monkeypatch):
    monkeypatch.setenv("MIPS_DATABASE_URL", kernel.settings.database_url)
    result = CliRunner().invoke(main, ["legacy", "migrate", "airspace"])
    assert result.exit_code == 1 and "migrating" not in result.output
    assert "error: AIRSPACE cannot be migrated: the investigation module does not take its records yet" in _flat(result.output)
    _untouched(app, "airspace")


def test_the_cli_migrates_with_all_only_what_a_module_takes_and_says_why_not_the_rest(app, kernel, force, monkeypatch):
    monkeypatch.setenv("MIPS_DATABASE_URL", kernel.settings.database_url)
    result = CliRunner().invoke(main, ["legacy", "migrate", "--all"])
    assert result.exit_code == 0, result.output
    assert "not migrated: airspace: AIRSPACE cannot be migrated" in _flat(result.output)
    assert "does not take its records" in _flat(result.output)
    with app.app_context():
        states = {s: lifecycle.state_of(session(), s).state for s in ("nspis", "airspace", "ewms", "crimint")}
        session().commit()
    # prosecution takes EWMS's warrants (prosecution.warrant), intelligence CrimInt's logs (intelligence.report)
    assert states == {"nspis": "migrated", "airspace": "live", "ewms": "migrated", "crimint": "migrated"}


def test_the_migrate_button_asks_first_and_works_without_javascript(app, force, spawned):
    web = WebClient(app).sign_in("admin")
    page = web.get("/admin/legacy").get_data(as_text=True)
    row = page[page.index('data-system="nspis"'):].split("</tr>")[0]
    assert 'href="/admin/legacy/nspis/migrate"' in row and "<form" not in row  # a link to the question, not the act
    r = web.get("/admin/legacy/nspis/migrate")
    text = r.get_data(as_text=True)
    assert r.status_code == 200 and "Are you sure you want to migrate NSPIS (custody)?" in text
    assert "No record disappears" in text and "Yes, migrate NSPIS (custody)" in text
    assert spawned == []
    r = web.post("/admin/legacy/nspis/migrate", {})  # the form without its confirmation
    assert r.status_code == 400 and "Confirm that you want to migrate" in r.get_data(as_text=True)
    assert spawned == []
    r = web.post("/admin/legacy/nspis/migrate", {"confirm": "yes"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/legacy")
    assert spawned and spawned[0][-2:] == ["migrate", "nspis"]


def test_the_confirmation_page_says_why_a_system_cannot_be_migrated(app, force, spawned):
    web = WebClient(app).sign_in("admin")
    r = web.get("/admin/legacy/airspace/migrate")
    text = r.get_data(as_text=True)
    assert r.status_code == 409 and "Airspace (anti-social behaviour) cannot be migrated" in text
    assert 'data-code="module_does_not_ingest"' in text and "Yes, migrate" not in text
    r = web.post("/admin/legacy/airspace/migrate", {"confirm": "yes"})
    assert r.status_code == 409 and "does not take its records" in r.get_data(as_text=True)
    assert spawned == []
    _untouched(app, "airspace")
    assert WebClient(app).sign_in("officer").get("/admin/legacy/nspis/migrate").status_code == 403
