"""The PACE detention clock: relevant time, limits, extensions and reviews, worked out
from the rules in ``pace_rules.toml`` (each value carries its citation).

Everything is aware datetimes. ``clock(detention, at)`` answers for any moment: when the
clock started and why, when detention must end, when the next review is due, and what
is overdue. ``check_extension`` and ``check_review`` refuse what the Act does not allow,
with the reason and the section.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from core.kit import Rules, load_rules

RULES_FILE = Path(__file__).with_name("pace_rules.toml")


def rules() -> Rules:
    """The rule file, every value with its citation (checked by the kit's loader)."""
    return load_rules(RULES_FILE)


class PaceError(ValueError):
    """An act the Act does not allow; ``cite`` names the section."""

    def __init__(self, message: str, cite: str):
        super().__init__(f"{message} ({cite})")
        self.cite = cite


@dataclass(frozen=True)
class HospitalStay:
    """Time at or on the way to and from hospital. ``questioned`` is the flag older records
    carry without times: with it, the whole stay is counted (the reading that never lets
    detention run longer than the Act allows)."""

    start: datetime
    end: datetime | None
    questioned: bool = False


@dataclass(frozen=True)
class Extension:
    kind: str  # "superintendent" | "warrant" | "warrant_extension"
    at: datetime
    hours: int | None = None  # warrants: hours from issue; superintendent: hours from the relevant time (default 36)
    rank: str = ""


@dataclass(frozen=True)
class Review:
    at: datetime
    rank: str


@dataclass
class Detention:
    arrest: datetime
    arrival: datetime
    authorised: datetime
    case: str = "usual"  # usual | voluntary_attender | other_force_area | outside_england_and_wales
    arrival_in_investigating_area: datetime | None = None
    entered_england_and_wales: datetime | None = None
    indictable: bool = False
    hospital: list[HospitalStay] = field(default_factory=list)
    questioning: list[tuple[datetime, datetime]] = field(default_factory=list)  # questioned in hospital or on the way
    extensions: list[Extension] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


@dataclass(frozen=True)
class Clock:
    relevant_time: datetime
    relevant_time_cite: str
    limit_at: datetime
    limit_cite: str
    next_review_due: datetime
    overdue: tuple[str, ...]


def relevant_time(d: Detention) -> tuple[datetime, str]:
    rule = rules()["relevant_time"][d.case]
    events = {"arrival": d.arrival, "arrest": d.arrest, "arrival_in_investigating_area": d.arrival_in_investigating_area,
              "entered_england_and_wales": d.entered_england_and_wales}
    start = events[rule["start"]]
    if "or_hours_after" in rule:
        cap = events[rule["or_hours_after"]]
        if cap is None:
            raise PaceError(f"the {rule['or_hours_after'].replace('_', ' ')} time is needed", rule["cite"])
        cap = cap + timedelta(hours=rule["hours"])
        start = cap if start is None else min(start, cap)
    return start, rule["cite"]


def _overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> timedelta:
    return max(timedelta(), min(a[1], b[1]) - max(a[0], b[0]))


def not_counted(d: Detention, until: datetime) -> timedelta:
    """Hospital time (and travel) that does not count, up to ``until``: the stay less the
    time the detainee was questioned there or on the way (s.41(6))."""
    total = timedelta()
    for stay in d.hospital:
        span = (stay.start, min(stay.end or until, until))
        if span[1] <= span[0] or (stay.questioned and not d.questioning):
            continue
        questioned = sum((_overlap(span, (q0, min(q1, until))) for q0, q1 in d.questioning), timedelta())
        total += (span[1] - span[0]) - questioned
    return total


def superintendent_hours(ext: Extension) -> int:
    return ext.hours or rules()["extensions"]["longest_to_hours"]


def _limit(d: Detention, start: datetime, at: datetime) -> tuple[datetime, str]:
    lim = rules()["limits"]
    hours, cite = lim["detention_hours"], lim["detention_cite"]
    limit = start + timedelta(hours=hours)
    for ext in sorted(d.extensions, key=lambda e: e.at):
        if ext.at > at:
            continue
        if ext.kind == "superintendent":
            limit, cite = start + timedelta(hours=superintendent_hours(ext)), lim["superintendent_cite"]
        else:
            limit = min(ext.at + timedelta(hours=ext.hours or lim["warrant_max_hours"]),
                        start + timedelta(hours=lim["absolute_hours"]))
            cite = lim["warrant_cite"] if ext.kind == "warrant" else lim["absolute_cite"]
    return limit + not_counted(d, at), cite


def clock(d: Detention, at: datetime) -> Clock:
    start, start_cite = relevant_time(d)
    limit, limit_cite = _limit(d, start, at)
    rv = rules()["reviews"]
    due, cite = d.authorised + timedelta(hours=rv["first_within_hours"]), rv["first_cite"]
    overdue = []
    for review in sorted((r for r in d.reviews if r.at <= at), key=lambda r: r.at):
        if review.at > due:
            overdue.append(f"review due {due.isoformat()} was late, done {review.at.isoformat()} ({cite})")
        due, cite = review.at + timedelta(hours=rv["then_every_hours"]), rv["then_cite"]
    if at > due:
        overdue.append(f"review overdue since {due.isoformat()} ({cite})")
    if at > limit:
        overdue.append(f"detention limit passed at {limit.isoformat()} ({limit_cite})")
    return Clock(start, start_cite, limit, limit_cite, due, tuple(overdue))


def rank_at_least(rank: str, minimum: str) -> bool:
    order = rules()["ranks"]["order"]
    return rank in order and order.index(rank) >= order.index(minimum)


def check_extension(d: Detention, ext: Extension) -> None:
    """Refuse an extension the Act does not allow."""
    lim = rules()["limits"]
    if ext.kind == "superintendent":
        _check_superintendent(d, ext)
    elif ext.kind in ("warrant", "warrant_extension"):
        if (ext.hours or 0) > lim["warrant_max_hours"] or (ext.hours or 0) <= 0:
            raise PaceError(f"a warrant is for up to {lim['warrant_max_hours']} hours", lim["warrant_cite"])
    else:
        raise PaceError(f"unknown extension {ext.kind!r}", lim["detention_cite"])


def _check_superintendent(d: Detention, ext: Extension) -> None:
    """s.42: a superintendent or above, an indictable offence, after the second review; a
    first authorisation within 24 counted hours of the relevant time, a further one (to top
    a shorter period up, s.42(2)) before the period given ends; never past 36 hours."""
    lim, rule = rules()["limits"], rules()["extensions"]
    start, _ = relevant_time(d)
    if not rank_at_least(ext.rank, "superintendent"):
        raise PaceError("only a superintendent or above may extend detention", lim["superintendent_cite"])
    if not d.indictable:
        raise PaceError("detention may be extended only for an indictable offence", lim["superintendent_cite"])
    hours = superintendent_hours(ext)
    if not rule["shortest_to_hours"] < hours <= rule["longest_to_hours"]:
        raise PaceError(f"an extension runs to more than {rule['shortest_to_hours']} and at most "
                        f"{rule['longest_to_hours']} hours after the relevant time", rule["longest_to_cite"])
    earlier = [e for e in d.extensions if e.kind == "superintendent" and e.at <= ext.at]
    if earlier:
        given = max(superintendent_hours(e) for e in earlier)
        if hours <= given:
            raise PaceError(f"detention is already authorised to {given} hours: a further authorisation must extend it",
                            rule["top_up_before_expiry_cite"])
        if ext.at >= clock(d, ext.at).limit_at:
            raise PaceError("the period already authorised has ended", rule["top_up_before_expiry_cite"])
    elif ext.at - start - not_counted(d, ext.at) > timedelta(hours=rule["authorise_within_hours"]):
        raise PaceError(f"more than {rule['authorise_within_hours']} hours have passed since the relevant time",
                        rule["authorise_within_cite"])
    if len([r for r in d.reviews if r.at <= ext.at]) < 2:
        raise PaceError("not before the second review", "PACE 1984 s.42(4)(b)")


def check_review(d: Detention, review: Review, *, charged: bool = False, involved: bool = False) -> None:
    rv = rules()["reviews"]
    if not charged and (not rank_at_least(review.rank, rv["before_charge_min_rank"]) or involved):
        raise PaceError("a review before charge is for an inspector or above not directly involved in the investigation",
                        rv["before_charge_cite"])
    if review.at < d.authorised:
        raise PaceError("a review cannot come before detention was authorised", rv["first_cite"])
