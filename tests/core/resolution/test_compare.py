"""Comparing two records: each police-style variation resolves, the hard negatives stay
apart, and every decision explains itself."""
from __future__ import annotations

import pytest

from core.resolution.blocking import blocking_keys
from core.resolution.compare import MATCH_THRESHOLD, REVIEW_THRESHOLD, compare
from core.resolution.record import Name, PartialDate, PersonRecord


def rec(given="Robert", family="Fairweather", dob=(1979, 11, 2), sex="M", postcode="NW3 2PN", ids=(),
        extra_names=(), address="12 Heath Street, London"):
    names = (Name(given, family),) + tuple(Name(g, f, k) for g, f, k in extra_names)
    return PersonRecord("r", names, (PartialDate(*dob),) if dob else (), sex, (address,) if address else (),
                        (postcode,) if postcode else (), tuple(ids))


BASE = rec()
MOVED = dict(postcode="E8 4RP", address="3 Mare Street, London")


@pytest.mark.parametrize("label,other", [
    ("nickname Bob", rec(given="Bob", **MOVED)),
    ("nickname Bill for William", None),
    ("given and family transposed", rec(given="Fairweather", family="Robert", **MOVED)),
    ("typo in family name", rec(family="Fairwether", **MOVED)),
    ("typo in given name", rec(given="Robret", **MOVED)),
    ("middle name", rec(given="Robert James", **MOVED)),
    ("day and month swapped", rec(dob=(1979, 2, 11))),
    ("one digit wrong in the date", rec(dob=(1979, 11, 3))),
    ("year and month only", rec(dob=(1979, 11))),
    ("year only", rec(dob=(1979,))),
    ("hyphenated family name", rec(family="Fairweather-Jones")),
    ("double-barrelled, no hyphen", rec(family="Fairweather Jones")),
    ("moved house", rec(**MOVED)),
])
def test_variations_of_one_person_are_found(label, other):
    base = BASE
    if other is None:  # Bill / William
        base, other = rec(given="William"), rec(given="Bill", **MOVED)
    decision = compare(base, other)
    assert decision.outcome in ("match", "review"), (label, decision.reason)
    assert decision.probability >= REVIEW_THRESHOLD, label
    assert blocking_keys(base) & blocking_keys(other), label


@pytest.mark.parametrize("other", [rec(given="Bob"), rec(given="Fairweather", family="Robert"),
                                   rec(dob=(1979, 2, 11)), rec(family="Fairweather-Jones")])
def test_strong_variations_with_a_date_and_address_are_automatic_matches(other):
    assert compare(BASE, other).outcome == "match"


def test_evidence_explains_the_decision():
    decision = compare(BASE, rec(given="Bob", dob=(1979, 2, 11)))
    levels = {(e.field, e.level) for e in decision.evidence}
    assert ("name", "nickname") in levels and ("dob", "day_month_swapped") in levels
    assert "name nickname" in decision.reason and "dob day month swapped" in decision.reason
    name = next(e for e in decision.evidence if e.field == "name")
    assert name.weight > 0 and "Bob" in name.detail
    assert decision.weight == pytest.approx(sum(e.weight for e in decision.evidence) + (decision.weight - sum(
        e.weight for e in decision.evidence)))
    assert decision.probability >= MATCH_THRESHOLD


def test_maiden_name_matches_through_the_other_names_a_person_has():
    married = rec(given="Susan", family="Okonkwo", sex="F", extra_names=(("Susan", "Blake", "maiden"),), **MOVED)
    maiden = rec(given="Susan", family="Blake", sex="F")
    decision = compare(married, maiden)
    assert decision.outcome == "match"
    assert next(e for e in decision.evidence if e.field == "name").level == "exact"


def test_maiden_name_alone_is_not_silently_merged_without_more_evidence():
    d = compare(rec(given="Susan", family="Okonkwo", sex="F", **MOVED), rec(given="Susan", family="Blake", sex="F"))
    assert d.outcome in ("review", "non_match")
    assert next(e for e in d.evidence if e.field == "name").level == "given_only"


@pytest.mark.parametrize("kind,a,b", [("pnc_id", "79/552301L", "1979/0552301l"), ("ni_number", "AB123456C", "ab 12 34 56 c"),
                                      ("cro_number", "123456/79X", "123456/79x"), ("driving_licence",
                                      "FAIRW711029RB9AA", "FAIRW711029RB9AA"), ("passport", "123456789", "123456789")])
