"""Every route and socket action is checked for anonymous callers and for an account without
a staff role. A new route that is neither listed as public nor refuses them fails here."""
import pytest

from models import PERMISSIONS, Role, db
from tests.conftest import make_forum, make_token, make_user
from tests.factories import FORUM

ALL_PERMISSIONS = set().union(*PERMISSIONS.values())

PUBLIC = {
    "static", "index", "auth.login", "auth.logout", "api.openapi", "api.state", "api.submit",
    "attendee.page", "attendee.send", "attendee.sent", "attendee.qr_svg", "attendee.qr_png",
    "attendee.poster", "attendee.results", "projector.screen", "api.upvote",
    "i18n.switch", "attendee.find_receipt", "attendee.receipt", "attendee.receipt_qr",
    "attendee.bulletin", "attendee.results_qr",
    # staff, or the projector opened with its screen key (tests/test_hall_only.py)
    "api.hall_pass", "projector.hall_qr",
}
SAMPLE = {"code": FORUM["code"], "question_id": 1, "action": "approve", "position": 1,
          "client_key": "abcdefgh12", "filename": "css/base.css", "fmt": "json", "name": "state",
          "item_id": 1, "assignee_id": 1, "topic_id": 1, "user_id": 1}
#: routes where a signed-in account acts on itself, on no forum: every role may use them
OWN_ACCOUNT = {"accounts.account_password", "accounts.change_password", "auth.logout_everywhere"}


def staff_routes(app):
    """(endpoint, method, url) of every staff route; the actions on a question, one route with
    a permission beside each action, once per action."""
    for endpoint, method, url, _ in staff_checks(app):
        yield endpoint, method, url


