"""A browser-like test client for the officer pages: signs in through the form, keeps the
session cookie, and sends the CSRF token with every form post, as a browser would."""
from __future__ import annotations

import re

from tests.conftest import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class WebClient:
    def __init__(self, app):
        self.app = app
        self.http = app.test_client()
        self.csrf = ""

    def _remember_csrf(self, response):
        found = CSRF.search(response.get_data(as_text=True))
        if found:
            self.csrf = found.group(1)
        return response

    def get(self, path, **kw):
        return self._remember_csrf(self.http.get(path, **kw))

    def post(self, path, data=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf)
        return self._remember_csrf(self.http.post(path, data=data, **kw))

    def sign_in(self, username, password=PASSWORD):
        self.get("/sign-in")
        r = self.post("/sign-in", {"username": username, "password": password})
        assert r.status_code == 302, r.get_data(as_text=True)[:500]
        self.get(r.headers["Location"])  # the landing page has the sign-out form: its CSRF token is the session's
        return self

    def text(self, path, **kw):
        r = self.get(path, **kw)
        return r.status_code, r.get_data(as_text=True)
