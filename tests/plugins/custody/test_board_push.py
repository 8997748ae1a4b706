"""The custody board is told of each change as it commits (Server-Sent Events on the
channel custody.board.<suite>), only listeners with the right to read custody hear it,
and a channel nobody declared does not exist."""
from __future__ import annotations

from tests.core.web_client import WebClient


def _stream(web, path):
    response = web.http.get(path, buffered=False)
    return response, iter(response.response)


def test_a_check_logged_reaches_the_board_stream(custody, book, app):
    det = book()
    web = WebClient(app).sign_in("custody_reader")
    response, chunks = _stream(web, "/push/custody.board.CAM")
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    assert next(chunks).startswith(b"retry:")
    custody.post(f"/api/v1/custody/detentions/{det['id']}/checks", "gaoler", json={"condition": "awake"})
    message = next(chunks).decode()
    assert message.startswith("id: ") and det["custody_no"] in message and '"kind": "check"' in message
    response.close()


def test_only_those_who_may_read_custody_listen(custody, app):
    officer = WebClient(app).sign_in("officer")  # no custody role
    assert officer.get("/push/custody.board.CAM").status_code == 404
    reader = WebClient(app).sign_in("custody_reader")
    assert reader.get("/push/nobody.declared.this").status_code == 404


def test_the_board_page_listens_and_still_refreshes_without_javascript(custody, book, app):
    book()
    status, html = WebClient(app).sign_in("custody_reader").text("/custody/suites/CAM")
    assert 'data-mips-push="custody.board.CAM"' in html and "web/push.js" in html
    assert 'http-equiv="refresh"' in html


def test_the_board_shows_the_court_deadline_of_a_charged_detainee(custody, book, app):
    det = book()
    assert custody.post(f"/api/v1/custody/detentions/{det['id']}/charge", "sergeant", json={}).status_code == 201
    status, html = WebClient(app).sign_in("custody_reader").text("/custody/suites/CAM")
    assert "Before court by" in html and "PACE s.46" in html


def test_old_messages_are_pruned_and_new_ones_kept(custody, book, app, monkeypatch):
    """Every check publishes a message: without pruning the table would grow for ever."""
    from datetime import timedelta

    from sqlalchemy import select

    from core.platform import push
    from core.platform.db import commit, session
    from core.platform.timeutil import utcnow

    det = book()
    with app.app_context():
        old = utcnow() - push.KEEP - timedelta(minutes=1)
        session().execute(push.PushMessage.__table__.insert(), [{"channel": "custody.board.CAM", "payload": {}, "at": old}] * 3)
        commit()
    monkeypatch.setattr(push, "PRUNE_EVERY", 1)
    custody.post(f"/api/v1/custody/detentions/{det['id']}/checks", "gaoler", json={"condition": "awake"})
    with app.app_context():
        ats = list(session().scalars(select(push.PushMessage.at)))
    assert ats and all(at > utcnow() - push.KEEP for at in ats)
