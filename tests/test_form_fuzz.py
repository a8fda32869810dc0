"""No 500 from strange input on the pages and form routes (the JSON API has tests/test_fuzz.py).

Every rule of the app's URL map outside /api/ and /static/ is called, as a logged-in admin with
a valid CSRF token, with odd path values (ids past what a database column holds, negative,
line breaks, NUL) and form bodies whose every field is odd in the same ways. Each answer must be
a page of ours (2xx, 3xx or 4xx), never a 5xx."""
import itertools
import re

import pytest

from tests.conftest import Moderator

ODD_INTS = ["9223372036854775808", "99999999999999999999999", "-1", "0", "1e3", "١٢"]
ODD_TEXT = ["a\r\nLocation: http://evil.example", "\x00", "x" * 5000, "%0d%0a", "//evil.example",
            "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"), " "]
FIELDS = ["name", "text", "title", "affiliation", "received_on", "presenter", "planned_minutes",
          "note", "kind", "direction", "client_key", "channel", "assignee_id", "username", "seen",
          "role", "repeat", "referred_to", "prep_due", "phase", "new", "into", "forum_id", "due",
          "current", "contact_phone", "attendance", "assignee", "position", "id", "password",
          "password2", "locked", "topic", "order", "next", "outcome"]


def _paths(app, code):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/static/")) or rule.endpoint == "static":
            continue
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        names = [name for name in rule.arguments if name != "code"]
        for values in itertools.product(ODD_INTS[:3] + ["a\nb"], repeat=len(names)):
            path = rule.rule
            for name, value in zip(names, values):
                path = re.sub(rf"<(?:[a-z]+:)?{name}>", value.replace("\n", "%0A"), path)
            path = re.sub(r"<(?:[a-z]+:)?code>", code, path)
            for method in methods:
                yield method, path


def test_no_form_route_answers_500(app, forum):
    staff = Moderator(app.test_client(), forum)
    failures = []
    for method, path in sorted(set(_paths(app, forum.code))):
        bodies = [{}] if method == "GET" else [
            {field: value for field in FIELDS} for value in ODD_INTS + ODD_TEXT]
        for body in bodies:
            body = {**body, "csrf_token": staff.csrf}
            try:
                response = staff.client.open(path, method=method,
                                             data=None if method == "GET" else body,
                                             query_string={"next": "/x\r\ny"})
            except Exception as error:  # the test app propagates what would be a 500
                failures.append(f"{method} {path} {str(body)[:80]}: {error!r}"[:300])
                break
            if response.status_code >= 500:
                failures.append(f"{method} {path} {str(body)[:80]}: {response.status_code}")
                break
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("target", ["/x\r\ny", "/\nevil", "\r\n/", "/%0d%0aLocation:x"])
def test_a_line_break_in_next_is_not_followed(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.status_code == 302
    assert "\n" not in response.headers["Location"] and "\r" not in response.headers["Location"]


@pytest.mark.parametrize("target", ["/x\r\ny", "/\nevil", "//evil.example", "/ok\x7f"])
def test_a_strange_next_after_a_correct_login_goes_to_the_start(client, target):
    from tests.conftest import ADMIN_PASSWORD
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", query_string={"next": target},
                           data={"username": "admin", "password": ADMIN_PASSWORD,
                                 "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_a_plain_next_is_followed(client, forum):
    response = client.get("/lang/en", query_string={"next": f"/f/{forum.code}"})
    assert response.headers["Location"].endswith(f"/f/{forum.code}")
