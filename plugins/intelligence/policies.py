"""Who may read intelligence and safeguarding records (casbin lines for ``mips_policies``).

The module's own records arrive with the intelligence module issue; until then these
rights govern the records of the systems it retires, which MiPS shows from search and the
person view (:attr:`core.kit.adapters.Adapter.module_right`): CrimInt logs need the right
to read intelligence, Merlin's records of children the right to read safeguarding records
(issue 21: legacy records follow the rights of the module that replaces them, not every
officer's). Analysts and intelligence officers read what a reader reads; safeguarding is
a role of its own, as a child's record is not every intelligence reader's business.
"""
from __future__ import annotations

DOMAIN = "intelligence"
INTELLIGENCE = "intelligence"
SAFEGUARDING = "safeguarding"

ROLES = {
    "analyst": "Searches, links and analyses intelligence",
    "intelligence_officer": "Submits, grades and sanitises intelligence reports",
    "reader": "Reads intelligence within its handling codes",
    "safeguarding": "Reads records of children and adults at risk (Merlin and its successor)",
}

POLICY_LINES = [
    f"p, reader, {DOMAIN}, {INTELLIGENCE}, read",
    f"p, safeguarding, {DOMAIN}, {SAFEGUARDING}, read",
    f"g, analyst, reader, {DOMAIN}",
    f"g, intelligence_officer, reader, {DOMAIN}",
]
