"""Staff login and logout."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, StopValidation

from live.accounts.auth import end_logins, page_requires, start_login
from live.core.labels import N_
from live.core.limits import limited, login_limits
from live.core.security import safe_next
from live.web import commit
from models.user import authenticate

bp = Blueprint("auth", __name__)


class Required(DataRequired):
    """DataRequired whose message is a message id, translated when the field is checked."""

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except StopValidation:
            raise StopValidation(gettext(self.message)) from None


class LoginForm(FlaskForm):
    """Labels and messages are message ids (the class is made once, at import): the labels
    are translated for each form made, the messages when they are raised."""
    username = StringField(N_("Tên đăng nhập"), validators=[Required(N_("Nhập tên đăng nhập."))])
    password = PasswordField(N_("Mật khẩu"), validators=[Required(N_("Nhập mật khẩu."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in (self.username, self.password):
            field.label.text = gettext(field.label.text)


@bp.route("/login", methods=["GET", "POST"])
@limited(login_limits)
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.username.data.strip(), form.password.data)
        if user is not None:
            start_login(user)  # kept on the server: the logout ends it
            commit()
            login_user(user)
            session.permanent = True  # ends after PERMANENT_SESSION_LIFETIME without use
            target = request.args.get("next")
            if not target and user.can("forum.setup"):
                return redirect(url_for("admin.forums"))  # an admin's work starts there
            if not target and user.role == "unit" and user.assignee is not None:
                # a unit's work is its questions to prepare
                return redirect(url_for("unit.page", code=user.assignee.forum.code))
            return redirect(safe_next(target))
        error = gettext("Tên đăng nhập hoặc mật khẩu không đúng.")
    elif request.method == "POST":
        error = gettext("Phiên đăng nhập đã hết hạn hoặc thiếu thông tin. Vui lòng thử lại.")
    return render_template("accounts/login.html", form=form, error=error), 200 if not error else 400


@bp.post("/logout")
def logout():
    """The login ends, and the consoles it opened are cut (a copy of the page kept open must
    not go on receiving the queue)."""
    if current_user.is_authenticated:
        end_logins(current_user, session.get("login_id"))
        commit()
    logout_user()
    session.pop("login_id", None)
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@page_requires("account.password", check_csrf=True)
def logout_everywhere():
    """Every login of this account ends, on every device, and every console of it is cut."""
    end_logins(current_user)
    commit()
    logout_user()
    session.pop("login_id", None)
    return redirect(url_for("auth.login"))
