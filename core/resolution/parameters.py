"""Where the model's m and u probabilities live, and the few that are fixed by rule.

``weights.json`` holds, per comparison and level, the m probability (share of true
matches at that level) and the u probability (share of non-matches), as estimated by
``python -m core.resolution.train``; both the one-pair compare and the batch model read
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


@lru_cache(maxsize=4)
def _read(path: Path, mtime: float) -> dict:
    return json.loads(path.read_text())


def load_weights(path: Path = WEIGHTS_FILE) -> dict:
    return _read(path, path.stat().st_mtime)
