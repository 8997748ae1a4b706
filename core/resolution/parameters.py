"""Where the model's m and u probabilities live, and the few that are fixed by rule.

``weights.json`` holds, per comparison and level, the m probability (share of true
matches at that level) and the u probability (share of non-matches), as estimated by
``python -m research.train``; both the one-pair compare and the batch model read
it, so they weigh evidence alike. Kept apart from the Splink model so that comparing
one pair (on every record created through the API) does not import Splink.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
# Fixed probabilities of the hard-rule levels (never estimated).
ID_AGREES = (0.99, 1e-12)
ID_DIFFERS = (1e-12, 0.999)
GIVEN_DIFFERS = (1e-9, 0.9)

# Identifiers issued by the national record (a PNC ID, a CRO number) carry a check
# character and are checked against that record when they are written, so two valid
# ones that differ are two people. The others (national insurance number, driving
# licence, passport, another scheme's number) are copied by hand from a document or
# from what the person says; a keying slip is common and nothing catches it, so there
# a difference is strong evidence against one person, not a rule, and a value one
# keystroke away from the other is a slip more often than a coincidence.
AUTHORITATIVE_IDENTIFIERS = ("pnc_id", "cro_number")
KEYED_ID_NEAR = (0.01, 1e-5)      # one edit apart: m is the keying-slip rate, u the chance of it between strangers
KEYED_NEAR_MIN_LENGTH = 6         # shorter numbers one edit apart are too often strangers
KEYED_ID_DIFFERS = (0.005, 0.9999)


@lru_cache(maxsize=4)
def _read(path: Path, mtime: float) -> dict:
    return json.loads(path.read_text())


def load_weights(path: Path = WEIGHTS_FILE) -> dict:
    return _read(path, path.stat().st_mtime)
