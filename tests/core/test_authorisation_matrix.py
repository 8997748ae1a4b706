"""The authorisation matrix, generated (issue 21): every operation of the OpenAPI document
x every role any policy names x a visible and a restricted person's id, against an oracle
computed from the casbin policy lines alone (not from the enforcer the guard uses).

A new route is in it the moment it is in the OpenAPI document, and the test fails if any
``/api/v1`` route is missing from the document, so no route can escape. Kept to one app per
database and one request per (operation, distinct set of rights): roles that grant exactly
the same rights answer alike, so one user stands for them (every role is still checked,
by its rights). Person ids are sampled: one visible, one restricted, one that does not exist.
"""
from __future__ import annotations

import re
from collections import defaultdict

from core.identity.access import PolicySet
from core.identity.services import create_user
from core.platform.db import commit, session
from core.persons import service as persons
from tests.conftest import PASSWORD, Client

MISSING = "0" * 32
PURPOSE = {"X-MiPS-Purpose": "authorisation matrix"}
# Calls that would end the caller's session or need a real second party: checked for the
# guard's answer only by users who may not make them.
ENDS_SESSION = {("POST", "/api/v1/auth/sign-out")}
SAMPLE = {"detention_id": MISSING, "crime_id": MISSING, "object_id": MISSING, "location_id": MISSING,
          "match_id": "f" * 32, "suite": "CAM", "system": "nosuch", "username": "nobody", "name": "nosuch",
          "entity_type": "person", "from": "2026-01-01", "to": "2026-01-31", "q": "smith"}
PERSON_PARAMS = {"person_id", "entity_id"}


def _key_match(pattern: str, obj: str) -> bool:
    """casbin's keyMatch: ``*`` matches anything from there on."""
    return obj == pattern or ("*" in pattern and obj.startswith(pattern.split("*", 1)[0]))


class Oracle:
    """Who may do what, read straight from the policy lines: a role holds its own lines and
    those of every role it inherits in the same domain."""

    def __init__(self, policy: PolicySet) -> None:
        self.lines = defaultdict(list)
        for role, domain, obj, act in policy.policies:
            self.lines[(role, domain)].append((obj, act))
        self.parents = defaultdict(set)
        for child, parent, domain in policy.inheritance:
            self.parents[(child, domain)].add(parent)

    def _roles(self, role: str, domain: str) -> set[str]:
        seen, todo = set(), [role]
        while todo:
            r = todo.pop()
            if r not in seen:
                seen.add(r)
                todo += self.parents[(r, domain)]
        return seen

    def allows(self, grants: set[tuple[str, str]], domain: str, obj: str, act: str) -> bool:
        roles = {r for role, d in grants if d == domain for r in self._roles(role, d)}
        return any(_key_match(o, obj) and a in (act, "*") for r in roles for o, a in self.lines[(r, domain)])

    def rights(self, grants: set[tuple[str, str]]) -> frozenset:
        out = set()
        for role, domain in grants:
            for r in self._roles(role, domain):
                out |= {(domain, o, a) for o, a in self.lines[(r, domain)]}
        return frozenset(out)


def _flask_path(openapi_path: str) -> str:
    return re.sub(r"\{([^}]+)\}", r"<\1>", openapi_path)


