"""The forum-day app: `create_app` wires configuration, database, auth, pages, API and push.

Nothing is imported here at module level but the standard library: `python -m live` runs this
file first and must still be able to let eventlet patch the standard library before Flask and
its friends are imported."""
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

MIGRATIONS = str(Path(__file__).parent / "migrations")


def create_app(test_config: dict | None = None) -> "Flask":
    from flask import Flask

    from live.core import config

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.update(config.from_env(app.instance_path))
    if test_config:
        app.config.update(test_config)
        if "SESSION_COOKIE_SECURE" not in test_config:
            # PUBLIC_URL may come from here too: on https, cookies go over TLS only
            public_url = app.config.get("PUBLIC_URL") or ""
            app.config["SESSION_COOKIE_SECURE"] = public_url.startswith("https://")
        if "SQLALCHEMY_ENGINE_OPTIONS" not in test_config:
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] = config.engine_options(
                app.config["SQLALCHEMY_DATABASE_URI"])
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config.get("PROXY_FIX"):
        # Behind N trusted reverse proxies: take the client's address and scheme from them.
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    from live import cli, web
    from live.accounts import admin as accounts_admin, auth, views as accounts
    from live.core import assets, database, devices, formatting, i18n, limits, security
    from live.core.extensions import csrf, db, migrate, socketio
    from live.forums import admin, hall
    from live.questions import console, intake_page, phone, unit
    from live.record import pages as record
    from live.screens import events, projector, stage
    from live.web import api
    # each domain's API views join the API's one blueprint (live/web/api.py) when imported
    from live.agenda import api as _agenda_api  # noqa: F401
    from live.forums import api as _forums_api  # noqa: F401
    from live.questions import api as _questions_api  # noqa: F401

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)
    auth.init_app(app)
    devices.init_app(app)
    hall.init_app(app)
    limits.init_app(app)
    i18n.init_app(app)
    formatting.init_app(app)
    assets.init_app(app)
    security.init_app(app)
    web.init_app(app)
    for blueprint in (accounts, accounts_admin, phone, projector, console, record, intake_page,
                      admin, unit, api, stage):
        app.register_blueprint(blueprint.bp)
    cli.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        cors_allowed_origins=app.config.get("CORS_ALLOWED_ORIGINS"),
        ping_interval=app.config.get("PING_INTERVAL", 25),
    )
    events.init_app(app)
    return app
