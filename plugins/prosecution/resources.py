"""The prosecution REST API under ``/api/v1/prosecution``: charging decisions (DG6, MG3)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from core.kit import consulted, current_uow, current_user, requires
from plugins.prosecution import charging
from plugins.prosecution.policies import CHARGING
from plugins.prosecution.schemas import (AskIn, ChargingFull, ChargingOut, ProsecutionEntryOut, Mg3AnswerIn, Mg3In, PoliceChargeIn)

blp = Blueprint("prosecution", __name__, url_prefix="", description="Prosecution: charging decisions, case files, warrants")


def actor() -> charging.Actor:
    user = current_user()
    return charging.Actor(user.username, user.unit or "", viewer=user)


@blp.route("/charging-decisions")
class ChargingDecisions(MethodView):
    @requires(CHARGING, "decide")
    @blp.arguments(AskIn)
    @blp.response(201, ChargingOut)
    def post(self, data):
        """Who charges (DG6 Annex 1): from the offences, the anticipated plea, the likely
        venue and the circumstances, the police or the CPS, with every reason and its rule."""
        uow = current_uow()
        decision = charging.ask(uow, actor(), data)
        uow.commit()
        return decision


@blp.route("/charging-decisions/<decision_id>")
class ChargingDecisionItem(MethodView):
    @requires(CHARGING, "read")
    @blp.response(200, ChargingFull)
    @consulted("charging_decision", id_arg="decision_id")
    def get(self, decision_id):
        """One charging decision with its history (MG3 and answer); the reader says why."""
        uow = current_uow()
        decision = charging.get(uow, decision_id, current_user())
        history = charging.JOURNAL.entries_of(uow, [decision.id])[decision.id]
        return {**{c: getattr(decision, c) for c in ChargingOut().fields}, "history": history}


def _act(name: str, schema, doc: str):
    """An endpoint for one act on a charging decision."""
    service = getattr(charging, name)

    @requires(CHARGING, "decide")
    @blp.arguments(schema)
    @blp.response(201, ProsecutionEntryOut)
    def post(self, data, decision_id):
        uow = current_uow()
        decision = charging.get(uow, decision_id, current_user(), lock=True)
        entry = service(uow, decision, actor(), data)
        uow.commit()
        return entry

    post.__doc__ = doc
    return type(f"Charging_{name}", (MethodView,), {"post": post})


blp.route("/charging-decisions/<decision_id>/police-charge")(_act(
    "police_charge", PoliceChargeIn, "The police charge where DG6 allows it; refused (422 dg6_reserved_to_cps, with "
                                     "the rule) where the CPS must decide."))
blp.route("/charging-decisions/<decision_id>/mg3")(_act(
    "mg3", Mg3In, "Refer the case to the CPS on an MG3 built from the record (defendant, offences, DG6's reasons) "
                  "and the officer's summary."))
blp.route("/charging-decisions/<decision_id>/mg3/answer")(_act(
    "answer", Mg3AnswerIn, "Record the prosecutor's answer: charge (Full Code Test, or the Threshold Test only where "
                           "the suspect is kept in custody), no further action, or further evidence."))
