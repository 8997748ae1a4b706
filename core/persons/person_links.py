"""Who and what a person is linked to: associates, vehicles, places, and the two-hop chart.

Links come from two places. ``core_links`` holds the links officers and modules record
(person drives vehicle, lives at a place, associates with someone), each with its role
and source. And two persons named in the same legacy record (a victim and a suspect of
one crime report, a child and its carer in Merlin) are associated by that record, which
is how a bridged force already shows its networks before any module is on.

Restricted persons the caller may not see are left out of everything here, as from
search: not shown, not counted.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.persons.mentions import parse_mention_key
from core.persons.models import Link, Location, Object, Person, SourceRecord

MAX_NODES = 60
MAX_CO_MENTIONS = 40


@dataclass
class Graph:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    def node(self, key: str, **data: Any) -> None:
        self.nodes.setdefault(key, {"id": key, **data})

    def edge(self, a: str, b: str, role: str, source: str) -> None:
        first, second = sorted((a, b))
        self.edges.setdefault((first, second, role), {"source": a, "target": b, "role": role, "system": source})

    def as_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {"nodes": list(self.nodes.values()), "edges": list(self.edges.values())}


def _entity_links(session: Session, person_id: str) -> list[Link]:
    return list(session.scalars(select(Link).where(or_(
        (Link.from_type == "person") & (Link.from_id == person_id),
        (Link.to_type == "person") & (Link.to_id == person_id))).order_by(Link.created_at)))


def co_mentioned(session: Session, person_id: str, hidden_systems: frozenset[str] = frozenset()
                 ) -> list[tuple[str, str, str]]:
    """``(other person, role of the other, "system reference")`` for persons named in the
    same legacy record as this person, except in the records of ``hidden_systems`` (those
    the viewer may not read: :mod:`core.legacy.rights`)."""
    refs: dict[tuple[str, str], None] = {}
    for system, key in session.execute(select(SourceRecord.system, SourceRecord.key).where(SourceRecord.person_id == person_id)):
        parsed = parse_mention_key(system, key)
        if parsed and system not in hidden_systems:
            refs[(system, parsed[0])] = None
    out = []
    for system, ref in list(refs)[:MAX_CO_MENTIONS]:
        prefix = f"{system}:{ref}"
        rows = session.execute(select(SourceRecord.person_id, SourceRecord.key).where(
            SourceRecord.system == system, SourceRecord.person_id != person_id,
            or_(SourceRecord.key.like(f"{prefix}#%"), SourceRecord.key.like(f"{prefix}:%"))))
        for other, key in rows:
            parsed = parse_mention_key(system, key)
            if parsed and parsed[0] == ref:
                out.append((other, parsed[1] or "associate", f"{system} {ref}"))
    return out


def names_of(session: Session, person_ids: list[str]) -> dict[str, str]:
    """A display name per person: the surviving name, by the rule the person page uses
    (:func:`core.persons.survivorship.surviving_names`), so a person has one name everywhere."""
    from core.persons.survivorship import surviving_names

    return surviving_names(session, person_ids)


def visible_persons(session: Session, ids: set[str], may_see_restricted: bool) -> set[str]:
    if not ids:
        return set()
    stmt = select(Person.id).where(Person.id.in_(ids), func.coalesce(Person.merged_into, "") == "")
    if not may_see_restricted:
        stmt = stmt.where(func.coalesce(Person.restriction, "") == "")
    return set(session.scalars(stmt))


def _neighbours(session: Session, person_id: str, hidden_systems: frozenset[str] = frozenset()
                ) -> list[tuple[str, str, str, str]]:
    """``(kind, id, role, source)`` of everything one hop from the person."""
    found = []
    for link in _entity_links(session, person_id):
        mine = link.from_type == "person" and link.from_id == person_id
        kind, other = (link.to_type, link.to_id) if mine else (link.from_type, link.from_id)
        found.append((kind, other, link.role, link.source_system or link.module))
    for other, role, where in co_mentioned(session, person_id, hidden_systems):
        found.append(("person", other, role, where))
    return found


def describe_person_links(session: Session, person_id: str, may_see_restricted: bool,
                          hidden_systems: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Associates, vehicles and places one hop away, each with the role and source that link them."""
    hops = _neighbours(session, person_id, hidden_systems)
    people = visible_persons(session, {o for k, o, _, _ in hops if k == "person"}, may_see_restricted)
    names = names_of(session, sorted(people))
    associates: dict[str, dict[str, Any]] = {}
    for kind, other, role, source in hops:
        if kind == "person" and other in people:
            entry = associates.setdefault(other, {"person_id": other, "name": names.get(other, ""), "links": []})
            entry["links"].append({"role": role, "source": source})
    objects = {o.id: o for o in session.scalars(select(Object).where(Object.id.in_({o for k, o, _, _ in hops if k == "object"})))}
    places = {p.id: p for p in session.scalars(select(Location).where(Location.id.in_({o for k, o, _, _ in hops if k == "location"})))}
    vehicles = [{"id": o.id, "kind": o.kind, "vrm": o.vrm, "make": o.make, "model": o.model, "colour": o.colour,
                 "role": role, "source": source} for k, oid, role, source in hops if k == "object" and (o := objects.get(oid))]
    locations = [{"id": p.id, "text": ", ".join(p.lines), "postcode": p.postcode, "role": role, "source": source}
                 for k, pid, role, source in hops if k == "location" and (p := places.get(pid))]
    return {"associates": list(associates.values()), "vehicles": vehicles, "locations": locations}


