"""Demo persons, vehicles and places for `make run`: enough to try search and the person view.

The persons are recorded the way different systems would have recorded them (a nickname
here, transposed names there, a maiden name, a partial date of birth), so the demo shows
resolution folding them into one person and search finding them however they are typed.
"""
from __future__ import annotations

from sqlalchemy import func, select

from core.persons import service as persons
from core.persons.models import Link, Location, Object, SourceRecord, WarningMarker
from core.platform.db import commit, session

PEOPLE = [
    ("cris", "v/1001", {"names": [{"given": "Robert", "family": "Fairweather"}], "dobs": ["1979-11-02"], "sex": "M",
                        "identifiers": [{"kind": "pnc_id", "value": "79/552301L"}],
                        "addresses": [{"lines": ["3 Pond Street", "London"], "postcode": "NW3 2PN"}]}),
    ("nspis", "c/77", {"names": [{"given": "Bob", "family": "Fairweather"}], "dobs": ["1979-11-02"], "sex": "M",
                       "identifiers": [{"kind": "pnc_id", "value": "79/552301L"}]}),
    ("crimint", "s/9", {"names": [{"given": "Fairweather", "family": "Robert"}], "dobs": ["1979-11-02"], "sex": "M"}),
    ("cris", "v/1002", {"names": [{"given": "Susan", "family": "Okonkwo-Reid"}], "dobs": ["1968-05-21"], "sex": "F",
                        "addresses": [{"lines": ["14 Canal Walk"], "postcode": "N1 5SF"}]}),
    ("merlin", "p/31", {"names": [{"given": "Susan", "family": "Blake", "kind": "maiden"}, {"given": "Susan", "family": "Okonkwo-Reid"}],
                        "dobs": ["1968-05-21"], "sex": "F"}),
    ("copa", "d/5", {"names": [{"given": "Mohammed", "family": "Rahman"}], "dobs": ["2001-04-09"], "sex": "M",
                     "identifiers": [{"kind": "ni_number", "value": "JK402913B"}]}),
    ("ewms", "w/12", {"names": [{"given": "Muhammad", "family": "Rahman"}], "dobs": ["2001-04-09"], "sex": "M",
                      "identifiers": [{"kind": "ni_number", "value": "JK402913B"}]}),
    ("cris", "s/2001", {"names": [{"given": "John", "family": "Smith"}], "dobs": ["1961-02-14"], "sex": "M",
                        "addresses": [{"lines": ["22 Mare Street"], "postcode": "E8 4RP"}]}),
    ("cris", "s/2002", {"names": [{"given": "John", "family": "Smith"}], "dobs": ["1988-07-30"], "sex": "M",
                        "addresses": [{"lines": ["22 Mare Street"], "postcode": "E8 4RP"}]}),
    ("airspace", "a/44", {"names": [{"given": "Kayleigh", "family": "Doyle"}], "dobs": ["1996"], "sex": "F",
                          "addresses": [{"lines": ["Flat 9, Alder House"], "postcode": "SE15 5HY"}]}),
    ("nspis", "c/91", {"names": [{"given": "Danny", "family": "Moss"}], "dobs": ["1990-12-03"], "sex": "M"}),
    ("crimint", "s/40", {"names": [{"given": "Daniel", "family": "Moss"}], "dobs": ["1990-03-12"], "sex": "M",
                         "addresses": [{"lines": ["5 Lea Bridge Road"], "postcode": "E5 9QB"}]}),
]


def seed_people(console) -> None:
    sess = session()
    if sess.scalar(select(func.count()).select_from(SourceRecord)):
        return
    ids = {}
    for system, key, data in PEOPLE:
        result = persons.create(sess, data, system=system, key=key)
        ids[(system, key)] = result.person.id
    robert = ids[("cris", "v/1001")]
    car = Object(kind="vehicle", vrm="LB07SEY", make="Ford", model="Focus", colour="Blue")
    home = Location(lines=["3 Pond Street", "London"], postcode="NW3 2PN", text_norm="3 POND STREET LONDON")
    sess.add_all([car, home])
    sess.flush()
    sess.add_all([
        Link(from_type="person", from_id=robert, to_type="object", to_id=car.id, role="drives", source_system="cris"),
        Link(from_type="person", from_id=robert, to_type="location", to_id=home.id, role="lives_at", source_system="cris"),
        Link(from_type="person", from_id=robert, to_type="person", to_id=ids[("cris", "v/1002")], role="associate"),
        WarningMarker(person_id=robert, marker="violent", detail="Assault on police, 2023", source_system="crimint"),
    ])
    commit()
    people = sess.scalar(select(func.count(func.distinct(SourceRecord.person_id))))
    console.print(f"Demo data: {len(PEOPLE)} records from seven systems resolved into {people} persons, "
                  "a vehicle, a place and a warning marker. Try searching for 'bob fairweather'.")
