"""Survivorship: the one person shown, derived from the cluster's source records.

Nothing is overwritten: every source record keeps what it said. The view picks, per
attribute, what most sources agree on (names, dates of birth, sex) or the newest
(nationality, description), and keeps every variant as an alias, a further date of birth
or a further identifier, each traceable to the sources that gave it.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.persons.models import PersonShownName, SourceRecord
from core.persons.person_data import addresses_of, format_dob, identifiers_of, names_of, parse_dob
from core.resolution.normalise import canonical_given, normalise_name


def _most_common(values: list[Any]) -> Any:
    """Most frequent value; ties go to the newest (values are oldest first)."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in reversed(values) if counts[v] == best)


def _primary(names: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The surviving ``(given, family)`` among the primary names the sources give, oldest first.

    Names are first grouped as the same person's name however they were keyed: either order
    (FAIRWEATHER ROBERT) and a nickname (BOB) count for ROBERT FAIRWEATHER, so a name
    recorded three ways is not outvoted by a misspelling or a maiden name recorded twice.
    In the group most sources give: the family name most often recorded as the family
    name, then the given name most often given with it, a tie going to the fuller given
    name (ROBERT over BOB), then to the first seen."""
    if not names:
        return None

    def group(name: tuple[str, str]) -> frozenset[str]:
        return frozenset((canonical_given(name[0]) or name[0], name[1]))

    groups = Counter(group(n) for n in names)
    first_seen = {g: i for i, g in reversed(list(enumerate(group(n) for n in names)))}
    best = max(groups, key=lambda g: (groups[g], -first_seen[g]))
    members = [n for n in names if group(n) == best]
    families = Counter(f for _, f in members)
    family = max(families, key=lambda f: (families[f], -next(i for i, n in enumerate(members) if n[1] == f)))
    givens = Counter(gv for gv, f in members if f == family)
    order = [gv for gv, f in members if f == family]
    given = max(givens, key=lambda gv: (givens[gv], len(gv), -order.index(gv)))
    return given, family


def _names(datas: list[dict[str, Any]], source_ids: list[str]) -> tuple[dict[tuple, dict[str, Any]], tuple[str, str]]:
    """Every name the sources give (first spelling seen of each normalised name), and the
    normalised key of the surviving one: the one rule behind every displayed name."""
    primary_names, all_names = [], {}
    for data, source_id in zip(datas, source_ids):
        for name in names_of(data):
            key = (normalise_name(name.given), normalise_name(name.family), name.kind)
            entry = all_names.setdefault(key, {"given": name.given, "family": name.family, "kind": name.kind, "sources": []})
            entry["sources"].append(source_id)
            if name.kind == "primary":
                primary_names.append(key[:2])
    primary_key = _primary(primary_names) or (next(iter(all_names))[:2] if all_names else ("", ""))
    return all_names, primary_key


def surviving_parts(datas: list[dict[str, Any]]) -> tuple[str, str]:
    """The person's displayed ``(given, family)`` from their source records' data (oldest
    first), spelt as first recorded: the one rule behind every displayed name."""
    all_names, (given, family) = _names(datas, [""] * len(datas))
    entry = all_names.get((given, family, "primary")) or next(
        (e for (g, f, _), e in all_names.items() if (g, f) == (given, family)), None)
    return (entry["given"], entry["family"]) if entry else ("", "")


def surviving_name(datas: list[dict[str, Any]]) -> str:
    """The person's displayed name from their source records' data (oldest first): the same
    name the person page shows, for search results, link charts, the audit and mentions."""
    return " ".join(p for p in surviving_parts(datas) if p).strip()


def surviving_names(session: Session, person_ids: list[str] | set[str]) -> dict[str, str]:
    """:func:`surviving_name` of each person, from one read of their source records."""
    return {pid: " ".join(p for p in parts if p).strip() for pid, parts in surviving_parts_of(session, person_ids).items()}


def surviving_parts_of(session: Session, person_ids: list[str] | set[str]) -> dict[str, tuple[str, str]]:
    """:func:`surviving_parts` of each person: the shown name kept with the person's
    derived rows, or, for a person whose rows predate it, derived from their sources.

    Survivorship needs the source records, not the derived name rows: those keep each
    distinct spelling once, so they cannot say which name most sources agree on (a
    maiden name or a misspelling recorded first would otherwise win). The rebuild that
    writes the name rows therefore applies the rule once and keeps its answer."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    out = {pid: (given, family) for pid, given, family in session.execute(
        select(PersonShownName.person_id, PersonShownName.given, PersonShownName.family)
        .where(PersonShownName.person_id.in_(ids)))}
    missing = [pid for pid in ids if pid not in out]
    if missing:
        datas: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for pid, data in session.execute(select(SourceRecord.person_id, SourceRecord.data).where(
                SourceRecord.person_id.in_(missing)).order_by(SourceRecord.received_at, SourceRecord.id)):
            datas[pid].append(data or {})
        out.update((pid, surviving_parts(found)) for pid, found in datas.items())
    return out


def derive(sources: list[SourceRecord]) -> dict[str, Any]:
    """The displayed person from its source records (given oldest first)."""
    all_names, primary_key = _names([src.data for src in sources], [src.id for src in sources])
    dobs, sexes = [], []
    nationality = description = None
    identifiers: dict[tuple[str, str], list[str]] = {}
    addresses: dict[str, dict[str, Any]] = {}
    for src in sources:
        data = src.data
        dobs.extend(format_dob(parse_dob(d)) for d in data.get("dobs", []))
        if data.get("sex") in ("M", "F"):
            sexes.append(data["sex"])
        nationality = data.get("nationality") or nationality
        description = data.get("description") or description
        for kind, value in identifiers_of(data):
            identifiers.setdefault((kind, value), []).append(src.id)
        for text, postcode in addresses_of(data):
            addr = addresses.setdefault(f"{text}|{postcode}", {"text": text, "postcode": postcode, "sources": []})
            addr["sources"].append(src.id)
    names = []
    for (given, family, kind), entry in all_names.items():
        is_primary = (given, family) == primary_key and kind == "primary"
        shown_kind = "primary" if is_primary else ("alias" if kind == "primary" else kind)
        if is_primary and any(n["kind"] == "primary" for n in names):
            continue
        names.append({**entry, "kind": shown_kind})
    names.sort(key=lambda n: n["kind"] != "primary")
    dob_order = [d for d, _ in Counter(dobs).most_common()]
    return {
        "names": names,
        "dob": next((d for d in dob_order if len(d) == 10), dob_order[0] if dob_order else None),
        "dobs": dob_order,
        "sex": _most_common(sexes),
        "nationality": nationality,
        "description": description or {},
        "identifiers": [{"kind": k, "value": v, "sources": s} for (k, v), s in identifiers.items()],
        "addresses": list(reversed(addresses.values())),
    }