def staff_checks(app):
    """As `staff_routes`, with the permission each needs."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        permission = getattr(app.view_functions[rule.endpoint], "permission", None)
        by_action = permission if isinstance(permission, dict) else {SAMPLE["action"]: permission}
        for action, needed in by_action.items():
            url = rule.build({**{k: v for k, v in SAMPLE.items() if k in rule.arguments},
                              **({"action": action} if "action" in rule.arguments else {})})[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, url, needed


def test_there_are_staff_routes_to_check(app):
    endpoints = {e for e, _, _ in staff_routes(app)}
    assert {"moderator.console", "record.page", "api.act", "api.queue", "api.agenda_next",
            "api.agenda_start", "api.assignees", "record.download"} <= endpoints


def test_anonymous_callers_are_refused_everywhere(app, phone):
    phone.question()
    client = app.test_client()
    for endpoint, method, url in staff_routes(app):
        response = client.open(url, method=method, json={} if method == "POST" else None)
        if url.startswith("/api/"):
            assert response.status_code == 401, (endpoint, method, response.status_code)
        else:
            assert response.status_code == 302, (endpoint, method)
            assert response.headers["Location"].startswith("/login"), endpoint


def test_every_staff_route_names_its_permission(app):
    for endpoint, _, url, permission in staff_checks(app):
        assert permission in ALL_PERMISSIONS, f"{endpoint} {url} names no known permission"


def test_each_action_on_a_question_names_its_own_permission(app):
    """One route serves every action; the permission is the action's (a secretary notes an
    answer, a unit explains, the rest is moderation)."""
    needed = {url.rsplit("/", 1)[1]: permission for endpoint, _, url, permission
              in staff_checks(app) if endpoint == "api.act"}
    assert needed["answer"] == "question.answer"
    assert needed["explain"] == "unit.prepare"
    assert needed["approve"] == needed["show"] == "question.moderate"


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_gets_exactly_its_permissions_on_every_route(app, phone, forum, role):
    question = phone.question()
    user = make_user(f"user-{role}", role, "role-password-1")
    user.forum_id = None if role == "admin" else forum.id
    if role == "unit":  # a unit account works on the questions of its own unit
        question.assignee_id = user.assignee_id = forum.assignees[-1].id
    db.session.commit()
    token = make_token(user)
    client = app.test_client()
    for endpoint, method, url, permission in staff_checks(app):
        response = client.open(url, method=method, json={} if method == "POST" else None,
                               headers={"Authorization": f"Bearer {token}"})
        if permission in PERMISSIONS[role]:
            assert response.status_code not in (401, 403), (role, endpoint, method)
        else:
            assert response.status_code == 403, (role, endpoint, method, response.status_code)


@pytest.mark.parametrize("role", ["moderator", "secretary", "unit"])
def test_staff_of_one_forum_cannot_touch_another(app, phone, role):
    phone.question()
    elsewhere = make_forum("dien-dan-khac")
    user = make_user(f"other-{role}", role, "role-password-1")
    user.forum_id = elsewhere.id
    db.session.commit()
    token = make_token(user)
    client = app.test_client()
    for endpoint, method, url in staff_routes(app):
        if endpoint in OWN_ACCOUNT:
            continue
        response = client.open(url, method=method, json={} if method == "POST" else None,
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 403, (role, endpoint, method, response.status_code)
    own = client.get("/api/f/dien-dan-khac/questions", headers={"Authorization": f"Bearer {token}"})
    assert own.status_code == (200 if role != "unit" else 403)


def test_a_wrong_token_is_401(client, phone, forum):
    question = phone.question()
    response = client.post(f"/api/f/{forum.code}/questions/{question.id}/approve",
                           headers={"Authorization": "Bearer not-a-real-token"})
    assert response.status_code == 401


def test_a_token_works_without_csrf(client, phone, forum):
    from models import User

    question = phone.question()
    token = make_token(db.session.scalar(db.select(User).where(User.username == "admin")))
    response = client.post(f"/api/f/{forum.code}/questions/{question.id}/approve",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_a_cookie_session_needs_the_csrf_header(moderator, phone, forum):
    question = phone.question()
    response = moderator.client.post(f"/api/f/{forum.code}/questions/{question.id}/approve",
                                     json={})
    assert response.status_code == 400
    assert "CSRF" in response.get_json()["error"]
    response = moderator.client.post(f"/api/f/{forum.code}/questions/{question.id}/approve",
                                     json={}, headers={"X-CSRFToken": "forged"})
    assert response.status_code == 400
    assert moderator.act(question, "approve").status_code == 200


def test_login_needs_its_csrf_token(client, forum):
    from tests.conftest import ADMIN_PASSWORD

    response = client.post("/login", data={"username": "admin", "password": ADMIN_PASSWORD})
    assert response.status_code == 400
    assert client.get(f"/f/{forum.code}/moderate").status_code == 302


def test_wrong_password_is_refused_with_a_message(client):
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": "admin", "password": "nope",
                                           "csrf_token": token})
    assert response.status_code == 400
    assert "không đúng" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_login_never_redirects_off_site(client, target):
    import re

    from tests.conftest import ADMIN_PASSWORD

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/login?next={target}", data={
        "username": "admin", "password": ADMIN_PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_passwords_are_hashed(app):
    from models import User

    admin = db.session.scalar(db.select(User).where(User.username == "admin"))
    from tests.conftest import ADMIN_PASSWORD

    assert ADMIN_PASSWORD not in admin.password_hash
    assert admin.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_staff_socket_is_refused_to_anonymous_and_unit_accounts(app, socket_client):
    """The staff room (the queue) needs queue.view on that forum."""
    anonymous = socket_client(role="staff")
    assert not anonymous.is_connected()
    unit_browser = app.test_client()
    make_user("unit-2", "unit", "unit-password-2")
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      unit_browser.get("/login").get_data(as_text=True)).group(1)
    unit_browser.post("/login", data={"username": "unit-2", "password": "unit-password-2",
                                      "csrf_token": token})
    refused = socket_client(role="staff", flask_client=unit_browser)
    assert not refused.is_connected()


def login_client(app, username, password):
    import re

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    return client


#: every Socket.IO action a client can take, with the permission it needs (None: public)
SOCKET_ACTIONS = {"connect (hall)": None, "connect role=staff": "queue.view",
                  "questions.watch": None, "disconnect": None}


def test_the_socket_actions_listed_are_all_there_are(app):
    from live.core.extensions import socketio

    handlers = {message for message, *_ in socketio.handlers}
    assert handlers == {"connect", "questions.watch", "disconnect"}


@pytest.mark.parametrize("role", [r.value for r in Role] + ["anonymous", "other-forum"])
def test_each_role_on_every_socket_action(app, forum, socket_client, role):
    if role == "anonymous":
        browser, may = None, set()
    else:
        elsewhere = make_forum("khac") if role == "other-forum" else None
        user = make_user(f"sock-{role}", "moderator" if elsewhere else role, "role-password-1")
        user.forum_id = elsewhere.id if elsewhere else (None if role == "admin" else forum.id)
        db.session.commit()
        browser = login_client(app, user.username, "role-password-1")
        may = set() if elsewhere else PERMISSIONS[user.role]
    hall = socket_client(flask_client=browser)
    assert hall.is_connected()
    assert hall.emit("questions.watch", {"keys": ["abcdefgh12"]}, callback=True) == {
        "watching": 1}
    staff = socket_client(role="staff", flask_client=browser)
    assert staff.is_connected() == ("queue.view" in may), role


def test_a_staff_action_loads_its_forum_once(app, phone, moderator):
    """The permission check and the view share the forum of the URL (live/web/__init__.py,
    `forum_or_404`): one query for it per request, counted in what the database is sent."""
    from sqlalchemy import event

    question = phone.question()
    asked = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT") and "WHERE forums.code" in statement:
            asked.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert moderator.act(question, "approve").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(asked) == 1
