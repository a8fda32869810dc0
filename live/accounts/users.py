"""Staff accounts (admin, permission "users.manage"; and each account's own password).

The admin pages and the CLI call these; they check, change, flush and write an audit line to
the app's log (accounts are not a forum's business, so not its record). They never commit."""
import re
import secrets

from flask import current_app
from flask_babel import gettext, pgettext
from sqlalchemy import func, select

from live.core.errors import Conflict, InputError
from live.core.labels import NP_, N_
from live.record import actor_name
from live.screens.staff_sockets import sockets_to_cut
from models import Assignee, Forum, Role, User, db

#: message ids: `role_labels` and `role_hints` give them in the reader's language
ROLE_LABELS = {
    Role.ADMIN.value: NP_("role", "Quản trị"),
    Role.MODERATOR.value: NP_("role", "Điều hành"),
    Role.SECRETARY.value: NP_("role", "Thư ký"),
    Role.UNIT.value: NP_("role", "Đơn vị chuẩn bị trả lời"),
}
ROLE_HINTS = {
    Role.ADMIN.value: N_("mọi việc; không chọn diễn đàn thì làm trên mọi diễn đàn"),
    Role.MODERATOR.value: N_("duyệt câu hỏi, điều hành chương trình, màn hình chiếu"),
    Role.SECRETARY.value: N_("nhập thư góp ý, đường dây nóng, ghi trả lời, biên bản"),
    Role.UNIT.value: N_("chỉ các câu hỏi giao cho đơn vị mình, soạn nội dung giải trình"),
}
#: what an admin may not do to their own account nor to the last active admin (_keep_an_admin)
_KEEP_AN_ADMIN = {
    "role": (N_("Không thể đổi vai trò của chính tài khoản đang đăng nhập."),
             N_("Không thể đổi vai trò của quản trị viên cuối cùng còn hoạt động.")),
    "disable": (N_("Không thể khóa chính tài khoản đang đăng nhập."),
                N_("Không thể khóa quản trị viên cuối cùng còn hoạt động.")),
}


def role_labels() -> dict[str, str]:
    """ROLE_LABELS in the reader's language."""
    return {key: pgettext("role", value) for key, value in ROLE_LABELS.items()}


def role_hints() -> dict[str, str]:
    """ROLE_HINTS in the reader's language."""
    return {key: gettext(value) for key, value in ROLE_HINTS.items()}


