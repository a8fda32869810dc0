"""Static files for phones on a crowded Wi-Fi: compressed (Flask-Compress, each file once),
cached for a year, and named by their content so a new version is fetched at once
(`?v=<hash>` on every `url_for('static', ...)`)."""
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request
from flask_compress import Compress

compress = Compress()
YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


class _StaticCache:
    """Flask-Compress's cache backend: compressed static files, by URL (which holds the
    content hash) and algorithm; a handful of files, so a dict."""

    def __init__(self):
        self.entries: dict[str, bytes] = {}

    def get(self, key):
        return self.entries.get(key) if _static(key) else None

    def set(self, key, value):
        if _static(key):
            self.entries[key] = value


def _static(key: str) -> bool:
    """Keys are "<algorithm>;<_cache_key>": pages get an empty key and are never kept."""
    return bool(key.partition(";")[2])


def init_app(app: Flask) -> None:
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:  # Flask's default is None
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = YEAR
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip", "deflate"])
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/javascript", "application/javascript",
        "application/json", "image/svg+xml", "text/csv",
    ])
    app.config.setdefault("COMPRESS_CACHE_BACKEND", _StaticCache)
    app.config.setdefault("COMPRESS_CACHE_KEY", _cache_key)
    compress.init_app(app)
    folder = Path(app.static_folder)

    @app.url_defaults
    def _versioned(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            path = folder / values["filename"]
            if path.is_file():
                values["v"] = _digest(str(path), path.stat().st_mtime)

    # Registered after Flask-Compress, so it runs before it: a static file is read whole (and
    # closed) here, and then compressed once from the cache rather than streamed each time.
    @app.after_request
    def _buffer_static(response):
        if request.endpoint == "static" and response.direct_passthrough \
                and response.status_code == 200:
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return response


def _cache_key(req) -> str:
    # Only static files are worth keeping; pages change with every request.
    return req.full_path if req.endpoint == "static" else ""