def test_an_identifier_that_agrees_links_at_once(kind, a, b):
    d = compare(rec(given="R", family="Fair", dob=None, ids=((kind, a),)), rec(given="Bob", dob=(1980, 1, 1), ids=((kind, b),)))
    assert d.outcome == "match" and f"{kind} agrees" in d.reason


@pytest.mark.parametrize("label,a,b", [
    ("twins", rec(), rec(given="Richard")),
    ("twins, one by initial only", rec(given="Richard"), rec(given="Rachel", sex="F")),
    ("father and son", rec(dob=(1955, 4, 1)), rec(family="Fairweather Jr", dob=(1985, 9, 9))),
    ("two John Smiths", rec(given="John", family="Smith", dob=(1961, 2, 14), **MOVED),
     rec(given="John", family="Smith", dob=(1988, 7, 30))),
    ("conflicting PNC IDs", rec(ids=(("pnc_id", "79/0552301L"),)), rec(ids=(("pnc_id", "80/0000001A"),))),
])
def test_different_people_are_never_matched(label, a, b):
    assert compare(a, b).outcome != "match", label


def test_conflicting_identifiers_override_everything_else():
    d = compare(rec(ids=(("pnc_id", "79/0552301L"),)), rec(ids=(("pnc_id", "80/0000001A"),)))
    assert d.outcome == "non_match" and "pnc_id differs" in d.reason
    assert min(e.weight for e in d.evidence) < -30


def test_an_agreeing_identifier_does_not_outvote_a_conflicting_one():
    a = rec(ids=(("pnc_id", "79/0552301L"), ("ni_number", "AB123456C")))
    b = rec(ids=(("pnc_id", "80/0000001A"), ("ni_number", "AB123456C")))
    assert compare(a, b).outcome == "non_match"


def test_twins_are_kept_apart_by_their_given_names():
    d = compare(rec(), rec(given="Richard"))
    assert d.outcome == "non_match" and "given names differ" in d.reason


def test_a_father_and_son_go_to_review_at_most_and_say_why():
    d = compare(rec(dob=(1955, 4, 1)), rec(dob=(1985, 4, 1)))
    assert d.outcome in ("review", "non_match")
    assert next(e for e in d.evidence if e.field == "dob").level == "different"


def test_an_uncertain_pair_goes_to_review():
    d = compare(rec(given="John", family="Smith", dob=None), rec(given="John", family="Smith", dob=None))
    assert d.outcome == "review" and "dob missing" in d.reason


def test_a_missing_date_of_birth_is_never_an_automatic_match():
    d = compare(rec(dob=None), rec())
    assert d.outcome == "review"


def test_records_without_names_or_dates_do_not_match():
    assert compare(PersonRecord("a"), PersonRecord("b")).outcome == "non_match"


def test_blocking_keys_are_few_and_shared_by_the_variations():
    keys = blocking_keys(rec(ids=(("pnc_id", "79/552301L"),)))
    assert 0 < len(keys) < 15 and "id:pnc_id:79/0552301L" in keys
    assert not blocking_keys(rec(given="Zebedee", family="Quartermain", dob=(1950, 1, 1))) & blocking_keys(BASE)
    swapped_no_dob = rec(given="Fairweather", family="Robert", dob=None)
    assert blocking_keys(swapped_no_dob) & blocking_keys(rec(dob=None))


def test_a_cluster_with_many_names_and_dates_keeps_few_keys():
    many = PersonRecord("c", tuple(Name(g, f) for g, f in [("Robert", "Fairweather"), ("Bob", "Fairweather-Jones"),
                                                          ("Rob", "Jones"), ("Robbie", "Smith"), ("Bert", "Fair")]),
                        tuple(PartialDate(y, 1, 1) for y in (1979, 1980, 1981)), "M")
    assert len(blocking_keys(many)) <= 25


def _indexed_only(r: PersonRecord) -> PersonRecord:
    """What cannot_link may read of a candidate: all but its sex (a person's indexed rows)."""
    return PersonRecord(r.record_id, r.names, r.dobs, None, r.addresses, r.postcodes, r.identifiers)


def _clusters(records: list[PersonRecord], truth: dict[str, str]) -> list[PersonRecord]:
    """One record per person of all its records together (several names, dates, addresses)."""
    by_person: dict[str, list[PersonRecord]] = {}
    for r in records:
        by_person.setdefault(truth[r.record_id], []).append(r)
    return [PersonRecord(pid, *(tuple(dict.fromkeys(x for r in rs for x in getattr(r, f))) for f in ("names", "dobs")),
                         rs[0].sex, *(tuple(dict.fromkeys(x for r in rs for x in getattr(r, f)))
                                      for f in ("addresses", "postcodes", "identifiers")))
            for pid, rs in by_person.items()]


