"""A module switched on before its pages exist says what it offers so far at
``/<module>/``, instead of a bare "Page not found"; off, it says it is off; a name that is
no module is still not found."""
from __future__ import annotations

import pytest

from tests.core.web_client import WebClient


@pytest.fixture
def web(app):
    return lambda user: WebClient(app).sign_in(user)


def test_a_module_without_pages_says_what_it_offers(web, enable):
    enable("investigation", ["Camden"])
    status, page = web("officer").text("/investigation/")
    assert status == 200
    assert "<h1 class=\"govuk-heading-l\">Investigation</h1>" in page and "has no pages in MiPS yet" in page
    retires = page[page.index('data-testid="module-retires"'):]
    assert "CRIS" in retires and "Airspace" in retires
    assert "investigator" in page  # the roles it brings


def test_a_module_without_pages_that_is_off_for_the_unit_says_so(web, enable):
    enable("investigation", ["Hackney"])
    status, page = web("officer").text("/investigation/")
    assert status == 404 and "The investigation module is off" in page


def test_a_name_that_is_no_module_is_not_found_and_a_module_with_pages_keeps_its_own(web, enable):
    status, page = web("officer").text("/nonesuch/")
    assert status == 404 and "Page not found" in page
    enable("mockmod")
    status, page = web("viewer").text("/mockmod/")
    assert status == 200 and "has no pages in MiPS yet" not in page
