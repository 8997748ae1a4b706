"""What an adapter does for the kernel, whatever system it speaks to.

An adapter streams a system's records (``extract``), turns one record into the person
mentions it holds (``mentions``), each with a stable ``mention_key`` (``system:row
key:role``) and the person data in the shape of the persons API, and says which records a
reference (crime reference, custody number, URN...) points at (``lookup``). A row it
cannot read becomes a :class:`Rejection` with a reason; it never stops the run.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import MetaData, Table, select
from sqlalchemy.engine import Connection

from core.resolution.normalise import split_postcode


@dataclass(frozen=True)
class LegacyRecord:
    """One record of a legacy system: its main row and the rows that hang off it."""

    system: str
    key: str
    row: dict[str, Any]
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    mention_key: str
    role: str
    person: dict[str, Any]  # PersonIn shape: names, dobs, sex, identifiers, addresses


@dataclass(frozen=True)
class Rejection:
    mention_key: str
    reason: str


class Adapter:
    """Base of the adapters. Subclasses set ``system``, ``title``, ``replaced_by`` and
    ``main_table`` and implement ``mentions`` (and ``children`` where records have rows
    in other tables)."""

    system: str = ""
    title: str = ""
    replaced_by: str = ""  # the MiPS module that retires the system
    main_table: str = ""
    key_column: str = ""
    child_tables: tuple[str, ...] = ()  # tables whose rows hang off a record by its key column
    reference_pattern: re.Pattern[str] | None = None
    #: Names of the published domain events (contracts of the raising module, e.g. custody's
    #: ``custody.charged``) this system takes while it is live and no module takes them:
    #: :meth:`push` writes them into the legacy database.
    pushes: tuple[str, ...] = ()
    #: The right (casbin object, action) in the replacing module's domain that reading this
    #: system's records needs, besides the right to read persons: intelligence and child
    #: records follow the rights of the module that replaces them (issue 21), not every
    #: officer's. ``None``: the records were open to every officer (crime reports, custody).
    module_right: tuple[str, str] | None = None

    @property
    def kinds(self) -> tuple[str, ...]:
        """The document kinds :meth:`document` hands over. The replacing module must declare
        each in its ``mips_module_info()["ingests"]`` before the system may be migrated; an
        adapter that overrides :meth:`document` with other kinds overrides this too."""
        return (f"{self.replaced_by}.{self.main_table}",)

    def table(self, conn: Connection, name: str) -> Table:
        """A legacy table as the live database has it (reflected, not redeclared)."""
        return Table(name, MetaData(), autoload_with=conn)

    def children(self, conn: Connection, keys: list[str],
                 tables: dict[str, Table] | None = None) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """Rows of the child tables per record key, in row order (``tables``: the child
        tables already reflected)."""
        out: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for name in self.child_tables:
            table = tables[name] if tables else self.table(conn, name)
            for data in _dicts(conn.execute(select(table).where(table.c[self.key_column].in_(keys))
                                            .order_by(*table.primary_key))):
                out.setdefault(str(data[self.key_column]), {}).setdefault(name, []).append(data)
        return out

    def extract(self, conn: Connection, batch_size: int = 5000) -> Iterator[LegacyRecord]:
        """Every record, streamed in batches in key order."""
        table = self.table(conn, self.main_table)
        tables = {name: self.table(conn, name) for name in self.child_tables}  # reflected once per read
        key = table.c[self.key_column]
        last = None
        while True:
            stmt = select(table).order_by(key).limit(batch_size)
            if last is not None:
                stmt = stmt.where(key > last)
            rows = _dicts(conn.execute(stmt))
            if not rows:
                return
            keys = [str(r[self.key_column]) for r in rows]
            extra = self.children(conn, keys, tables)
            for k, row in zip(keys, rows):
                yield LegacyRecord(self.system, k, row, extra.get(k, {}))
            last = rows[-1][self.key_column]

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        raise NotImplementedError

    @staticmethod
    def mention(key: str, role: str, build: Callable[[], dict[str, Any]]) -> Mention | Rejection:
        """A mention built by ``build``, or its rejection with the reason when a value in the
        row cannot be read (a malformed row never stops the run)."""
        try:
            return Mention(key, role, build())
        except ValueError as exc:
            return Rejection(key, str(exc))

    def document(self, record: LegacyRecord) -> tuple[str, dict[str, Any]]:
        """The record as a document for the replacing module: ``(kind, document)``. By
        default the record as it came, main row and child rows, under
        ``<module>.<table>``; the module's ``mips_ingest`` validates it."""
        return f"{self.replaced_by}.{self.main_table}", _jsonable({"row": record.row, "children": record.children})

    def upgrade_document(self, kind: str, key: str, document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """A document held in an older shape, in the kind and version the module now
        publishes (called before each hand-over; by default unchanged)."""
        return kind, document

    def document_text(self, record: LegacyRecord) -> tuple[str, str]:
        """``(kind, document as JSON text)``: the text :meth:`document` gives through
        ``json.dumps``, without building the plain copy first when it is the default one."""
        if type(self).document is Adapter.document:
            return (f"{self.replaced_by}.{self.main_table}",
                    json.dumps({"row": record.row, "children": record.children}, default=_iso))
        kind, document = self.document(record)
        return kind, json.dumps(document)

    def push(self, conn: Connection, event_name: str, payload: dict[str, Any]) -> str | None:
        """Write an event into the legacy system (inside ``conn``'s transaction) and return
        the reference it was given there. Only called for the names in :attr:`pushes`."""
        raise NotImplementedError(f"{self.system} takes no pushed events")

    def lookup(self, conn: Connection, reference: str) -> LegacyRecord | None:
        """The record a reference names, if it is one of this system's."""
        if self.reference_pattern is None or not self.reference_pattern.match(reference.strip().upper()):
            return None
        table = self.table(conn, self.main_table)
        row = conn.execute(select(table).where(table.c[self.key_column] == reference.strip().upper())).first()
        if row is None:
            return None
        key = str(row._mapping[self.key_column])
        return LegacyRecord(self.system, key, dict(row._mapping), self.children(conn, [key]).get(key, {}))


def _dicts(result) -> list[dict[str, Any]]:
    columns = list(result.keys())
    return [dict(zip(columns, row)) for row in result]


def _iso(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


# -- helpers the adapters share: each system's date and name habits -----------------

def dob_iso(text: str | None, formats: tuple[str, ...] = ("%d/%m/%Y",)) -> str | None:
    """A legacy date of birth as YYYY-MM-DD (or YYYY for a year alone); None if missing.
    Raises ValueError for a date that is there but unreadable."""
    if text is None or not str(text).strip():
        return None
    return _dob_iso(str(text).strip(), tuple(formats))


@lru_cache(maxsize=262144)  # dates of birth repeat across a force's records; parsing is the costly part
def _dob_iso(value: str, formats: tuple[str, ...]) -> str:
    if re.fullmatch(r"\d{4}", value):
        return value
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"unreadable date of birth {value!r}")


def split_surname_first(text: str) -> tuple[str, str]:
    """"SMITH John Paul" -> ("John Paul", "SMITH"): the leading upper-case words are the surname."""
    words = (text or "").split()
    family = []
    while words and words[0].isupper() and len(words) > 1:
        family.append(words.pop(0))
    return " ".join(words), " ".join(family) or (words.pop() if words else "")


def split_surname_last(text: str) -> tuple[str, str]:
    """"John SMITH" or "John Smith" -> ("John", "SMITH")."""
    words = (text or "").split()
    if len(words) < 2:
        return "", " ".join(words)
    return " ".join(words[:-1]), words[-1]


def person(given: str, family: str, dob: str | None, *, sex: str | None = None, address: str | None = None,
           postcode: str | None = None, identifiers: dict[str, str | None] | None = None) -> dict[str, Any]:
    """Person data in the persons API's shape, leaving out what the system did not have. A
    postcode the system keeps at the end of the address line is taken out of it into the
    postcode, so that search by postcode finds it and resolution compares like with like."""
    if address and not postcode:
        address, postcode = split_postcode(address)
    data: dict[str, Any] = {"names": [{"given": given or "", "family": family or "", "kind": "primary"}],
                            "dobs": [dob] if dob else []}
    if sex in ("M", "F"):
        data["sex"] = sex
    if address or postcode:
        data["addresses"] = [{"lines": [address] if address else [], "postcode": postcode}]
    ids = [{"kind": k, "value": v} for k, v in (identifiers or {}).items() if v]
    if ids:
        data["identifiers"] = ids
    return data


def this_year() -> int:
    return date.today().year
