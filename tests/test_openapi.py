"""/api/openapi.json is a valid OpenAPI document and describes every API route."""
import re

import pytest

from live.core.extensions import db
from live.questions.api import ACTIONS
from tests.factories import FORUM, make_forum

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
        template = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule).replace("{question_id}", "{id}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if "{action}" in template:
                for action in ACTIONS:
                    assert (template.replace("{action}", action), method.lower()) in described
            else:
                assert (template, method.lower()) in described, (template, method)


# ---- the description tells the truth (issue 13.11) ----

_VERBS = {"get", "post", "put", "patch", "delete"}


def _concrete(path: str) -> str:
    return path.replace("{code}", FORUM["code"]).replace("{id}", "1").replace("{position}", "1")


def test_an_undescribed_method_is_a_405_with_allow(client):
    """RFC 9110: a 405 says in `Allow` which methods the resource has; they are the described
    ones (and HEAD, OPTIONS with a GET)."""
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path, operations in paths.items():
        declared = {method.upper() for method in operations}
        for verb in sorted(_VERBS - set(operations)):
            response = client.open(_concrete(path), method=verb.upper())
            assert response.status_code == 405, (verb, path, response.status_code)
            allow = {m.strip() for m in response.headers.get("Allow", "").split(",") if m}
            assert declared <= allow <= declared | {"HEAD", "OPTIONS"}, (verb, path, allow)
            assert response.is_json and response.get_json()["error"]


def test_a_page_405_has_allow_too(client):
    response = client.put("/login")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"] and "GET" in response.headers["Allow"]


def test_a_question_the_closed_forum_does_not_take_is_a_409(app, client, forum):
    spec = client.get("/api/openapi.json").get_json()
    assert "409" in spec["paths"]["/api/f/{code}/questions"]["post"]["responses"]
    closed, draft = make_forum(phase="closed"), make_forum(phase="draft")
    response = client.post(f"/api/f/{closed.code}/questions", json={"text": "Học phí ra sao?"})
    assert response.status_code == 409
    assert "đã kết thúc" in response.get_json()["error"]
    response = client.post(f"/api/f/{draft.code}/questions", json={"text": "Học phí ra sao?"})
    assert response.status_code == 409
    assert "chưa mở" in response.get_json()["error"]


def test_a_phone_form_is_still_told_the_forum_is_closed(client):
    forum = make_forum(phase="closed")
    page = client.post(f"/f/{forum.code}", data={"text": "Học phí ra sao?"})
    assert page.status_code == 400  # the form again, with the sentence and the text kept
    body = page.get_data(as_text=True)
    assert "đã kết thúc" in body and "Học phí ra sao?" in body


def test_every_request_body_names_its_fields_and_no_other(client, phone):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path, operations in paths.items():
        for operation in operations.values():
            if "requestBody" in operation:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
                assert schema["additionalProperties"] is False, path
    response = phone.ask("Học phí năm nay có tăng không?", nmae="Lan")
    assert response.status_code == 400
    assert response.get_json()["field"] == "nmae"
    assert "nmae" in response.get_json()["error"]


def test_a_blank_question_is_outside_the_description_and_refused(client, phone):
    spec = client.get("/api/openapi.json").get_json()
    text = spec["paths"]["/api/f/{code}/questions"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]["properties"]["text"]
    assert not re.search(text["pattern"], "   ")
    assert phone.ask("   ").status_code == 400


def test_query_ids_that_are_not_numbers_are_refused(app, forum):
    from tests.conftest import make_token
    from models import User
    token = make_token(db.session.query(User).filter_by(username="admin").one())
    response = app.test_client().get(f"/api/f/{forum.code}/questions?assignee=abc",
                                     headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert response.get_json()["field"] == "assignee"


# ---- what every Schemathesis check found (tests/test_fuzz.py), one request each ----

def test_a_delete_of_an_id_past_the_column_is_a_404(client, forum):
    """Two rules (POST, DELETE) on one path: a DELETE whose id fails the converter was a 405
    with `Allow: POST`, as if the resource existed."""
    for method in ("POST", "DELETE"):
        response = client.open(f"/api/f/{forum.code}/questions/17592186044415/upvote",
                               method=method)
        assert response.status_code == 404, (method, response.status_code)


def test_a_bulk_id_past_the_column_is_not_found(moderator):
    response = moderator.post("/questions/bulk",
                              json={"action": "reject", "ids": [2**63]})
    assert response.status_code == 400
    assert response.get_json()["field"] == "ids"
    assert str(2**63) in response.get_json()["error"]


def test_a_resend_with_a_body_no_question_has_is_refused(forum, phone):
    sent = phone.ask("Học phí năm nay có tăng không?", client_key="resend-null-0001")
    assert sent.status_code == 201
    again = phone.client.post(f"/api/f/{forum.code}/questions",
                              json={"text": None, "client_key": "resend-null-0001"})
    assert again.status_code == 400
    assert again.get_json()["field"] == "text"
