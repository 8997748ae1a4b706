"""Subject access (DPA 2018 s.45): everything held about a person in one document, every
system and module and merged identity, who looked at them and why, what is withheld listed
with its provision; producing it is a disclosure audited with its recipient."""
from __future__ import annotations

import json

from click.testing import CliRunner

from core.cli import main
from tests.plugins.investigation.conftest import person as party

SUBJECT = {"names": [{"given": "Wilhelmina", "family": "Oakenshaw"}], "dobs": ["1966-06-06"],
           "identifiers": [{"kind": "pnc_id", "value": "66/123321W"}]}


def test_everything_held_with_what_is_withheld_and_the_disclosure_audited(im, book, report, client):
    det = book(person=SUBJECT)
    pid = det["person_id"]
    report(["44"], [{"role": "victim", "person": SUBJECT}])
    report(["8N"], [{"role": "suspect", "person": SUBJECT}, {"role": "victim", **party("Vic", "Tim")}])
    assert client.read(f"/api/v1/persons/{pid}", purpose="stop check CAD 99").status_code == 200
    r = im.post(f"/api/v1/retention/persons/{pid}/subject-access", "info_manager", json={"recipient": "the data subject"})
    assert r.status_code == 200, r.json
    doc = r.json
    assert doc["schema"] == "mips.subject_access" and "s.45" in doc["cite"]
    assert doc["person"]["names"][0]["family"] == "Oakenshaw"
    assert {s["system"] for s in doc["source_records"]} == {"custody", "investigation"}  # every contribution, as received
    assert [d["custody_no"] for d in doc["modules"]["custody"]] == [det["custody_no"]]
    assert doc["modules"]["custody"][0]["entries"]  # the whole custody record
    assert [c["role"] for c in doc["modules"]["investigation"]] == ["victim"]
    (withheld,) = doc["exempt"]  # the crime they are a suspect in, still under investigation
    assert withheld["reason"] == "under investigation" and "s.45(4)" in withheld["cite"]
    assert any(w["why"] == "stop check CAD 99" and w["who"] == "officer" for w in doc["who_looked"])
    audit = client.get("/api/v1/audit", "auditor", query_string={"action": "disclosure", "entity_id": pid}).json
    assert audit[0]["recipient"] == "the data subject" and audit[0]["actor"] == "info_manager"


def test_subject_access_needs_the_right_a_recipient_and_a_person(im, client):
    pid = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Al", "family": "Ng"}]}).json["id"]
    assert im.post(f"/api/v1/retention/persons/{pid}/subject-access", "officer", json={"recipient": "x" * 5}).status_code == 403
    assert im.post(f"/api/v1/retention/persons/{pid}/subject-access", "info_manager", json={}).status_code == 422
    assert im.post("/api/v1/retention/persons/nobody/subject-access", "info_manager",
                   json={"recipient": "the subject"}).status_code == 404


def test_the_cli_writes_the_document_and_refuses_an_unknown_person(im, client, database_url, monkeypatch, tmp_path):
    pid = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Bo", "family": "Pike"}]}).json["id"]
    monkeypatch.setenv("MIPS_DATABASE_URL", database_url)
    out = tmp_path / "sar.json"
    result = CliRunner().invoke(main, ["dpa", "export", pid, "--recipient", "Pike's solicitor", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["person"]["names"][0]["family"] == "Pike"
    bad = CliRunner().invoke(main, ["dpa", "export", "nobody", "--recipient", "someone", "--out", str(out)])
    assert bad.exit_code != 0 and "No person" in bad.output