#: the shortest password a person may choose
MIN_PASSWORD = 10
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
#: no 0/o, 1/l/i: a generated password is read off a screen and typed on another device
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def generate_password() -> str:
    """Three groups of four, e.g. "k7pm-2xhe-q9td" (about 59 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


def _audit(what: str, user: User, by=None, **data) -> None:
    current_app.logger.info("account %s: %s by %s %s", what, user.username, actor_name(by),
                            data or "")


def find(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == (username or "").strip()))


def check_username(value) -> str:
    username = (value or "").strip()
    if not USERNAME_PATTERN.fullmatch(username):
        raise InputError(gettext("Tên đăng nhập dài 3–40 ký tự, gồm chữ thường không dấu, chữ số "
                                 "và các dấu . _ -, bắt đầu bằng chữ hoặc số."), "username")
    if find(username) is not None:
        raise InputError(gettext("Tên đăng nhập “%(name)s” đã có.", name=username), "username")
    return username


def check_password(password: str | None, user: User | None = None, field="password",
                   min_length: int = MIN_PASSWORD) -> str:
    password = password or ""
    if len(password) < min_length:
        raise InputError(gettext("Mật khẩu cần ít nhất %(n)s ký tự.", n=min_length), field)
    if len(password) > 200:
        raise InputError(gettext("Mật khẩu dài tối đa %(n)s ký tự.", n=200), field)
    if user is not None and password.strip().lower() == user.username.lower():
        raise InputError(gettext("Mật khẩu không được trùng tên đăng nhập."), field)
    return password


def check_scope(role: str, forum: Forum | None, assignee: Assignee | None,
                *, forum_required: bool = True) -> None:
    """Which forum an account works on, and for a unit account whose questions it prepares:
    every role but admin works on one forum; a unit account answers for one of its
    leaders or units."""
    if role not in ROLE_LABELS:
        raise InputError(gettext("Vai trò phải là một trong: admin, moderator, secretary, unit."),
                         "role")
    if role != Role.ADMIN.value and forum is None and forum_required:
        raise InputError(gettext("Tài khoản “%(role)s” cần chọn diễn đàn làm việc; chỉ quản trị "
                                 "mới được để trống (làm trên mọi diễn đàn).",
                                 role=pgettext("role", ROLE_LABELS[role])), "forum")
    if role == Role.UNIT.value:
        if assignee is None:
            raise InputError(gettext("Tài khoản đơn vị cần chọn đơn vị (hoặc lãnh đạo) mà tài "
                                     "khoản chuẩn bị trả lời."), "assignee")
        if forum is None or assignee.forum_id != forum.id:
            raise InputError(gettext("“%(name)s” không thuộc diễn đàn đã chọn.",
                                     name=assignee.name), "assignee")
    elif assignee is not None:
        raise InputError(gettext("Chỉ tài khoản đơn vị mới gắn với một đơn vị trả lời; để trống "
                                 "ô đơn vị."), "assignee")


def create_user(username, role: str, *, forum: Forum | None = None,
                assignee: Assignee | None = None, password: str | None = None, by=None,
                forum_required: bool = True,
                min_length: int = MIN_PASSWORD) -> tuple[User, str | None]:
    """A new active account. Without a password one is generated and returned (shown once).
    (The CLI keeps its older rules: a forum is optional, 8 characters are enough.)"""
    username = check_username(username)
    check_scope(role, forum, assignee, forum_required=forum_required)
    generated = None
    if password:
        check_password(password, min_length=min_length)
        if password.strip().lower() == username:
            raise InputError(gettext("Mật khẩu không được trùng tên đăng nhập."), "password")
    else:
        password = generated = generate_password()
    user = User(username=username, role=role, forum_id=forum.id if forum else None,
                assignee_id=assignee.id if assignee else None)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    _audit("created", user, by, role=role, forum=forum.code if forum else None)
    return user, generated


def update_user(user: User, role: str, *, forum: Forum | None, assignee: Assignee | None,
                by=None) -> list[str]:
    """Change an account's role, forum or unit. An admin cannot take away their own admin role
    (nor the last active admin's)."""
    check_scope(role, forum, assignee)
    data = {"role": role, "forum_id": forum.id if forum else None,
            "assignee_id": assignee.id if assignee else None}
    changed = [key for key, value in data.items() if getattr(user, key) != value]
    if changed and by is not None and not isinstance(by, str) and by.id == user.id:
        raise Conflict(gettext("Không thể tự đổi vai trò hoặc diễn đàn của chính tài khoản đang "
                               "đăng nhập; nhờ một quản trị viên khác."))
    if changed and user.role == Role.ADMIN.value and role != Role.ADMIN.value:
        _keep_an_admin(user, by, "role")
    for key in changed:
        setattr(user, key, data[key])
    if changed:
        # Rights changed: sessions made under the old ones end.
        user.session_version = (user.session_version or 1) + 1
        sockets_to_cut(user)
        db.session.flush()
        _audit("updated", user, by, **{key: data[key] for key in changed})
    return changed


def _keep_an_admin(user: User, by, doing: str) -> None:
    """`doing` is "role" (changing the role) or "disable" (_KEEP_AN_ADMIN)."""
    own, last = _KEEP_AN_ADMIN[doing]
    if by is not None and not isinstance(by, str) and by.id == user.id:
        raise Conflict(gettext(own))
    if user.role == Role.ADMIN.value and user.active:
        others = db.session.scalar(select(func.count()).select_from(User).where(
            User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id))
        if not others:
            raise Conflict(gettext(last))


def set_active(user: User, active: bool, by=None) -> None:
    """Deactivate (the account can no longer log in, its sessions and tokens stop working) or
    reactivate an account."""
    if user.active == active:
        raise Conflict(gettext("Tài khoản “%(name)s” đã đang hoạt động rồi.", name=user.username)
                       if active else
                       gettext("Tài khoản “%(name)s” đã bị khóa rồi.", name=user.username))
    if not active:
        _keep_an_admin(user, by, "disable")
        user.session_version = (user.session_version or 1) + 1
        sockets_to_cut(user)
    user.active = active
    db.session.flush()
    _audit("enabled" if active else "disabled", user, by)


def log_out_everywhere(user: User, by=None) -> None:
    """Every login of the account ends, on every device; its consoles are cut at the commit."""
    from live.accounts.auth import end_logins

    end_logins(user)
    _audit("logged out everywhere", user, by)


def reset_password(user: User, by=None, password: str | None = None) -> str:
    """A new password (generated unless given), shown once to whoever resets it; the account's
    open sessions end."""
    if password is None:
        password = generate_password()
    else:
        check_password(password, user)
    user.set_password(password)
    sockets_to_cut(user)
    db.session.flush()
    _audit("password reset", user, by)
    return password


def change_own_password(user: User, current: str, new: str, repeat: str) -> None:
    """The account's own change: the current password first, the new one twice. Every other
    session of the account ends; the caller logs this one in again."""
    if not user.check_password(current or ""):
        raise InputError(gettext("Mật khẩu hiện tại không đúng."), "current")
    check_password(new, user, "new")
    if new != repeat:
        raise InputError(gettext("Hai lần nhập mật khẩu mới không khớp."), "repeat")
    if new == current:
        raise InputError(gettext("Mật khẩu mới phải khác mật khẩu hiện tại."), "new")
    user.set_password(new)
    sockets_to_cut(user)
    db.session.flush()
    _audit("password changed", user, user)
