"""The custody pages' blueprint (mounted under ``/custody/``): the board and record pages
(``web.py``) and the desk's forms (``desk.py``) add their routes to it."""
from __future__ import annotations

from flask import Blueprint

pages = Blueprint("custody_web", __name__, template_folder="templates")
