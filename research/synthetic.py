"""Police-style synthetic person records with ground truth, reproducible from a seed.

One population of people, each recorded one to four times the way different systems
record them: nicknames, given and family names transposed, typos, middle names, maiden
names for married women, hyphenated and double-barrelled family names, day and month of
birth swapped, partial, missing and mistyped dates of birth, moves of address, and
identifiers (PNC ID, CRO, NI number, driving licence) in some records only. The hard
negatives are there on purpose: twins (same family name, birthday and address), fathers
and sons of one name at one address (the son often "Jr"), and many people called John
Smith or David Jones.

The name lists are small and built in so that nothing is downloaded; family names have
a long tail made from common English place-name parts, weighted so the commonest names
are as common as in the UK.

Two synthetic-person generators remain in MiPS, each with its own job:

* **this one** is the *independent* police-style data set: its people, name lists and
  corruption model share no code with the legacy simulator, so the engine can be trained
  and measured on data it was not tuned on. It gives

  - :func:`generate`: records in the ``mips resolve`` CSV shape with the truth, for
    training (``python -m research.train``), resolution quality
    (``bench/resolution_quality.py``), ``mips resolve`` at a million rows
    (``bench/resolve.py``) and the resolution tests;
  - :func:`persons`: people drawn the same way, each once and without errors, as the
    API's person data, for loading a database with many persons (``bench/search.py``,
    ``bench/search_trigram.py``). This replaced ``bench/synthetic_persons.py``, which did
    the same job from the simulator's Faker name lists.

* ``adapters/simulator`` is the legacy force: people in households written into seven
  legacy systems with each system's own habits and a ``truth.csv``, for the bridge, the
  migration (``bench/migration.py``) and ``make run``'s demo force. It stays in
  ``adapters`` because it is a ``mips legacy`` command.

The demo records of ``core/demo/people.py`` are a fixed hand-written list, not a
generator.
"""
from __future__ import annotations

import itertools
import random
import string
from collections.abc import Iterator
from typing import Any

from core.resolution.features import CSV_COLUMNS, IDENTIFIER_COLUMNS
from core.resolution.record import Name, PartialDate, PersonRecord

__all__ = ["CSV_COLUMNS", "Generator", "generate", "persons", "to_record"]


# (name, common nicknames) - nicknames used only where the nicknames data set knows them
MALE = [("John", "Jack Johnny Jon"), ("David", "Dave Davy"), ("Michael", "Mike Mick Micky"), ("James", "Jim Jimmy Jamie"),
        ("Robert", "Bob Rob Bobby Robbie"), ("William", "Bill Will Billy Willie"), ("Richard", "Rick Dick Richie"),
        ("Thomas", "Tom Tommy"), ("Christopher", "Chris"), ("Daniel", "Dan Danny"), ("Anthony", "Tony"),
        ("Joseph", "Joe Joey"), ("Edward", "Ed Eddie Ted"), ("Matthew", "Matt"), ("Andrew", "Andy Drew"),
        ("Stephen", "Steve"), ("Peter", "Pete"), ("Samuel", "Sam Sammy"), ("Benjamin", "Ben Benny"),
        ("Alexander", "Alex Sandy"), ("Nicholas", "Nick Nicky"), ("Jonathan", "Jon"), ("Timothy", "Tim Timmy"),
        ("Patrick", "Pat Paddy"), ("Kenneth", "Ken Kenny"), ("Ronald", "Ron Ronnie"), ("Charles", "Charlie Chuck"),
        ("Henry", "Harry Hank"), ("Frederick", "Fred Freddie"), ("Raymond", "Ray"), ("Philip", "Phil"),
        ("Gregory", "Greg"), ("Terence", "Terry"), ("Leonard", "Len Lenny"), ("Gerald", "Gerry"), ("Donald", "Don"),
        ("Mohammed", ""), ("Ahmed", ""), ("Imran", ""), ("Tariq", ""), ("Kwame", ""), ("Adebayo", ""), ("Piotr", ""),
        ("Tomasz", ""), ("Liam", ""), ("Noah", ""), ("Oliver", "Ollie"), ("George", ""), ("Jacob", "Jake"),
        ("Kyle", ""), ("Jordan", ""), ("Dean", ""), ("Lee", ""), ("Wayne", ""), ("Craig", ""), ("Gary", ""),
        ("Paul", ""), ("Mark", ""), ("Neil", ""), ("Scott", ""), ("Stuart", ""), ("Darren", ""), ("Ryan", ""),
        ("Connor", ""), ("Callum", ""), ("Aaron", ""), ("Adam", ""), ("Ian", ""), ("Kevin", ""), ("Keith", ""),
        ("Graham", ""), ("Barry", ""), ("Colin", ""), ("Derek", ""), ("Trevor", ""), ("Dennis", ""), ("Roy", ""),
        ("Luke", ""), ("Nathan", "Nate"), ("Shane", ""), ("Carl", ""), ("Reece", ""), ("Kieran", ""), ("Declan", ""),
        ("Rhys", ""), ("Owen", ""), ("Ewan", ""), ("Hamza", ""), ("Bilal", ""), ("Yusuf", ""), ("Emeka", ""),
        ("Marcus", ""), ("Leon", ""), ("Tyrone", ""), ("Jermaine", ""), ("Vikram", ""), ("Arjun", ""), ("Ravi", "")]
