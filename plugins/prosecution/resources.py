"""The prosecution REST API under ``/api/v1/prosecution``: charging decisions (DG6, MG3) and
case files (built from custody's charge; forms, particulars, submission) and warrants
(received, circulated, executed, withdrawn, cancelled)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from sqlalchemy import case as when_then, select

from core.kit import consulted, current_uow, current_user, persons, requires
from plugins.prosecution import cases, charging, forms, warrants
from plugins.prosecution.models import OUTSTANDING, CaseFile, Warrant
from plugins.prosecution.policies import CASE, CHARGING, WARRANT
from plugins.prosecution.schemas import (AskIn, CaseFull, CaseOut, CasesQuery, ChargingFull, ChargingOut, FormIn,
                                         ExecutionIn, Mg3AnswerIn, Mg3In, ParticularsIn, PoliceChargeIn,
                                         ProsecutionEntryOut, WarrantActIn, WarrantFull, WarrantReceivedIn, WarrantOut,
                                         WarrantsQuery, WithdrawalIn)

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


# -- case files -------------------------------------------------------------------

def _case(case, missing) -> dict:
    return {**{c: getattr(case, c) for c in CaseOut().fields if hasattr(case, c)}, "missing": missing}


@blp.route("/cases")
class Cases(MethodView):
    @requires(CASE, "read")
    @blp.arguments(CasesQuery, location="query")
    @blp.response(200, CaseOut(many=True))
    def get(self, query):
        """Case files, newest charge first, each with what it still needs (``mine``: the
        caller's unit). Cases of persons the caller may not see are left out."""
        uow = current_uow()
        stmt = select(CaseFile).order_by(CaseFile.charged_at.desc(), CaseFile.id).limit(query["limit"])
        if query.get("state"):
            stmt = stmt.where(CaseFile.state == query["state"])
        if query["mine"]:
            stmt = stmt.where(CaseFile.unit == (current_user().unit or ""))
        hidden = persons.hidden_ids(current_user())
        if hidden is not None:
            stmt = stmt.where(CaseFile.person_id.not_in(hidden))
        found = list(uow.session.scalars(stmt))
        rows = cases.forms_of(uow, [c.id for c in found])
        return [_case(c, forms.missing(c.file_type, {n: r.fields for n, r in rows[c.id].items()})) for c in found]


@blp.route("/cases/<case_id>")
class CaseItem(MethodView):
    @requires(CASE, "read")
    @blp.response(200, CaseFull)
    @consulted("case_file", id_arg="case_id")
    def get(self, case_id):
        """One case file: its forms as structured data (each field with its source), what
        it still needs, and its history; the reader says why."""
        uow = current_uow()
        case = cases.get(uow, case_id, current_user())
        rows = cases.forms_of(uow, [case.id])[case.id]
        return {**_case(case, cases.missing(uow, case)), "forms": {n: r.fields for n, r in sorted(rows.items())},
                "required_forms": forms.required(case.file_type),
                "history": cases.JOURNAL.entries_of(uow, [case.id])[case.id]}


@blp.route("/cases/<case_id>/particulars")
class CaseParticulars(MethodView):
    @requires(CASE, "prepare")
    @blp.arguments(ParticularsIn)
    @blp.response(200, ProsecutionEntryOut)
    def put(self, data, case_id):
        """Set the file type and whether the defendant was kept in custody or bailed: the
        forms required and the first hearing follow."""
        uow = current_uow()
        entry = cases.particulars(uow, cases.get(uow, case_id, current_user(), lock=True), actor(), data)
        uow.commit()
        return entry


@blp.route("/cases/<case_id>/forms/<form>")
class CaseFormItem(MethodView):
    @requires(CASE, "prepare")
    @blp.arguments(FormIn)
    @blp.response(200, ProsecutionEntryOut)
    def put(self, data, case_id, form):
        """Complete fields of an MG form (a field filled from the record is not overwritten)."""
        uow = current_uow()
        entry = cases.fill(uow, cases.get(uow, case_id, current_user(), lock=True), actor(), form, data["fields"])
        uow.commit()
        return entry


@blp.route("/cases/<case_id>/submission")
class CaseSubmission(MethodView):
    @requires(CASE, "submit")
    @blp.response(201, ProsecutionEntryOut)
    def post(self, case_id):
        """Submit the file to the CPS: refused (422 file_incomplete, with the standard and
        the list of what is missing) while anything its file type requires is missing."""
        uow = current_uow()
        entry = cases.submit(uow, cases.get(uow, case_id, current_user(), lock=True), actor())
        uow.commit()
        return entry


# -- warrants -------------------------------------------------------------------

@blp.route("/warrants")
class Warrants(MethodView):
    @requires(WARRANT, "read")
    @blp.arguments(WarrantsQuery, location="query")
    @blp.response(200, WarrantOut(many=True))
    def get(self, query):
        """Warrants, outstanding first (oldest received first); ``state`` narrows the list.
        Warrants of persons the caller may not see are left out."""
        stmt = select(Warrant)
        if query["state"] == "outstanding":
            stmt = stmt.where(Warrant.state.in_(OUTSTANDING))
        elif query["state"] != "all":
            stmt = stmt.where(Warrant.state == query["state"])
        if query.get("person_id"):
            stmt = stmt.where(Warrant.person_id == query["person_id"])
        hidden = persons.hidden_ids(current_user())
        if hidden is not None:
            stmt = stmt.where(Warrant.person_id.not_in(hidden))
        outstanding_first = when_then((Warrant.state.in_(OUTSTANDING), 0), else_=1)
        return list(current_uow().session.scalars(stmt.order_by(outstanding_first, Warrant.received_at, Warrant.id)
                                                  .limit(query["limit"])))

    @requires(WARRANT, "manage")
    @blp.arguments(WarrantReceivedIn)
    @blp.response(201, WarrantOut)
    def post(self, data):
        """Receive a warrant from a court: numbered (WA/yyyy/nnnnnn), its subject resolved to
        the one person; backed for bail only with its endorsement."""
        uow = current_uow()
        warrant = warrants.receive(uow, actor(), data)
        uow.commit()
        return warrant


@blp.route("/warrants/<warrant_id>")
class WarrantItem(MethodView):
    @requires(WARRANT, "read")
    @blp.response(200, WarrantFull)
    @consulted("warrant", id_arg="warrant_id")
    def get(self, warrant_id):
        """One warrant with its history; the reader says why."""
        uow = current_uow()
        warrant = warrants.get(uow, warrant_id, current_user())
        return {**{c: getattr(warrant, c) for c in WarrantOut().fields},
                "history": warrants.JOURNAL.entries_of(uow, [warrant.id])[warrant.id]}


def _warrant_act(name: str, schema, doc: str):
    service = getattr(warrants, name)

    @requires(WARRANT, "manage")
    @blp.arguments(schema)
    @blp.response(201, ProsecutionEntryOut)
    def post(self, data, warrant_id):
        uow = current_uow()
        entry = service(uow, warrants.get(uow, warrant_id, current_user(), lock=True), actor(), data)
        uow.commit()
        return entry

    post.__doc__ = doc
    return type(f"Warrant_{name}", (MethodView,), {"post": post})


blp.route("/warrants/<warrant_id>/circulation")(_warrant_act(
    "circulate", WarrantActIn, "Circulate the warrant as wanted (PNC)."))
blp.route("/warrants/<warrant_id>/execution")(_warrant_act(
    "execute", ExecutionIn, "Execute the warrant: arrested on warrant (to custody), or, backed for bail, released on the "
                            "endorsed terms; published as prosecution.warrant_executed. Executed once: again, or after "
                            "withdrawal or cancellation, is a 409 with the rule."))
blp.route("/warrants/<warrant_id>/withdrawal")(_warrant_act(
    "withdraw", WithdrawalIn, "Withdraw the warrant (by the issuing court): no longer in force."))
blp.route("/warrants/<warrant_id>/cancellation")(_warrant_act(
    "cancel", WithdrawalIn, "Cancel the warrant (issued in error, a duplicate): no longer in force."))
