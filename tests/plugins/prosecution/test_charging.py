"""Who charges (DG6 Annex 1) as a decision table, the police charge refused where DG6
reserves the case to the CPS, and the MG3 referral with the prosecutor's answer."""
from __future__ import annotations

import pytest

from tests.plugins.prosecution.conftest import API

THEFT_FROM_SHOP = {"code": "TH68010"}
THEFT = {"code": "TH68001"}
COMMON_ASSAULT = {"code": "CJ88001"}
ROBBERY = {"code": "RB68001"}

# offences, plea, venue, circumstances -> decider, the rule that decided (first reason)
TABLE = [
    # summary-only: the police, whatever the plea or venue
    ([COMMON_ASSAULT], "guilty", "magistrates", (), "police", "police.summary_only"),
    ([COMMON_ASSAULT], "not_guilty", "magistrates", (), "police", "police.summary_only"),
    ([{"code": "RT88005"}], "not_guilty", "magistrates", (), "police", "police.summary_only"),
    # retail theft: the police whatever the plea, if the magistrates can sentence it
    ([THEFT_FROM_SHOP], "guilty", "magistrates", (), "police", "police.retail_theft"),
    ([THEFT_FROM_SHOP], "not_guilty", "magistrates", (), "police", "police.retail_theft"),
    ([THEFT_FROM_SHOP], "guilty", "crown", (), "cps", "cps.retail_theft_crown"),
    # either way: the police only with a guilty plea the magistrates can sentence
    ([THEFT], "guilty", "magistrates", (), "police", "police.either_way_guilty"),
    ([THEFT], "not_guilty", "magistrates", (), "cps", "cps.either_way_not_guilty"),
    ([THEFT], "guilty", "crown", (), "cps", "cps.either_way_crown"),
    ([THEFT], "not_guilty", "crown", (), "cps", "cps.either_way_crown"),
    ([{"code": "MD71052"}], "guilty", "magistrates", (), "police", "police.either_way_guilty"),
    # indictable only: the CPS
    ([ROBBERY], "guilty", "magistrates", (), "cps", "cps.indictable_only"),
    # an offence MiPS does not list, described by the officer
    ([{"wording": "Some summary offence", "mode": "summary"}], "not_guilty", "magistrates", (), "police",
     "police.summary_only"),
    # each exclusion, on an offence the police could otherwise charge
    ([{"code": "CL67001"}], "guilty", "magistrates", (), "cps", "exclusion.dpp_consent"),
    ([COMMON_ASSAULT], "guilty", "magistrates", ("dpp_consent",), "cps", "exclusion.dpp_consent"),
    ([THEFT], "guilty", "magistrates", ("death",), "cps", "exclusion.death"),
    ([{"code": "TA06005"}], "guilty", "crown", (), "cps", "exclusion.terrorism_official_secrets"),
    ([COMMON_ASSAULT], "guilty", "magistrates", ("terrorism",), "cps", "exclusion.terrorism_official_secrets"),
    ([COMMON_ASSAULT], "guilty", "magistrates", ("hate_crime",), "cps", "exclusion.hate_crime"),
    ([COMMON_ASSAULT], "guilty", "magistrates", ("domestic_abuse",), "cps", "exclusion.domestic_abuse"),
    ([THEFT_FROM_SHOP], "guilty", "magistrates", ("domestic_abuse",), "cps", "exclusion.domestic_abuse"),
    ([{"code": "PH97002"}], "guilty", "magistrates", (), "cps", "exclusion.harassment_stalking"),
    ([{"code": "PH97021"}], "guilty", "magistrates", (), "cps", "exclusion.harassment_stalking"),
    ([{"code": "PU86002"}], "guilty", "magistrates", (), "cps", "exclusion.violent_disorder_affray"),
    ([{"code": "PU86001"}], "guilty", "magistrates", (), "cps", "exclusion.violent_disorder_affray"),
    ([{"code": "OF61047"}], "guilty", "magistrates", (), "cps", "exclusion.gbh_wounding_abh"),
    ([{"code": "OF61020"}], "guilty", "magistrates", (), "cps", "exclusion.gbh_wounding_abh"),
    ([{"code": "SX03003"}], "guilty", "magistrates", ("person_under_18",), "cps", "exclusion.sexual_offence_under_18"),
    ([{"code": "LA03141"}], "guilty", "magistrates", (), "cps", "exclusion.licensing_act"),
]