def test_cannot_link_never_rules_out_a_pair_compare_would_keep():
    """The shortcut best_matches takes before loading candidates must not change a decision:
    on every blocked pair of a police-style population (hard negatives included), with and
    without the sex of either record, and people known by several names, dates and addresses."""
    from itertools import combinations

    from core.resolution.compare import cannot_link
    from research.synthetic import generate, to_record

    rows, truth = generate(1000, seed=5)
    records = [to_record(r) for r in rows]
    records += _clusters(records, truth)
    blocks: dict[str, list[PersonRecord]] = {}
    for r in records:
        for key in blocking_keys(r):
            blocks.setdefault(key, []).append(r)
    pairs = {(a.record_id, b.record_id): (a, b) for rs in blocks.values() for a, b in combinations(rs, 2)}
    non_matches = ruled_out = 0
    for a, b in pairs.values():
        for x, y in ((a, b), (b, a), (_indexed_only(a), b), (a, _indexed_only(b))):
            decision = compare(x, y)
            if cannot_link(x, _indexed_only(y)):
                ruled_out += 1
                assert decision.outcome == "non_match", (x, y, decision.reason)
            non_matches += decision.outcome == "non_match"
    assert non_matches > 5_000 and ruled_out > non_matches * 0.9, (non_matches, ruled_out)


def test_cannot_link_keeps_identifier_agreement_and_rules_out_conflicts():
    from core.resolution.compare import cannot_link

    other_person = rec(given="Keith", family="Moon", dob=(1946, 8, 23), ids=(("pnc_id", "84/123456X"),))
    assert not cannot_link(rec(ids=(("pnc_id", "84/123456X"),)), _indexed_only(other_person))
    assert cannot_link(rec(ids=(("pnc_id", "99/999999Z"),)), _indexed_only(rec(ids=(("pnc_id", "84/123456X"),))))
    assert cannot_link(BASE, _indexed_only(rec(given="Richard")))  # given names differ: twins stay apart
    assert not cannot_link(BASE, _indexed_only(rec(given="Bob", **MOVED)))


@pytest.mark.parametrize("a,b", [(BASE, rec(given="Bob", **MOVED)), (BASE, rec(given="Fairweather", family="Robert", **MOVED)),
                                 (BASE, rec(family="Fairwether", **MOVED)), (BASE, rec(dob=(1979, 2, 11))),
                                 (BASE, rec(dob=(1979,))), (BASE, rec(family="Fairweather-Jones")),
                                 (rec(dob=(1955, 4, 1)), rec(dob=(1985, 4, 1))), (rec(), rec(sex="F")),
                                 (rec(dob=None), rec(given="Bob"))])
def test_cannot_link_keeps_every_variation_and_every_pair_for_review(a, b):
    from core.resolution.compare import cannot_link

    assert compare(a, b).outcome != "non_match"
    assert not cannot_link(a, _indexed_only(b)) and not cannot_link(b, _indexed_only(a))


def test_a_keyed_number_one_keystroke_out_tells_a_wrong_date_of_birth_from_another_person():
    """NI numbers are copied by hand: JK402913B keyed as JK402931B is the same person, so a
    date of birth given wrongly does not keep the records apart; a PNC ID cannot slip so."""
    a = rec(ids=(("ni_number", "JK402913B"),))
    b = rec(dob=(1962, 3, 8), ids=(("ni_number", "JK402931B"),))
    d = compare(a, b)
    assert d.outcome == "match"
    assert next(e for e in d.evidence if e.field == "ni_number").level == "near"
    assert compare(rec(), rec(dob=(1962, 3, 8))).outcome != "match"  # without the number: two people


def test_twins_with_consecutive_ni_numbers_stay_apart():
    assert compare(rec(ids=(("ni_number", "JK402913B"),)),
                   rec(given="Richard", ids=(("ni_number", "JK402914B"),))).outcome == "non_match"


def test_a_hand_keyed_number_that_differs_weighs_against_but_is_not_a_rule():
    same = rec(ids=(("ni_number", "JK402913B"),))
    other = rec(ids=(("ni_number", "AB123456C"),))
    d = compare(same, other)
    ni = next(e for e in d.evidence if e.field == "ni_number")
    assert ni.level == "different" and -30 < ni.weight < 0
    assert "differs" not in d.reason  # not refused by rule: everything else agrees, so it weighs
    assert d.probability < compare(rec(), rec()).probability
    assert compare(rec(ids=(("pnc_id", "79/0552301L"),)), rec(ids=(("pnc_id", "79/0552310L"),))).outcome == "non_match"
