"""What `make run` does on a fresh machine: migrate an empty SQLite file under var/, seed
the demo force (printing the logins), serve with gunicorn; then a demo user signs in."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _mips(*args, env, **kwargs):
    return subprocess.run([str(BIN / "mips"), *args], env=env, capture_output=True, text=True, timeout=120, **kwargs)


def test_fresh_var_dir_to_a_served_app_with_demo_logins(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIPS_")}
    env |= {"MIPS_VAR_DIR": str(tmp_path / "var"), "MIPS_PASSWORD_HASH_PROFILE": "cheapest"}
    created = _mips("db", "upgrade", "--demo", env=env)
    assert created.returncode == 0 and "database created at" in created.stdout, created.stdout + created.stderr
    assert (tmp_path / "var" / "mips.db").exists()
    again = _mips("db", "upgrade", env=env)
    assert "was already up to date" in again.stdout and "created" not in again.stdout
    seeded = _mips("seed", "--demo", env=env)
    assert seeded.returncode == 0, seeded.stderr
    assert "admin" in seeded.stdout and "demo-pass-2026" in seeded.stdout
    assert _mips("seed", "--demo", env=env).returncode == 0  # idempotent
    legacy = tmp_path / "var" / "legacy"
    assert _mips("legacy", "simulate", "--persons", "150", "--out", str(legacy), env=env).returncode == 0
    env["MIPS_LEGACY_DIR"] = str(legacy)
    bridged = _mips("legacy", "bridge", env=env)
    assert bridged.returncode == 0 and "new persons" in bridged.stdout, bridged.stdout + bridged.stderr

    port = _free_port()
    server = subprocess.Popen([str(BIN / "mips"), "serve", "--port", str(port), "--workers", "2", "--demo"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True).start()
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60  # a busy shared machine can be slow to boot two workers
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/api/v1/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise AssertionError("server did not come up")
        # the address and the demo logins are the last thing printed once it is ready
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("MiPS is ready at" in line for line in lines):
            time.sleep(0.2)
        printed = "".join(lines)
        ready = printed.index(f"MiPS is ready at http://127.0.0.1:{port}/")
        assert "demo-pass-2026" in printed[:ready] and "sgt.patel" in printed[:ready]
        assert "API docs at" in printed[:ready]
        assert not [line for line in printed[ready:].splitlines()[1:] if line.strip() and "GET" not in line]
        token = requests.post(f"{base}/api/v1/auth/token", json={"username": "admin", "password": "demo-pass-2026"},
                              timeout=30).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        modules = requests.get(f"{base}/api/v1/modules", headers=headers, timeout=30).json()
        assert {m["name"] for m in modules} == {"custody", "investigation", "intelligence", "prosecution"}
        # a change through one worker is seen by the other (several requests hit both)
        r = requests.put(f"{base}/api/v1/modules/custody", headers=headers, json={"enabled": True, "units": ["Camden"]}, timeout=30)
        assert r.status_code == 200
        seen = {next(m for m in requests.get(f"{base}/api/v1/modules", headers=headers, timeout=30).json()
                     if m["name"] == "custody")["scope"] for _ in range(10)}
        assert seen == {"units"}
    finally:
        server.terminate()
        server.wait(timeout=20)
    verify = _mips("audit", "verify", env=env)
    assert verify.returncode == 0 and "intact" in verify.stdout


def test_make_run_shows_the_install_progress_and_serves_on_port():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    install = makefile[makefile.index("$(VENV)/.installed: pyproject.toml"):makefile.index("$(VENDOR)/.installed:")]
    assert "--quiet" not in install and "pip install" in install
    assert "--port $(PORT) --demo" in makefile
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "make run PORT=" in readme