def _operations(app, spec):
    """``(method, openapi path, rule or None, public, domain, required query params, path params)``."""
    by_rule = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            by_rule[re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"<\1>", rule.rule)] = rule
    modules = app.config["MIPS_BLUEPRINT_MODULES"]
    ops, documented = [], set()
    for path, item in spec["paths"].items():
        rule = by_rule.get(_flask_path(path))
        assert rule is not None, f"{path} is in the OpenAPI document but no route answers it"
        view = app.view_functions[rule.endpoint]
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            documented.add((rule.rule, method.upper()))
            fn = getattr(view.view_class, method)
            params = [p for p in op.get("parameters", []) + item.get("parameters", []) if "in" in p]
            query = [p["name"] for p in params if p["in"] == "query" and p.get("required")]
            path_params = re.findall(r"\{([^}]+)\}", path)
            owner = modules.get(rule.endpoint.rsplit(".", 1)[0])
            ops.append((method.upper(), path, getattr(fn, "_mips_rule", None), getattr(fn, "_mips_public", False),
                        owner, query, path_params))
    routed = {(rule.rule, m) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routed == documented, f"routes outside the OpenAPI document: {sorted(routed - documented)}"
    return ops


def _users(app, kernel, oracle) -> dict[str, set[tuple[str, str]]]:
    """One user per distinct set of rights among all the roles (plus one with none)."""
    chosen: dict[frozenset, tuple[str, set]] = {}
    for role, domain in sorted(kernel.known_roles()):
        grants = {(role, domain)}
        chosen.setdefault(oracle.rights(grants), (f"m-{domain}-{role}".replace("_", "-"), grants))
    # the everyday combinations: an officer who is also vetted, or a records manager
    for extra in ({("officer", "core"), ("vetted", "core")}, {("officer", "core"), ("records_manager", "core")}):
        chosen.setdefault(oracle.rights(extra), ("m-" + "-".join(sorted(r for r, _ in extra)).replace("_", "-"), extra))
    chosen.setdefault(frozenset(), ("m-none", set()))
    with app.app_context():
        for name, grants in chosen.values():
            create_user(session(), kernel.known_roles(), username=name, password=PASSWORD, unit="Camden",
                        roles=[f"{r}:{d}" for r, d in sorted(grants)])
        commit()
    return {name: grants for name, grants in chosen.values()}


def test_every_operation_x_every_role_x_restricted_and_visible_ids(app, kernel):
    client = Client(app)
    for module in sorted(kernel.installed):
        assert client.put(f"/api/v1/modules/{module}", "admin", json={"enabled": True, "units": []}).status_code == 200
    with app.app_context():
        kernel.refresh(session(), force=True)
        oracle = Oracle(kernel.policy_lines(kernel.installed))
        ids = {"visible": persons.create(session(), {"names": [{"given": "Zed", "family": "Quill"}]},
                                         system="mips", key="m/1").person.id,
               "restricted": persons.create(session(), {"names": [{"given": "Orla", "family": "Quennell"}]},
                                            system="mips", key="m/2", restriction="restricted").person.id,
               "missing": MISSING}
        commit()
    spec = client.get("/api/openapi.json").json
    ops = _operations(app, spec)
    users = _users(app, kernel, oracle)
    public = {(m, p) for m, p, _, pub, *_ in ops if pub}
    assert public == {("POST", "/api/v1/auth/token"), ("GET", "/api/v1/health")}
    wrong, checked = [], 0
    for method, path, rule, is_public, owner, query, path_params in sorted(ops, key=lambda o: o[:2] in ENDS_SESSION):
        if is_public:
            continue
        domain = (rule.domain or owner or "core") if rule is not None else "-"
        touches_person = bool(PERSON_PARAMS & (set(path_params) | set(query)))
        for user, grants in users.items():
            # a view that declares no right is refused to everyone (deny by default)
            allowed = rule is not None and oracle.allows(grants, domain, rule.obj, rule.act)
            if allowed and (method, path) in ENDS_SESSION:
                continue
            sees_restricted = oracle.allows(grants, "core", "persons_restricted", "read")
            answers = {}
            for which in (("visible", "restricted", "missing") if touches_person else ("visible",)):
                values = {**SAMPLE, "person_id": ids[which], "entity_id": ids[which]}
                url = re.sub(r"\{([^}]+)\}", lambda m: values.get(m.group(1), MISSING), path)
                if query:
                    url += "?" + "&".join(f"{name}={values.get(name, 'x')}" for name in query)
                body = {} if method in ("POST", "PUT", "PATCH") else None
                r = client.request(method, url, user, headers=PURPOSE, **({"json": body} if body is not None else {}))
                checked += 1
                payload = r.get_json(silent=True) if r.is_json else None
                code = payload.get("code") if isinstance(payload, dict) else None
                answers[which] = (r.status_code, code)
                if r.status_code >= 500:
                    wrong.append(f"{user} {method} {url}: {r.status_code}")
                elif allowed and (r.status_code, code) == (403, "forbidden"):
                    wrong.append(f"{user} {method} {url}: refused, but {domain}:{rule.obj}:{rule.act} is granted")  # type: ignore[union-attr]
                elif not allowed and (r.status_code, code) != (403, "forbidden"):
                    wrong.append(f"{user} {method} {url}: {r.status_code} {code}, but {rule} is not granted in {domain}")
            if touches_person and allowed and not sees_restricted and answers["restricted"] != answers["missing"]:
                wrong.append(f"{user} {method} {path}: a restricted person answers {answers['restricted']}, "
                             f"one that does not exist {answers['missing']} (an existence oracle)")
    assert not wrong, "\n".join(wrong[:40])
    assert checked > len(ops) * 3  # the matrix ran, it was not skipped


def test_a_user_named_like_a_role_passes_no_grant_to_its_holders(app, kernel):
    """casbin keeps users and roles in one namespace: a user called ``vetted`` who is also an
    officer made every holder of the ``vetted`` role an officer, and a user called
    ``officer`` made with ``admin`` would have made every officer an administrator."""
    client = Client(app)
    with app.app_context():
        create_user(session(), kernel.known_roles(), username="vetted-only", password=PASSWORD, unit="Camden",
                    roles=["vetted:core"])
        create_user(session(), kernel.known_roles(), username="reader", password=PASSWORD, unit="Camden",
                    roles=["admin:core"])
        commit()
    # the suite's user "vetted" holds officer; holding only the vetted role gives no officer right
    assert client.get("/api/v1/auth/me", "vetted-only").status_code == 403
    # a user named "reader" holding admin gives custody readers nothing of admin's
    from tests.conftest import add_users
    add_users(app, {"custody-reader": ["reader:custody"]})
    assert client.get("/api/v1/users", "custody-reader").status_code == 403
    assert client.get("/api/v1/users", "reader").status_code == 200