@pytest.mark.parametrize("offences,plea,venue,circumstances,decider,rule", TABLE)
def test_who_charges(ask, offences, plea, venue, circumstances, decider, rule):
    r = ask(offences, plea, venue, circumstances)
    assert r.status_code == 201, r.json
    assert r.json["decider"] == decider
    assert r.json["reasons"][0]["rule"] == rule
    assert all(reason["cite"].strip() for reason in r.json["reasons"])  # every reason names its rule
    if rule.startswith("exclusion."):
        assert r.json["reasons"][0]["cite"].startswith("DG6")


def test_a_sexual_offence_between_adults_is_not_excluded_but_an_either_way_guilty_plea(ask):
    r = ask([{"code": "SX03003"}], "guilty", "magistrates")
    assert r.json["decider"] == "police"
    assert [x["rule"] for x in r.json["reasons"]] == ["police.either_way_guilty"]


def test_one_offence_for_the_cps_takes_the_whole_case_to_the_cps(ask):
    r = ask([COMMON_ASSAULT, THEFT], "not_guilty", "magistrates")
    assert r.json["decider"] == "cps"
    rules = [x["rule"] for x in r.json["reasons"]]
    assert rules == ["police.summary_only", "cps.either_way_not_guilty", "cps.whole_case"]
    assert [o["police_may_charge"] for o in r.json["offences"]] == [True, False]


def test_the_offence_is_read_from_the_rule_file_with_its_citation(ask):
    r = ask([THEFT_FROM_SHOP])
    (offence,) = r.json["offences"]
    assert offence["mode"] == "either_way" and offence["wording"] == "Theft from a shop"
    assert offence["cite"].startswith("Theft Act 1968 s.1")


@pytest.mark.parametrize("body,code", [
    ({"offences": [{"code": "ZZ99999"}]}, "offence_mode_needed"),
    ({"offences": [COMMON_ASSAULT], "circumstances": ["bad_mood"]}, "unknown_circumstance"),
])
def test_what_dg6_cannot_read_is_refused_with_a_citation(ask, body, code):
    r = ask(body["offences"], circumstances=body.get("circumstances", ()))
    assert r.status_code == 422 and r.json["code"] == code
    assert r.json["errors"]["cite"]


@pytest.mark.parametrize("body", [
    {"anticipated_plea": "maybe"}, {"likely_venue": "moon"}, {"offences": []}, {"offences": [{}]},
])
def test_bad_input_is_a_400_and_writes_nothing(prosecution, suspect, app, body):
    base = {"person_id": suspect, "offences": [COMMON_ASSAULT], "anticipated_plea": "guilty", "likely_venue": "magistrates"}
    r = prosecution.post(f"{API}/charging-decisions", "case_worker", json=base | body)
    assert r.status_code in (400, 422), r.json
    _no_decisions(app)


def _no_decisions(app):
    from sqlalchemy import func, select

    from core.kit import current_uow
    from plugins.prosecution.models import ChargingDecision

    with app.app_context():
        assert current_uow().session.scalar(select(func.count()).select_from(ChargingDecision)) == 0


def test_an_unknown_or_unseen_suspect_is_not_found(prosecution, app):
    r = prosecution.post(f"{API}/charging-decisions", "case_worker", json={
        "person_id": "nobody", "offences": [COMMON_ASSAULT], "anticipated_plea": "guilty", "likely_venue": "magistrates"})
    assert r.status_code == 404 and r.json["code"] == "unknown_person"
    _no_decisions(app)


def test_a_reader_may_not_ask(prosecution, suspect):
    r = prosecution.post(f"{API}/charging-decisions", "pros_reader", json={
        "person_id": suspect, "offences": [COMMON_ASSAULT], "anticipated_plea": "guilty", "likely_venue": "magistrates"})
    assert r.status_code == 403


