"""The printed custody record is read in court: UK local times, plain words, no internal
keys or Python values, the custody number and page numbers on every page, and no entry
split across two pages."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _long_record(custody, det):
    api = f"/api/v1/custody/detentions/{det['id']}"
    custody.post(f"{api}/risk", "sergeant", json={"observation_level": 2, "intoxicated": True, "risks": ["alcohol"]})
    custody.post(f"{api}/rights", "sergeant", json={"notice_given": True, "legal_advice_requested": False,
                                                    "declined_reason": "does not want one"})
    for n in range(40):  # enough checks for several pages
        custody.post(f"{api}/checks", "gaoler", json={"condition": f"check {n}: awake and talking", "roused": True})


def _pdf_pages(custody, det) -> list[str]:
    r = custody.read(f"/api/v1/custody/detentions/{det['id']}/record?format=pdf", "custody_reader")
    assert r.status_code == 200 and r.data.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(r.data)).pages]


def test_every_page_names_the_record_and_its_page(custody, book):
    det = book()
    _long_record(custody, det)
    pages = _pdf_pages(custody, det)
    assert len(pages) >= 2
    for n, text in enumerate(pages, start=1):
        assert det["custody_no"] in text
        assert f"Page {n} of {len(pages)}" in text
        assert "LANSBURY, Robert" in text


def test_the_record_reads_in_plain_words(custody, book):
    det = book()
    _long_record(custody, det)
    r = custody.read(f"/api/v1/custody/detentions/{det['id']}/record", "custody_reader")
    html = r.get_data(as_text=True)
    body = html[html.index("<body>"):]
    assert not ISO.search(body)  # times in UK local time, never ISO 8601
    for raw in ("True", "False", "[{", "{'", "check_every_minutes", "level_name", "legal_advice_requested"):
        assert raw not in body, raw
    assert "Roused: yes" in body and "Under the influence of drink or drugs: yes" in body
    assert "Legal advice requested: no" in body and "Risks: alcohol" in body
    assert "Date of birth</dt><dd>02/03/1984" in body
    assert "break-inside: avoid" in html  # rows are kept together on paper
