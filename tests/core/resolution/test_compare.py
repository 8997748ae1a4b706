"""Comparing two records: each police-style variation resolves, the hard negatives stay
apart, and every decision explains itself."""
from __future__ import annotations

import pytest

from core.resolution.blocking import blocking_keys
from core.resolution.compare import compare
from core.resolution.record import Name, PartialDate, PersonRecord


def rec(given="Robert", family="Fairweather", dob=(1979, 11, 2), sex="M", postcode=None, ids=(), extra_names=()):
    names = (Name(given, family),) + tuple(Name(g, f, k) for g, f, k in extra_names)
    return PersonRecord("r", names, (PartialDate(*dob),) if dob else (), sex, (), (postcode,) if postcode else (), tuple(ids))


BASE = rec(postcode="NW3 2PN")


@pytest.mark.parametrize("label,other", [
    ("nickname", rec(given="Bob")),
    ("transposed names", rec(given="Fairweather", family="Robert")),
    ("typo in family name", rec(family="Fairwether")),
    ("typo in given name", rec(given="Robret")),
    ("day and month swapped", rec(dob=(1979, 2, 11), postcode="NW3 2PN")),
    ("one digit wrong in the date", rec(dob=(1979, 11, 3), postcode="NW3 2PN")),
    ("hyphenated family name", rec(family="Fairweather-Jones", postcode="NW3 2PN")),
    ("moved house", rec(postcode="E8 4RP", ids=(("pnc_id", "79/0552301L"),))),
])
def test_variations_of_one_person_are_found(label, other):
    base = rec(postcode="NW3 2PN", ids=(("pnc_id", "79/0552301L"),)) if "moved" in label else BASE
    decision = compare(base, other)
    assert decision.outcome in ("match", "review"), (label, decision.reason)
    assert blocking_keys(base) & blocking_keys(other), label


def test_nickname_with_date_is_an_automatic_match_with_evidence():
    decision = compare(BASE, rec(given="Bob"))
    assert decision.outcome == "match" and decision.probability >= 0.995
    levels = {(e.field, e.level) for e in decision.evidence}
    assert ("given", "nickname") in levels and ("dob", "exact") in levels
    assert "nickname" in decision.reason


def test_maiden_name_matches_through_the_cluster():
    married = rec(given="Susan", family="Okonkwo", sex="F", extra_names=(("Susan", "Blake", "maiden"),))
    maiden = rec(given="Susan", family="Blake", sex="F")
    assert compare(married, maiden).outcome == "match"


def test_an_identifier_that_agrees_links_at_once():
    d = compare(rec(given="R", family="Fair", dob=None, ids=(("ni_number", "AB123456C"),)),
                rec(given="Bob", family="Fairweather", ids=(("ni_number", "AB123456C"),)))
    assert d.outcome == "match" and "ni_number agree" in d.reason


@pytest.mark.parametrize("label,a,b", [
    ("twins", rec(postcode="NW3 2PN"), rec(given="Richard", postcode="NW3 2PN")),
    ("father and son", rec(dob=(1955, 4, 1), postcode="NW3 2PN"), rec(dob=(1985, 9, 9), postcode="NW3 2PN")),
    ("two John Smiths", rec(given="John", family="Smith", dob=(1961, 2, 14)), rec(given="John", family="Smith", dob=(1988, 7, 30))),
    ("conflicting PNC IDs", rec(ids=(("pnc_id", "79/0552301L"),)), rec(ids=(("pnc_id", "80/0000001A"),))),
])
def test_different_people_are_never_matched(label, a, b):
    assert compare(a, b).outcome != "match", label


def test_conflicting_identifiers_override_everything_else():
    d = compare(rec(ids=(("pnc_id", "79/0552301L"),)), rec(ids=(("pnc_id", "80/0000001A"),)))
    assert d.outcome == "non_match" and "pnc_id differ" in d.reason


def test_an_uncertain_pair_goes_to_review():
    d = compare(rec(given="John", family="Smith", dob=None), rec(given="John", family="Smith", dob=None))
    assert d.outcome == "review"