def test_the_police_charge_what_dg6_gives_them(ask, prosecution):
    d = ask([THEFT_FROM_SHOP], "not_guilty").json
    r = prosecution.post(f"{API}/charging-decisions/{d['id']}/police-charge", "case_worker",
                         json={"rationale": "CCTV and admissions"})
    assert r.status_code == 201, r.json
    assert r.json["kind"] == "police_charge" and r.json["data"]["test"] == "full_code"
    again = prosecution.post(f"{API}/charging-decisions/{d['id']}/police-charge", "case_worker",
                             json={"rationale": "twice"})
    assert again.status_code == 409 and again.json["code"] == "already_decided" and again.json["errors"]["cite"]
    got = prosecution.read(f"{API}/charging-decisions/{d['id']}", "case_worker").json
    assert (got["state"], got["outcome"], got["decided_by"]) == ("decided", "charge", "police")
    assert [h["kind"] for h in got["history"]] == ["asked", "police_charge"]


def test_a_police_charge_dg6_reserves_to_the_cps_is_refused_with_the_rule(ask, prosecution):
    d = ask([COMMON_ASSAULT], circumstances=["domestic_abuse"]).json
    r = prosecution.post(f"{API}/charging-decisions/{d['id']}/police-charge", "case_worker",
                         json={"rationale": "admitted"})
    assert r.status_code == 422 and r.json["code"] == "dg6_reserved_to_cps"
    assert "domestic abuse" in r.json["errors"]["cite"]
    got = prosecution.read(f"{API}/charging-decisions/{d['id']}", "case_worker").json
    assert got["state"] == "for_cps" and [h["kind"] for h in got["history"]] == ["asked"]


def test_mg3_is_built_from_the_record_and_answered_on_the_full_code_test(ask, prosecution):
    d = ask([THEFT], "not_guilty", custody_no="CAM/2026/000123").json
    r = prosecution.post(f"{API}/charging-decisions/{d['id']}/mg3", "case_worker",
                         json={"summary": "Seen on CCTV taking a wallet; denies it in interview"})
    assert r.status_code == 201, r.json
    mg3 = r.json["data"]["mg3"]
    assert mg3["defendant"]["family"] == "Lansbury" and mg3["defendant"]["pnc_id"]
    assert mg3["offences"][0]["code"] == "TH68001" and mg3["custody_no"] == "CAM/2026/000123"
    assert mg3["dg6"]["decider"] == "cps" and mg3["test_requested"] == "full_code"
    twice = prosecution.post(f"{API}/charging-decisions/{d['id']}/mg3", "case_worker", json={"summary": "again"})
    assert twice.status_code == 409 and twice.json["code"] == "already_referred"
    a = prosecution.post(f"{API}/charging-decisions/{d['id']}/mg3/answer", "case_worker", json={
        "outcome": "charge", "test": "full_code", "prosecutor": "A. Lawyer (CPS Direct)",
        "rationale": "Realistic prospect; public interest", "charges": [THEFT]})
    assert a.status_code == 201, a.json
    assert a.json["data"]["cite"].startswith("Code for Crown Prosecutors (2018), section 4")
    got = prosecution.read(f"{API}/charging-decisions/{d['id']}", "case_worker").json
    assert (got["state"], got["outcome"], got["test"], got["decided_by"]) == ("decided", "charge", "full_code", "cps")


def test_the_threshold_test_only_where_the_suspect_is_kept_in_custody(ask, prosecution):
    bailed = ask([ROBBERY], "not_guilty", "crown").json
    refused = prosecution.post(f"{API}/charging-decisions/{bailed['id']}/mg3", "case_worker",
                               json={"summary": "Robbery at knifepoint", "test_requested": "threshold"})
    assert refused.status_code == 422 and refused.json["code"] == "threshold_test_not_available"
    assert "section 5" in refused.json["errors"]["cite"]
    prosecution.post(f"{API}/charging-decisions/{bailed['id']}/mg3", "case_worker", json={"summary": "Robbery"})
    answer = prosecution.post(f"{API}/charging-decisions/{bailed['id']}/mg3/answer", "case_worker", json={
        "outcome": "charge", "test": "threshold", "prosecutor": "CPS Direct", "rationale": "bail risk"})
    assert answer.status_code == 422 and answer.json["code"] == "threshold_test_not_available"
    kept = ask([ROBBERY], "not_guilty", "crown", kept_in_custody=True).json
    assert prosecution.post(f"{API}/charging-decisions/{kept['id']}/mg3", "case_worker",
                            json={"summary": "Robbery", "test_requested": "threshold"}).status_code == 201
    ok = prosecution.post(f"{API}/charging-decisions/{kept['id']}/mg3/answer", "case_worker", json={
        "outcome": "charge", "test": "threshold", "prosecutor": "CPS Direct", "rationale": "substantial bail risk"})
    assert ok.status_code == 201 and ok.json["data"]["test"] == "threshold"


