"""The custody REST API under ``/api/v1/custody``: booking in, the custody record's acts,
the PACE clock, the board, and the printable record.

Each act is its own endpoint so that casbin can say who may do it (see ``policies.py``);
the services do the checking and the writing, this layer commits and shapes answers.
"""
from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from core.kit import (consulted, consulted_page, current_uow, current_user, persons, refuse, require_purpose, requires,
                      utcnow)
from plugins.custody import clock, policies, reading, services
from plugins.custody.models import Detention
from plugins.custody.policies import OBJ
from plugins.custody.schemas import (AtQuery, ArrivalIn, BailExtensionIn, BoardOut, BookedOut, ChargeIn, CheckIn, ClockOut,
                                     CorrectionIn, DecisionIn, DelayEndIn, DelayIn, DetentionFull, DetentionOut, EntryIn,
                                     EntryOut, ExtensionIn, ListQuery, ReleaseIn, ReviewIn, RightsIn, RiskIn, WarrantIn)

blp = Blueprint("custody", __name__, url_prefix="", description="Custody: detention from arrival to release, the PACE clock")


def actor() -> services.Actor:
    return policies.actor(current_user())


def visible_detention(detention_id: str, *, lock: bool = False) -> Detention:
    return reading.visible(current_uow(), detention_id, current_user(), lock=lock)


@blp.route("/detentions")
class Detentions(MethodView):
    @requires(OBJ, "read")
    @blp.arguments(ListQuery, location="query")
    @blp.response(200, DetentionOut(many=True))
    @blp.paginate(consulted_page("custody_detention", lambda rows: [d.person_id for d in rows], module="custody"))
    def get(self, query):
        """Detentions, newest first, by suite, state or person; send X-MiPS-Purpose (the
        detentions and persons listed are logged as consulted)."""
        require_purpose()
        stmt = select(Detention).order_by(Detention.arrival_at.desc(), Detention.id)
        for column in ("suite", "state", "person_id"):
            if query.get(column):
                stmt = stmt.where(getattr(Detention, column) == query[column])
        hidden = persons.hidden_ids(current_user())
        return stmt if hidden is None else stmt.where(Detention.person_id.not_in(hidden))

    @requires(OBJ, "manage")
    @blp.arguments(ArrivalIn)
    @blp.response(201, BookedOut)
    def post(self, data):
        """Book a detainee in: arrest, arrival, grounds, offences; the detainee is resolved to
        the one MiPS person and their warning markers come back with the new record."""
        uow = current_uow()
        det, resolution = services.book_in(uow, actor(), data)
        uow.commit()
        shown = persons.visible(uow, [det.person_id], current_user())
        outcome = "given" if resolution is None else resolution.outcome
        return {**_detention(det), "markers": persons.warning_markers(uow, det.person_id) if shown else [],
                "resolution": outcome}


def _detention(det: Detention) -> dict:
    return {c: getattr(det, c) for c in DetentionOut().fields}


@blp.route("/detentions/<detention_id>")
class DetentionItem(MethodView):
    @requires(OBJ, "read")
    @blp.response(200, DetentionFull)
    @consulted("custody_detention", id_arg="detention_id")
    def get(self, detention_id):
        """The detention with its whole custody record and its clock now."""
        det = visible_detention(detention_id)
        entries = services.entries_of(current_uow(), [det.id])[det.id]
        return {**_detention(det), "entries": entries, "clock": clock.state(det, entries, utcnow())}


@blp.route("/detentions/<detention_id>/clock")
class DetentionClock(MethodView):
    @requires(OBJ, "read")
    @blp.arguments(AtQuery, location="query")
    @blp.response(200, ClockOut)
    def get(self, query, detention_id):
        """The PACE clock at any moment (default now): relevant time, limit, next review and
        check due, and what is overdue, each with its citation."""
        det, at = visible_detention(detention_id), query.get("at") or utcnow()
        state = clock.state(det, services.entries_of(current_uow(), [det.id], clock.kinds_for([det], at))[det.id], at)
        if at < state.relevant_time:
            refuse("before_relevant_time", f"The clock starts at {state.relevant_time.isoformat()}: "
                                           f"{at.isoformat()} is before it", state.relevant_time_cite)
        return state


