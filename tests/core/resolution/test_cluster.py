"""Clustering resists chaining: one record that matches two people does not merge them."""
from __future__ import annotations

import numpy as np

from core.resolution.cluster import Facts, cluster, match_weight

ALONE_FROM = float(match_weight(0.8))


def facts(rows):
    """rows: (given, family, (y, m, d) or None, pnc or None)."""
    col = lambda i: np.array([r[i] for r in rows], dtype=object)  # noqa: E731
    dobs = [r[2] or (None, None, None) for r in rows]
    return Facts(np.array([d[0] for d in dobs], dtype=object), np.array([d[1] for d in dobs], dtype=object),
                 np.array([d[2] for d in dobs], dtype=object), col(0), col(1), {"pnc_id": col(3)})


def run(rows, edges):
    f = facts(rows)
    strong = np.array([r[2] is not None and len(r[0] or "") > 1 for r in rows])
    left, right, p = (np.array([e[i] for e in edges]) for i in range(3))
    roots, refused = cluster(len(rows), left, right, match_weight(p), strong, f)
    return list(roots), refused


def test_a_record_without_a_date_does_not_merge_a_father_and_his_son():
    rows = [("JOHN", "SMITH", (1961, 2, 14), None), ("JOHN", "SMITH", (1988, 7, 30), None), ("JOHN", "SMITH", None, None)]
    roots, _ = run(rows, [(0, 2, 0.999), (1, 2, 0.998)])
    assert roots[0] != roots[1]
    assert roots[2] not in (roots[0], roots[1])  # ambiguous: left for review


def test_an_unambiguous_record_without_a_date_joins_its_person():
    rows = [("JOHN", "SMITH", (1961, 2, 14), None), ("JOHN", "SMITH", (1961, 2, 14), None), ("JOHN", "SMITH", None, None)]
    roots, _ = run(rows, [(0, 1, 0.9999), (0, 2, 0.999)])
    assert roots[0] == roots[1] == roots[2]


def test_twins_are_not_chained_through_an_initial():
    rows = [("ROBERT", "FAIRWEATHER", (1979, 11, 2), None), ("RICHARD", "FAIRWEATHER", (1979, 11, 2), None),
            ("R", "FAIRWEATHER", (1979, 11, 2), None), ("ROBERT", "FAIRWEATHER", (1979, 11, 2), None)]
    roots, _ = run(rows, [(0, 3, 0.9999), (0, 2, 0.999), (1, 2, 0.999)])
    assert roots[0] == roots[3] and roots[0] != roots[1]


def test_a_chain_stops_where_an_identifier_conflicts():
    rows = [("JOHN", "SMITH", (1961, 2, 14), "61/0000001A"), ("JOHN", "SMITH", (1961, 2, 14), None),
            ("JOHN", "SMITH", (1961, 2, 14), None), ("JOHN", "SMITH", (1961, 2, 14), "61/0000002B")]
    roots, refused = run(rows, [(0, 1, 0.9999), (1, 2, 0.9998), (2, 3, 0.9997)])
    assert roots[0] == roots[1] == roots[2] and roots[3] != roots[0]
    assert refused == 1


def test_a_chain_stops_where_dates_of_birth_conflict():
    rows = [("JOHN", "SMITH", (1961, 2, 14), None), ("JOHN", "SMITH", (1961, 2, 14), None),
            ("JOHN", "SMITH", (1961, 2, 15), None), ("JOHN", "SMITH", (1961, 12, 15), None)]
    roots, _ = run(rows, [(0, 1, 0.9999), (1, 2, 0.9998), (2, 3, 0.9997)])
    assert roots[0] == roots[1] and roots[3] != roots[0]


def test_a_record_matching_two_people_who_conflict_is_left_alone():
    rows = [("JOHN", "SMITH", (1961, 2, 14), "61/0000001A"), ("JOHN", "SMITH", (1961, 2, 14), None),
            ("JOHN", "SMITH", (1961, 2, 14), "61/0000002B")]
    roots, _ = run(rows, [(0, 1, 0.9999), (1, 2, 0.9998)])
    assert len(set(roots)) == 3


