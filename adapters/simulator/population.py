"""The simulated population: people in households, and how each system misrecords them.

People come in households (couples, children, carers) sharing addresses; a few are twins
or fathers and sons of one name. A mention of a person in a system is the person as
that system happened to record them: with a nickname, a typo, names transposed, a
maiden name, a wrong, partial or missing date of birth, an old address, and an
identifier only some systems hold.

This is one of MiPS's two synthetic-person generators, and its job is the legacy force:
the population behind ``mips legacy simulate``, the bridge and migration tests,
``bench/migration.py`` and ``make run``'s demo systems. The other,
``research/synthetic.py``, is independent of it on purpose (its own names and
corruption model, no shared code), so the resolution engine is trained and measured on
data it was not tuned on; it also makes the persons the search benchmarks load.
"""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field, replace
from datetime import date

from faker import Faker
from nicknames import NickNamer

_namer = NickNamer()
SHARED_ADDRESS = 0.05  # share of households given an address another household already has


@dataclass(frozen=True)
class Person:
    id: str
    given: str
    family: str
    dob: date
    sex: str
    address: str
    postcode: str
    pnc_id: str | None = None
    cro_number: str | None = None
    ni_number: str | None = None
    maiden: str | None = None
    previous: tuple[tuple[str, str], ...] = ()  # earlier (address, postcode)


@dataclass
class Mention:
    """One person as one system recorded them (dob as a date, a year only, or missing)."""

    person: Person
    given: str
    family: str
    dob: date | None
    dob_year_only: bool
    address: str
    postcode: str
    identifiers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UkNames:
    """Faker's en_GB name lists. The family names run from the commonest down and are
    weighted so the commonest (Smith) is about 1.2% of people, as in the UK."""

    male: list[str]
    female: list[str]
    last: list[str]
    last_cum: list[float]  # cumulative weights for random.choices


def uk_names(fake: Faker) -> UkNames:
    provider = fake.provider("faker.providers.person")
    last = list(provider.last_names)
    return UkNames(list(provider.first_names_male), list(provider.first_names_female), last,
                   list(itertools.accumulate(1 / (rank + 30) for rank in range(len(last)))))


class World:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        names = uk_names(fake)
        self.male, self.female, self.last, self.last_cum = names.male, names.female, names.last, names.last_cum
        self.fake = fake
        self.places: list[tuple[str, str]] = []
        self.count = 0

    # -- people ---------------------------------------------------------------

    def _id(self) -> str:
        self.count += 1
        return f"T{self.count:07d}"

    def _family(self) -> str:
        return self.rng.choices(self.last, cum_weights=self.last_cum)[0]

    def _given(self, sex: str) -> str:
        return self.rng.choice(self.male if sex == "M" else self.female)

    def _place(self) -> tuple[str, str]:
        """An address: a new one for most households, now and then one already lived in
        (flats in one house, a shared house). Not a fixed pool: at 300,000 people a pool
        of a few thousand addresses put dozens of unrelated households at each, which no
        force sees and which makes an address in common mean nothing."""
        if self.places and self.rng.random() < SHARED_ADDRESS:
            return self.rng.choice(self.places)
        place = (self.fake.street_address().replace("\n", ", "), self.fake.postcode())
        self.places.append(place)
        return place

    def _dob(self, lo: int, hi: int) -> date:
        return date(self.rng.randint(lo, max(lo, hi)), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def _identifiers(self) -> dict[str, str | None]:
        r = self.rng
        has_record = r.random() < 0.4
        year = r.randint(80, 99)
        ni = None
        if r.random() < 0.5:
            prefix = "GB"
            while prefix in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):  # prefixes HMRC never issues
                prefix = r.choice("ABCEHJKLMNPRSTWXY") + r.choice("ABCEHJKLMNPRSTWXYZ")
            ni = f"{prefix}{r.randint(0, 999999):06d}{r.choice('ABCD')}"
        return {
            "pnc_id": f"{year}/{r.randint(1, 9999999):07d}{r.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}" if has_record else None,
            "cro_number": f"{r.randint(1, 999999):06d}/{year}{r.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}" if has_record and r.random() < 0.5 else None,
            "ni_number": ni,
        }

    def household(self) -> list[Person]:
        """One to five people at one address: an adult, often a partner, often children."""
        r = self.rng
        address, postcode = self._place()
        family = self._family()
        adult_sex = r.choice("MF")
        adult = Person(self._id(), self._given(adult_sex), family, self._dob(1950, 2000), adult_sex, address, postcode,
                       **self._identifiers())
        people = [adult]
        if r.random() < 0.5:
            partner_sex = "F" if adult_sex == "M" else "M"
            maiden = self._family() if partner_sex == "F" else None
            people.append(Person(self._id(), self._given(partner_sex), family, self._dob(1950, 2000), partner_sex,
                                 address, postcode, maiden=maiden, **self._identifiers()))
        for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
            sex = r.choice("MF")
            child_dob = self._dob(max(adult.dob.year + 18, 2005), 2020)
            people.append(Person(self._id(), self._given(sex), family, child_dob, sex, address, postcode))
            if r.random() < 0.03:  # a twin with a name of their own
                other = self._given(sex)
                if other != people[-1].given:
                    people.append(replace(people[-1], id=self._id(), given=other))
        if adult_sex == "M" and r.random() < 0.03:  # a son of the same name at the same address
            people.append(replace(adult, id=self._id(), dob=self._dob(max(adult.dob.year + 20, 2000), 2008),
                                  pnc_id=None, cro_number=None, ni_number=None))
        if r.random() < 0.3:  # the household moved here: the old address is still on some records
            old = self._place()
            people = [replace(p, previous=(old,)) for p in people]
        return people

    # -- how a system records a person ------------------------------------------

    def mention(self, person: Person, keeps: tuple[str, ...]) -> Mention:
        """The person as one system records them; ``keeps`` names the identifiers it holds."""
        r = self.rng
        given, family = person.given, person.family
        if r.random() < 0.15:
            nicks = sorted(_namer.nicknames_of(given.lower()))
            given = r.choice(nicks).title() if nicks else given
        if person.maiden and r.random() < 0.4:
            family = person.maiden
        x = r.random()
        if x < 0.06:
            family = _typo(family, r)
        elif x < 0.1:
            given = _typo(given, r)
        if r.random() < 0.04:
            given, family = family, given
        dob: date | None = person.dob
        year_only = False
        y = r.random()
        if y < 0.04 and dob.day <= 12:
            dob = date(dob.year, dob.day, dob.month)
        elif y < 0.12:
            dob = None
        elif y < 0.15:
            year_only = True
        elif y < 0.17:
            dob = date(dob.year, dob.month, dob.day % 28 + 1)
        address, postcode = person.address, person.postcode
        if person.previous and r.random() < 0.5:
            address, postcode = person.previous[0]
        identifiers = {k: getattr(person, k) for k in keeps if getattr(person, k) and r.random() < 0.85}
        return Mention(person, given, family, dob, year_only, address, postcode, identifiers)


def _typo(word: str, r: random.Random) -> str:
    if len(word) < 4:
        return word
    i = r.randrange(1, len(word) - 1)
    return r.choice([word[:i] + word[i + 1] + word[i] + word[i + 2:], word[:i] + word[i + 1:],
                     word[:i] + r.choice("aeiou") + word[i + 1:]])
