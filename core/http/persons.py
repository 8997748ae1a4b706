"""HTTP endpoints of persons: create (resolving), read, edit with If-Match, merge, unmerge,
warning markers and the review queue of probable matches."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from core.audit.log import record_consultation, request_purpose
from core.http.errors import fail
from core.http.pagination import SelectPage
from core.identity.access import requires
from core.persons import merging, service as persons, visibility
from core.persons.models import MatchCandidate, Person, WarningMarker
from core.platform.db import commit, session
from core.http.persons_schemas import (MarkerIn, MarkerOut, MatchDecision, MatchOut, MatchQuery, MergeIn, MergeOut,
                                   PersonCreate, PersonIn, PersonOut, RestrictionIn, RestrictionOut)
from core.platform.current import current_kernel
from core.views.record import etag_of, lookup, may_see_restricted, person_view

blp = Blueprint("persons", __name__, url_prefix="/api/v1/persons", description="Persons: one record per person")


def require_purpose() -> str:
    """A consultation must say why (DPA 2018 s.62): the X-MiPS-Purpose header or ?purpose=."""
    purpose = request_purpose()
    if not purpose:
        fail(400, "purpose_required", "Say why you are looking: send an X-MiPS-Purpose header (e.g. the case reference)")
    return purpose


def module_profiles(person_id: str) -> list[dict]:
    """Each enabled module's section of the one-person view (for the caller's unit)."""
    kernel = current_kernel()
    sections = kernel.hook("mips_person_profile", g.principal.unit)(person_id=person_id, user=g.principal)
    return [s for s in sections if s]


def _resolution_out(result: persons.Resolution) -> dict:
    decision = result.decision
    others = [c.person_b if c.person_a == result.person.id else c.person_a for c in result.review]
    shown = visibility.visible_ids(session(), others, g.principal)  # a queued match the caller may not see is not named
    outcome = "matched" if not result.created else ("review" if shown else "created")
    return {"outcome": outcome, "probability": decision.probability if decision else None,
            "reason": decision.reason if decision else "no candidate shared a blocking key",
            "evidence": [e.__dict__ for e in decision.evidence] if decision else [],
            "review_candidates": [o for o in others if o in shown]}


@blp.route("")
class Persons(MethodView):
    @requires("persons", "create", "core")
    @blp.etag
    @blp.arguments(PersonCreate)
    @blp.response(201, PersonOut)
    @blp.alt_response(200, schema=PersonOut, description="The record resolved to a person already known: that person")
    @blp.alt_response(202, schema=PersonOut, description="Recorded against a person the caller may not see")
    def post(self, data):
        """Record a person. If the record resolves to a person already known, that person is
        returned (200) with the evidence; a probable match goes to the review queue."""
        source = data.pop("source", None) or {}
        restriction = data.pop("restriction", None)
        if source.get("system") in current_kernel().plugins.adapters():
            fail(403, "legacy_source", f"Only the {source['system']} adapter records what {source['system']} holds")
        result = persons.create(session(), data, system=source.get("system", "mips"), key=source.get("key"),
                                restriction=restriction, viewer=g.principal)
        commit()
        if not result.created:  # the caller learns about a person already known: a consultation (DPA 2018 s.62)
            record_consultation("person", result.person.id,
                                justification=request_purpose() or "a record submitted matched a person already known")
        if not result.created and result.person.restriction and not may_see_restricted():
            # Attached to a restricted person the caller may not see: say only that it was recorded.
            return {"resolution": {"outcome": "recorded", "reason": "recorded", "evidence": [], "review_candidates": []}}, 202
        # The caller gets back what they recorded, even a restricted person they may not search for.
        view = person_view(session(), result.person) | {"resolution": _resolution_out(result)}
        blp.set_etag(etag_of(result.person))
        return view, 201 if result.created else 200


@blp.route("/<person_id>")
class PersonItem(MethodView):
    @requires("persons", "read", "core")
    @blp.etag
    @blp.response(200, PersonOut)
    def get(self, person_id):
        """One person as derived from all their source records, warning markers first."""
        purpose = require_purpose()
        person = lookup(session(), person_id)
        record_consultation("person", person.id, justification=purpose)
        blp.set_etag(etag_of(person))
        return person_view(session(), person) | {"profiles": module_profiles(person.id)}

    @requires("persons", "update", "core")
    @blp.etag
    @blp.arguments(PersonIn)
    @blp.response(200, PersonOut)
    def put(self, data, person_id):
        """Add what you know about the person (an edit is one more source record). Send the
        ETag you read as If-Match: if someone changed the person since, you get 412."""
        person = lookup(session(), person_id)
        blp.check_etag(etag_of(person))
        persons.update(session(), person, data)
        commit()
        blp.set_etag(etag_of(person))
        return person_view(session(), person)


@blp.route("/<person_id>/merge")
class PersonMerge(MethodView):
    @requires("persons", "merge", "core")
    @blp.arguments(MergeIn)
    @blp.response(200, MergeOut)
    def post(self, data, person_id):
        """Merge another person into this one (reversible: see unmerge)."""
        for pid in (person_id, data["person_id"]):
            lookup(session(), pid)  # both must exist and be visible to the caller
        event = merging.merge(session(), person_id, data["person_id"], reason=data["reason"])
        commit()
        return event


@blp.route("/<person_id>/unmerge")
class PersonUnmerge(MethodView):
    @requires("persons", "merge", "core")
    @blp.arguments(MergeIn)
    @blp.response(200, MergeOut)
    def post(self, data, person_id):
        """Undo the merge of ``person_id`` into this person, restoring both records exactly."""
        lookup(session(), person_id)
        event = merging.unmerge(session(), person_id, data["person_id"])
        commit()
        return event


@blp.route("/<person_id>/restriction")
class PersonRestriction(MethodView):
    @requires("restrictions", "update", "core")
    @blp.arguments(RestrictionIn)
    @blp.response(200, RestrictionOut)
    def put(self, data, person_id):
        """Restrict a person (a protected witness found after the record was made), or, with
        the right to see restricted persons, lift the restriction. Audited with the reason."""
        person = lookup(session(), person_id)
        if data["restriction"]:
            persons.restrict(session(), person, data["restriction"], reason=data["reason"])
        else:
            persons.unrestrict(session(), person, reason=data["reason"])
        commit()
        return {"id": person.id, "restriction": person.restriction}


@blp.route("/<person_id>/markers")
class PersonMarkers(MethodView):
    @requires("markers", "create", "core")
    @blp.arguments(MarkerIn)
    @blp.response(201, MarkerOut)
    def post(self, data, person_id):
        """Add a warning marker (officer safety) to a person."""
        from core.audit.log import current_actor, record
        from core.persons import live

        person = lookup(session(), person_id)
        marker = WarningMarker(person_id=person.id, marker=data["marker"], detail=data["detail"], created_by=current_actor())
        session().add(marker)
        person.version += 1
        session().flush()
        record(session(), "collection", "warning_marker", marker.id, details={"person": person.id, "marker": marker.marker})
        live.announce(session(), person.id, "marker")
        commit()
        return marker


@blp.route("/matches")
class Matches(MethodView):
    @requires("matches", "read", "core")
    @blp.arguments(MatchQuery, location="query")
    @blp.response(200, MatchOut(many=True))
    @blp.paginate(SelectPage)
    def get(self, query):
        """Probable matches waiting for a decision (or already decided), strongest first. A
        match involving a restricted person is listed only to those who may see it."""
        stmt = select(MatchCandidate).where(MatchCandidate.status == query["status"])
        if not may_see_restricted():
            hidden = select(Person.id).where(Person.restriction.is_not(None))
            stmt = stmt.where(MatchCandidate.person_a.not_in(hidden), MatchCandidate.person_b.not_in(hidden))
        return stmt.order_by(MatchCandidate.probability.desc(), MatchCandidate.created_at, MatchCandidate.id)


@blp.route("/matches/<match_id>")
class MatchItem(MethodView):
    @requires("matches", "update", "core")
    @blp.arguments(MatchDecision)
    @blp.response(200, MatchOut)
    def post(self, data, match_id):
        """Accept (merge the two persons) or reject (keep them apart) a probable match. Deciding
        a match that involves a restricted person needs the right to see restricted persons;
        without it the match answers as one that does not exist."""
        cand = session().get(MatchCandidate, match_id)
        if cand is None or not all(visibility.is_visible(session(), pid, g.principal) for pid in (cand.person_a, cand.person_b)):
            fail(404, "unknown_match", f"No match candidate {match_id!r}")
        cand = merging.decide(session(), match_id, data["decision"] == "accept")
        commit()
        return cand