def test_a_date_mistyped_one_way_and_swapped_another_is_still_one_person():
    """2019-01-12 and 2019-11-01 are two slips of 2019-01-11, not of each other."""
    rows = [("KAYLEIGH", "HIGGINS", (2019, 1, 11), None), ("KAYLEIGH", "HIGGINS", (2019, 1, 11), None),
            ("KAYLEIGH", "HIGGINS", (2019, 1, 12), None), ("KAYLEIGH", "HIGGINS", (2019, 11, 1), None)]
    roots, _ = run(rows, [(0, 1, 0.9999), (0, 2, 0.999), (1, 2, 0.999), (0, 3, 0.999), (1, 3, 0.999)])
    assert len(set(roots)) == 1


def test_a_nickname_and_a_typo_of_one_name_do_not_contest_it():
    rows = [("ARTHUR", "PARKES", (1953, 7, 18), None), ("ART", "PARKES", (1953, 7, 18), None),
            ("ATRHUR", "PARKES", (1953, 7, 18), None), ("ARTHUR", "PARKES", (1953, 7, 18), None)]
    roots, _ = run(rows, [(0, 3, 0.9999), (0, 1, 0.999), (0, 2, 0.999), (3, 1, 0.999), (3, 2, 0.999)])
    assert len(set(roots)) == 1


def test_an_agreeing_identifier_links_a_record_without_a_date():
    rows = [("JOHN", "SMITH", (1961, 2, 14), "61/0000001A"), ("JOHN", "SMITH", None, "61/0000001A")]
    f = facts(rows)
    roots, _ = cluster(2, np.array([0]), np.array([1]), match_weight([0.9999]), np.array([True, False]), f,
                       sure=np.array([True]))
    assert roots[0] == roots[1]


def test_a_rival_seen_only_at_the_review_level_makes_a_record_ambiguous():
    rows = [("JOHN", "SMITH", (1961, 2, 14), None), ("JOHN", "SMITH", (1988, 7, 30), None), ("JOHN", "SMITH", None, None)]
    f = facts(rows)
    strong = np.array([True, True, False])
    roots, _ = cluster(3, np.array([0]), np.array([2]), match_weight([0.999]), strong, f)
    assert roots[0] == roots[2]  # alone, it is unambiguous
    roots, _ = cluster(3, np.array([0]), np.array([2]), match_weight([0.999]), strong, f,
                       plausible=(np.array([1]), np.array([2])))
    assert roots[2] not in (roots[0], roots[1])


def test_an_identifier_links_a_person_across_an_alias_and_a_false_date():
    """Records sharing a PNC ID are one person whatever names and dates they give; a later
    record giving the alias joins that person too, without opening the door to a twin."""
    rows = [("ROBERT", "FAIRWEATHER", (1979, 11, 2), "79/0552301L"), ("ROBERT", "FAIRWEATHER", (1979, 11, 2), None),
            ("LIAM", "FAIRWEATHER", (1981, 5, 5), "79/0552301L"), ("LIAM", "FAIRWEATHER", (1981, 5, 5), None),
            ("RICHARD", "FAIRWEATHER", (1979, 11, 2), None)]
    f = facts(rows)
    strong = np.ones(5, dtype=bool)
    left, right = np.array([0, 0, 2]), np.array([2, 1, 3])
    roots, _ = cluster(5, left, right, match_weight([0.9999, 0.999, 0.999]), strong, f, sure=np.array([True, False, False]))
    assert roots[0] == roots[1] == roots[2] == roots[3]
    # the twin matched on name initials and date to the alias's person is still refused
    roots, _ = cluster(5, np.append(left, 3), np.append(right, 4), match_weight([0.9999, 0.999, 0.999, 0.99]), strong, f,
                       sure=np.array([True, False, False, False]))
    assert roots[0] == roots[2] and roots[4] != roots[0]


def test_a_record_without_a_date_joins_the_person_whose_evidence_far_outweighs_the_others():
    """'Ruth Tucker', no date, at her address: a match at the auto level to the Ruth Tucker
    who lives there, and only at the review level (the name alone) to another one."""
    rows = [("RUTH", "TUCKER", (1991, 1, 19), None), ("RUTH", "TUCKER", (1988, 1, 2), None), ("RUTH", "TUCKER", None, None)]
    f = facts(rows)
    strong = np.array([True, True, False])
    roots, _ = cluster(3, np.array([0]), np.array([2]), match_weight([0.9999]), strong, f,
                       plausible=(np.array([1]), np.array([2]), match_weight([0.3])))
    assert roots[2] == roots[0] != roots[1]
    # a father and son of one name at one address weigh alike: the record joins neither
    roots, _ = cluster(3, np.array([0, 1]), np.array([2, 2]), match_weight([0.9999, 0.9998]), strong, f)
    assert len(set(roots)) == 3


