"""The investigation REST API under ``/api/v1/investigation``: record a crime (the counting
rules decide how many and of what), read one with its people and history, the registrar's
re-classification and cancellation, and the crime data integrity report."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from core.kit import consulted, current_uow, current_user, requires
from plugins.investigation import integrity, reading, services
from plugins.investigation.policies import OBJ
from plugins.investigation.schemas import (CancelIn, CrimeFull, CrimeIn, CrimeEntryOut, IntegrityOut, IntegrityQuery,
                                           ReclassifyIn, RecordedOut)

blp = Blueprint("investigation", __name__, url_prefix="", description="Investigation: crimes recorded to the Home Office "
                                                                        "Counting Rules")


def actor() -> services.Actor:
    user = current_user()
    return services.Actor(user.username, user.unit, viewer=user)


@blp.route("/crimes")
class Crimes(MethodView):
    @requires(OBJ, "record")
    @blp.arguments(CrimeIn)
    @blp.response(201, RecordedOut)
    def post(self, data):
        """Record a reported crime. The counting rules decide how many crimes it makes (one
        per victim) and of what (the principal crime; N100 for a rape not yet confirmed);
        each decision comes back with its rule."""
        uow = current_uow()
        crimes, decisions = services.record(uow, actor(), data)
        uow.commit()
        return {"crimes": crimes, "decisions": [d.as_dict() for d in decisions]}


@blp.route("/crimes/<crime_id>")
class CrimeItem(MethodView):
    @requires(OBJ, "read")
    @blp.response(200, CrimeFull)
    @consulted("crime", id_arg="crime_id")
    def get(self, crime_id):
        """One crime with its people and its whole history (the reader says why)."""
        uow = current_uow()
        crime = reading.visible(uow, crime_id, current_user())
        parties = services.parties_of(uow, [crime.id])[crime.id]
        uow.read_persons([p.person_id for p in parties])
        history = services.JOURNAL.entries_of(uow, [crime.id])[crime.id]
        return {**{c: getattr(crime, c) for c in CrimeFull().fields if hasattr(crime, c)}, "parties": parties,
                "history": history}


def _decision(name: str, schema, doc: str):
    """An endpoint for one of the registrar's decisions on a crime."""
    service = getattr(services, name)

    @requires(OBJ, "decide")
    @blp.arguments(schema)
    @blp.response(201, CrimeEntryOut)
    def post(self, data, crime_id):
        uow = current_uow()
        crime = reading.visible(uow, crime_id, current_user(), lock=True)
        entry = service(uow, crime, actor(), data)
        uow.commit()
        return entry

    post.__doc__ = doc
    return type(f"Decision_{name}", (MethodView,), {"post": post})


blp.route("/crimes/<crime_id>/reclassification")(_decision(
    "reclassify", ReclassifyIn, "Re-classify a crime (crime registrar): the old classification stays in its history."))
blp.route("/crimes/<crime_id>/cancellation")(_decision(
    "cancel", CancelIn, "Cancel a crime for an HOCR reason (C1-C4) with the evidence (crime registrar): it leaves "
                        "the counts and stays on record."))


@blp.route("/integrity")
class Integrity(MethodView):
    @requires(OBJ, "supervise")
    @blp.arguments(IntegrityQuery, location="query")
    @blp.response(200, IntegrityOut)
    def get(self, query):
        """Crimes recorded within 24 hours of their report, by classification and unit,
        and the late ones (the National Crime Recording Standard)."""
        return integrity.report(current_uow(), query["since"], query["until"], query.get("unit"))

