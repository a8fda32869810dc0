"""/api/openapi.json is a valid OpenAPI document and describes every API route."""
import re

import pytest

from live.routes.api import ACTIONS

validator = pytest.importorskip("openapi_spec_validator", reason="a test extra")


def test_the_description_is_valid_openapi(client):
    spec = client.get("/api/openapi.json").get_json()
    validator.validate(spec)


def test_every_api_route_is_described(app, client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    described = {(path, method) for path, item in paths.items() for method in item}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint == "api.openapi":
            continue
        template = re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule.rule).replace("{question_id}", "{id}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if "{action}" in template:
                for action in ACTIONS:
                    assert (template.replace("{action}", action), method.lower()) in described
            else:
                assert (template, method.lower()) in described, (template, method)
