"""Server-Sent Events for live pages (``GET /push/<channel>``), on the browser session.

The listener is checked once, at the start, against the right the channel's owner
declared (a channel nobody declared answers 404); then the stream reads new messages
every second on a short-lived connection of its own (never holding one between polls),
sends each as an SSE ``message`` with its id, and a comment line every 15 seconds so
proxies keep the connection open. The browser's EventSource reconnects by itself,
sending the last id it saw (``Last-Event-ID``), so nothing is missed across a reconnect.
A stream lasts at most ``MAX_SECONDS``; the browser then simply reconnects.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterator

from flask import Blueprint, Response, abort, g, request, stream_with_context

from core.identity.access import requires
from core.persons import live  # noqa: F401  (declares the person page's channel)
from core.platform.current import current_kernel
from core.platform import push
from core.platform.uow import close_current

bp = Blueprint("web_push", __name__)
POLL_SECONDS = 1.0
KEEPALIVE_SECONDS = 15.0
MAX_SECONDS = 300.0


@bp.get("/push/<path:name>")
@requires("self", "read", "core")
def stream(name: str) -> Response:
    """A page's live channel: an SSE stream of the messages published on it."""
    declared = push.declared(name)
    kernel = current_kernel()
    if declared is None or not kernel.access.allowed(g.principal.username, declared.domain, declared.obj, declared.act):
        abort(404)
    db = kernel.db
    close_current()  # the stream holds no session of the request's: each poll opens its own
    given = request.headers.get("Last-Event-ID", "")
    with db.sessionmaker() as session:
        last = int(given) if given.isdigit() else push.latest(session)

    def events(last: int) -> Iterator[str]:
        started = quiet = time.monotonic()
        yield "retry: 2000\n\n"
        while time.monotonic() - started < MAX_SECONDS:
            with db.sessionmaker() as session:
                found = [(m.id, m.payload) for m in push.since(session, name, last)]
            for message_id, payload in found:
                last = message_id
                yield f"id: {message_id}\ndata: {json.dumps(payload)}\n\n"
            if found:
                quiet = time.monotonic()
            elif time.monotonic() - quiet > KEEPALIVE_SECONDS:
                quiet = time.monotonic()
                yield ": still here\n\n"
            time.sleep(POLL_SECONDS)

    response = Response(stream_with_context(events(last)), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"
    return response
