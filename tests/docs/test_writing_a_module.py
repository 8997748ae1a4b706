"""docs/writing-a-module.md, run: its code blocks are installed as the module ``stopsearch``
beside the kernel (through the module kit alone, as the boundaries test checks for real
modules), and the tests at the end of the page run here on SQLite and PostgreSQL."""
from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from core.kit import append_only_ddl
from core.platform.db import Base
from tests.conftest import add_units_and_users, make_app

DOC = Path(__file__).resolve().parents[2] / "docs" / "writing-a-module.md"
BLOCK = re.compile(r'```(\w+) title="([^"]+)"\n(.*?)```', re.S)
BLOCKS = {name: code for _lang, name, code in BLOCK.findall(DOC.read_text())}
MODULE_FILES = {name: code for name, code in BLOCKS.items() if name.startswith("stopsearch/")}


@pytest.fixture(scope="session")
def stopsearch_package(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("example")
    for name, code in MODULE_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(code)
    return root


@pytest.fixture
def stopsearch(stopsearch_package, monkeypatch):
    monkeypatch.syspath_prepend(str(stopsearch_package))
    return importlib.import_module("stopsearch")


@pytest.fixture
def app(database_url, stopsearch):
    """The suite's app with the example module installed beside the real ones."""
    importlib.import_module("stopsearch.models")
    app = make_app(database_url, extra_plugins=[("stopsearch", stopsearch)])
    kernel = app.extensions["mips"]
    tables = [t for name, t in Base.metadata.tables.items() if name.startswith("stopsearch_")]
    with kernel.db.engine.begin() as conn:  # the module's migration would make these
        Base.metadata.create_all(conn, tables=tables)
        for sql in append_only_ddl("stopsearch_entries", kernel.db.dialect):
            conn.execute(text(sql))
    add_units_and_users(app)
    yield app
    kernel.db.dispose()


def test_the_example_module_is_under_200_lines():
    """As the page promises: under 200 lines of Python, blank lines aside."""
    lines = sum(1 for name, code in MODULE_FILES.items() if name.endswith(".py") for line in code.splitlines()
                if line.strip())
    assert 0 < lines < 200, lines


def test_the_example_module_keeps_the_boundaries(stopsearch_package):
    """It imports the kernel only through core.kit (the contract the real modules keep)."""
    offences = [f"{name}: {line.strip()}" for name, code in MODULE_FILES.items() for line in code.splitlines()
                if re.match(r"\s*(from|import)\s+core(\.|\s)", line) and not re.match(r"\s*from core\.kit[\s.]", line)]
    assert offences == []


exec(compile(BLOCKS["test_stopsearch.py"], str(DOC), "exec"), globals())  # the page's own tests, collected here


def test_the_page_tests_were_collected():
    assert {"test_a_stop_is_numbered_journalled_and_read_with_purpose",
            "test_a_charge_in_custody_reaches_the_stop_through_the_outbox"} <= set(globals())


def test_module_kit_imports_nothing_above_it_at_import_time():
    """``import core.kit`` works in a fresh interpreter (no import cycle through the kernel)."""
    result = subprocess.run([sys.executable, "-c", "import core.kit, core.kit.adapters, core.kit.schemas"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
