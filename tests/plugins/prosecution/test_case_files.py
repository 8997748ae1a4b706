"""Case files without re-keying: a charge in custody builds the case (URN, defendant,
charges, first hearing, MG forms traced to their sources); the file type decides the
forms; a file with anything missing is refused on submission; and the switch from COPA."""
from __future__ import annotations

import re
import sqlite3
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from tests.plugins.prosecution.conftest import API

LONDON_TZ = "Europe/London"


def _cases(client, user="case_worker"):
    r = client.get(f"{API}/cases", user)
    assert r.status_code == 200, r.json
    return r.json


def _case(client, case_id, user="case_worker"):
    r = client.read(f"{API}/cases/{case_id}", user)
    assert r.status_code == 200, r.json
    return r.json


def _expected_next_sitting(charged_at: str) -> datetime:
    from zoneinfo import ZoneInfo

    local = datetime.fromisoformat(charged_at).astimezone(ZoneInfo(LONDON_TZ))
    day = local.date()
    while True:
        sitting = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(LONDON_TZ))
        if day.weekday() != 6 and sitting > local:  # Monday to Saturday, 10:00
            return sitting
        day += timedelta(days=1)


def test_a_charge_in_custody_builds_the_case_file_without_rekeying(prosecution, charge):
    det, _ = charge()
    (case,) = _cases(prosecution)
    assert re.fullmatch(r"01MC\d{5}\d{2}", case["urn"])  # force 01, Camden station MC, serial, year
    assert case["urn"].startswith("01MC00001")
    assert case["person_id"] == det["person_id"] and case["custody_no"] == det["custody_no"]
    assert case["charges"] == [{"wording": "Theft from shop", "code": "TH68010"}]
    assert case["charged_by"] == "sergeant" and case["state"] == "building"
    full = _case(prosecution, case["id"])
    mg1, mg4 = full["forms"]["MG1"], full["forms"]["MG4"]
    assert mg4["defendant"]["value"] == "LANSBURY, Robert" and mg4["date_of_birth"]["value"] == "1984-03-02"
    assert mg4["charges"]["value"] == [{"wording": "Theft from shop", "code": "TH68010"}]
    built = full["history"][0]
    assert built["kind"] == "built" and built["data"]["event"] == "custody.charged v1"
    # every value is traced: the event and its field, or the rule that made it
    assert mg4["defendant"]["source"] == {"from": "custody.charged v1", "event_id": built["data"]["event_id"],
                                          "field": "defendant.family, defendant.given"}
    assert mg1["pnc_id"]["value"] == "84/0123456A" and mg1["pnc_id"]["source"]["field"] == "defendant.pnc_id"
    assert mg1["urn"]["source"]["rule"] == "urn" and "Unique Reference Number" in mg1["urn"]["source"]["cite"]
    assert all(f["source"] for form in ("MG1", "MG4") for f in full["forms"][form].values() if f["value"] is not None)
    # kept in custody: the next sitting after the charge (PACE s.46(2))
    assert datetime.fromisoformat(full["first_hearing_at"]) == _expected_next_sitting(full["charged_at"])
    assert "s.46(2)" in mg1["first_hearing"]["source"]["cite"]
    # no charging decision was asked: the file type is missing, and the officer in the case
    assert {(m["form"], m["field"]) for m in full["missing"]} == {("", "file_type"), ("MG1", "officer_in_case")}


def _decide(client, det, plea, venue, offences=({"code": "TH68010"},)):
    r = client.post(f"{API}/charging-decisions", "case_worker", json={
        "person_id": det["person_id"], "detention_id": det["id"], "custody_no": det["custody_no"],
        "offences": list(offences), "anticipated_plea": plea, "likely_venue": venue})
    assert r.status_code == 201, r.json


