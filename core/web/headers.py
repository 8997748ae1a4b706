"""Security headers on every answer, pages and API alike.

* **Content-Security-Policy**: everything from this site only (the design systems,
  cytoscape and Swagger UI are served by MiPS from ``core/static/vendor``, never a CDN).
  The one inline script of the GOV.UK template carries a per-request nonce (``cspNonce``);
  cytoscape injects one fixed ``<style>`` rule, allowed by its hash. Swagger UI's page
  (``/api/docs``, flask-smorest's template, no user data) has an inline start-up script
  without a nonce, so that page alone allows inline script and style.
* **Anti-framing**: ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY`` (older browsers).
* ``X-Content-Type-Options: nosniff``; ``Referrer-Policy: no-referrer`` (addresses carry
  person ids and searched names).
* ``Cache-Control: no-store`` on every page and API answer (person records, search
  results, custody records must not stay in a shared or browser cache); the design
  systems' static files keep their caching.
"""
from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, g, request

#: base64 SHA-256 of cytoscape's injected rule ".__________cytoscape_container { position: relative; }"
CYTOSCAPE_STYLE = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='"
STATIC_PREFIXES = ("/static/", "/assets/")
DOCS_PATH = "/api/docs"


def nonce() -> str:
    """This request's CSP nonce, made on first use (templates get it as ``cspNonce``)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def policy(path: str) -> str:
    if path.startswith(DOCS_PATH):
        scripts, styles = "'self' 'unsafe-inline'", "'self' 'unsafe-inline'"
    else:
        scripts, styles = f"'self' 'nonce-{nonce()}'", f"'self' {CYTOSCAPE_STYLE}"
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", f"style-src {styles}", "img-src 'self' data:",
        "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
        "form-action 'self'", "frame-ancestors 'none'",
    ])


def add_headers(response: Any) -> Any:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", policy(request.path))
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    if not request.path.startswith(STATIC_PREFIXES):
        headers["Cache-Control"] = "no-store"
        headers.setdefault("Pragma", "no-cache")
    return response


def install(app: Flask) -> None:
    app.after_request(add_headers)
    app.context_processor(lambda: {"cspNonce": nonce()})
