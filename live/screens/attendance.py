"""Phones in the hall: how many follow a forum now, and the most at once, kept on the forum as
`peak_phones` and `peak_at` for the minutes, the report and `record.json`.

A phone counts once, by its signed device cookie (live/core/devices.py), however many tabs it has
open; a socket without one (the projector, a script that never loaded the phone page) is not
counted, so the count cannot be pushed up by opening sockets: each device needs a phone page,
and those are rate limited per address. events.connect and events.disconnected call `joined`
and `left`; a background task of each process writes a higher peak at most once a second (one
UPDATE that only ever raises it: a hall joining at once is one write a second, not a thousand). With several processes (MESSAGE_QUEUE on
Redis) each writes its own count to a Redis hash and the hall's count is their sum; a process
that stops refreshing its field (killed) drops out after `STALE` seconds."""
import os
import threading
import time
import uuid
from collections import Counter

from sqlalchemy import or_, update

from models.types import utcnow
from models import Forum, db

#: how often each process writes its counts (and a higher peak), in seconds
FLUSH_EVERY = 1.0
#: a process's Redis count older than this is a process gone
STALE = 30.0

_lock = threading.Lock()
_devices: dict[int, Counter] = {}  #: forum id -> device id -> open sockets
_sockets: dict[str, tuple[int, str]] = {}  #: socket id -> (forum id, device id)
_dirty: set[int] = set()
_task = None  #: the background writer while phones are connected
_process = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


def joined(forum: Forum, sid: str, device: str | None) -> None:
    """A phone's socket joined `forum`'s hall (nothing is counted without a device)."""
    if not device:
        return
    with _lock:
        _sockets[sid] = (forum.id, device)
        _devices.setdefault(forum.id, Counter())[device] += 1
        _dirty.add(forum.id)
    _start()


def left(sid: str) -> None:
    with _lock:
        forum_id, device = _sockets.pop(sid, (None, None))
        if forum_id is None:
            return
        devices = _devices[forum_id]
        devices[device] -= 1
        if devices[device] <= 0:
            del devices[device]
        _dirty.add(forum_id)


def here(forum_id: int) -> int:
    """Phones following the forum on this process now."""
    with _lock:
        return len(_devices.get(forum_id, ()))


def now(forum_id: int) -> int:
    """Phones following the forum now, on every process."""
    redis = _redis()
    if redis is None:
        return here(forum_id)
    return _sum(redis.hgetall(_key(forum_id)))


def flush(app) -> None:
    """Write this process's counts (Redis) and any higher peak (the forum's row)."""
    with _lock:
        forums = set(_dirty) | set(_devices)
        _dirty.clear()
    redis = _redis(app)
    with app.app_context():
        for forum_id in forums:
            count = here(forum_id)
            if redis is not None:
                key = _key(forum_id)
                redis.hset(key, _process, f"{count}:{time.time():.0f}")
                redis.expire(key, 24 * 3600)
                count = _sum(redis.hgetall(key))
            if count:
                _write_peak(forum_id, count)


def _write_peak(forum_id: int, count: int) -> None:
    """One UPDATE that only ever raises the peak (another process may have written more)."""
    db.session.execute(
        update(Forum).where(Forum.id == forum_id,
                            or_(Forum.peak_phones.is_(None), Forum.peak_phones < count))
        .values(peak_phones=count, peak_at=utcnow()))
    db.session.commit()


def _start() -> None:
    """The writer of this process, started by the first phone and ended with the last."""
    global _task
    from flask import current_app

    from live.core.extensions import socketio

    app = current_app._get_current_object()
    with _lock:
        if _task is not None:
            return
        _task = socketio.start_background_task(_loop, app, socketio)


def _loop(app, socketio) -> None:
    global _task
    while True:
        socketio.sleep(FLUSH_EVERY)
        try:
            flush(app)
        except Exception:  # a database or Redis hiccup: the next second tries again
            app.logger.exception("attendance: could not write the phones' count")
            continue
        with _lock:
            if not _sockets and not _dirty:
                _task = None
                return


def _key(forum_id: int) -> str:
    return f"forum-live:phones:{forum_id}"


def _sum(fields: dict) -> int:
    fresh = time.time() - STALE
    total = 0
    for value in fields.values():
        count, _, at = (value.decode() if isinstance(value, bytes) else value).partition(":")
        if at and float(at) >= fresh:
            total += int(count)
    return total


_clients: dict[str, object] = {}


def _redis(app=None):
    """A Redis client of MESSAGE_QUEUE when it is Redis, else None (one process)."""
    from flask import current_app

    url = (app or current_app).config.get("MESSAGE_QUEUE") or ""
    if not url.startswith("redis"):
        return None
    if url not in _clients:
        import redis

        _clients[url] = redis.Redis.from_url(url, socket_timeout=2)
    return _clients[url]
