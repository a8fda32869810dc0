"""`python -m live`: migrate, seed on first start, print the four URLs, serve.

The async mode comes from ASYNC_MODE (eventlet here by default); eventlet must patch the
standard library before anything else imports it."""
import os
import warnings

os.environ.setdefault("ASYNC_MODE", "eventlet")
#: pending connections the listening socket holds (the kernel caps it at net.core.somaxconn)
BACKLOG = 2048
#: the garbage collector's thresholds once started (Python's default: 700, 10, 10); see main()
GC_THRESHOLDS = (50_000, 20, 10)
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
    import gc
    import logging

    import click
    from sqlalchemy import select

    # Before the app exists, so Flask logs through the root handler: a server error's
    # traceback reaches stderr whatever the WSGI server does with its own error stream.
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from live import create_app
    from live.core import database
    from live.core.extensions import socketio
    from models import Forum, db

    app = create_app()
    database.prepare(app)
    from live.core import addresses

    host, port = app.config["HOST"], app.config["PORT"]
    base = addresses.base_url(app.config)
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
    click.echo(addresses.hall_line(base))
    log_output = os.environ.get("ACCESS_LOG", "0") == "1"
    # Everything loaded so far (Flask, SQLAlchemy, the app: some hundred thousand objects)
    # lives as long as the process: leave it out of the garbage collector's full passes, which
    # otherwise stalled the whole server for up to 0.2 s while a hall waited for a change.
    gc.collect()
    gc.freeze()
    # What comes later (a thousand phones' sockets and greenlets) is left to the collector, and
    # with its default thresholds a busy hall ran a full pass over it every few seconds, each
    # stalling everything for 150-200 ms: 14 of them, 1.5 s, in one run of bench/bench_live.py.
    # A young collection every 50,000 allocations instead of 700 lets the objects of one
    # fan-out or one request die by reference count before any collection sees them, so few
    # survive into the older generations and a full pass almost never comes (at most a few MB
    # of cyclic garbage waits a little longer). docs/benchmarks.md, issue 17.
    gc.set_threshold(*GC_THRESHOLDS)
    if app.config["ASYNC_MODE"] == "eventlet":
        return _serve_eventlet(app, host, port, log_output)
    options = {"host": host, "port": port, "allow_unsafe_werkzeug": True}
    if app.config["ASYNC_MODE"] == "gevent":
        options["backlog"] = BACKLOG  # gevent's pywsgi (with gevent-websocket when installed)
    socketio.run(app, log_output=log_output, **options)


def _serve_eventlet(app, host: str, port: int, log_output: bool) -> None:
    """What socketio.run does for eventlet, with a listening socket of our own: its default
    backlog of 50 pending connections overflows when a hall joins at once, and each phone
    turned away waits a second or more before it tries again (docs/benchmarks.md)."""
    import eventlet.wsgi
    from eventlet.green import socket

    class Protocol(eventlet.wsgi.HttpProtocol):
        # eventlet gives each connection an 8 KiB read and a 16 KiB write buffer for as long
        # as it is open, and a phone's WebSocket stays open all day without using them once
        # upgraded: 10 of the 73 KiB an idle phone cost. 1 KiB holds a request line or a
        # response's headers; a larger body goes straight to the socket, and TCP_NODELAY
        # sends it at once instead of waiting for the phone to acknowledge the headers (it
        # also lets a `state` right after a `mine` go out without that wait).
        rbufsize = wbufsize = 1024

        def setup(self):
            super().setup()
            try:
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass

    family, _, _, _, address = socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(address, family, backlog=BACKLOG)
    # eventlet's WSGI server caps connections at 1024 by default; a hall has more phones.
    eventlet.wsgi.server(listener, app, log_output=log_output, protocol=Protocol,
                         max_size=int(os.environ.get("MAX_CONNECTIONS", "10000")))


if __name__ == "__main__":
    main()
