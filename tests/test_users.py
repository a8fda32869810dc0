"""Staff accounts: an admin creates, edits, locks and resets them through the real pages; every
account changes its own password; the CLI does the same from a shell."""
import html
import re

import pytest
from sqlalchemy import select

from live.accounts import users
from models import Assignee, User, db
from tests.conftest import ADMIN_PASSWORD, make_forum, make_token, make_user
from tests.factories import FORUM


def login(app, username, password):
    """A browser logged in as `username`: (client, csrf token)."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302
    return client, token


def post(moderator, path, **data):
    return moderator.client.post(path, data={"csrf_token": moderator.csrf, **data})


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def shown_password(response) -> str:
    return re.search(r'class="shown-password__value"><code>([^<]+)</code>',
                     response.get_data(as_text=True)).group(1)


def account(username) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def can_log_in(app, username, password) -> bool:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token})
    return response.status_code == 302


def logged_in(client, path="/account/password") -> bool:
    """Is this browser still logged in? (a staff page answers instead of sending to /login)"""
    response = client.get(path)
    return response.status_code == 200


# --- the list and creating accounts --------------------------------------------------------------

def test_the_admin_sees_the_accounts(moderator):
    make_user("thu-ky", "secretary", "secretary-pass-1")
    page = text(moderator.client.get("/admin/users"))
    assert "admin" in page and "thu-ky" in page and "Thư ký" in page
    assert "<script" not in page and 'style="' not in page


def test_create_an_account_with_a_generated_password(app, moderator, forum):
    assert moderator.client.get("/admin/users/new").status_code == 200
    response = post(moderator, "/admin/users/new", username="thuky.thuanan", role="secretary",
                    forum_id=str(forum.id))
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    password = shown_password(response)
    assert len(password) >= 12 and "chỉ hiện một lần" in text(response)
    user = account("thuky.thuanan")
    assert (user.role, user.forum_id, user.assignee_id, user.active) == (
        "secretary", forum.id, None, True)
    assert can_log_in(app, "thuky.thuanan", password)
    # Shown once: the list does not show it again.
    assert password not in moderator.client.get("/admin/users").get_data(as_text=True)


def test_create_a_unit_account_for_one_of_the_forums_units(app, moderator, forum):
    school = forum.assignees[4]
    response = post(moderator, "/admin/users/new", username="an-phu", role="unit",
                    forum_id=str(forum.id), assignee_id=str(school.id),
                    password="truong-an-phu-1")
    assert response.status_code == 302
    user = account("an-phu")
    assert (user.role, user.forum_id, user.assignee_id) == ("unit", forum.id, school.id)
    assert can_log_in(app, "an-phu", "truong-an-phu-1")


def test_an_admin_may_work_on_every_forum(moderator):
    response = post(moderator, "/admin/users/new", username="quantri2", role="admin",
                    password="quan-tri-mat-khau")
    assert response.status_code == 302
    assert account("quantri2").forum_id is None


@pytest.mark.parametrize(("fields", "message"), [
    ({"username": "thu-ky", "role": "moderator"}, "cần chọn diễn đàn"),
    ({"username": "don-vi", "role": "unit", "forum": True}, "cần chọn đơn vị"),
    ({"username": "don-vi", "role": "unit", "forum": True, "other_unit": True},
     "không thuộc diễn đàn đã chọn"),
    ({"username": "thu-ky", "role": "secretary", "forum": True, "unit": True},
     "Chỉ tài khoản đơn vị"),
    ({"username": "admin", "role": "admin"}, "đã có"),
    ({"username": "Nguyen Van A", "role": "admin"}, "Tên đăng nhập dài 3–40 ký tự"),
    ({"username": "thu-ky", "role": "boss"}, "Vai trò phải là"),
    ({"username": "thu-ky", "role": "admin", "password": "ngan"}, "ít nhất 10 ký tự"),
])
def test_bad_accounts_are_refused_with_a_message(moderator, forum, fields, message):
    other = make_forum("bien-hoa-2019")
    data = {"username": fields["username"], "role": fields["role"],
            "password": fields.get("password", "")}
    if fields.get("forum"):
        data["forum_id"] = str(forum.id)
    if fields.get("unit"):
        data["assignee_id"] = str(forum.assignees[4].id)
    if fields.get("other_unit"):
        data["assignee_id"] = str(other.assignees[0].id)
    response = post(moderator, "/admin/users/new", **data)
    assert response.status_code == 400
    assert message in text(response)
    assert db.session.scalar(select(User).where(User.username == data["username"],
                                                User.id != 1)) is None


def test_edit_an_accounts_role_and_forum_ends_its_sessions(app, moderator, forum):
    other = make_forum("bien-hoa-2019")
    user = make_user("dieu-hanh", "moderator", "moderator-pass-1")
    user.forum_id = forum.id
    db.session.commit()
    browser, _ = login(app, "dieu-hanh", "moderator-pass-1")
    assert browser.get(f"/f/{forum.code}/moderate").status_code == 200
    assert moderator.client.get(f"/admin/users/{user.id}").status_code == 200
    response = post(moderator, f"/admin/users/{user.id}", role="secretary",
                    forum_id=str(other.id))
    assert response.status_code == 302
    user = account("dieu-hanh")
    assert (user.role, user.forum_id) == ("secretary", other.id)
    assert browser.get(f"/f/{forum.code}/moderate").status_code == 302


def test_an_admin_cannot_change_their_own_role(moderator, forum):
    admin = account("admin")
    response = post(moderator, f"/admin/users/{admin.id}", role="moderator",
                    forum_id=str(forum.id))
    assert response.status_code == 400
    assert "chính tài khoản đang đăng nhập" in text(response)
    assert account("admin").role == "admin"


# --- locking and resetting -----------------------------------------------------------------------

def test_a_locked_account_cannot_log_in_and_its_sessions_end(app, moderator, forum):
    user = make_user("dieu-hanh", "moderator", "moderator-pass-1")
    user.forum_id = forum.id
    db.session.commit()
    token = make_token(user)
    browser, _ = login(app, "dieu-hanh", "moderator-pass-1")
    assert browser.get(f"/f/{forum.code}/moderate").status_code == 200

    response = moderator.client.post(f"/admin/users/{user.id}/disable",
                                     data={"csrf_token": moderator.csrf}, follow_redirects=True)
    assert "Đã khóa tài khoản “dieu-hanh”." in text(response)
    assert account("dieu-hanh").active is False
    assert not can_log_in(app, "dieu-hanh", "moderator-pass-1")
    assert browser.get(f"/f/{forum.code}/moderate").status_code == 302
    api = app.test_client().get(f"/api/f/{forum.code}/questions",
                                headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401

    post(moderator, f"/admin/users/{user.id}/enable")
    assert account("dieu-hanh").active is True
    assert can_log_in(app, "dieu-hanh", "moderator-pass-1")


def test_an_admin_cannot_lock_themself(moderator):
    admin = account("admin")
    response = moderator.client.post(f"/admin/users/{admin.id}/disable",
                                     data={"csrf_token": moderator.csrf}, follow_redirects=True)
    assert "Không thể khóa chính tài khoản đang đăng nhập." in text(response)
    assert account("admin").active is True


def test_reset_a_password(app, moderator, forum):
    user = make_user("thu-ky", "secretary", "secretary-pass-1")
    user.forum_id = forum.id
    db.session.commit()
    browser, _ = login(app, "thu-ky", "secretary-pass-1")
    response = post(moderator, f"/admin/users/{user.id}/password")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = shown_password(response)
    assert "thu-ky" in text(response)
    assert not can_log_in(app, "thu-ky", "secretary-pass-1")
    assert can_log_in(app, "thu-ky", password)
    assert not logged_in(browser), "the account's open sessions end"


# --- one's own password --------------------------------------------------------------------------

def test_changing_my_password_ends_my_other_sessions_and_keeps_this_one(app, forum):
    user = make_user("dieu-hanh", "moderator", "moderator-pass-1")
    user.forum_id = forum.id
    db.session.commit()
    laptop, _ = login(app, "dieu-hanh", "moderator-pass-1")  # logged in earlier
    phone, csrf = login(app, "dieu-hanh", "moderator-pass-1")
    assert logged_in(laptop) and logged_in(phone)
    assert "Đổi mật khẩu" in phone.get("/account/password").get_data(as_text=True)
    response = phone.post("/account/password", data={
        "csrf_token": csrf, "current": "moderator-pass-1", "new": "mat-khau-moi-dai",
        "repeat": "mat-khau-moi-dai"}, follow_redirects=True)
    assert "Đã đổi mật khẩu." in text(response)
    assert phone.get(f"/f/{forum.code}/moderate").status_code == 200, "this session goes on"
    assert laptop.get(f"/f/{forum.code}/moderate").status_code == 302, "the other one ends"
    assert not can_log_in(app, "dieu-hanh", "moderator-pass-1")
    assert can_log_in(app, "dieu-hanh", "mat-khau-moi-dai")


@pytest.mark.parametrize(("current", "new", "repeat", "message"), [
    ("sai-mat-khau", "mat-khau-moi-dai", "mat-khau-moi-dai", "Mật khẩu hiện tại không đúng."),
    ("moderator-pass-1", "ngan-qua", "ngan-qua", "ít nhất 10 ký tự"),
    ("moderator-pass-1", "mat-khau-moi-dai", "mat-khau-moi-dai2", "không khớp"),
    ("moderator-pass-1", "moderator-pass-1", "moderator-pass-1", "phải khác mật khẩu hiện tại"),
    ("moderator-pass-1", "Dieu-Hanh-Vien", "Dieu-Hanh-Vien", "trùng tên đăng nhập"),
])
def test_a_bad_password_change_is_refused(app, forum, current, new, repeat, message):
    make_user("dieu-hanh-vien", "moderator", "moderator-pass-1")
    browser, csrf = login(app, "dieu-hanh-vien", "moderator-pass-1")
    response = browser.post("/account/password", data={
        "csrf_token": csrf, "current": current, "new": new, "repeat": repeat})
    assert response.status_code == 400
    assert message in text(response)
    assert can_log_in(app, "dieu-hanh-vien", "moderator-pass-1")
    assert logged_in(browser)


def test_the_password_page_needs_its_csrf_token(app, forum):
    make_user("dieu-hanh", "moderator", "moderator-pass-1")
    browser, _ = login(app, "dieu-hanh", "moderator-pass-1")
    response = browser.post("/account/password", data={
        "current": "moderator-pass-1", "new": "mat-khau-moi-dai", "repeat": "mat-khau-moi-dai"})
    assert response.status_code == 400
    assert can_log_in(app, "dieu-hanh", "moderator-pass-1")


@pytest.mark.parametrize("role", ["moderator", "secretary", "unit"])
def test_every_role_may_change_its_own_password(app, forum, role):
    user = make_user(f"tk-{role}", role, "first-password-1")
    user.forum_id = forum.id
    user.assignee_id = forum.assignees[4].id if role == "unit" else None
    db.session.commit()
    browser, csrf = login(app, f"tk-{role}", "first-password-1")
    response = browser.post("/account/password", data={
        "csrf_token": csrf, "current": "first-password-1", "new": "second-password-2",
        "repeat": "second-password-2"})
    assert response.status_code == 302
    assert can_log_in(app, f"tk-{role}", "second-password-2")
    assert browser.get("/admin/users").status_code == 403


def test_an_admin_lands_on_the_forums_after_login(app, forum):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": "admin", "password": ADMIN_PASSWORD,
                                           "csrf_token": token})
    assert response.headers["Location"] == "/admin/forums"
    make_user("dieu-hanh", "moderator", "moderator-pass-1")
    other = app.test_client()
    page = other.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = other.post(f"/login?next=/f/{forum.code}/moderate", data={
        "username": "dieu-hanh", "password": "moderator-pass-1", "csrf_token": token})
    assert response.headers["Location"] == f"/f/{forum.code}/moderate"


# --- the CLI -------------------------------------------------------------------------------------

def test_cli_create_with_forum_and_unit(runner, forum):
    result = runner.invoke(args=["user", "create", "thuky2", "--role", "secretary",
                                 "--forum", forum.code, "--password", "mat-khau-123"])
    assert result.exit_code == 0, result.output
    assert f"on forum '{forum.code}'" in result.output
    assert account("thuky2").forum_id == forum.id
    result = runner.invoke(args=["user", "create", "an-phu", "--role", "unit", "--forum",
                                 forum.code, "--unit", forum.assignees[-1].name,
                                 "--generate"])
    assert result.exit_code == 0, result.output
    user = account("an-phu")
    assert db.session.get(Assignee, user.assignee_id) == forum.assignees[-1]
    assert user.check_password(result.output.rsplit("Password: ", 1)[1].strip())


@pytest.mark.parametrize(("args", "message"), [
    (["--forum", "khong-co"], "No forum with code 'khong-co'"),
    (["--role", "unit", "--forum", FORUM["code"]], "needs --forum CODE and --unit"),
    (["--role", "unit", "--unit", "Trường Tiểu học An Phú"], "needs --forum CODE and --unit"),
    (["--role", "unit", "--forum", FORUM["code"], "--unit", "Trường Không Có"],
     "no leader or unit named 'Trường Không Có'"),
    (["--forum", FORUM["code"], "--unit", "Trường Tiểu học An Phú"], "only for --role unit"),
])
def test_cli_create_checks_forum_and_unit(runner, forum, args, message):
    result = runner.invoke(args=["user", "create", "moi", "--password", "mat-khau-123", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert account("moi") is None


def test_cli_list_passwd_disable_enable(runner, app, forum):
    runner.invoke(args=["user", "create", "thuky2", "--role", "secretary", "--forum",
                        forum.code, "--password", "mat-khau-123"])
    listing = runner.invoke(args=["user", "list"])
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    assert lines[0].split() == ["USERNAME", "ROLE", "FORUM", "UNIT", "STATE"]
    assert any(line.split()[:3] == ["admin", "admin", "(every"] for line in lines)
    assert any(line.split() == ["thuky2", "secretary", forum.code, "-", "active"]
               for line in lines)

    result = runner.invoke(args=["user", "passwd", "thuky2", "--generate"])
    assert result.exit_code == 0, result.output
    generated = result.output.rsplit("Password: ", 1)[1].strip()
    assert account("thuky2").check_password(generated)
    result = runner.invoke(args=["user", "passwd", "thuky2"],
                           input="mat-khau-moi-dai\nmat-khau-moi-dai\n")
    assert result.exit_code == 0, result.output
    assert account("thuky2").check_password("mat-khau-moi-dai")
    short = runner.invoke(args=["user", "passwd", "thuky2"], input="ngan\nngan\n")
    assert short.exit_code != 0 and "10" in short.output

    assert runner.invoke(args=["user", "disable", "thuky2"]).exit_code == 0
    assert account("thuky2").active is False
    assert not can_log_in(app, "thuky2", "mat-khau-moi-dai")
    assert "disabled" in runner.invoke(args=["user", "list"]).output
    again = runner.invoke(args=["user", "disable", "thuky2"])
    assert again.exit_code != 0
    assert runner.invoke(args=["user", "enable", "thuky2"]).exit_code == 0
    assert can_log_in(app, "thuky2", "mat-khau-moi-dai")
    missing = runner.invoke(args=["user", "disable", "khong-co"])
    assert missing.exit_code != 0 and "No user" in missing.output


def test_cli_keeps_one_active_admin(runner):
    result = runner.invoke(args=["user", "disable", "admin"])
    assert result.exit_code != 0
    assert "quản trị viên cuối cùng" in result.output
    assert account("admin").active is True


def test_generated_passwords_are_easy_to_read_aloud():
    password = users.generate_password()
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
    assert not set(password) & set("01ilo")