def _act(name: str, schema, act: str, doc: str):
    """An endpoint that applies one service to a locked detention and returns the new entry."""
    service = getattr(services, name)

    @requires(OBJ, act)
    @blp.arguments(schema)
    @blp.response(201, EntryOut)
    def post(self, data, detention_id):
        uow = current_uow()
        det = visible_detention(detention_id, lock=True)
        entry = service(uow, det, actor(), data)
        uow.commit()
        return entry

    post.__doc__ = doc
    return type(f"Act_{name}", (MethodView,), {"post": post})


ACTS = [
    ("decision", "decide", DecisionIn, "manage", "Authorise detention or refuse it (custody officer, PACE s.37)."),
    ("rights", "rights", RightsIn, "manage", "Rights and entitlements given; legal advice requested or declined."),
    ("risk", "risk_assessment", RiskIn, "manage", "Risk assessment: the observation level and the checks it implies."),
    ("checks", "log_check", CheckIn, "check", "Log a visit or check, and rousing (PACE Code C 9.3)."),
    ("reviews", "review", ReviewIn, "review", "Review detention (inspector or above, not involved; PACE s.40)."),
    ("charged-reviews", "review_after_charge", ReviewIn, "manage", "Review after charge (custody officer; PACE s.40(1)(a))."),
    ("extensions", "extend", ExtensionIn, "extend", "Extend detention to 36 hours (superintendent; PACE s.42)."),
    ("warrants", "court_warrant", WarrantIn, "manage", "Record a warrant of further detention (PACE s.43, s.44)."),
    ("entries", "plain_entry", EntryIn, "manage", "Rights, cell, property, visits, interviews, hospital, notes."),
    ("corrections", "correct", CorrectionIn, "manage", "Correct an entry: a new entry; the original stays."),
    ("charge", "charge", ChargeIn, "manage", "Charge: the case goes to prosecution (or COPA) without re-keying."),
    ("release", "release", ReleaseIn, "manage", "End the detention: charged, bailed, RUI, NFA or transferred; "
                                                 "pre-charge bail gets its applicable bail period."),
    ("rights-delays", "delay_rights", DelayIn, "review", "Delay having someone informed or legal advice "
                                                         "(inspector or above, indictable offence; PACE s.56, s.58)."),
    ("rights-delays-ended", "end_rights_delay", DelayEndIn, "manage", "A delayed right is given."),
    ("bail-extensions", "extend_bail", BailExtensionIn, "review", "Extend pre-charge bail (inspector to 6 months, "
                                                                  "superintendent to 9; beyond: a court)."),
]
for path, service_name, schema, act, doc in ACTS:
    blp.route(f"/detentions/<detention_id>/{path}")(_act(service_name, schema, act, doc))


@blp.route("/detentions/<detention_id>/record")
class PrintableRecord(MethodView):
    @requires(OBJ, "read")
    @blp.response(200, content_type="text/html")
    @blp.alt_response(200, content_type="application/pdf", description="The same page as PDF (?format=pdf)")
    @consulted("custody_detention", id_arg="detention_id")
    def get(self, detention_id):
        """The custody record as a readable page: HTML, or PDF with ``?format=pdf``."""
        return reading.printed(current_uow(), visible_detention(detention_id), utcnow(),
                               pdf=request.args.get("format") == "pdf")


@blp.route("/suites/<suite>/board")
class Board(MethodView):
    @requires(OBJ, "read")
    @blp.arguments(AtQuery, location="query")
    @blp.response(200, BoardOut)
    def get(self, query, suite):
        """Every detainee in the suite with clock state, next check due and anything overdue,
        overdue first then soonest deadline first."""
        return reading.board(current_uow(), suite, query.get("at") or utcnow(), current_user())
