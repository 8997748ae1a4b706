"""The detention lifecycle through the REST API, as a custody suite would use it."""
from __future__ import annotations

from datetime import datetime, timedelta

from tests.plugins.custody.conftest import PERSON, ago

API = "/api/v1/custody"


def test_book_in_numbers_the_record_resolves_the_person_and_shows_markers(custody, book):
    first = custody.post("/api/v1/persons", "officer", json=PERSON)
    assert first.status_code == 201
    person_id = first.json["id"]
    m = custody.post(f"/api/v1/persons/{person_id}/markers", "officer", json={"marker": "violent", "detail": "assaulted staff"})
    assert m.status_code in (200, 201), m.json
    booked = book({"names": [{"given": "Bob", "family": "Lansbury"}], "dobs": ["1984-03-02"],
                   "identifiers": [{"kind": "pnc_id", "value": "84/123456A"}]})
    assert booked["person_id"] == person_id          # Bob, same PNC ID: the one person
    assert booked["resolution"] == "matched"
    assert [mk["marker"] for mk in booked["markers"]] == ["violent"]
    year = datetime.now().year % 100
    assert booked["custody_no"] == f"CAM/{year:02d}/000001"
    second = book({"names": [{"given": "Ada", "family": "Okafor"}], "dobs": ["1990-01-01"]})
    assert second["custody_no"] == f"CAM/{year:02d}/000002"
    other_suite = book({"names": [{"given": "Li", "family": "Wei"}], "dobs": ["1970-05-05"]}, suite="HAC")
    assert other_suite["custody_no"] == f"HAC/{year:02d}/000001"


def test_bad_bookings_are_refused_with_reasons(custody, book):
    base = {"suite": "CAM", "person": PERSON, "offences": [{"wording": "Theft"}]}
    r = custody.post(f"{API}/detentions", "sergeant", json=base | {"arrest_at": ago(hours=1).isoformat(),
                                                                   "arrival_at": ago(hours=2).isoformat()})
    assert r.status_code == 422 and r.json["code"] == "arrival_before_arrest"
    r = custody.post(f"{API}/detentions", "sergeant", json=base | {"arrest_at": "2026-01-01T10:00:00"})
    assert r.status_code == 422 and "arrest_at" in str(r.json)   # a naive time is refused, not guessed
    book()
    r = custody.post(f"{API}/detentions", "sergeant", json=base | {"arrest_at": ago(minutes=10).isoformat()})
    assert r.status_code == 409 and r.json["code"] == "already_detained"
    r = custody.post(f"{API}/detentions", "gaoler", json=base | {"arrest_at": ago(minutes=10).isoformat()})
    assert r.status_code == 403


def test_custody_record_is_append_only_and_chronological(custody, book):
    det = book()
    url = f"{API}/detentions/{det['id']}"
    assert custody.post(f"{url}/entries", "sergeant", json={"kind": "rights", "text": "Rights given; solicitor requested",
                                                            "data": {"legal_advice": True}}).status_code == 201
    assert custody.post(f"{url}/entries", "sergeant", json={"kind": "cell", "data": {"cell": "C4"}}).status_code == 201
    wrong = custody.post(f"{url}/checks", "gaoler", json={"at": ago(minutes=5).isoformat(), "observation": "asleep"})
    assert wrong.status_code == 201
    fix = custody.post(f"{url}/corrections", "sergeant", json={"corrects": wrong.json["seq"], "reason": "wrong time",
                                                               "at": ago(minutes=6).isoformat()})
    assert fix.status_code == 201
    record = custody.read(url, "custody_reader")
    assert record.status_code == 200
    kinds = [e["kind"] for e in record.json["entries"]]
    assert kinds == ["arrival", "authorised", "rights", "cell", "check", "correction"]
    assert [e["seq"] for e in record.json["entries"]] == list(range(1, 7))
    assert record.json["entries"][4]["at"] == wrong.json["at"]       # the original stays as written
    assert record.json["cell"] == "C4"
    assert all(e["by"] for e in record.json["entries"])


def test_check_in_the_future_and_acts_on_a_closed_detention_are_refused(custody, book):
    det = book()
    url = f"{API}/detentions/{det['id']}"
    future = (datetime.fromisoformat(ago(seconds=0).isoformat()) + timedelta(hours=1)).isoformat()
    r = custody.post(f"{url}/checks", "gaoler", json={"at": future})
    assert r.status_code == 422 and r.json["code"] == "in_the_future"
    assert custody.post(f"{url}/release", "sergeant", json={"outcome": "bailed"}).status_code == 201
    r = custody.post(f"{url}/checks", "gaoler", json={})
    assert r.status_code == 409 and r.json["code"] == "detention_closed"
    clock = custody.get(f"{url}/clock", "custody_reader").json
    assert clock["running"] is False and clock["overdue"] == []


def test_refused_detention_ends_it(custody, book):
    det = book(authorise=False)
    url = f"{API}/detentions/{det['id']}"
    r = custody.post(f"{url}/decision", "sergeant", json={"decision": "refuse", "reason": "no grounds"})
    assert r.status_code == 201
    got = custody.read(url, "sergeant").json
    assert got["state"] == "closed" and got["outcome"] == "refused_detention"
    again = custody.post(f"{url}/decision", "sergeant", json={"decision": "authorise", "reason": "x"})
    assert again.status_code == 409


def test_concurrent_checks_on_one_detention_are_all_kept_in_order(custody, book, app):
    """Several detention officers logging at once: every check kept, numbered without gaps."""
    import threading

    det = book()
    url = f"{API}/detentions/{det['id']}/checks"
    token = custody.token("gaoler")
    acknowledged: dict[int, list[int]] = {}

    def officer(n: int) -> None:
        http = app.test_client()
        acknowledged[n] = []
        for _ in range(8):
            r = http.post(url, json={"observation": f"officer {n}"}, headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 201, r.json
            acknowledged[n].append(r.json["seq"])

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    entries = custody.read(f"{API}/detentions/{det['id']}", "custody_reader").json["entries"]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    checks = [e for e in entries if e["kind"] == "check"]
    assert len(checks) == 32
    for n, seqs in acknowledged.items():
        assert seqs == sorted(seqs)                                   # each officer's checks in the order written
        assert {e["seq"] for e in checks if e["text"] == f"officer {n}"} == set(seqs)


def test_rights_given_and_legal_advice_are_recorded(custody, book):
    det = book()
    url = f"{API}/detentions/{det['id']}"
    r = custody.post(f"{url}/rights", "sergeant", json={"notice_given": True, "legal_advice_requested": True,
                                                         "solicitor": "duty solicitor", "interpreter": "Polish"})
    assert r.status_code == 201, r.json
    assert r.json["text"] == "Rights and entitlements given; legal advice requested (duty solicitor)"
    assert r.json["data"]["interpreter"] == "Polish" and "s.58" in r.json["data"]["cite"]
    r = custody.post(f"{url}/rights", "sergeant", json={"notice_given": True})
    assert r.status_code == 422 and "legal_advice_requested" in str(r.json)
    assert custody.post(f"{url}/rights", "gaoler", json={"notice_given": True, "legal_advice_requested": False}).status_code == 403
