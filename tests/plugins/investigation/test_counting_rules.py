"""The Home Office Counting Rules as the investigation API applies them: one crime per
victim, the principal crime, N100, the victims a classification needs, classifications
valid on the day, re-classification with history, each cancellation reason by the
registrar, and the 24-hour recording standard - each decision explained and cited."""
from __future__ import annotations

import pytest

from tests.plugins.investigation.conftest import ago, person

API = "/api/v1/investigation"


def _integrity(client, user="supervisor", since=None, until=None):
    return client.get(f"{API}/integrity", user, query_string={"from": since or ago(days=1), "to": until or ago(hours=-1)})


def test_two_victims_of_one_assault_are_two_crimes(report):
    r = report(["8N"], [{"role": "victim", **person("Ann", "Cole")}, {"role": "victim", **person("Ben", "Cole")},
                        {"role": "suspect", **person("Carl", "Dunn", "1990-01-01")}])
    crimes = r["crimes"]
    assert len(crimes) == 2 and {c["classification"] for c in crimes} == {"8N"}
    assert len({c["crime_ref"] for c in crimes}) == 2 and len({c["incident_ref"] for c in crimes}) == 1
    assert all(c["crime_ref"].startswith("CR/20") for c in crimes)
    assert any(d["rule"] == "one_crime_per_victim" and "Section D" in d["cite"] for d in r["decisions"])


def test_a_burglary_with_the_door_damaged_is_one_burglary(report):
    r = report(["58A", "28E"], [{"role": "victim", **person("Dee", "Ford")}])
    (crime,) = r["crimes"]
    assert crime["classification"] == "28E"
    (decision,) = r["decisions"]
    assert decision["rule"] == "principal_crime" and "58A" in decision["said"] and "Section F" in decision["cite"]


def test_a_reported_rape_not_yet_confirmed_is_n100_and_restricted(report, investigation):
    r = report(["19C"], [{"role": "victim", **person("Eve", "Gray")}], confirmed=False)
    (crime,) = r["crimes"]
    assert (crime["classification"], crime["state"], crime["restricted"]) == ("N100", "incident", True)
    assert any(d["rule"] == "reported_rape" for d in r["decisions"])
    # restricted: the investigator who recorded it without the restricted right does not read it back
    assert investigation.read(f"{API}/crimes/{crime['id']}", "investigator").status_code == 404
    assert investigation.read(f"{API}/crimes/{crime['id']}", "supervisor").status_code == 200


def test_a_crime_against_a_person_needs_a_victim_and_a_state_crime_needs_none(report):
    refused = report(["8N"], [], status=422)
    assert refused["code"] == "victim_needed" and "Section D" in refused["errors"]["cite"]
    drugs = report(["92D"], [{"role": "suspect", **person("Finn", "Hale")}])
    assert drugs["crimes"][0]["victim_person_id"] is None
    shop = report(["46"], [], status=422)
    assert shop["code"] == "victim_needed"
    assert report(["46"], [], victim_organisation="Corner Shop Ltd")["crimes"][0]["victim_organisation"] == "Corner Shop Ltd"


def test_unknown_and_expired_classifications_are_refused(report):
    assert report(["ZZ9"], [{"role": "victim", **person("Gil", "Ives")}], status=422)["code"] == "unknown_classification"
    old = report(["8Q"], [{"role": "victim", **person("Hal", "Jay")}], status=422,
                 occurred_from="2010-01-01T12:00:00+00:00", reported_at="2010-01-02T12:00:00+00:00")
    assert old["code"] == "classification_not_valid" and "8Q" in old["errors"]["cite"]


def test_bad_times_are_refused_and_nothing_is_written(report, investigation):
    future = report(["8N"], [{"role": "victim", **person("Ida", "Kerr")}], status=422, occurred_from=ago(hours=-5))
    assert future["code"] == "in_the_future"
    early = report(["8N"], [{"role": "victim", **person("Ida", "Kerr")}], status=422, reported_at=ago(hours=9))
    assert early["code"] == "reported_before_occurred"
    assert _integrity(investigation).json["total"] == 0


