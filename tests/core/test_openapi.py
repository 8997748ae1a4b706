"""OpenAPI 3 at /api/openapi.json and Swagger UI at /api/docs, open without a token."""
from __future__ import annotations


def test_openapi_document_lists_core_and_module_paths(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    spec = r.json
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/auth/token", "/api/v1/modules", "/api/v1/modules/{name}", "/api/v1/audit",
                 "/api/v1/users", "/api/v1/mockmod/things"):
        assert path in spec["paths"], path
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    # every body is a documented schema
    post_users = spec["paths"]["/api/v1/users"]["post"]
    assert "requestBody" in post_users
    assert "Error" in spec["components"]["schemas"]
    assert set(spec["components"]["schemas"]["Error"]["properties"]) == {"code", "message", "errors"}


def test_swagger_ui_is_served_from_our_own_static_folder(client):
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_swagger_ui_assets_are_installed_locally(client):
    r = client.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js")
    assert r.status_code == 200 and len(r.data) > 100_000
