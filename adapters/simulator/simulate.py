"""Writing a simulated force: seven legacy databases and the ground truth.

``simulate(persons, seed, out)`` makes ``out/<system>.db`` (SQLite) for each system,
``out/truth.csv`` (``mention_key,true_person``) and ``out/manifest.json`` (what was
simulated, so that ``simulate_activity`` can go on from there). The same seed gives the
same files.
"""
from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from pathlib import Path

from rich.progress import Progress
from sqlalchemy import create_engine, func, insert, select

from adapters.simulator.population import Mention, Person, World
from adapters.simulator.systems import KEEPS, PEOPLE_PER_RECORD, SCHEMAS, SHARE, WRITERS

MENTIONS_PER_PERSON = 2.5
BATCH = 5000


def _population(persons: int, seed: int) -> tuple[World, list[list[Person]]]:
    world = World(seed)
    households, count = [], 0
    while count < persons:
        household = world.household()[: persons - count]
        households.append(household)
        count += len(household)
    return world, households


class _Writer:
    """Buffers rows per system and table; flushes in batches with executemany."""

    def __init__(self, out: Path, append: bool = False):
        self.engines = {name: create_engine(f"sqlite:///{out / f'{name}.db'}") for name in SCHEMAS}
        for name, metadata in SCHEMAS.items():
            if not append:
                metadata.drop_all(self.engines[name])
            metadata.create_all(self.engines[name])
        self.buffer: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self.rows = 0

    def add(self, system: str, tables: dict[str, list[dict]]) -> None:
        for table, rows in tables.items():
            self.buffer[(system, table)].extend(rows)
            self.rows += len(rows)
        if sum(len(v) for v in self.buffer.values()) >= BATCH:
            self.flush()

    def flush(self) -> None:
        for (system, table), rows in self.buffer.items():
            if rows:
                with self.engines[system].begin() as conn:
                    conn.execute(insert(SCHEMAS[system].tables[table]), rows)
        self.buffer.clear()

    def close(self) -> None:
        self.flush()
        for engine in self.engines.values():
            engine.dispose()


def _records(world: World, households: list[list[Person]], mentions_wanted: int, start: dict[str, int]):
    """(system, record number, mentions) until enough mentions are made; everyone at least once."""
    r = world.rng
    people = [p for h in households for p in h]
    household_of = {p.id: h for h in households for p in h}
    with_children = [h for h in households if any(p.dob.year >= 2005 for p in h)]
    queue = people[:]
    r.shuffle(queue)
    systems, weights = list(SHARE), list(SHARE.values())
    made, counters = 0, dict(start)
    # some people (prolific offenders, repeat victims) turn up far more often than others
    active = r.sample(people, max(1, len(people) // 10))
    while made < mentions_wanted or queue:
        system = r.choices(systems, weights)[0]
        lo, hi = PEOPLE_PER_RECORD[system]
        if system == "merlin" and with_children:
            h = r.choice(with_children)
            child = next(p for p in h if p.dob.year >= 2005)
            chosen = [child] + [p for p in h if p.dob.year < 2005][: hi - 1]
        else:
            chosen = []
            for _ in range(r.randint(lo, hi)):
                chosen.append(queue.pop() if queue else (r.choice(active) if r.random() < 0.5 else r.choice(people)))
            if system == "cris" and r.random() < 0.2:  # a domestic: someone from the same household
                chosen.append(r.choice(household_of[chosen[0].id]))
        chosen = list({p.id: p for p in chosen}.values())
        counters[system] += 1
        mentions = [world.mention(p, KEEPS[system]) for p in chosen]
        made += len(mentions)
        yield system, counters[system], mentions


def simulate(persons: int, seed: int, out: Path, *, progress: Progress | None = None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    world, households = _population(persons, seed)
    writer = _Writer(out)
    truth: list[tuple[str, str]] = []
    wanted = int(persons * MENTIONS_PER_PERSON)
    task = progress.add_task("simulating the seven systems", total=wanted) if progress else None
    counters = {name: 0 for name in SCHEMAS}
    for system, number, mentions in _records(world, households, wanted, counters):
        rows = WRITERS[system](world.rng, number, mentions)
        writer.add(system, rows.tables)
        truth.extend(rows.truth)
        counters[system] = number
        if progress:
            progress.advance(task, len(mentions))
    writer.close()
    _write_truth(out / "truth.csv", truth, append=False)
    manifest = {"persons": persons, "seed": seed, "records": counters, "mentions": len(truth), "rows": writer.rows,
                "activity_runs": 0}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def _write_truth(path: Path, truth: list[tuple[str, str]], *, append: bool) -> None:
    with path.open("a" if append else "w", newline="") as handle:
        out = csv.writer(handle)
        if not append:
            out.writerow(["mention_key", "true_person"])
        out.writerows(truth)


def simulate_activity(out: Path, rows: int, *, progress: Progress | None = None) -> dict:
    """Append new records (about ``rows`` mentions) and edit some existing ones, as a live system does."""
    manifest_path = out / "manifest.json"
    if not manifest_path.exists():
        raise FileNotFoundError(f"{out} holds no simulated force (no manifest.json): run `mips legacy simulate` first")
    manifest = json.loads(manifest_path.read_text())
    run = manifest["activity_runs"] + 1
    world, households = _population(manifest["persons"], manifest["seed"])
    world.rng = random.Random(manifest["seed"] * 1000 + run)
    writer = _Writer(out, append=True)
    truth: list[tuple[str, str]] = []
    counters = dict(manifest["records"])
    task = progress.add_task("new activity", total=rows) if progress else None
    made = 0
    for system, number, mentions in _records(world, [[p] for h in households for p in h][: max(1, rows)], rows, counters):
        result = WRITERS[system](world.rng, number, mentions)
        writer.add(system, result.tables)
        truth.extend(result.truth)
        counters[system] = number
        made += len(mentions)
        if progress:
            progress.advance(task, len(mentions))
        if made >= rows:
            break
    writer.close()
    edited = _edit_addresses(out, world.rng, max(1, rows // 10))
    _write_truth(out / "truth.csv", truth, append=True)
    manifest.update(records=counters, mentions=manifest["mentions"] + len(truth), activity_runs=run)
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return {"new_mentions": len(truth), "edited_rows": edited}


def _edit_addresses(out: Path, r: random.Random, n: int) -> int:
    """Some people moved: CRIS person rows get a new address, as officers update them."""
    engine = create_engine(f"sqlite:///{out / 'cris.db'}")
    table = SCHEMAS["cris"].tables["crime_persons"]
    with engine.begin() as conn:
        total = conn.scalar(select(func.count()).select_from(table)) or 0
        ids = r.sample(range(1, total + 1), min(n, total))
        for row_id in ids:
            conn.execute(table.update().where(table.c.id == row_id).values(
                address=f"{r.randint(1, 200)} {r.choice(['High Street', 'Church Road', 'Station Road'])}"))
    engine.dispose()
    return len(ids)


__all__ = ["simulate", "simulate_activity", "Mention"]
