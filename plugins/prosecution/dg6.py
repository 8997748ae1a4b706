"""Who charges: the Director's Guidance on Charging (6th edition) Annex 1, from the cited
rule files ``rules/dg6.toml`` and ``rules/offences.toml``.

:func:`decide` takes the offences (a known code, or the officer's description of its mode
and flags), the anticipated plea, whether the case is suitable for sentence in the
magistrates' court, and the circumstances the officer declares (hate crime, domestic
abuse, a death...). It answers who decides — ``police`` or ``cps`` — and every reason,
each with its citation, so the API, the record and an inspection say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.kit import Rules, load_rules, refuse

RULES = Path(__file__).with_name("rules")
POLICE, CPS = "police", "cps"
GUILTY, NOT_GUILTY = "guilty", "not_guilty"
MAGISTRATES, CROWN = "magistrates", "crown"


def rules() -> Rules:
    return load_rules(RULES / "dg6.toml")


def offences() -> Rules:
    return load_rules(RULES / "offences.toml")


def circumstances() -> set[str]:
    """Every circumstance an officer may declare (the exclusions' ``circumstance`` and
    ``needs_circumstance``)."""
    out = set()
    for rule in rules()["exclusions"].values():
        out |= {rule[k] for k in ("circumstance", "needs_circumstance") if k in rule}
    return out


@dataclass(frozen=True)
class Reason:
    """One step of the decision, in words, with the rule that made it."""

    rule: str
    said: str
    cite: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "said": self.said, "cite": self.cite}


@dataclass
class Decision:
    decider: str
    reasons: list[Reason] = field(default_factory=list)
    offences: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"decider": self.decider, "reasons": [r.as_dict() for r in self.reasons], "offences": self.offences}


def offence(given: dict[str, Any]) -> dict[str, Any]:
    """An offence as the rules read it: a known code's mode and flags (cited), or the
    officer's own description of an offence the list does not hold."""
    known = offences()["offences"]
    code = (given.get("code") or "").strip().upper()
    if code in known:
        spec = known[code]
        return {"code": code, "wording": given.get("wording") or spec["title"], "mode": spec["mode"],
                "flags": sorted(set(spec["flags"]) | set(given.get("flags") or ())),
                "cite": offences().cite(f"offences.{code}")}
    if given.get("mode") not in offences()["modes"]["known"]:
        refuse("offence_mode_needed", f"Offence {code or given.get('wording')!r} is not in MiPS's list: say whether it is "
                                      "summary, either_way or indictable_only", offences().cite("modes"))
    return {"code": code, "wording": given.get("wording") or code, "mode": given["mode"],
            "flags": sorted(set(given.get("flags") or ())), "cite": "as described by the officer"}


def _exclusions(specs: list[dict[str, Any]], declared: set[str]) -> list[Reason]:
    flags = {f for s in specs for f in s["flags"]}
    out = []
    for key, rule in rules()["exclusions"].items():
        by_offence = rule.get("offence_flag") in flags
        by_circumstance = rule.get("circumstance") in declared
        needed = rule.get("needs_circumstance")
        if (by_offence or by_circumstance) and (needed is None or needed in declared):
            out.append(Reason(f"exclusion.{key}", f"the CPS decides {rule['title']}", rules().cite(f"exclusions.{key}")))
    return out


def _police_may(spec: dict[str, Any], plea: str, venue: str) -> Reason:
    """Whether the police may charge this one offence (before exclusions), and why."""
    may, cps = rules()["police_may_charge"], rules()["cps_decides"]
    name = spec["code"] or spec["wording"]
    if spec["mode"] == "summary":
        return Reason(f"{POLICE}.summary_only", f"{name}: {may['summary_only']}", rules().cite("police_may_charge"))
    if spec["mode"] == "indictable_only":
        return Reason(f"{CPS}.indictable_only", f"{name}: {cps['indictable_only']}", rules().cite("cps_decides"))
    if "retail_theft" in spec["flags"]:
        if venue == MAGISTRATES:
            return Reason(f"{POLICE}.retail_theft", f"{name}: {may['retail_theft']}", rules().cite("police_may_charge"))
        return Reason(f"{CPS}.retail_theft_crown", f"{name}: {cps['retail_theft_crown']}", rules().cite("cps_decides"))
    if venue != MAGISTRATES:
        return Reason(f"{CPS}.either_way_crown", f"{name}: {cps['either_way_crown']}", rules().cite("cps_decides"))
    if plea != GUILTY:
        return Reason(f"{CPS}.either_way_not_guilty", f"{name}: {cps['either_way_not_guilty']}", rules().cite("cps_decides"))
    return Reason(f"{POLICE}.either_way_guilty", f"{name}: {may['either_way_guilty']}", rules().cite("police_may_charge"))


def decide(given: list[dict[str, Any]], plea: str, venue: str, declared: set[str] | list[str] = ()) -> Decision:
    """Who decides the charge of a case, and why (DG6 Annex 1)."""
    unknown = set(declared) - circumstances()
    if unknown:
        refuse("unknown_circumstance", f"Not a circumstance DG6 names: {', '.join(sorted(unknown))} (one of "
                                       f"{', '.join(sorted(circumstances()))})", rules().cite("exclusions.death"))
    specs = [offence(o) for o in given]
    per_offence = [_police_may(s, plea, venue) for s in specs]
    exclusions = _exclusions(specs, set(declared))
    reserved = [r for r in per_offence if r.rule.startswith(CPS)]
    reasons = exclusions + per_offence
    if (reserved or exclusions) and len(specs) > 1 and len(reserved) < len(specs):
        reasons.append(Reason(f"{CPS}.whole_case", rules()["cps_decides"]["whole_case"], rules().cite("cps_decides.whole_case")))
    decider = CPS if reserved or exclusions else POLICE
    shown = [{**s, "police_may_charge": not r.rule.startswith(CPS) and not exclusions, "reason": r.as_dict()}
             for s, r in zip(specs, per_offence, strict=True)]
    return Decision(decider, reasons, shown)
