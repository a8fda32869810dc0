"""Configuration from the environment (CONTRACT.md, "Start")."""
import os
from datetime import timedelta
import secrets
from pathlib import Path


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept under instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def normalize_url(url: str) -> str:
    """Heroku-style and bare PostgreSQL URLs name no driver; we ship psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'forum.db'}"
    return normalize_url(url)


def engine_options(url: str) -> dict:
    """A connection to a database server may have died since its last use (PostgreSQL
    restarted): test it on checkout. A SQLite file has no such connection; there the test is
    one more statement in each request, for nothing."""
    return {"pool_pre_ping": not url.startswith("sqlite")}


def from_env(instance_path: str) -> dict:
    env = os.environ.get
    url = database_url(instance_path)
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "PUBLIC_URL": (env("PUBLIC_URL") or "").rstrip("/") or None,
        "MESSAGE_QUEUE": env("MESSAGE_QUEUE") or None,
        "ASYNC_MODE": env("ASYNC_MODE") or "threading",
        "FORUM_SEED": env("FORUM_SEED", "1") != "0",
        "ADMIN_PASSWORD": env("ADMIN_PASSWORD") or None,
        "HOST": env("HOST", "127.0.0.1"),
        "PORT": int(env("PORT", "5000")),
        #: characters of a question the projector shows before it shows a summary (>= 56 px)
        "SCREEN_TEXT_LIMIT": int(env("SCREEN_TEXT_LIMIT", "300")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": (env("PUBLIC_URL") or "").startswith("https://"),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # a console left open all day keeps working
        # a staff login ends after this long without use (a forum day with margin)
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=float(env("SESSION_HOURS", "14"))),
        # and after this long in any case, used or not (live.accounts.auth.load_user)
        "SESSION_MAX_HOURS": float(env("SESSION_MAX_HOURS", "24")),
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "RATELIMIT_ENABLED": env("RATELIMIT_ENABLED", "1") != "0",
        # e.g. RATELIMIT_SUBMIT_DEVICE="6 per minute;30 per hour" (see live/core/limits.py)
        **{key: value for key, value in os.environ.items()
           if key.startswith("RATELIMIT_") and key != "RATELIMIT_ENABLED"},
        "PROXY_FIX": int(env("PROXY_FIX", "0")),
        # days after the forum's closing by which its results bulletin is posted (live/record/bulletin.py)
        "BULLETIN_POST_DAYS": int(env("BULLETIN_POST_DAYS", "5")),
    }
