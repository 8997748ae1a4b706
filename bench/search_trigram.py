"""Dateless search by a misspelt family name, answered through the name trigram indexes.

    python -m bench.search_trigram [--persons 50000] [--queries 300] [--database-url URL]

Loads a synthetic population (research.synthetic.persons, through the bulk loader as
bench.search does), then times at the API (in-process WSGI client, bearer token, audit
on) searches by given name plus a misspelt family name and no date of birth: misspellings
that change the phonetic key (found only through trigrams) and ones that keep it, each
with its p50/p95, and how often the intended person is on the first page (10 hits; a
common name shares it with namesakes) and the first hit bears the intended name.
With ``--no-trigrams`` the trigram structures are dropped before the load, which is then
the only thing timed (what the triggers or GIN indexes cost a bulk load); with
``--keys-only`` the search runs without the trigram look-up, as before it (the baseline).
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MIPS_PASSWORD_HASH_PROFILE", "cheapest")

from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

from bench.search import load, misspell, percentile  # noqa: E402
from core.app import create_app  # noqa: E402
from core.identity.services import create_unit, create_user  # noqa: E402
from core.persons.search_keys import token_keys  # noqa: E402
from core.platform.config import Settings  # noqa: E402
from core.platform.db import commit, session  # noqa: E402
from core.platform.dbmigrate import upgrade  # noqa: E402
from core.search import name_trigrams  # noqa: E402

console = Console()


def drop_trigrams(url: str) -> None:
    """The 0007 revision's downgrade statements, run by hand (later revisions stay)."""
    import importlib

    revision = importlib.import_module("core.migrations.versions.0007_name_trigrams")
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in {"sqlite": revision.SQLITE_DOWN, "postgresql": revision.POSTGRES_DOWN}[engine.dialect.name]:
            conn.exec_driver_sql(statement)
    engine.dispose()


def misspelt(family: str, rng: random.Random, changed: bool) -> str | None:
    """A misspelling of ``family`` whose phonetic key differs from its own (or is the same)."""
    own = token_keys(family)
    for _ in range(30):
        typo = misspell(family, rng)
        if typo.upper() != family.upper() and bool(own & token_keys(typo)) != changed:
            return typo
    return None


def run(client, headers, targets, rng, changed: bool, bar: Progress) -> tuple[list[float], int, int]:
    times, on_page, named_first = [], 0, 0
    task = bar.add_task("sound changed" if changed else "sound kept", total=len(targets))
    for pid, data in targets:
        bar.advance(task)
        name = data["names"][0]
        family = misspelt(name["family"], rng, changed)
        if family is None:
            continue
        start = time.perf_counter()
        r = client.get("/api/v1/search", headers=headers, query_string={"given": name["given"], "family": family})
        times.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, r.json
        on_page += pid in [h["id"] for h in r.json]
        named_first += bool(r.json) and r.json[0]["title"].upper() == f"{name['given']} {name['family']}".upper()
    return times, on_page, named_first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None, help="an empty database (default: a new SQLite file)")
    parser.add_argument("--no-trigrams", action="store_true", help="drop the trigram structures and time the load only")
    parser.add_argument("--keys-only", action="store_true",
                        help="search as before the trigrams (phonetic keys only), for comparison")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'search_trigram.db'}"
    console.print(f"database {url}")
    upgrade(url)
    if args.no_trigrams:
        drop_trigrams(url)
    app = create_app(Settings(database_url=url, secret_key="bench-secret-0123456789abcdef0123456789"))
    with app.app_context():
        create_unit(session(), "Camden")
        create_user(session(), app.extensions["mips"].known_roles(), username="bencher", password="bench-password",
                    unit="Camden", roles=["officer"])
        commit()
    kept = load(app, args.persons, args.seed)
    if args.no_trigrams:
        return
    if args.keys_only:
        name_trigrams.candidates = lambda dialect, part: None  # no trigram look-up: keys alone
    client = app.test_client()
    signed_in = client.post("/api/v1/auth/token", json={"username": "bencher", "password": "bench-password"})
    token = signed_in.json["access_token"]
    headers = {"Authorization": f"Bearer {token}", "X-MiPS-Purpose": "benchmark"}
    rng = random.Random(args.seed)
    targets = rng.sample(kept, min(args.queries, len(kept)))
    for _, data in targets[:20]:  # warm-up
        client.get("/api/v1/search", headers=headers, query_string={"family": data["names"][0]["family"]})
    with Progress(console=console) as bar:
        results = {changed: run(client, headers, targets, rng, changed, bar) for changed in (True, False)}
    for changed, (times, on_page, named_first) in results.items():
        console.print(f"given + misspelt family ({'sound changed' if changed else 'sound kept'}), no date, "
                      f"{len(times)} queries: p50 {statistics.median(times):.1f} ms, "
                      f"p95 {percentile(times, 95):.1f} ms; "
                      f"intended person on page 1 in {on_page}/{len(times)}, first hit with the intended name in "
                      f"{named_first}/{len(times)}")
    console.print(f"database: {url.split('://')[0]}, persons: {args.persons:,}"
                  + (" (keys only: no trigram look-up)" if args.keys_only else ""))


if __name__ == "__main__":
    main()
