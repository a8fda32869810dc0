"""A failed login takes the same work whether the account exists or not (issue 13.10): one
password hash is checked for every attempt, made by the same method as the stored ones, so the
time of an answer does not tell which names exist. Counted, not timed."""
import re

import pytest

import models.user
from models import User, db
from tests.conftest import ADMIN_PASSWORD, make_user


@pytest.fixture
def checks(monkeypatch):
    seen = []
    real = models.user.check_password_hash

    def counting(stored, password):
        seen.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(models.user, "check_password_hash", counting)
    return seen


def _login(client, username, password):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token})


@pytest.mark.parametrize("username,password,status", [
    ("admin", ADMIN_PASSWORD, 302),  # the right password
    ("admin", "wrong-password-1", 400),  # the wrong one
    ("nobody-has-this-name", "wrong-password-1", 400),  # no such account
    ("locked", "locked-pass-1", 400),  # a locked account, its right password
])
def test_every_attempt_checks_one_hash_of_the_same_kind(app, client, checks, username,
                                                        password, status):
    locked = make_user("locked", password="locked-pass-1")
    locked.active = False
    db.session.commit()
    stored_method = db.session.scalar(db.select(User.password_hash).where(
        User.username == "admin")).split("$", 1)[0]
    response = _login(client, username, password)
    assert response.status_code == status
    assert checks == [stored_method]
