"""Plugin discovery by entry point, and a broken module that does not stop the others."""
from __future__ import annotations

import sys
import textwrap

import pytest

from core.plugins import PluginHost
from tests.conftest import make_app

MODULES = {"custody", "investigation", "intelligence", "prosecution"}


@pytest.fixture
def installed_dist(tmp_path, monkeypatch):
    """Install a fake distribution on sys.path whose entry points name the given modules."""

    def install(name: str, modules: dict[str, str]):
        dist = tmp_path / f"{name}-0.1.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
        lines = [f"{ep} = {ep}_fake_module" for ep in modules]
        (dist / "entry_points.txt").write_text("[mips]\n" + "\n".join(lines) + "\n")
        for ep, source in modules.items():
            (tmp_path / f"{ep}_fake_module.py").write_text(textwrap.dedent(source))
        monkeypatch.syspath_prepend(str(tmp_path))

    yield install
    for key in [k for k in sys.modules if k.endswith("_fake_module")]:
        del sys.modules[key]


def test_the_four_modules_are_found_by_entry_point():
    host = PluginHost()
    assert set(host.modules) == MODULES
    assert host.errors == {}
    assert {m: host.modules[m].retires for m in MODULES} == {
        "custody": ["NSPIS"], "investigation": ["CRIS", "Airspace"],
        "intelligence": ["CrimInt", "Merlin"], "prosecution": ["COPA", "EWMS"]}


GOOD = """
from core import hookimpl

@hookimpl
def mips_module_info():
    return {"name": "goodmod", "title": "Good", "version": "1", "retires": []}
"""


def test_a_module_that_fails_to_import_is_reported_and_the_rest_start(installed_dist, database_url, caplog):
    installed_dist("extra_modules", {
        "brokenmod": "raise ImportError('no module named shiny_dependency')\n",
        "goodmod": GOOD,
    })
    app = make_app(database_url)
    host = app.extensions["mips"].plugins
    assert "goodmod" in host.modules and MODULES <= set(host.modules)
    assert "brokenmod" not in host.modules
    assert "shiny_dependency" in host.errors["brokenmod"]
    assert any("brokenmod" in rec.getMessage() for rec in caplog.records)
    app.extensions["mips"].db.dispose()


def test_the_broken_module_is_shown_by_the_modules_endpoint(installed_dist, database_url):
    installed_dist("extra_modules", {"brokenmod": "1/0\n"})
    from core.identity.services import create_unit, create_user
    from core.platform.db import commit, session
    from tests.conftest import PASSWORD, Client

    app = make_app(database_url)
    with app.app_context():
        create_unit(session(), "Camden")
        create_user(session(), app.extensions["mips"].known_roles(), username="admin", password=PASSWORD,
                    unit="Camden", roles=["admin"])
        commit()
    rows = {m["name"]: m for m in Client(app).get("/api/v1/modules", "admin").json}
    assert rows["brokenmod"]["installed"] is False
    assert "ZeroDivisionError" in rows["brokenmod"]["error"]
    assert rows["custody"]["installed"] is True and rows["custody"]["error"] is None
    app.extensions["mips"].db.dispose()


@pytest.mark.parametrize("source,expected", [
    ("from core import hookimpl\n\n@hookimpl\ndef mips_not_a_hook():\n    pass\n"
     "\n@hookimpl\ndef mips_module_info():\n    return {'name': 'oddmod', 'title': 'x', 'version': '1'}\n", "mips_not_a_hook"),
    ("x = 1\n", "does not implement mips_module_info"),
    ("from core import hookimpl\n\n@hookimpl\ndef mips_module_info():\n    return {'name': 'other'}\n", "calls itself"),
])
def test_a_module_that_breaks_the_contract_is_refused(installed_dist, source, expected):
    installed_dist("odd_modules", {"oddmod": source})
    host = PluginHost()
    assert "oddmod" not in host.modules
    assert expected in host.errors["oddmod"]
    assert MODULES <= set(host.modules)
