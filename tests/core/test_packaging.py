"""The package builds without setuptools deprecation warnings (issue 19, section 7): the
licence is an SPDX string, with a setuptools that reads one as the build requirement."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_is_an_spdx_string_and_setuptools_reads_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "MIT"
    requirement = next(r for r in project["build-system"]["requires"] if r.startswith("setuptools"))
    assert int(re.search(r">=(\d+)", requirement).group(1)) >= 77  # SPDX `license` since setuptools 77


def test_pip_builds_the_package_warning_of_nothing_deprecated(tmp_path):
    """As `make install` builds it: pip, in an isolated build with the required setuptools."""
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-v", "-w",
                           str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    output = done.stdout + done.stderr
    assert "Successfully built mips" in output
    assert "deprecated" not in output.lower(), [line for line in output.splitlines() if "eprecat" in line]
