"""Police-style test data with ground truth: one population of people, each recorded one
to four times the way different systems record them.

Variations, each at a stated rate: nicknames, given and family names transposed, typos,
maiden names for married women, day and month of birth swapped, partial, missing and
wrong dates of birth, moves of address, identifiers in some records only. Hard negatives:
twins (same family name, birthday and address), fathers and sons of one name at one
address, and the many people with the commonest names. Bench-only.
"""
from __future__ import annotations

import random
from typing import Any

from nicknames import NickNamer

from bench.synthetic_persons import Population

_namer = NickNamer()


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return rng.choice([word[:i] + word[i + 1] + word[i] + word[i + 2:], word[:i] + word[i + 1:],
                       word[:i] + rng.choice("aeiou") + word[i + 1:]])


def _nickname(given: str, rng: random.Random) -> str:
    nicks = sorted(_namer.nicknames_of(given.lower()))
    return rng.choice(nicks).title() if nicks else given


def _other_pnc(pnc: str) -> str:
    return pnc[:-1] + ("Z" if pnc[-1] != "Z" else "Y")


def generate(n_people: int, seed: int = 11) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Rows in the `mips resolve` CSV shape, and record_id -> true person."""
    rng = random.Random(seed)
    pop = Population(seed)
    people = []
    for i in range(n_people):
        base = pop.person(i)
        person = {"id": f"T{i}", "given": base["names"][0]["given"], "family": base["names"][0]["family"],
                  "dob": base["dobs"][0], "sex": base["sex"], "postcode": base["addresses"][0]["postcode"],
                  "pnc": f"{rng.randint(70, 99)}/{rng.randint(1, 9999999):07d}{rng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}"}
        people.append(person)
        roll = rng.random()
        if roll < 0.01:  # a twin, with a given name of their own (not a nickname of the other's)
            other = pop.person(i + 10_000_000)["names"][0]["given"]
            if _namer.nicknames_of(other.lower()) & _namer.nicknames_of(person["given"].lower()) or other == person["given"]:
                other = "Zachary" if person["given"] != "Zachary" else "Yvonne"
            twin = dict(person, id=f"T{i}t", given=other, pnc=_other_pnc(person["pnc"]))
            people.append(twin)
        elif roll < 0.02:  # a son of the same name, same address
            y = int(person["dob"][:4]) + 28
            son = dict(person, id=f"T{i}s", dob=f"{min(y, 2015)}{person['dob'][4:]}", sex="M", pnc=_other_pnc(person["pnc"]))
            people.append(son)
    rows, truth = [], {}
    for person in people:
        married = person["sex"] == "F" and rng.random() < 0.15
        maiden = pop.person(rng.randrange(10**8))["names"][0]["family"] if married else None
        for k in range(rng.choice([1, 1, 2, 2, 3, 4])):
            given, family, dob, postcode = person["given"], person["family"], person["dob"], person["postcode"]
            r = rng.random
            if r() < 0.2:
                given = _nickname(given, rng)
            if r() < 0.1:
                family = _typo(family, rng)
            elif r() < 0.08:
                given = _typo(given, rng)
            if married and r() < 0.5:
                family = maiden
            if r() < 0.05:
                given, family = family, given
            x = r()
            if x < 0.05 and int(dob[8:]) <= 12:
                dob = f"{dob[:4]}-{dob[8:]}-{dob[5:7]}"
            elif x < 0.15:
                dob = ""
            elif x < 0.18:
                dob = dob[:-1] + str((int(dob[-1]) + 1) % 10) if dob[-1] != "9" else dob[:-1] + "8"
            if r() < 0.3:
                postcode = pop.person(rng.randrange(10**8))["addresses"][0]["postcode"]
            rid = f"{person['id']}-{k}"
            rows.append({"record_id": rid, "source": rng.choice(["cris", "crimint", "nspis", "copa"]),
                         "given_name": given, "family_name": family, "dob": dob, "sex": person["sex"],
                         "address": "", "postcode": postcode, "pnc_id": person["pnc"] if r() < 0.3 else "",
                         "cro_number": "", "ni_number": "", "driving_licence": ""})
            truth[rid] = person["id"]
    rng.shuffle(rows)
    return rows, truth
