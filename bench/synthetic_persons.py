"""A synthetic population for benchmarks: UK names (Faker's en_GB lists), dates of birth,
addresses and some identifiers, reproducible from a seed. Bench-only: no test or module
reads it."""
from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from faker import Faker

from adapters.simulator.population import uk_names


class Population:
    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        names = uk_names(fake)  # the simulator's weighted UK name lists
        self.first_male, self.first_female, self.last, self.last_cum = names.male, names.female, names.last, names.last_cum
        self.postcodes = [fake.postcode() for _ in range(20000)]
        self.streets = [fake.street_address() for _ in range(20000)]

    def person(self, i: int) -> dict[str, Any]:
        rng = self.rng
        sex = rng.choice("MF")
        given = rng.choice(self.first_male if sex == "M" else self.first_female)
        data: dict[str, Any] = {
            "names": [{"given": given, "family": rng.choices(self.last, cum_weights=self.last_cum)[0], "kind": "primary"}],
            "dobs": [f"{rng.randint(1930, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"],
            "sex": sex,
            "addresses": [{"lines": [rng.choice(self.streets)], "postcode": rng.choice(self.postcodes)}],
        }
        if rng.random() < 0.3:
            data["identifiers"] = [{"kind": "pnc_id", "value": f"{rng.randint(80, 99)}/{i:07d}A"}]
        return data

    def people(self, n: int) -> Iterator[dict[str, Any]]:
        for i in range(n):
            yield self.person(i)