FEMALE = [("Elizabeth", "Liz Beth Betty Lizzie"), ("Margaret", "Maggie Peggy Meg"), ("Katherine", "Kate Kathy Katie"),
          ("Susan", "Sue Susie"), ("Deborah", "Debbie Deb"), ("Patricia", "Pat Tricia Patsy"),
          ("Jennifer", "Jenny Jen"), ("Rebecca", "Becky Becca"), ("Victoria", "Vicky Tori"), ("Samantha", "Sam Sammy"),
          ("Alexandra", "Alex Sandra"), ("Christine", "Chris Chrissie"), ("Jacqueline", "Jackie"),
          ("Barbara", "Barb Babs"), ("Dorothy", "Dot Dottie"), ("Kimberley", "Kim"), ("Abigail", "Abby Abbie"),
          ("Amanda", "Mandy"), ("Melissa", "Mel Missy"), ("Nicola", "Nicky"), ("Pamela", "Pam"), ("Judith", "Judy"),
          ("Theresa", "Tess Terri"), ("Jessica", "Jess Jessie"), ("Catherine", "Cathy Kate"), ("Emily", "Em"),
          ("Sophie", ""), ("Olivia", "Liv"), ("Amelia", "Millie"), ("Chloe", ""), ("Charlotte", "Lottie"),
          ("Hannah", ""), ("Laura", ""), ("Sarah", ""), ("Emma", ""), ("Lucy", ""), ("Rachel", ""), ("Claire", ""),
          ("Karen", ""), ("Julie", ""), ("Helen", ""), ("Joanne", "Jo"), ("Lisa", ""), ("Michelle", "Shelly"),
          ("Kelly", ""), ("Leanne", ""), ("Gemma", ""), ("Stacey", ""), ("Natalie", "Nat"), ("Zoe", ""),
          ("Aisha", ""), ("Fatima", ""), ("Priya", ""), ("Nadia", ""), ("Agnieszka", ""), ("Chiamaka", ""),
          ("Amara", ""), ("Shanice", ""), ("Jade", ""), ("Kirsty", ""), ("Donna", ""), ("Tracey", ""), ("Angela", ""),
          ("Sharon", ""), ("Wendy", ""), ("Yvonne", ""), ("Bethany", ""), ("Megan", ""), ("Ellie", ""), ("Grace", ""),
          ("Holly", ""), ("Poppy", ""), ("Ruby", ""), ("Jasmine", ""), ("Leah", ""), ("Shannon", ""), ("Siobhan", ""),
          ("Bronwen", ""), ("Eilidh", ""), ("Ayesha", ""), ("Sana", ""), ("Maryam", ""), ("Zainab", "")]
COMMON_FAMILY = ("Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright "
                 "Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper "
                 "Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis "
                 "Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw "
                 "Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster "
                 "Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills "
                 "Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Rahman Ahmed "
                 "Kaur Nowak Kowalski Okafor Mensah Nguyen OBrien McDonald Fairweather").split()
_PREFIX = ("Ash Brad Brook Car Dal Fair Glen Hal Hart Kings Lang Mar Mil New North Pen Rad Rock Shel Stan Thorn Wal "
           "West Whit Wood Black Brom Cald Dun Eld Fen Gold Hay Kel Lind Mor Oak Pem Rush Sil Tud Ux Wes Yel Arn "
           "Bel Cran Dray Ing Lock").split()
_SUFFIX = "ley ton worth ford field by ham well wood man son er ridge more stone land wick hurst combe dale".split()
STREETS = ("High Street,Station Road,Church Lane,Victoria Road,Green Lane,Manor Road,Park Avenue,Queens Road,"
           "Mill Lane,New Road,Kings Road,Grange Road,Albert Street,London Road,Springfield Road,Orchard Close,"
           "The Crescent,Chapel Street,York Road,Windsor Avenue").split(",")
TOWNS = "London,Leeds,Bristol,Croydon,Luton,Reading,Coventry,Salford,Barnet,Ealing,Hull,Derby,Bolton,Slough".split(",")
TWIN_GIVEN = {"M": [n for n, _ in MALE], "F": [n for n, _ in FEMALE]}