def test_further_evidence_then_referred_again_then_no_further_action(ask, prosecution):
    d = ask([ROBBERY], "not_guilty", "crown").json
    url = f"{API}/charging-decisions/{d['id']}"
    early = prosecution.post(f"{url}/mg3/answer", "case_worker", json={
        "outcome": "no_further_action", "prosecutor": "CPS", "rationale": "none"})
    assert early.status_code == 409 and early.json["code"] == "not_referred"
    prosecution.post(f"{url}/mg3", "case_worker", json={"summary": "first referral"})
    fe = prosecution.post(f"{url}/mg3/answer", "case_worker", json={
        "outcome": "further_evidence", "prosecutor": "CPS", "rationale": "need the CCTV", "actions": "Obtain CCTV"})
    assert fe.status_code == 201
    assert prosecution.read(url, "case_worker").json["state"] == "further_evidence"
    assert prosecution.post(f"{url}/mg3", "case_worker", json={"summary": "CCTV obtained"}).status_code == 201
    bad = prosecution.post(f"{url}/mg3/answer", "case_worker", json={
        "outcome": "no_further_action", "test": "full_code", "prosecutor": "CPS", "rationale": "none given"})
    assert bad.status_code == 422 and bad.json["code"] == "test_only_with_charge"
    nfa = prosecution.post(f"{url}/mg3/answer", "case_worker", json={
        "outcome": "no_further_action", "prosecutor": "CPS", "rationale": "No realistic prospect of conviction"})
    assert nfa.status_code == 201
    got = prosecution.read(url, "case_worker").json
    assert (got["state"], got["outcome"], got["decided_by"]) == ("decided", "no_further_action", "cps")
    assert [h["kind"] for h in got["history"]] == ["asked", "mg3_request", "mg3_answer", "mg3_request", "mg3_answer"]


def test_reading_a_decision_needs_a_purpose_and_is_logged(ask, prosecution, suspect):
    d = ask([COMMON_ASSAULT]).json
    assert prosecution.get(f"{API}/charging-decisions/{d['id']}", "pros_reader").json["code"] == "purpose_required"
    assert prosecution.read(f"{API}/charging-decisions/{d['id']}", "pros_reader").status_code == 200
    audit = prosecution.get(f"/api/v1/audit?entity_type=person&entity_id={suspect}", "auditor").json
    assert any(e["action"] == "consultation" and e["actor"] == "pros_reader" for e in audit)


def test_every_value_of_the_rule_files_is_cited():
    from plugins.prosecution import dg6

    assert dg6.rules().cite("exclusions.licensing_act").startswith("DG6")
    assert dg6.offences().cite("offences.RB68001") == "Theft Act 1968 s.8: indictable only"


def test_every_citation_the_code_asks_for_is_in_its_rule_file():
    """A refusal must never fail for want of its citation: each literal rule name the
    module's code cites exists in the rule file it reads."""
    import re
    from pathlib import Path

    from plugins.prosecution import dg6, forms, warrants

    files = {"dg6.py": dg6.rules(), "charging.py": dg6.rules(), "cases.py": forms.rules(), "forms.py": forms.rules(),
             "warrants.py": warrants.rules()}
    folder = Path(dg6.__file__).parent
    asked = [(name, m.group(1)) for name in files
             for m in re.finditer(r'(?:cite|from_rule)\("([^"{]+)"\)', (folder / name).read_text())]
    assert len(asked) > 15
    for name, dotted in asked:
        if name == "dg6.py" and dotted == "modes":
            dg6.offences().cite(dotted)
        else:
            files[name].cite(dotted)
