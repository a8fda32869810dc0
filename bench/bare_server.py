"""The floor for bench/bench_live.py: a bare python-socketio server, nothing else.

    python bench/bare_server.py PORT MODE PAYLOAD.json [--to room|all]
                                [--served plain|gc|nodelay|as-live]

MODE is eventlet, gevent or threading, served the way `python -m live` serves that mode
(eventlet.wsgi, gevent's pywsgi with gevent-websocket, Werkzeug with simple-websocket), with
the same listen backlog. `POST /go` (or the Socket.IO event `go`) emits the JSON object in
PAYLOAD.json, with `seq` set to a growing number, as a `state` event: to the room every client
joins on connect (`--to room`, as the app sends to a forum's hall) or to every client
(`--to all`). No database, no Flask, no session: what is left is the cost of the Socket.IO
fan-out itself.

`--served as-live` serves eventlet as `python -m live` does: TCP_NODELAY on every connection,
1 KiB buffers, the garbage collector's full passes kept off what start-up loaded
(`gc.freeze()`) and its young collections spaced out (live/__main__.py's GC_THRESHOLDS).
`plain` is eventlet.wsgi's defaults, the floor bench_live measured before (docs/benchmarks.md:
why it was slower); `gc` and `nodelay` each take one half of `as-live`, to tell which counts. Listens on 127.0.0.1 only."""
import argparse
import gc
import json

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("mode", choices=["eventlet", "gevent", "threading"])
parser.add_argument("payload")
parser.add_argument("--to", choices=["room", "all"], default="room")
parser.add_argument("--served", choices=["plain", "gc", "nodelay", "as-live"],
                    default="as-live")
args = parser.parse_args()
BACKLOG = 2048

if args.mode == "eventlet":
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import eventlet
    eventlet.monkey_patch()
elif args.mode == "gevent":
    from gevent import monkey

    monkey.patch_all()

import socketio  # noqa: E402 (after monkey-patching)

with open(args.payload) as f:
    payload = json.load(f)
sio = socketio.Server(async_mode=args.mode)
room = "hall" if args.to == "room" else None
seq = 0


def go() -> None:
    global seq
    seq += 1
    sio.emit("state", dict(payload, seq=seq), to=room)


@sio.on("connect")
def connect(sid, environ, auth=None):
    sio.enter_room(sid, "hall")
    sio.emit("state", dict(payload, seq=seq), to=sid)


@sio.on("go")
def go_event(sid, data=None):
    go()


def http(environ, start_response):
    if environ["PATH_INFO"] == "/go" and environ["REQUEST_METHOD"] == "POST":
        go()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"seq": seq}).encode()]
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"bare"]


app = socketio.WSGIApp(sio, http)
if args.served in ("gc", "as-live"):  # as live/__main__.py: GC_THRESHOLDS
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)

if args.mode == "eventlet":
    import eventlet.wsgi
    from eventlet.green import socket

    protocol = eventlet.wsgi.HttpProtocol
    if args.served in ("nodelay", "as-live"):
        class Protocol(eventlet.wsgi.HttpProtocol):  # as live/__main__.py's
            rbufsize = wbufsize = 1024

            def setup(self):
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        protocol = Protocol
    eventlet.wsgi.server(eventlet.listen(("127.0.0.1", args.port), backlog=BACKLOG), app,
                         log_output=False, max_size=10000, protocol=protocol)
elif args.mode == "gevent":
    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    pywsgi.WSGIServer(("127.0.0.1", args.port), app, handler_class=WebSocketHandler, log=None,
                      backlog=BACKLOG).serve_forever()
else:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", args.port, app, threaded=True)
    server.serve_forever()
