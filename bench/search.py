"""Search and resolve-one speed with many persons loaded, on SQLite or PostgreSQL.

    python -m bench.search [--persons 1000000] [--queries 300] [--database-url URL] [--reuse] [--dateless]

Loads a synthetic population (research.synthetic.persons) through the bulk loader, then
times at the API (in-process WSGI client, bearer token, audit on) a search by misspelt
family name plus date of birth, and the resolution of one incoming person (candidate
lookup + comparison) as done when a person is created. Reports p50/p95, how often the
intended person ranked first, and the process's resident memory.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MIPS_PASSWORD_HASH_PROFILE", "cheapest")

from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402

from core.app import create_app  # noqa: E402
from core.identity.services import create_unit, create_user  # noqa: E402
from core.persons import bulk, service as persons  # noqa: E402
from core.persons.models import new_id  # noqa: E402
from core.persons.person_data import to_record  # noqa: E402
from core.platform.config import Settings  # noqa: E402
from core.platform.db import commit, session  # noqa: E402
from core.platform.dbmigrate import upgrade  # noqa: E402
from research.synthetic import persons as synthetic_persons  # noqa: E402

console = Console()


def misspell(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "drop", "double", "vowel"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    vowels = "aeiou"
    j = next((k for k in range(1, len(word)) if word[k] in vowels), i)
    return word[:j] + rng.choice([v for v in vowels if v != word[j]]) + word[j + 1:]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def load(app, n: int, seed: int) -> list[tuple[str, dict]]:
    sample_every = max(1, n // 2000)
    kept = []

    def people():
        for i, data in enumerate(synthetic_persons(n, seed)):
            pid = new_id()
            if i % sample_every == 0:
                kept.append((pid, data))
            yield pid, [("bench", f"p{i}", data)]

    with app.app_context(), Progress(console=console) as bar:
        task = bar.add_task(f"loading {n:,} persons", total=n)
        start = time.perf_counter()
        bulk.load(session(), people(), batch_size=5000, progress=lambda k: bar.advance(task, k))
        took = time.perf_counter() - start
    console.print(f"loaded {n:,} persons in {took:.1f} s ({n / took:,.0f} persons/s)")
    return kept


def sample(app, n: int) -> list[tuple[str, dict]]:
    """Persons of an already loaded database, in the shape load() keeps."""
    from sqlalchemy import text

    with app.app_context():
        rows = session().execute(text(
            "SELECT n.person_id, n.given, n.family, d.year, d.month, d.day FROM core_person_names n "
            "JOIN core_person_dobs d ON d.person_id = n.person_id WHERE n.id % 397 = 0 ORDER BY n.id LIMIT :n"), {"n": n}).all()
    return [(pid, {"names": [{"given": g, "family": f}], "dobs": [f"{y:04d}-{m:02d}-{d:02d}"]})
            for pid, g, f, y, m, d in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reuse", action="store_true", help="search a database an earlier run loaded")
    parser.add_argument("--dateless", action="store_true",
                        help="also time given name + misspelt family name searches without a date of birth")
    parser.add_argument("--profile", metavar="FILE", default=None,
                        help="also profile the timed searches with pyinstrument (not a dependency) into FILE (text)")
    parser.add_argument("--decisions", metavar="FILE", default=None,
                        help="write each resolve-one run's kept candidates (person, outcome, weight; best first) to FILE "
                             "(JSON lines), to check that a change of the resolution code changes no decision")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{Path(tmp) / 'search.db'}"
    console.print(f"database {url}")
    app = create_app(Settings(database_url=url, secret_key="bench-secret-0123456789abcdef0123456789"))
    if args.reuse:
        upgrade(url)  # an earlier run's database, brought to the current schema (cheap: no person table changes)
        kept = sample(app, 2000)
    else:
        upgrade(url)
        kernel = app.extensions["mips"]
        with app.app_context():
            create_unit(session(), "Camden")
            create_user(session(), kernel.known_roles(), username="bencher", password="bench-password", unit="Camden",
                        roles=["officer"])
            commit()
        kept = load(app, args.persons, args.seed)
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "bencher", "password": "bench-password"}).json["access_token"]
    headers = {"Authorization": f"Bearer {token}", "X-MiPS-Purpose": "benchmark"}
    rng = random.Random(args.seed)
    targets = rng.sample(kept, min(args.queries, len(kept)))
    times, top1 = [], 0
    for pid, data in targets[:20]:  # warm-up
        client.get("/api/v1/search", headers=headers, query_string={"family": data["names"][0]["family"]})
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
    for pid, data in targets:
        family = misspell(data["names"][0]["family"], rng)
        start = time.perf_counter()
        r = client.get("/api/v1/search", headers=headers, query_string={"family": family, "dob": data["dobs"][0]})
        times.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, r.json
        top1 += bool(r.json) and r.json[0]["id"] == pid
    if profiler is not None:
        profiler.stop()
        Path(args.profile).write_text(profiler.output_text(unicode=True, show_all=False))
        console.print(f"profile of the timed searches written to {args.profile} (timings above include its overhead)")
    console.print(f"search misspelt family + dob, {len(times)} queries: p50 {statistics.median(times):.1f} ms, "
                  f"p95 {percentile(times, 95):.1f} ms; intended person first in {top1}/{len(times)}")
    if args.dateless:
        from bench.search_trigram import run as dateless_run

        with Progress(console=console, transient=True) as bar:
            for changed in (True, False):
                took, on_page, _ = dateless_run(client, headers, targets, rng, changed, bar)
                console.print(f"search given + misspelt family, no date of birth (sound {'changed' if changed else 'kept'}), "
                              f"{len(took)} queries: p50 {statistics.median(took):.1f} ms, p95 {percentile(took, 95):.1f} ms; "
                              f"intended person on the first page in {on_page}/{len(took)}")
    resolve_times, found, decisions = [], 0, []
    with app.app_context():
        for pid, data in targets:
            incoming = dict(data, names=[{"given": data["names"][0]["given"], "family": misspell(data["names"][0]["family"], rng)}])
            rec = to_record("incoming", [incoming])
            start = time.perf_counter()
            matches = persons.best_matches(session(), rec)
            resolve_times.append((time.perf_counter() - start) * 1000)
            found += bool(matches) and matches[0][0] == pid
            decisions.append({"target": pid, "incoming": incoming,
                              "matches": [[p, d.outcome, round(d.weight, 6)] for p, d in matches]})
    if args.decisions:
        Path(args.decisions).write_text("".join(json.dumps(d) + "\n" for d in decisions))
    console.print(f"resolve one incoming person (misspelt family), {len(resolve_times)} runs: "
                  f"p50 {statistics.median(resolve_times):.1f} ms, p95 {percentile(resolve_times, 95):.1f} ms; "
                  f"best candidate correct in {found}/{len(resolve_times)}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console.print(f"database: {url.split('://')[0]}, persons: {args.persons:,}, peak RSS of this process: {rss:,.0f} MiB")


if __name__ == "__main__":
    main()