@pytest.mark.parametrize("plea,venue,file_type,forms", [
    ("guilty", "magistrates", "gap", ["MG1", "MG4", "MG5"]),
    ("not_guilty", "magistrates", "ngap", ["MG1", "MG4", "MG5", "MG6", "MG9", "MG11", "MG12"]),
    ("not_guilty", "crown", "crown", ["MG1", "MG4", "MG5", "MG6", "MG9", "MG11", "MG12", "MG6C", "MG6D", "MG6E"]),
])
def test_the_file_type_from_the_charging_decision_decides_the_forms(prosecution, charge, plea, venue, file_type, forms):
    charge(before=lambda det: _decide(prosecution, det, plea, venue))
    (case,) = _cases(prosecution)
    full = _case(prosecution, case["id"])
    assert full["file_type"] == file_type and full["required_forms"] == forms
    assert set(forms) <= set(full["forms"])
    assert full["forms"]["MG1"]["file_type"]["source"]["from"] == "charging decision"
    missing_forms = {m["form"] for m in full["missing"]}
    assert missing_forms == set(forms) - {"MG4"}  # MG4 is whole from the charge; MG1 lacks the officer in the case


def _complete(client, case_id, forms):
    values = {"MG1": {"officer_in_case": "DC 123 Smith"},
              "MG5": {"summary": "Took goods", "key_evidence": "CCTV", "interview_summary": "Admitted"},
              "MG6": {"information": "None"}, "MG9": {"witnesses": ["Store detective"]},
              "MG11": {"statements": ["S1"]}, "MG12": {"exhibits": ["CCTV/1"]}, "MG6C": {"items": ["Notebook"]},
              "MG6D": {"items": ["None"]}, "MG6E": {"report": "Reviewed"}}
    for form in forms:
        if form in values:
            r = client.put(f"{API}/cases/{case_id}/forms/{form}", "case_worker", json={"fields": values[form]})
            assert r.status_code == 200, r.json


def test_a_file_is_refused_while_anything_is_missing_then_submitted(prosecution, charge, app):
    charge(before=lambda det: _decide(prosecution, det, "not_guilty", "magistrates"))
    (case,) = _cases(prosecution)
    url = f"{API}/cases/{case['id']}"
    refused = prosecution.post(f"{url}/submission", "reviewer")
    assert refused.status_code == 422 and refused.json["code"] == "file_incomplete"
    assert "National File Standard" in refused.json["errors"]["cite"]
    assert {"form": "MG9", "field": "witnesses"} in [{k: m[k] for k in ("form", "field")}
                                                     for m in refused.json["errors"]["missing"]]
    _complete(prosecution, case["id"], ["MG1", "MG5", "MG6", "MG9", "MG11"])
    still = prosecution.post(f"{url}/submission", "reviewer")
    assert still.status_code == 422 and [m["form"] for m in still.json["errors"]["missing"]] == ["MG12"]
    assert _case(prosecution, case["id"])["state"] == "building"
    _complete(prosecution, case["id"], ["MG12"])
    assert prosecution.post(f"{url}/submission", "case_worker").status_code == 403  # a reviewer submits
    done = prosecution.post(f"{url}/submission", "reviewer")
    assert done.status_code == 201, done.json
    full = _case(prosecution, case["id"])
    assert full["state"] == "submitted" and full["missing"] == []
    assert full["forms"]["MG5"]["summary"]["source"]["by"] == "case_worker"
    later = prosecution.put(f"{url}/forms/MG5", "case_worker", json={"fields": {"summary": "changed"}})
    assert later.status_code == 409 and later.json["code"] == "case_submitted" and later.json["errors"]["cite"]
    audit = prosecution.get(f"/api/v1/audit?entity_type=case_file&entity_id={case['id']}", "auditor").json
    assert any(e["action"] == "disclosure" and e.get("recipient") == "CPS" for e in audit)