def test_a_dated_record_left_alone_joins_the_person_its_match_clearly_points_to():
    """A custody record, the date one day out and no address: its match with Victoria
    Hopkins's records (0.87) is below the strong-pair threshold. Left alone after every
    link, it joins her, unless another person is nearly as likely."""
    rows = [("VICTORIA", "HOPKINS", (2017, 6, 17), None), ("VICTORIA", "HOPKINS", (2017, 6, 17), None),
            ("VICTORIA", "HOPKINS", (2017, 6, 16), None), ("VICTORIA", "HOPKINS", (2017, 6, 15), None)]
    f = facts(rows)
    strong = np.ones(4, dtype=bool)
    auto = (np.array([0]), np.array([1]), match_weight([0.9999]))
    roots, _ = cluster(4, *auto, strong, f, plausible=(np.array([1]), np.array([2]), match_weight([0.87])), alone_from=ALONE_FROM)
    assert roots[2] == roots[0] and roots[3] not in (roots[0], roots[2])
    roots, _ = cluster(4, *auto, strong, f, plausible=(np.array([1]), np.array([2]), match_weight([0.87])))
    assert roots[2] != roots[0]  # without alone_from it stays alone, as before
    # matched as well to another person (records 3) it could be either: left alone
    roots, _ = cluster(4, *auto, strong, f, plausible=(np.array([1, 3]), np.array([2, 2]), match_weight([0.87, 0.85])),
                       alone_from=ALONE_FROM)
    assert roots[2] not in (roots[0], roots[3])
    # a match below alone_from does not join
    roots, _ = cluster(4, *auto, strong, f, plausible=(np.array([1]), np.array([2]), match_weight([0.6])), alone_from=ALONE_FROM)
    assert roots[2] != roots[0]


def test_rivals_are_told_apart_by_weight_where_probabilities_are_both_one():
    """At one address Joseph Bruce and his sister Josephine, both with every identifier a
    dateless "JOSEPH BRUCE" could agree on: it matches them at 70 and 60 bits, where both
    probabilities are 1.0 to the float. The weights tell them apart; the record joins
    Joseph. Weighed by those probabilities, the two look alike and it would join neither."""
    rows = [("JOSEPH", "BRUCE", (2009, 8, 24), None), ("JOSEPHINE", "BRUCE", (2010, 3, 28), None),
            ("JOSEPH", "BRUCE", None, None)]
    f = facts(rows)
    strong = np.array([True, True, False])
    weights = np.array([70.0, 60.0])
    roots, _ = cluster(3, np.array([0, 1]), np.array([2, 2]), weights, strong, f)
    assert roots[2] == roots[0] != roots[1]
    saturated = match_weight(1 / (1 + 2.0 ** -weights))
    roots, _ = cluster(3, np.array([0, 1]), np.array([2, 2]), saturated, strong, f)
    assert len(set(roots)) == 3


def test_a_dateless_record_at_the_address_a_household_left_joins_its_person():
    """Ann Jones, no date of birth, at 12 Old Road. Ann Jones's dated records give only 3 New
    Street; her husband's give both: the household moved, and she with it."""
    rows = [("ANN", "JONES", (1970, 1, 5), None), ("ANN", "JONES", (1970, 1, 5), None),
            ("DAVID", "JONES", (1968, 4, 2), None), ("DAVID", "JONES", (1968, 4, 2), None),
            ("ANN", "JONES", None, None)]
    address = np.array(["3 NEW STREET", "3 NEW STREET", "12 OLD ROAD", "3 NEW STREET", "12 OLD ROAD"], dtype=object)
    given_key = np.array(["AN", "AN", "TFT", "TFT", "AN"], dtype=object)
    family_key = np.array(["JNS"] * 5, dtype=object)
    f = facts(rows)
    strong = np.array([True, True, True, True, False])
    left, right, w = np.array([0, 2]), np.array([1, 3]), np.array([40.0, 40.0])
    roots, _ = cluster(5, left, right, w, strong, f, households=(address, given_key, family_key))
    assert roots[4] == roots[0] and roots[0] != roots[2]
    # without the household's records at both addresses, the name alone does not join her
    moved_alone = address.copy()
    moved_alone[2] = "3 NEW STREET"
    roots, _ = cluster(5, left, right, w, strong, f, households=(moved_alone, given_key, family_key))
    assert roots[4] not in (roots[0], roots[2])


