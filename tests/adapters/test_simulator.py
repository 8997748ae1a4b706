"""The simulator of the seven live systems: their schemas and habits, the noise, the truth."""
from __future__ import annotations

import csv
import hashlib
import re
import sqlite3
from collections import defaultdict

import pytest
from click.testing import CliRunner

from core.cli import main

SYSTEMS = ["cris", "crimint", "merlin", "airspace", "nspis", "copa", "ewms"]


@pytest.fixture(scope="module")
def force(tmp_path_factory):
    out = tmp_path_factory.mktemp("force")
    result = CliRunner().invoke(main, ["legacy", "simulate", "--persons", "1500", "--seed", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _rows(path, sql):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def _truth(folder):
    with (folder / "truth.csv").open() as handle:
        return list(csv.DictReader(handle))


def test_seven_databases_each_with_their_own_records(force):
    counts = {
        "cris": "SELECT count(*) FROM crime_persons", "crimint": "SELECT count(*) FROM intel_subjects",
        "merlin": "SELECT count(*) FROM merlin_records", "airspace": "SELECT count(*) FROM asb_parties",
        "nspis": "SELECT count(*) FROM custody_records", "copa": "SELECT count(*) FROM defendants",
        "ewms": "SELECT count(*) FROM warrants",
    }
    for system, sql in counts.items():
        assert _rows(force / f"{system}.db", sql)[0][0] > 0, system


def test_each_system_keeps_its_own_habits(force):
    names = [n for (n,) in _rows(force / "cris.db", "SELECT name FROM crime_persons")]
    assert sum(bool(re.match(r"^[A-Z'\- ]+ [A-Z][a-z]", n)) for n in names) > 0.8 * len(names)  # "SMITH John"
    cris_dobs = [d for (d,) in _rows(force / "cris.db", "SELECT dob FROM crime_persons WHERE length(dob) = 10")]
    assert all(re.match(r"^\d{2}/\d{2}/\d{4}$", d) for d in cris_dobs)
    copa_dobs = [d for (d,) in _rows(force / "copa.db", "SELECT dob FROM defendants WHERE dob IS NOT NULL")]
    assert all(re.match(r"^\d{2}-[A-Z][a-z]{2}-\d{4}$", d) for d in copa_dobs)
    grades = [g for (g,) in _rows(force / "crimint.db", "SELECT grading FROM intel_logs")]
    assert all(re.match(r"^[A-E][1-5][1-5]$", g) for g in grades)
    custody = [c for (c,) in _rows(force / "nspis.db", "SELECT custody_no FROM custody_records")]
    assert len(custody) == len(set(custody)) and all(re.match(r"^[A-Z]{3}/\d{5}/\d{2}$", c) for c in custody)
    roles = {r for (r,) in _rows(force / "airspace.db", "SELECT DISTINCT party_type FROM asb_parties")}
    assert roles == {"COMPLAINANT", "PERPETRATOR"}


def test_truth_has_one_stable_key_per_mention_and_everyone_appears(force):
    truth = _truth(force)
    keys = [row["mention_key"] for row in truth]
    assert len(keys) == len(set(keys))
    assert {k.split(":")[0] for k in keys} == set(SYSTEMS)
    assert len({row["true_person"] for row in truth}) == 1500
    cris_mentions = sum(k.startswith("cris:") for k in keys)
    assert cris_mentions == _rows(force / "cris.db", "SELECT count(*) FROM crime_persons")[0][0]


def test_one_person_is_recorded_differently_across_systems(force):
    by_person = defaultdict(set)
    for row in _truth(force):
        by_person[row["true_person"]].add(row["mention_key"].split(":")[0])
    assert sum(len(s) > 1 for s in by_person.values()) > 300  # many people are in several systems
    subjects = _rows(force / "crimint.db", "SELECT forename FROM intel_subjects")
    assert len({f for (f,) in subjects}) > 50


def test_the_same_seed_gives_the_same_force(force, tmp_path):
    assert CliRunner().invoke(main, ["legacy", "simulate", "--persons", "1500", "--seed", "5", "--out", str(tmp_path)]).exit_code == 0
    digest = lambda p: hashlib.sha256((p / "truth.csv").read_bytes()).hexdigest()  # noqa: E731
    assert digest(tmp_path) == digest(force)


def test_activity_appends_records_and_edits_some(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["legacy", "simulate", "--persons", "500", "--out", str(tmp_path)]).exit_code == 0
    before = len(_truth(tmp_path))
    addresses = dict(_rows(tmp_path / "cris.db", "SELECT id, address FROM crime_persons"))
    result = runner.invoke(main, ["legacy", "simulate-activity", str(tmp_path), "--rows", "60"])
    assert result.exit_code == 0, result.output
    after = _truth(tmp_path)
    assert len(after) >= before + 60 and len({r["mention_key"] for r in after}) == len(after)
    changed = [i for i, a in _rows(tmp_path / "cris.db", "SELECT id, address FROM crime_persons") if i in addresses and addresses[i] != a]
    assert changed


def test_activity_without_a_simulated_force_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["legacy", "simulate-activity", str(tmp_path / "empty")])
    assert result.exit_code == 1 and "mips legacy simulate" in result.output


def test_households_live_at_addresses_of_their_own():
    """Unrelated households rarely share an address (flats in one house, a shared house),
    however large the force: an address in common has to mean something."""
    from adapters.simulator.population import World

    world = World(3)
    households = [world.household() for _ in range(3000)]
    at = defaultdict(set)
    for i, people in enumerate(households):
        at[(people[0].address, people[0].postcode)].add(i)
    shared = sum(len(h) > 1 for h in at.values())
    assert len(at) > 0.9 * len(households)
    assert 0 < shared < 0.1 * len(households)