class Generator:
    def __init__(self, seed: int = 11):
        self.rng = random.Random(seed)
        tail = [p + s for p, s in itertools.product(_PREFIX, _SUFFIX)]
        self.family = COMMON_FAMILY + tail
        # Zipf-like: Smith about 1% of people, as in the UK
        self.family_cum = list(itertools.accumulate(1 / (rank + 25) for rank in range(len(self.family))))
        self.pnc_seq = itertools.count(1)

    # -- people --------------------------------------------------------------
    def _postcode(self) -> str:
        r = self.rng
        area = r.choice(["N", "E", "SE", "SW", "W", "NW", "B", "M", "LS", "BS", "CR", "LU", "RG", "CV", "HU", "DE"])
        return f"{area}{r.randint(1, 20)} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"

    def _address(self) -> tuple[str, str]:
        r = self.rng
        return f"{r.randint(1, 250)} {r.choice(STREETS)}, {r.choice(TOWNS)}", self._postcode()

    def _ni(self) -> str:
        r = self.rng
        while True:
            prefix = r.choice("ABCEGHJKLMNPRSTWXYZ") + r.choice("ABCEGHJKLMNPRSTWXYZ")
            if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
                return f"{prefix}{r.randint(0, 999999):06d}{r.choice('ABCD')}"

    def _dl(self, family: str, dob: str) -> str:
        fam = (family.upper().replace(" ", "").replace("-", "") + "99999")[:5]
        r = self.rng
        return (f"{fam}{dob[2]}{dob[5:7]}{dob[8:10]}{dob[3]}{r.choice(string.ascii_uppercase)}9{r.randint(0, 9)}"
                f"{r.choice(string.ascii_uppercase)}{r.choice(string.ascii_uppercase)}")

    def person(self, pid: str, sex: str | None = None) -> dict[str, Any]:
        r = self.rng
        sex = sex or r.choice("MF")
        given, nicks = r.choice(MALE if sex == "M" else FEMALE)
        family = r.choices(self.family, cum_weights=self.family_cum)[0]
        if r.random() < 0.03:  # double-barrelled
            family = f"{family}-{r.choices(self.family, cum_weights=self.family_cum)[0]}"
        dob = f"{r.randint(1935, 2008)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        address, postcode = self._address()
        middle = r.choice(MALE if sex == "M" else FEMALE)[0] if r.random() < 0.3 else None
        pnc = f"{dob[2:4]}/{next(self.pnc_seq):07d}{r.choice(string.ascii_uppercase)}"
        return {"id": pid, "sex": sex, "given": given, "nicks": nicks.split(), "middle": middle, "family": family,
                "maiden": None, "dob": dob, "address": address, "postcode": postcode, "pnc": pnc,
                "cro": f"{r.randint(1, 999999):06d}/{dob[2:4]}{r.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}",
                "ni": self._ni(), "dl": self._dl(family, dob), "suffix": ""}

    def population(self, n_people: int) -> list[dict[str, Any]]:
        """n_people people, plus the twins and same-named sons some of them have."""
        return list(self.people(n_people))

    def people(self, n_people: int) -> Iterator[dict[str, Any]]:
        """The population one person at a time (draws in the same order as population())."""
        r = self.rng
        for i in range(n_people):
            p = self.person(f"T{i}")
            roll = r.random()
            if roll < 0.02:  # one of the many John Smiths / David Joneses
                p["given"], p["nicks"] = r.choice([("John", ["Jack", "Johnny"]), ("David", ["Dave"]), ("Michael", ["Mike"])])
                p["family"], p["sex"] = r.choice(["Smith", "Jones"]), "M"
            if p["sex"] == "F" and r.random() < 0.15:
                p["maiden"] = r.choices(self.family, cum_weights=self.family_cum)[0]
            yield p
            if 0.02 <= roll < 0.035:  # a twin: same family, birthday and home, a given name of their own
                twin = self.person(f"T{i}t")
                names = [g for g in TWIN_GIVEN[twin["sex"]] if g[0] != p["given"][0]]
                given = r.choice(names)
                twin.update(family=p["family"], dob=p["dob"], address=p["address"], postcode=p["postcode"],
                            given=given, nicks=dict(MALE + FEMALE)[given].split(), maiden=None)
                yield twin
            elif 0.035 <= roll < 0.05 and p["sex"] == "M":  # a son of the same name at the same address
                son = self.person(f"T{i}s", sex="M")
                year = min(int(p["dob"][:4]) + r.randint(19, 35), 2010)
                son.update(given=p["given"], nicks=p["nicks"], family=p["family"], address=p["address"],
                           postcode=p["postcode"], dob=f"{year}{son['dob'][4:]}", suffix="Jr")
                yield son

    # -- records of a person ------------------------------------------------
    def _typo(self, word: str) -> str:
        r = self.rng
        if len(word) < 4:
            return word
        i = r.randrange(1, len(word) - 1)
        kind = r.randrange(4)
        if kind == 0:
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if kind == 1:
            return word[:i] + word[i + 1:]
        if kind == 2:
            return word[:i] + r.choice("aeioulnrst") + word[i + 1:]
        return word[:i] + word[i] + word[i:]

    def record(self, p: dict[str, Any], rid: str) -> dict[str, Any]:
        r = self.rng.random
        rng = self.rng
        given, family, dob = p["given"], p["family"], p["dob"]
        if p["nicks"] and r() < 0.15:
            given = rng.choice(p["nicks"])
        if p["middle"] and r() < 0.3:
            given = f"{given} {p['middle']}"
        if "-" in family and r() < 0.5:
            family = rng.choice([family.replace("-", " "), family.split("-")[0], family.split("-")[1]])
        if p["maiden"] and r() < 0.5:
            family = p["maiden"]
        if r() < 0.07:
            family = self._typo(family)
        elif r() < 0.05:
            given = self._typo(given)
        if p["suffix"] and r() < 0.4:
            family = f"{family} {p['suffix']}"
        if r() < 0.04:
            given, family = family, given
        elif r() < 0.02:
            given = given[0]  # an initial only
        elif r() < 0.01:
            given = ""
        x = r()
        if x < 0.05 and int(dob[8:]) <= 12:
            dob = f"{dob[:4]}-{dob[8:]}-{dob[5:7]}"
        elif x < 0.13:
            dob = ""
        elif x < 0.17:
            dob = dob[:4]
        elif x < 0.20:
            dob = dob[:7]
        elif x < 0.22:
            day = int(dob[8:])
            dob = f"{dob[:8]}{day + 1 if day < 28 else day - 1:02d}"
        address, postcode = p["address"], p["postcode"]
        if r() < 0.25:
            address, postcode = self._address()
        if r() < 0.1:
            address, postcode = "", ""
        return {"record_id": rid, "source": rng.choice(["cris", "crimint", "nspis", "copa", "custody"]),
                "given_name": given, "family_name": family, "dob": dob, "sex": p["sex"] if r() > 0.05 else "",
                "address": address, "postcode": postcode, "pnc_id": p["pnc"] if r() < 0.3 else "",
                "cro_number": p["cro"] if r() < 0.1 else "", "ni_number": p["ni"] if r() < 0.15 else "",
                "driving_licence": p["dl"] if r() < 0.1 else ""}


