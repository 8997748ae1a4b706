"""What the kernel adds to a request: an authenticated, authorised, audited GET against a
bare Flask route, in the same run, on the same machine.

    python -m bench.kernel_overhead [--requests N] [--database-url URL]

The MiPS route belongs to a one-route bench module: the request guard checks the bearer
token, reloads nothing (kernel state unchanged), asks casbin, and the view writes one
consultation entry to the hash-chained audit log before answering. The bare route is a
plain Flask view answering the same JSON. Both run in-process through the WSGI test
client, interleaved, so network and server noise do not enter the comparison.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MIPS_PASSWORD_HASH_PROFILE", "cheapest")

from flask import Flask  # noqa: E402
from flask.views import MethodView  # noqa: E402
from flask_smorest import Blueprint  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import track  # noqa: E402

from core import hookimpl  # noqa: E402
from core.app import create_app  # noqa: E402
from core.audit.log import record_consultation  # noqa: E402
from core.identity.access import requires  # noqa: E402
from core.platform.config import Settings  # noqa: E402
from core.platform.db import commit, session  # noqa: E402
from core.platform.dbmigrate import upgrade  # noqa: E402

console = Console()


class BenchModule:
    """A module with one audited route: the smallest thing the kernel fully guards."""

    blp = Blueprint("benchmod_ping", __name__, url_prefix="/ping")

    @hookimpl
    def mips_module_info(self):
        return {"name": "benchmod", "title": "Bench", "version": "1", "retires": []}

    @hookimpl
    def mips_blueprints(self):
        return [self.blp]

    @hookimpl
    def mips_policies(self):
        return ["p, pinger, benchmod, ping, read"]


@BenchModule.blp.route("")
class Ping(MethodView):
    @requires("ping", "read")
    @BenchModule.blp.response(200)
    def get(self):
        record_consultation("ping", "1")
        return {"ok": True}


def bare_app() -> Flask:
    app = Flask("bare")

    @app.get("/ping")
    def ping():
        return {"ok": True}

    return app


def mips_app(database_url: str):
    upgrade(database_url)
    app = create_app(Settings(database_url=database_url, secret_key="bench-secret-0123456789abcdef0123456789"),
                     extra_plugins=[("benchmod", BenchModule())])
    kernel = app.extensions["mips"]
    from core.identity.services import create_unit, create_user
    from core.modules.registry import set_rollout

    with app.app_context():
        create_unit(session(), "Camden")
        create_user(session(), kernel.known_roles(), username="bencher", password="bench-password",
                    unit="Camden", roles=["pinger:benchmod"])
        set_rollout(session(), kernel.installed, "benchmod", True, [])
        commit()
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "bencher", "password": "bench-password"}).json["access_token"]
    return client, {"Authorization": f"Bearer {token}", "X-MiPS-Purpose": "benchmark"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(database_url: str, n: int, warmup: int = 200) -> dict:
    mips, headers = mips_app(database_url)
    bare = bare_app().test_client()
    for _ in range(warmup):
        assert mips.get("/api/v1/benchmod/ping", headers=headers).status_code == 200
        bare.get("/ping")
    t_mips, t_bare = [], []
    for _ in track(range(n), description=f"{n} requests each", console=console):
        start = time.perf_counter()
        r = mips.get("/api/v1/benchmod/ping", headers=headers)
        t_mips.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200
        start = time.perf_counter()
        bare.get("/ping")
        t_bare.append((time.perf_counter() - start) * 1000)
    stats = {
        "mips_median": statistics.median(t_mips), "mips_p95": percentile(t_mips, 95),
        "bare_median": statistics.median(t_bare), "bare_p95": percentile(t_bare, 95),
    }
    stats["added_median"] = stats["mips_median"] - stats["bare_median"]
    stats["added_p95"] = stats["mips_p95"] - stats["bare_p95"]
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file; or a PostgreSQL URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        stats = run(url, args.requests)
    console.print(f"database: {url.split('://')[0]}   requests: {args.requests} each")
    console.print(f"bare Flask  median {stats['bare_median']:.3f} ms  p95 {stats['bare_p95']:.3f} ms")
    console.print(f"MiPS kernel median {stats['mips_median']:.3f} ms  p95 {stats['mips_p95']:.3f} ms")
    verdict = "meets" if stats["added_median"] < 2 else "MISSES"
    console.print(f"added by the kernel: median {stats['added_median']:.3f} ms, p95 {stats['added_p95']:.3f} ms "
                  f"({verdict} the 2 ms median target)")


if __name__ == "__main__":
    main()
