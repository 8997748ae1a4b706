"""The module kit's pieces on their own: cited rules, journals, counters, the persons
facade and its one restriction rule, and the consultation decorator."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from core.kit import Author, UncitedRule, current_uow, next_number, persons
from core.persons.models import Person
from core.platform.db import session
from core.platform.rules import parse

ROOT = Path(__file__).resolve().parents[2]
RULE_FILES = sorted(p for p in (ROOT / "plugins").rglob("*.toml"))
AT = datetime(2026, 11, 30, 21, 0, tzinfo=timezone.utc)


# -- rules as cited data -------------------------------------------------------

@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_value_of_every_rule_file_has_its_citation(path):
    rules = parse(path)
    assert rules.citations  # parse() raises on any uncited value


def test_an_uncited_value_is_refused_by_name(tmp_path):
    rule = tmp_path / "rules.toml"
    rule.write_text('[limits]\nhours = 24\nhours_cite = "PACE 1984 s.41(1)"\nminutes = 30\n')
    with pytest.raises(UncitedRule, match="limits.minutes"):
        parse(rule)


def test_citations_by_table_sibling_and_value_table(tmp_path):
    rule = tmp_path / "rules.toml"
    rule.write_text('[a]\ncite = "Act s.1"\nx = 1\n[b]\nfirst_within_hours = 6\nfirst_cite = "Act s.2"\n'
                    '[c]\ny = { value = 3, cite = "Act s.3" }\n')
    rules = parse(rule)
    assert (rules["a"]["x"], rules.cite("a.x")) == (1, "Act s.1")
    assert (rules["b"]["first_within_hours"], rules.cite("b.first_within_hours")) == (6, "Act s.2")
    assert (rules["c"]["y"], rules.cite("c.y")) == (3, "Act s.3")


# -- counters ----------------------------------------------------------------

def test_numbers_run_without_gaps_and_a_rolled_back_number_is_given_again(app):
    with app.app_context():
        uow = current_uow()
        assert [next_number(uow, "test/X", 2026) for _ in range(3)] == [1, 2, 3]
        uow.commit()
        assert next_number(uow, "test/X", 2026) == 4
        uow.rollback()
        assert next_number(uow, "test/X", 2026) == 4  # the unit that took 4 never committed
        assert next_number(uow, "test/X", 2027) == 1  # a new period starts again


# -- journals ----------------------------------------------------------------

def test_a_journal_refuses_change_and_corrections_replace_or_void(app, client, enable):
    """Custody's record is a kit journal: the database refuses UPDATE and DELETE; a
    correction is a new entry and the effective record follows it."""
    from plugins.custody.journal import JOURNAL
    from plugins.custody.models import CustodyEntry, Detention

    enable("custody")
    with app.app_context():
        uow = current_uow()
        person = persons.resolve_or_create(uow, {"names": [{"given": "Ann", "family": "Bell"}]}, system="test", key="1")
        det = Detention(custody_no="CAM/26/000001", suite="CAM", person_id=person.person_id, arrest_at=AT, arrival_at=AT)
        uow.session.add(det)
        uow.session.flush()
        author = Author("sgt.x", "custody_officer")
        first = JOURNAL.append(uow, det, author, "note", AT, text="first")
        JOURNAL.append(uow, det, author, "note", AT, text="second")
        JOURNAL.append(uow, det, author, "correction", AT, text="typo", corrects=first.seq, data={"data": {"fixed": True}})
        JOURNAL.append(uow, det, author, "correction", AT, corrects=2, data={"void": True})
        uow.commit()
        effective = JOURNAL.effective(JOURNAL.entries_of(uow, [det.id])[det.id])
        assert [(e.seq, e.text, e.data) for e in effective] == [(1, "typo", {"fixed": True})]
        assert det.entry_count == 4
        for sql in ("UPDATE custody_entries SET text = 'changed'", "DELETE FROM custody_entries"):
            with pytest.raises(DBAPIError, match="append-only"):
                uow.session.execute(text(sql))
            uow.rollback()
        assert uow.session.scalar(select(CustodyEntry.text).where(CustodyEntry.seq == 1)) == "first"


# -- the persons facade --------------------------------------------------------

ANN = {"names": [{"given": "Ann", "family": "Bell"}], "dobs": ["1980-01-02"],
       "identifiers": [{"kind": "pnc_id", "value": "80/123456B"}]}


def _principal(app, client, username):
    from core.http.guard import load_principal

    client.token(username)
    with app.app_context():
        return load_principal(username)


def test_a_restricted_person_is_absent_for_those_without_the_right(app, client):
    officer, vetted = _principal(app, client, "officer"), _principal(app, client, "vetted")
    with app.app_context():
        uow = current_uow()
        shown = persons.resolve_or_create(uow, ANN, system="test", key="a")
        hidden = persons.resolve_or_create(uow, {"names": [{"given": "Zoe", "family": "Hart"}]}, system="test",
                                           key="b", restriction="restricted")
        uow.commit()
        ids = [shown.person_id, hidden.person_id]
        assert set(persons.summaries(uow, ids, officer)) == {shown.person_id}
        assert set(persons.summaries(uow, ids, vetted)) == set(ids)
        assert persons.summaries(uow, ids, vetted)[shown.person_id].name == "BELL, Ann"
        with pytest.raises(persons.NotFound) as refused:
            persons.require(uow, hidden.person_id, officer)
        with pytest.raises(persons.NotFound) as missing:
            persons.require(uow, "no-such-person", officer)
        assert (refused.value.status, refused.value.code) == (missing.value.status, missing.value.code)


def test_a_restricted_record_that_matches_an_unrestricted_person_restricts_them(app):
    """The most restrictive marking wins: a protected witness's record resolving to a person
    already known makes that person restricted, never the other way round."""
    with app.app_context():
        uow = current_uow()
        known = persons.resolve_or_create(uow, ANN, system="test", key="a")
        again = persons.resolve_or_create(uow, ANN, system="test", key="b", restriction="restricted")
        uow.commit()
        assert again.person_id == known.person_id and not again.created
        assert session().get(Person, known.person_id).restriction == "restricted"


def test_the_defendant_details_come_from_the_one_record(app):
    with app.app_context():
        uow = current_uow()
        ann = persons.resolve_or_create(uow, ANN, system="test", key="a")
        party = persons.party(uow, ann.person_id)
        assert (party["given"], party["family"], party["dob"], party["pnc_id"]) == ("Ann", "Bell", "1980-01-02",
                                                                                    "80/0123456B")


def test_a_module_raises_a_marker_shown_with_the_persons_markers_and_audited(app):
    from core.audit.models import AuditEntry

    with app.app_context():
        uow = current_uow()
        ann = persons.resolve_or_create(uow, ANN, system="test", key="a")
        review = datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc)
        raised = persons.raise_marker(uow, ann.person_id, "weapons", detail="Intelligence IR/2026/000001",
                                      source_system="intelligence", source_key="IR/2026/000001", by="pc.one",
                                      review_at=review)
        uow.commit()
        assert [m.id for m in persons.warning_markers(uow, ann.person_id)] == [raised.id]
        assert persons.markers(uow, [ann.person_id]) == {ann.person_id: ["weapons"]}
        logged = session().scalar(select(AuditEntry).where(AuditEntry.entity_id == raised.id))
        assert logged.action == "collection" and logged.details["source"] == "IR/2026/000001"
        with pytest.raises(persons.NotFound):
            persons.raise_marker(uow, "no-such-person", "weapons", detail="", source_system="x", source_key="y", by="z")


def test_a_refused_read_is_logged_though_the_request_rolls_back(app):
    from core.audit.models import AuditEntry
    from core.kit import audit

    with app.test_request_context("/api/v1/x"), app.app_context():
        audit.refused_read("intelligence_report", "r1", module="intelligence", details={"why": "rules"})
        current_uow().rollback()
        logged = session().scalar(select(AuditEntry).where(AuditEntry.entity_id == "r1"))
        assert logged.action == "access_denied" and logged.module == "intelligence"
