"""The README's shell examples work as written (issue 19, section 7).

The blocks marked ``<!-- readme-test -->`` are taken from README.md in order and run in
one bash (later blocks use what earlier ones set: ``BASE``, ``token``, ``TOKEN``, ``H``)
against MiPS served on a free port, as ``make run`` serves it: a fresh database, the demo
force seeded. Each block must exit 0 (``set -e``: its first failing command stops the
run, and the block is named) and print what it promises.
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MARK = re.compile(r"<!-- readme-test -->\n```sh\n(.*?)```", re.S)


def blocks() -> list[str]:
    return MARK.findall((ROOT / "README.md").read_text())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """MiPS as `make run` leaves it (without the legacy systems): its base URL."""
    var = tmp_path_factory.mktemp("readme") / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIPS_")}
    env |= {"MIPS_VAR_DIR": str(var), "MIPS_PASSWORD_HASH_PROFILE": "cheapest"}
    env["MIPS_ENV"] = "development"  # as make run serves: plain http on this machine
    for args in (["db", "upgrade", "--demo"], ["seed", "--demo"]):
        done = subprocess.run([str(BIN / "mips"), *args], env=env, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stdout + done.stderr
    port = _free_port()
    server = subprocess.Popen([str(BIN / "mips"), "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/api/v1/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise AssertionError("server did not come up")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def _run(script: str, base: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "BASE": base}
    return subprocess.run(["bash", "-c", script], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_readme_marks_its_runnable_blocks():
    found = blocks()
    assert len(found) == 3
    assert not any(re.search(r"<[a-z_]+>", block) for block in found)  # no placeholders: a shell error as typed


def test_every_readme_block_runs_against_a_served_instance(served, tmp_path):
    script = "set -euo pipefail\n"
    for i, block in enumerate(blocks()):
        script += f"{block}\necho '::block {i} ok::'\n"
    done = _run(script, served, tmp_path)
    out = done.stdout
    ran = [i for i in range(len(blocks())) if f"::block {i} ok::" in out]
    assert done.returncode == 0 and len(ran) == len(blocks()), \
        f"block {len(ran)} failed (exit {done.returncode}):\n{done.stderr[-2000:]}\n{out[-2000:]}"
    modules, persons, custody = re.split(r"::block \d ok::\n", out)[:3]
    assert '"name":"custody"' in modules.replace(" ", "") and '"scope":"units"' in modules.replace(" ", "")
    assert "Fairweather" in persons and '"type":"person"' in persons.replace(" ", "")
    assert "PACE 1984 s.41" in custody and '"detainees"' in custody
    assert (tmp_path / "record.pdf").read_bytes().startswith(b"%PDF")


def test_the_token_line_fails_with_curls_message_not_a_traceback_when_mips_is_elsewhere(tmp_path):
    first = blocks()[0]
    token_part = first[:first.index("curl -sSf \"$BASE/api/v1/modules\"")]
    done = _run("set -euo pipefail\n" + token_part, f"http://127.0.0.1:{_free_port()}", tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "Failed to connect" in done.stderr, done.stderr


def test_json_in_the_readme_blocks_is_valid():
    """The -d bodies written in single quotes parse (a typo there is a 400 at the reader's desk)."""
    for block in blocks():
        for body in re.findall(r"-d '(\{[^']*\})'", block):
            json.loads(body)