def test_a_household_with_two_people_of_the_name_leaves_the_record_alone():
    """John Smith and his son John at 3 New Street, who lived at 12 Old Road: a dateless John
    Smith at 12 Old Road could be either."""
    rows = [("JOHN", "SMITH", (1961, 2, 14), None), ("JOHN", "SMITH", (1961, 2, 14), None),
            ("JOHN", "SMITH", (1990, 7, 30), None), ("JOHN", "SMITH", None, None)]
    address = np.array(["12 OLD ROAD", "3 NEW STREET", "3 NEW STREET", "12 OLD ROAD"], dtype=object)
    keys = (address, np.array(["JN"] * 4, dtype=object), np.array(["SM0"] * 4, dtype=object))
    f = facts(rows)
    strong = np.array([True, True, True, False])
    roots, _ = cluster(4, np.array([0]), np.array([1]), np.array([40.0]), strong, f, households=keys)
    assert roots[0] == roots[1] != roots[2]
    assert roots[3] not in (roots[0], roots[2])


def test_a_record_in_a_maiden_name_at_the_old_address_joins_by_given_name_and_date():
    """Marian Turnbull, born 1 March 1989, at 8 Rees Lakes: Marian Hammond's records give that
    date and 93 Alexander Fall only, and her husband's give both addresses. Another Marian
    born that day elsewhere, with no tie to the address, is not joined."""
    rows = [("MARIAN", "HAMMOND", (1989, 3, 1), None), ("MARIAN", "HAMMOND", (1989, 3, 1), None),
            ("PETER", "HAMMOND", (1985, 6, 2), None), ("PETER", "HAMMOND", (1985, 6, 2), None),
            ("MARIAN", "TURNBULL", (1989, 3, 1), None), ("MARIAN", "GREEN", (1989, 3, 1), None)]
    address = np.array(["93 ALEXANDER FALL", "93 ALEXANDER FALL", "8 REES LAKES", "93 ALEXANDER FALL",
                        "8 REES LAKES", "1 HIGH STREET"], dtype=object)
    keys = (address, np.array(["MRN", "MRN", "PTR", "PTR", "MRN", "MRN"], dtype=object),
            np.array(["HMNT", "HMNT", "HMNT", "HMNT", "TRNBL", "KRN"], dtype=object))
    f = facts(rows)
    strong = np.ones(6, dtype=bool)
    roots, _ = cluster(6, np.array([0, 2]), np.array([1, 3]), np.array([40.0, 40.0]), strong, f, households=keys)
    assert roots[4] == roots[0] != roots[2]
    assert roots[5] not in (roots[0], roots[2])


def test_a_record_a_day_out_at_the_old_address_joins_only_if_the_dates_can_be_one_persons():
    """Jamie Atkins, born 19 October 2019 by this record, at the address his family left; his
    other records say the 20th, at the new one, where his mother's records are too. A record
    of a Jamie Atkins born in March that year at the old address is someone else."""
    rows = [("JAMIE", "ATKINS", (2019, 10, 20), None), ("JAMIE", "ATKINS", (2019, 10, 20), None),
            ("CLARE", "ATKINS", (1990, 1, 9), None), ("CLARE", "ATKINS", (1990, 1, 9), None),
            ("JAMIE", "ATKINS", (2019, 10, 19), None)]
    address = np.array(["2 NEW ROW", "2 NEW ROW", "9 OLD LANE", "2 NEW ROW", "9 OLD LANE"], dtype=object)
    keys = (address, np.array(["JM", "JM", "KLR", "KLR", "JM"], dtype=object), np.array(["ATKNS"] * 5, dtype=object))
    strong = np.ones(5, dtype=bool)
    pairs = (np.array([0, 2]), np.array([1, 3]), np.array([40.0, 40.0]))
    roots, _ = cluster(5, *pairs, strong, facts(rows), households=keys)
    assert roots[4] == roots[0] != roots[2]
    rows[4] = ("JAMIE", "ATKINS", (2019, 3, 2), None)
    roots, _ = cluster(5, *pairs, strong, facts(rows), households=keys)
    assert roots[4] not in (roots[0], roots[2])
