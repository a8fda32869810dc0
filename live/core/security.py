"""What keeps strange input harmless: response headers that keep hostile text inert and the
pages in their own frame, ids in URLs that a database column can hold, and redirects that stay
on this site."""
from urllib.parse import urlsplit

from flask import Flask, url_for
from werkzeug.routing import IntegerConverter

#: every id column is a 32-bit integer on PostgreSQL (and SQLite refuses past 2**63): an id
#: past it names no row, and handed to the database it would be an error (a 500)
ID_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: 0 to ID_MAX, anything else is a 404 like any unknown id."""

    def __init__(self, map, fixed_digits=0, min=0, max=ID_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def safe_next(target: str | None) -> str:
    """Where to go after a login or a language switch: a path on this site, else the start
    page. Never another host (`//evil`, `https://evil`, `\\evil`), never a line break or any
    control character, which no Location header may carry."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("index")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return url_for("index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("index")
    return target

#: all scripts and styles are files served by the app; no inline code runs
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter  # before any route is added

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