def test_reclassification_keeps_the_history_and_needs_the_registrar(report, investigation):
    (crime,) = report(["105A"], [{"role": "victim", **person("Jo", "Lane")}])["crimes"]
    url = f"{API}/crimes/{crime['id']}/reclassification"
    assert investigation.post(url, "investigator", json={"classification": "8N", "reason": "injury found"}).status_code == 403
    r = investigation.post(url, "registrar", json={"classification": "8N", "reason": "medical report shows injury"})
    assert r.status_code == 201 and r.json["data"]["from"] == "105A" and r.json["data"]["to"] == "8N"
    read = investigation.read(f"{API}/crimes/{crime['id']}", "crime_reader").json
    assert read["classification"] == "8N"
    assert [h["kind"] for h in read["history"]] == ["recorded", "reclassified"]
    assert read["history"][0]["data"]["classification"] == "105A"


@pytest.mark.parametrize("reason", ["C1", "C2", "C3", "C4"])
def test_each_cancellation_reason_by_the_registrar_with_evidence(report, investigation, reason):
    (crime,) = report(["44"], [{"role": "victim", **person("Kay", "Moss")}])["crimes"]
    url = f"{API}/crimes/{crime['id']}/cancellation"
    r = investigation.post(url, "registrar", json={"reason": reason, "evidence": "bicycle found in the garage"})
    assert r.status_code == 201 and r.json["data"]["reason"] == reason and r.json["data"]["cite"].startswith("HOCR")
    assert investigation.read(f"{API}/crimes/{crime['id']}", "crime_reader").json["state"] == "cancelled"
    assert investigation.post(url, "registrar", json={"reason": reason, "evidence": "again"}).status_code == 409


def test_a_cancellation_needs_a_reason_the_rules_give_and_the_right(report, investigation):
    (crime,) = report(["44"], [{"role": "victim", **person("Lee", "Nash")}])["crimes"]
    url = f"{API}/crimes/{crime['id']}/cancellation"
    assert investigation.post(url, "investigator", json={"reason": "C4", "evidence": "x" * 5}).status_code == 403
    r = investigation.post(url, "registrar", json={"reason": "C9", "evidence": "because"})
    assert r.status_code == 422 and r.json["code"] == "cancellation_reason"
    assert investigation.post(url, "registrar", json={"reason": "C4"}).status_code == 422


def test_the_integrity_report_measures_the_24_hour_standard(report, investigation):
    report(["8N"], [{"role": "victim", **person("May", "Owen")}])
    report(["44"], [{"role": "victim", **person("Ned", "Pike")}], occurred_from=ago(days=3), reported_at=ago(days=2))
    r = _integrity(investigation).json
    assert (r["total"], r["within"], r["share"]) == (2, 1, 0.5)
    assert [row["key"] for row in r["by_classification"]] == ["44", "8N"]
    (late,) = r["late"]
    assert late["classification"] == "44" and late["hours"] >= 47
    assert "Section A" in r["standard"]["cite"]
    assert _integrity(investigation, "investigator").status_code == 403


def test_search_and_the_person_view_show_the_crime(report, investigation):
    (crime,) = report(["34B"], [{"role": "victim", **person("Ora", "Quin")}])["crimes"]
    hits = investigation.read(f"/api/v1/search?q={crime['crime_ref']}", "crime_reader").json
    assert any(h["type"] == "crime" and h["id"] == crime["id"] for h in hits)
    view = investigation.read(f"/api/v1/persons/{crime['victim_person_id']}/view", "crime_reader").json
    section = next(s for s in view["sections"] if s["module"] == "investigation")
    assert section["items"][0]["role"] == "victim" and section["items"][0]["crime_ref"] == crime["crime_ref"]
    assert investigation.read(f"/api/v1/search?q={crime['crime_ref']}", "officer").json == []  # no crime rights
