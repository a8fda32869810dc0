"""The floor for bench/bench_live.py: a bare python-socketio server, nothing else.

    python bench/bare_server.py PORT MODE PAYLOAD.json

MODE is eventlet, gevent or threading, served the way `python -m live` serves that mode
(eventlet.wsgi, gevent's pywsgi with gevent-websocket, Werkzeug with simple-websocket), with
the same listen backlog. Every client that connects joins one room; `POST /go` (or the
Socket.IO event `go`) emits the JSON object in PAYLOAD.json, with `seq` set to a growing
number, as a `state` event to that room. No database, no Flask, no session: what is left is the
cost of the Socket.IO fan-out itself. Listens on 127.0.0.1 only."""
import json
import sys

PORT, MODE, PAYLOAD = int(sys.argv[1]), sys.argv[2], sys.argv[3]
BACKLOG = 2048

if MODE == "eventlet":
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import eventlet
    eventlet.monkey_patch()
elif MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

import socketio  # noqa: E402 (after monkey-patching)

with open(PAYLOAD) as f:
    payload = json.load(f)
sio = socketio.Server(async_mode=MODE)
seq = 0


def go() -> None:
    global seq
    seq += 1
    sio.emit("state", dict(payload, seq=seq), to="hall")


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

if MODE == "eventlet":
    import eventlet.wsgi

    eventlet.wsgi.server(eventlet.listen(("127.0.0.1", PORT), backlog=BACKLOG), app,
                         log_output=False, max_size=10000)
elif MODE == "gevent":
    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    pywsgi.WSGIServer(("127.0.0.1", PORT), app, handler_class=WebSocketHandler, log=None,
                      backlog=BACKLOG).serve_forever()
else:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", PORT, app, threaded=True)
    server.serve_forever()