def generate(n_people: int, seed: int = 11) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Rows in the ``mips resolve`` CSV shape (dob may be YYYY or YYYY-MM), and record_id -> person."""
    gen = Generator(seed)
    rows, truth = [], {}
    for p in gen.population(n_people):
        for k in range(gen.rng.choice((1, 1, 2, 2, 3, 4))):
            row = gen.record(p, f"{p['id']}-{k}")
            rows.append(row)
            truth[row["record_id"]] = p["id"]
    gen.rng.shuffle(rows)
    return rows, truth


def persons(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """n people as the API's person data (a primary name, a full date of birth, sex, an
    address, and a PNC ID for 30%), each once and without errors: a population to load
    into a database, where each person is their own (one source record each)."""
    gen = Generator(seed)
    for p in itertools.islice(gen.people(n), n):
        data: dict[str, Any] = {
            "names": [{"given": p["given"], "family": p["family"], "kind": "primary"}],
            "dobs": [p["dob"]],
            "sex": p["sex"],
            "addresses": [{"lines": [p["address"]], "postcode": p["postcode"]}],
        }
        if gen.rng.random() < 0.3:
            data["identifiers"] = [{"kind": "pnc_id", "value": p["pnc"]}]
        yield data


def to_record(row: dict[str, Any]) -> PersonRecord:
    """A generated row as a PersonRecord."""
    dob = None
    if row.get("dob"):
        parts = [int(x) for x in row["dob"].split("-")]
        dob = PartialDate(*parts)
    names = (Name(row.get("given_name") or "", row.get("family_name") or ""),) if (
        row.get("given_name") or row.get("family_name")) else ()
    ids = tuple((k, row[k]) for k in IDENTIFIER_COLUMNS if row.get(k))
    return PersonRecord(row["record_id"], names, (dob,) if dob else (), row.get("sex") or None,
                        (row["address"],) if row.get("address") else (),
                        (row["postcode"],) if row.get("postcode") else (), ids)
