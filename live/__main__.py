"""`python -m live`: migrate, seed on first start, print the four URLs, serve.

The async mode comes from ASYNC_MODE (eventlet here by default); eventlet must patch the
standard library before anything else imports it."""
import os
import warnings

os.environ.setdefault("ASYNC_MODE", "eventlet")
if os.environ["ASYNC_MODE"] == "eventlet":
    with warnings.catch_warnings():
        # eventlet announces its own deprecation on import; the choice of mode is ASYNC_MODE's
        warnings.simplefilter("ignore")
        import eventlet

    eventlet.monkey_patch()
    # psycopg recognises gevent but not eventlet: without this every PostgreSQL query would
    # block the whole process while it waits on the network.
    os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
elif os.environ["ASYNC_MODE"] == "gevent":
    from gevent import monkey

    monkey.patch_all()


def main() -> None:
    import logging

    import click
    from sqlalchemy import select

    # Before the app exists, so Flask logs through the root handler: a server error's
    # traceback reaches stderr whatever the WSGI server does with its own error stream.
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from live import create_app, database
    from live.extensions import socketio
    from models import Forum, db

    app = create_app()
    database.prepare(app)
    host, port = app.config["HOST"], app.config["PORT"]
    base = app.config["PUBLIC_URL"] or f"http://{host}:{port}"
    with app.app_context():
        codes = db.session.scalars(select(Forum.code).order_by(Forum.id)).all()
    for code in codes:
        click.echo(f"\nForum {code}:")
        click.echo(f"  attendee   {base}/f/{code}")
        click.echo(f"  projector  {base}/f/{code}/screen")
        click.echo(f"  moderator  {base}/f/{code}/moderate")
        click.echo(f"  record     {base}/f/{code}/record")
    if not codes:
        click.echo(f"No forum yet. Staff login: {base}/login")
    click.echo("", nl=True)
    options = {"host": host, "port": port, "allow_unsafe_werkzeug": True}
    if app.config["ASYNC_MODE"] == "eventlet":
        # eventlet's WSGI server caps connections at 1024 by default; a hall has more phones.
        options = {"host": host, "port": port, "max_size": int(os.environ.get("MAX_CONNECTIONS",
                                                                              "10000"))}
    socketio.run(app, log_output=os.environ.get("ACCESS_LOG", "0") == "1", **options)


if __name__ == "__main__":
    main()
