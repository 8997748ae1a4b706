"""The access log records paths without personal data (issue 21): a search's query string
(names, dates of birth) and the referring page are never written."""
from __future__ import annotations

import datetime
import logging
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

from core.cli import serve


def test_the_access_log_has_the_path_but_not_the_query_nor_the_referrer(monkeypatch):
    written: list[str] = []
    seen = {}

    def run(self):
        seen.update(self.options)

    monkeypatch.setattr(serve._Gunicorn, "run", run)
    serve.run("127.0.0.1", 5999, 1)
    cfg = Config()
    cfg.set("access_log_format", seen["access_log_format"])
    cfg.set("accesslog", "-")
    logger = Logger(cfg)
    handler = logging.Handler()
    handler.emit = lambda record: written.append(record.getMessage())
    logger.access_log.addHandler(handler)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/search?q=Robert+Fairweather&dob=1979-11-02",
               "PATH_INFO": "/search", "QUERY_STRING": "q=Robert+Fairweather&dob=1979-11-02",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.9",
               "HTTP_REFERER": "https://mips.example/persons/abc?purpose=Fairweather+stalking"}
    resp = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    logger.access(resp, SimpleNamespace(headers=[]), environ, datetime.timedelta(milliseconds=12))
    assert len(written) == 1
    line = written[0]
    assert '"GET /search HTTP/1.1" 200 1234' in line and "10.0.0.9" in line
    assert "Fairweather" not in line and "1979" not in line and "?" not in line and "purpose" not in line
