"""The architecture's boundaries, checked by import-linter (contracts in pyproject.toml):
modules and adapters reach the kernel only through ``core.kit``, never each other, and the
kernel never imports them; inside the kernel each layer imports only the layers below it
(every package placed in one) and no modules import each other in a circle. Each contract
is also shown to fail on a deliberate violation, in a copy of the tree, so a contract that
checks nothing cannot pass unnoticed."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = {c["id"]: c for c in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]}


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
                           "sys.exit(lint_imports(no_cache=True, no_logo=True))"],
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)


def test_the_tree_keeps_every_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_package_of_the_kernel_but_the_kit_is_forbidden_to_modules():
    """A new package in core/ must be added to the kit-only contract, or modules could reach it."""
    listed = set(CONTRACTS["kit-only"]["forbidden_modules"])
    present = {f"core.{p.stem if p.is_file() else p.name}" for p in (ROOT / "core").iterdir()
               if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and (p / "__init__.py").exists())}
    assert listed == present - {"core.kit"}


def test_every_module_and_adapter_is_in_the_independence_contract():
    listed = set(CONTRACTS["independent"]["modules"])
    present = {f"{top}.{p.name}" for top in ("plugins", "adapters") for p in (ROOT / top).iterdir()
               if (p / "__init__.py").exists()}
    assert listed == present


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    for top in ("core", "plugins", "adapters"):
        shutil.copytree(ROOT / top, root / top, ignore=shutil.ignore_patterns("static", "templates", "__pycache__",
                                                                              "*.toml", "*.json"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


VIOLATIONS = {
    "a module reading the kernel's tables": ({"plugins/custody/_violation.py": "from core.persons.models import Person\n"},
                                             "Modules and adapters import the kernel only through core.kit BROKEN"),
    "an adapter running the migration": ({"adapters/cris/_violation.py": "from core.legacy import lifecycle\n"},
                                         "Modules and adapters import the kernel only through core.kit BROKEN"),
    "a module importing another": ({"plugins/prosecution/_violation.py": "from plugins.custody import services\n"},
                                   "No module or adapter imports another BROKEN"),
    "the kernel importing a module": ({"core/_violation.py": "import plugins.custody\n"},
                                      "The kernel imports no module and no adapter BROKEN"),
    "the platform reaching up to persons": ({"core/platform/_violation.py": "from core.persons.models import Person\n"},
                                            "The kernel's layers import only downward BROKEN"),
    "persons reaching up to the legacy systems": ({"core/persons/_violation.py": "from core.legacy import records\n"},
                                                  "The kernel's layers import only downward BROKEN"),
    "legacy and search, independent, importing each other": (
        {"core/search/_violation.py": "from core.legacy import search\n"}, "The kernel's layers import only downward BROKEN"),
    "a kernel package placed in no layer": ({"core/_violation/__init__.py": ""},
                                            "The kernel's layers import only downward BROKEN"),
    "a circle inside one layer": ({"core/platform/_violation_a.py": "import core.platform._violation_b\n",
                                   "core/platform/_violation_b.py": "import core.platform._violation_a\n"},
                                  "No circle of imports between the kernel's packages or modules BROKEN"),
}


@pytest.mark.parametrize("case", sorted(VIOLATIONS))
def test_a_deliberate_violation_breaks_its_contract(tree_copy, case):
    files, verdict = VIOLATIONS[case]
    targets = [tree_copy / path for path in files]
    for target, source in zip(targets, files.values()):
        target.parent.mkdir(exist_ok=True)
        target.write_text(source)
    try:
        result = _lint(tree_copy)
    finally:
        for target in targets:
            target.unlink()
            if target.name == "__init__.py":
                target.parent.rmdir()
    assert result.returncode != 0
    assert verdict in result.stdout, result.stdout
