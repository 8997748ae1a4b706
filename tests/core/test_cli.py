"""The `mips` command: the same services as the API, clear messages, non-zero on bad input."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from core.cli import main
from tests.conftest import make_app


@pytest.fixture
def mips(database_url, monkeypatch, app):
    monkeypatch.setenv("MIPS_DATABASE_URL", database_url)
    monkeypatch.setenv("MIPS_SECRET_KEY", "cli-test-key-0123456789abcdef0123456789")
    # The command builds the same app as `mips` does, with the test-only mock module beside the real ones.
    monkeypatch.setattr("core.cli.base._app", lambda: make_app(database_url))
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, list(args))

    return run


def test_users_create_with_roles_then_sign_in(mips, client):
    r = mips("users", "create", "sgt.lee", "--password", "a-long-password", "--role", "officer",
             "--role", "custody_officer:custody", "--role", "inspector", "--unit", "Camden")
    assert r.exit_code == 0, r.output
    assert "custody_officer:custody" in r.output and "inspector:custody" in r.output
    token = client.http.post("/api/v1/auth/token", json={"username": "sgt.lee", "password": "a-long-password"})
    assert token.status_code == 200


@pytest.mark.parametrize("args,message", [
    (["--role", "wizard"], "No role named 'wizard'"),
    (["--role", "reader"], "write reader:MODULE"),
    (["--unit", "Atlantis"], "No unit named 'Atlantis'"),
])
def test_users_create_refuses_bad_input_with_exit_1(mips, args, message):
    base = {"--role": "officer", "--unit": "Camden"}
    for flag, value in zip(args[::2], args[1::2]):
        base[flag] = value
    r = mips("users", "create", "someone", "--password", "a-long-password", *[x for kv in base.items() for x in kv])
    assert r.exit_code == 1
    assert message in r.output
    assert mips("users", "list").output.count("someone") == 0


def test_modules_enable_and_disable_per_unit_take_effect_in_the_running_app(mips, client):
    r = mips("modules", "enable", "mockmod", "--unit", "Camden")
    assert r.exit_code == 0 and "on for Camden" in r.output
    assert client.get("/api/v1/mockmod/things", "editor").status_code == 200
    assert client.get("/api/v1/mockmod/things", "hackney_editor").status_code == 404
    r = mips("modules", "disable", "mockmod", "--unit", "Camden")
    assert r.exit_code == 0 and "off" in r.output
    assert client.get("/api/v1/mockmod/things", "editor").json["code"] == "module_disabled"


def test_modules_list_and_unknown_module(mips):
    r = mips("modules", "list")
    assert r.exit_code == 0 and "custody" in r.output and "NSPIS" in r.output
    r = mips("modules", "enable", "nosuch")
    assert r.exit_code == 1 and "No module named 'nosuch'" in r.output


def test_cli_changes_are_audited_as_the_cli_user(mips, client):
    mips("modules", "enable", "custody")
    entries = client.get("/api/v1/audit?entity_type=module&entity_id=custody", "auditor").json
    assert entries[0]["actor"].startswith("cli:")


def test_grant_and_revoke(mips, client):
    assert mips("users", "grant", "officer", "--role", "viewer:mockmod").exit_code == 0
    grants = client.get("/api/v1/users/officer/grants", "admin").json
    assert {"role": "viewer", "module": "mockmod"} in grants
    assert mips("users", "grant", "officer", "--role", "viewer:mockmod", "--revoke").exit_code == 0
    assert {"role": "viewer", "module": "mockmod"} not in client.get("/api/v1/users/officer/grants", "admin").json