def test_a_field_from_the_record_is_not_rekeyed_and_unknown_forms_are_refused(prosecution, charge):
    charge()
    (case,) = _cases(prosecution)
    url = f"{API}/cases/{case['id']}/forms"
    r = prosecution.put(f"{url}/MG4", "case_worker", json={"fields": {"defendant": "SOMEONE, Else"}})
    assert r.status_code == 409 and r.json["code"] == "field_from_record" and r.json["errors"]["cite"]
    assert prosecution.put(f"{url}/MG99", "case_worker", json={"fields": {"x": 1}}).json["code"] == "unknown_form"
    bad = prosecution.put(f"{url}/MG5", "case_worker", json={"fields": {"colour": "blue"}})
    assert bad.status_code == 422 and bad.json["code"] == "unknown_field"
    assert _case(prosecution, case["id"])["forms"]["MG4"]["defendant"]["value"] == "LANSBURY, Robert"


@pytest.mark.parametrize("file_type,days", [("gap", 14), ("ngap", 28)])
def test_charged_and_bailed_the_first_hearing_is_the_listing_window(prosecution, charge, file_type, days):
    from zoneinfo import ZoneInfo

    charge()
    (case,) = _cases(prosecution)
    r = prosecution.put(f"{API}/cases/{case['id']}/particulars", "case_worker",
                        json={"file_type": file_type, "remand": "bail"})
    assert r.status_code == 200, r.json
    full = _case(prosecution, case["id"])
    charged = datetime.fromisoformat(full["charged_at"]).astimezone(ZoneInfo(LONDON_TZ))
    hearing = datetime.fromisoformat(full["first_hearing_at"]).astimezone(ZoneInfo(LONDON_TZ))
    assert hearing.date() == charged.date() + timedelta(days=days) and hearing.time() == time(10, 0)
    assert "Transforming Summary Justice" in full["forms"]["MG1"]["first_hearing"]["source"]["cite"]
    assert full["forms"]["MG1"]["file_type"]["source"]["from"] == "officer"


def test_the_charge_event_builds_one_case_however_often_it_is_delivered(prosecution, charge, app):
    from core.kit import ReceivedEvent, current_uow
    from core.platform.outbox import OutboxEvent
    from plugins.prosecution import cases
    from plugins.prosecution.models import CaseFile

    charge()
    with app.app_context():
        uow = current_uow()
        payload = uow.session.scalar(select(OutboxEvent.payload).where(OutboxEvent.name == "custody.charged"))
        again = cases.build(uow, ReceivedEvent.from_payload(payload))
        uow.commit()
        assert uow.session.scalar(select(func.count()).select_from(CaseFile)) == 1
        assert again.source_key == payload["id"]


# -- the switch from COPA ----------------------------------------------------------

@pytest.fixture
def force(simulated_force):
    return simulated_force(40, 5)


def _copa_pushed(force):
    with sqlite3.connect(force / "copa.db") as conn:
        return conn.execute("SELECT count(*) FROM case_files WHERE urn LIKE '01MI%'").fetchone()[0]


def _pushes(app):
    from core.kit import current_uow
    from core.legacy.models import LegacyPush

    with app.app_context():
        return list(current_uow().session.scalars(select(LegacyPush.system)))


def _module_cases(app):
    from core.kit import current_uow
    from plugins.prosecution.models import CaseFile

    with app.app_context():
        return current_uow().session.scalar(select(func.count()).select_from(CaseFile))


def test_while_the_module_is_off_for_the_unit_charges_still_go_to_copa(app, client, enable, charge, force):
    from tests.conftest import add_users
    from tests.plugins.prosecution.conftest import PROSECUTION_USERS

    add_users(app, PROSECUTION_USERS)
    enable("prosecution", units=["Hackney"])  # piloted elsewhere: Camden's charges are not its
    charge()
    assert _copa_pushed(force) == 1 and _pushes(app) == ["copa"]
    assert _module_cases(app) == 0


def test_once_on_for_the_charging_unit_the_module_takes_the_charge_and_copa_gets_nothing(app, client, enable, charge,
                                                                                        force):
    from tests.conftest import add_users
    from tests.plugins.prosecution.conftest import PROSECUTION_USERS

    add_users(app, PROSECUTION_USERS)
    enable("prosecution", units=["Camden"])
    charge()
    assert _module_cases(app) == 1
    assert _copa_pushed(force) == 0 and _pushes(app) == []
