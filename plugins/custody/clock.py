"""A detention's clock as the custody sergeant sees it: the PACE clock (``pace.py``) fed
from the custody record, plus the check schedule (``care.py``).

The custody record is the only input: reviews, extensions, warrants of further
detention and hospital stays are read from its entries (a correcting entry replaces the
entry it corrects, or voids it). Once a detainee is released the clock stops.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from plugins.custody import after, care, pace
from plugins.custody.journal import JOURNAL
from plugins.custody.models import CLOSED, CustodyEntry, Detention

#: Entry kinds the PACE clock reads; the check schedule reads checks besides.
PACE_KINDS = ("review", "extension", "warrant", "hospital_out", "hospital_back", "hospital_questioning", "charge",
              "correction", "rights_delayed", "rights_delay_ended")
CLOCK_KINDS = PACE_KINDS + ("check",)


def kinds_for(dets: Iterable[Detention], at: datetime) -> tuple[str, ...]:
    """The entry kinds to read for these detentions' clocks at ``at``. Checks are many and
    only the last matters, which each detention keeps (``last_check_at``), so they are
    read only when the clock is asked for a moment before someone's last check."""
    past = any(d.last_check_at is not None and d.last_check_at > at for d in dets)
    return CLOCK_KINDS if past else PACE_KINDS


def effective(entries: Iterable[CustodyEntry]) -> list[CustodyEntry]:
    """The record as it now stands: each corrected entry replaced by its latest correction
    (same kind, corrected time and data) or left out when the correction voids it."""
    return JOURNAL.effective(entries)


def pace_detention(det: Detention, entries: Iterable[CustodyEntry]) -> pace.Detention:
    """The detention in the terms of the PACE rules."""
    hospital: list[pace.HospitalStay] = []
    questioning: list[tuple[datetime, datetime]] = []
    extensions: list[pace.Extension] = []
    reviews: list[pace.Review] = []
    out_at: datetime | None = None
    questioned = False
    for e in effective(entries):
        if e.kind == "review":
            reviews.append(pace.Review(at=e.at, rank=e.data.get("rank", "")))
        elif e.kind == "extension":
            extensions.append(pace.Extension(kind="superintendent", at=e.at, rank=e.data.get("rank", ""),
                                             hours=e.data.get("to_hours")))
        elif e.kind == "warrant":
            extensions.append(pace.Extension(kind=e.data.get("warrant_kind", "warrant"), at=e.at, hours=e.data.get("hours")))
        elif e.kind == "hospital_questioning" and e.data.get("until"):
            questioning.append((e.at, datetime.fromisoformat(e.data["until"])))
        elif e.kind == "hospital_out":
            out_at, questioned = e.at, bool(e.data.get("questioned"))
        elif e.kind == "hospital_back" and out_at is not None:
            hospital.append(pace.HospitalStay(out_at, e.at, questioned or bool(e.data.get("questioned"))))
            out_at = None
    if out_at is not None:
        hospital.append(pace.HospitalStay(out_at, None, questioned))
    return pace.Detention(
        arrest=det.arrest_at, arrival=det.arrival_at, authorised=det.authorised_at or det.arrival_at, case=det.case,
        arrival_in_investigating_area=det.arrival_in_area_at, entered_england_and_wales=det.entered_england_wales_at,
        indictable=any(o.get("indictable") for o in det.offences or []),
        hospital=hospital, questioning=questioning, extensions=extensions, reviews=reviews)


@dataclass(frozen=True)
class ClockState:
    at: datetime
    relevant_time: datetime
    relevant_time_cite: str
    limit_at: datetime
    limit_cite: str
    next_review_due: datetime | None
    next_check_due: datetime | None
    check_cite: str
    overdue: tuple[str, ...]
    running: bool
    court_due: datetime | None = None  # charged and kept in custody: before the court by then (s.46)
    court_cite: str = ""
    delays: tuple[dict, ...] = ()  # rights delayed now: {"right", "until", "cite"} (s.56, s.58)

    @property
    def soonest(self) -> datetime:
        """The first deadline to act on: review, check, court, a delayed right or the limit."""
        delays = [datetime.fromisoformat(d["until"]) for d in self.delays]
        return min(d for d in (self.next_review_due, self.next_check_due, self.court_due, self.limit_at, *delays)
                   if d is not None)


def state(det: Detention, entries: Iterable[CustodyEntry], at: datetime) -> ClockState:
    """The clock of ``det`` at ``at`` (stopped at release)."""
    entries = list(entries)
    running = det.state != CLOSED
    now = at if running or det.released_at is None else min(at, det.released_at)
    pace_clock = pace.clock(pace_detention(det, [e for e in entries if e.at <= now]), now)
    overdue = list(pace_clock.overdue) if running else []
    if any(e.kind == "charge" and e.at <= now for e in entries):
        # s.41 limits detention without charge; after charge the detainee is bailed or kept for court
        overdue = [item for item in overdue if not item.startswith("detention limit")]
    check_due, check_cite = None, ""
    if running and det.observation_level is not None and not det.in_hospital:
        # the detention keeps its last check (the board leaves the many check entries unread)
        checks = [e.at for e in effective(entries) if e.kind == "check" and e.at <= now]
        if det.last_check_at is not None and det.last_check_at <= now:
            checks.append(det.last_check_at)
        last = max(checks, default=None) or det.authorised_at or det.arrival_at
        check_due, check_cite = care.next_check_due(det.observation_level, det.intoxicated, last)
        if check_due is not None and now > check_due:
            overdue.append(f"check overdue since {check_due.isoformat()} ({check_cite})")
    court = _court(entries, now) if running else None
    if court is not None and now > court.at:
        overdue.append(f"court overdue since {court.at.isoformat()} ({court.cite})")
    delays = _delays(entries, now) if running else ()
    for delay in delays:
        if now > datetime.fromisoformat(delay["until"]):
            overdue.append(f"delay of {after.RIGHTS.get(delay['right'], delay['right'])} ran past {delay['until']}: "
                           f"give the right now ({delay['cite']})")
    return ClockState(at=now, relevant_time=pace_clock.relevant_time, relevant_time_cite=pace_clock.relevant_time_cite,
                      limit_at=pace_clock.limit_at, limit_cite=pace_clock.limit_cite,
                      next_review_due=pace_clock.next_review_due if running else None,
                      next_check_due=check_due, check_cite=check_cite, overdue=tuple(overdue), running=running,
                      court_due=court.at if court else None, court_cite=court.cite if court else "", delays=delays)


def _court(entries: list[CustodyEntry], now: datetime) -> after.Due | None:
    """Charged and still here: the court's next sitting after the charge (s.46(2))."""
    charges = [e.at for e in effective(entries) if e.kind == "charge" and e.at <= now]
    return after.next_sitting(min(charges)) if charges else None


def _delays(entries: list[CustodyEntry], now: datetime) -> tuple[dict, ...]:
    return tuple({"right": right, "until": e.data.get("until", ""), "cite": e.data.get("cite", "")}
                 for right, e in after.open_delays([e for e in entries if e.at <= now]).items())
