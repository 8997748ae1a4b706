"""Reference numbers typed into the one search box, for a module's ``mips_search``.

An officer types a custody number, a crime reference or a URN into the same box as a
name. :func:`reference_tokens` gives the tokens of the query that look like the
module's references (upper-cased, from the free text and from what the kernel's parser
set aside as neither name nor date), so each module recognises its own references the
same way; the module then returns hits only for records whose person the user may see
(``persons.visible``).
"""
from __future__ import annotations

import re
from typing import Any

MAX_TOKENS = 20


def reference_tokens(query: Any, pattern: re.Pattern[str]) -> list[str]:
    """The distinct tokens of ``query`` (a search query or plain text) matching ``pattern``."""
    text = query if isinstance(query, str) else str(getattr(query, "text", "") or "")
    others = [] if isinstance(query, str) else list(getattr(query, "others", []) or [])
    seen: list[str] = []
    for token in [*others, *text.split()]:
        token = token.strip().upper()
        if token and pattern.match(token) and token not in seen:
            seen.append(token)
    return seen[:MAX_TOKENS]
