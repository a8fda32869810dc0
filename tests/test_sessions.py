"""A staff socket ends with the right to hold it (issue 13.1): locking the account, changing or
resetting its password, logging out, moving it to another forum cut its open consoles at once,
before the next queue push, and a reconnect is refused. Every staff socket handler checks the
rights again."""
import pytest

from live.core.extensions import socketio
from models import StaffSocket, User, db
from tests.conftest import Moderator, make_forum, make_user


def _queues(console):
    return [e for e in console.get_received() if e["name"] == "queue"]


@pytest.fixture
def staffer(app, client, forum):
    """A moderator of the forum, logged in with its own cookie."""
    make_user("mod-two", password="mod-two-pass-1").forum_id = forum.id
    db.session.commit()
    return Moderator(app.test_client(), forum, username="mod-two", password="mod-two-pass-1")


@pytest.fixture
def admin(app, forum):
    return Moderator(app.test_client(), forum)


def _user():
    db.session.expire_all()
    return db.session.scalar(db.select(User).where(User.username == "mod-two"))


def _admin_post(admin, path, data=None):
    token = admin.csrf
    return admin.client.post(path, data={"csrf_token": token, **(data or {})})


def _lock(admin):
    return _admin_post(admin, f"/admin/users/{_user().id}/disable")


def _reset(admin):
    return _admin_post(admin, f"/admin/users/{_user().id}/password")


def _move(admin):
    other = make_forum("forum-khac")
    db.session.commit()
    return _admin_post(admin, f"/admin/users/{_user().id}",
                       {"role": "moderator", "forum_id": str(other.id)})


def _logout(admin, staffer):
    return staffer.client.post("/logout", data={"csrf_token": staffer.csrf})


def _own_password(admin, staffer):
    token = staffer.csrf
    return staffer.client.post("/account/password", data={
        "csrf_token": token, "current": "mod-two-pass-1", "new": "a-new-password-2",
        "repeat": "a-new-password-2"})


@pytest.mark.parametrize("revoke", ["lock", "reset", "move", "logout"])
def test_a_revoked_console_is_cut_before_the_next_push_and_cannot_reconnect(
        app, socket_client, phone, staffer, admin, revoke):
    console = socket_client(role="staff", flask_client=staffer.client)
    assert console.is_connected()
    assert db.session.scalar(db.select(db.func.count()).select_from(StaffSocket)) == 1
    response = {"lock": lambda: _lock(admin), "reset": lambda: _reset(admin),
                "move": lambda: _move(admin),
                "logout": lambda: _logout(admin, staffer)}[revoke]()
    assert response.status_code in (200, 302, 303), response.get_data(as_text=True)[:500]
    assert not console.is_connected()
    before = len(console.queue)
    phone.question("Số điện thoại của tôi là 0912345678")
    assert console.queue[before:] == []
    again = socket_client(role="staff", flask_client=staffer.client)
    assert not again.is_connected()
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(StaffSocket)) == 0


def test_a_password_changed_in_another_session_cuts_the_console(app, socket_client, staffer,
                                                                 forum):
    console = socket_client(role="staff", flask_client=staffer.client)
    assert console.is_connected()
    other = Moderator(app.test_client(), forum, username="mod-two", password="mod-two-pass-1")
    response = _own_password(None, other)
    assert response.status_code in (302, 303)
    assert not console.is_connected()
    assert not socket_client(role="staff", flask_client=staffer.client).is_connected()
    assert socket_client(role="staff", flask_client=other.client).is_connected()


def test_logout_cuts_only_the_consoles_of_that_login(app, socket_client, staffer, forum):
    mine = socket_client(role="staff", flask_client=staffer.client)
    other = Moderator(app.test_client(), forum, username="mod-two", password="mod-two-pass-1")
    theirs = socket_client(role="staff", flask_client=other.client)
    _logout(None, staffer)
    assert not mine.is_connected()
    assert theirs.is_connected()


def test_an_untouched_console_stays(app, socket_client, staffer, admin, phone):
    console = socket_client(role="staff", flask_client=staffer.client)
    make_user("bystander", password="bystander-pass-1")
    bystander = db.session.scalar(db.select(User).where(User.username == "bystander"))
    _admin_post(admin, f"/admin/users/{bystander.id}/disable")
    assert console.is_connected()
    console.get_received()
    phone.question("Câu hỏi sau đó")
    assert _queues(console)


def test_every_socket_handler_says_who_may_call_it(app):
    handlers = socketio.server.handlers["/"]
    assert handlers
    for name, handler in handlers.items():
        assert getattr(handler, "access", None) in ("public", "staff"), name


def _copy_of_cookies(client):
    """A second client holding a copy of this one's cookies (as a stolen cookie would be)."""
    from flask import current_app

    copy = current_app.test_client()
    for cookie in client._cookies.values():
        copy.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return copy


def test_a_copy_of_the_cookie_reads_nothing_after_logout(app, staffer, forum):
    copy = _copy_of_cookies(staffer.client)
    assert copy.get(f"/api/f/{forum.code}/questions").status_code == 200
    staffer.client.post("/logout", data={"csrf_token": staffer.csrf})
    assert copy.get(f"/api/f/{forum.code}/questions").status_code == 401


def test_log_out_everywhere_ends_every_login_of_the_account(app, staffer, forum, socket_client):
    other = Moderator(app.test_client(), forum, username="mod-two", password="mod-two-pass-1")
    console = socket_client(role="staff", flask_client=other.client)
    response = staffer.client.post("/logout/everywhere", data={"csrf_token": staffer.csrf})
    assert response.status_code == 302
    assert other.client.get(f"/api/f/{forum.code}/questions").status_code == 401
    assert not console.is_connected()


def test_an_admin_logs_an_account_out_everywhere(app, staffer, admin, forum, socket_client):
    console = socket_client(role="staff", flask_client=staffer.client)
    response = _admin_post(admin, f"/admin/users/{_user().id}/logout")
    assert response.status_code == 302
    assert staffer.client.get(f"/api/f/{forum.code}/questions").status_code == 401
    assert not console.is_connected()
    assert admin.client.get(f"/api/f/{forum.code}/questions").status_code == 200


def test_a_login_ends_after_session_max_hours(app, staffer, forum):
    from datetime import timedelta

    from models import LoginSession, utcnow
    login = db.session.scalar(db.select(LoginSession).where(
        LoginSession.user_id == _user().id))
    login.created_at = utcnow() - timedelta(hours=app.config["SESSION_MAX_HOURS"], minutes=1)
    db.session.commit()
    assert staffer.client.get(f"/api/f/{forum.code}/questions").status_code == 401


def test_the_api_tokens_of_a_locked_account_stop(app, admin, forum):
    from tests.conftest import make_token
    token = make_token(_user_or_make())
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get(f"/api/f/{forum.code}/questions", headers=headers).status_code == 200
    _admin_post(admin, f"/admin/users/{_user().id}/disable")
    assert app.test_client().get(f"/api/f/{forum.code}/questions", headers=headers).status_code == 401


def _user_or_make():
    return _user() or make_user("mod-two", password="mod-two-pass-1")