def chart(session: Session, person_id: str, may_see_restricted: bool, *, hops: int = 2,
          label: Callable[[str], str] | None = None,
          hidden_systems: frozenset[str] = frozenset()) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges of everything within ``hops`` of the person (persons, vehicles, places);
    each node says how many links away it is (``hop``), so the chart can lay out rings and
    filter by distance."""
    graph = Graph()
    graph.node(f"person:{person_id}", kind="person", ref=person_id, root=True, hop=0)
    frontier = [person_id]
    for depth in range(1, hops + 1):
        following = []
        for pid in frontier:
            hop = _neighbours(session, pid, hidden_systems)
            people = visible_persons(session, {o for k, o, _, _ in hop if k == "person"}, may_see_restricted)
            for kind, other, role, source in hop:
                if kind == "person" and other not in people:
                    continue
                key = f"{kind}:{other}"
                if key not in graph.nodes and len(graph.nodes) >= MAX_NODES:
                    continue
                if kind == "person" and key not in graph.nodes:
                    following.append(other)
                graph.node(key, kind=kind, ref=other, hop=depth)  # the nearest hop: nodes are set once
                graph.edge(f"person:{pid}", key, role, source)
        frontier = following
    _label(session, graph)
    return graph.as_dict()


def _label(session: Session, graph: Graph) -> None:
    ids = {kind: [n["ref"] for n in graph.nodes.values() if n["kind"] == kind] for kind in ("person", "object", "location")}
    names = names_of(session, ids["person"])
    objects = {o.id: o for o in session.scalars(select(Object).where(Object.id.in_(ids["object"])))} if ids["object"] else {}
    places = {p.id: p for p in session.scalars(select(Location).where(Location.id.in_(ids["location"])))} if ids["location"] else {}
    for node in graph.nodes.values():
        ref = node["ref"]
        if node["kind"] == "person":
            node["label"] = names.get(ref, "unknown person")
            node["url"] = f"/persons/{ref}"
        elif node["kind"] == "object" and ref in objects:
            o = objects[ref]
            node["label"] = o.vrm or o.description or o.kind
        elif node["kind"] == "location" and ref in places:
            p = places[ref]
            node["label"] = p.postcode or ", ".join(p.lines)[:40]
        else:
            node["label"] = node["kind"]
