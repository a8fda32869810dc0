"""The speaker's countdown: the moderator gives whoever holds the microphone 1, 2, 3 or 5
minutes from the console, and the projector counts down from it.

The timer is data on the forum (when it started, how long), not a clock in a process: the
projector works out what is left from the snapshot, so a reload, a restart or a second server
process shows the same countdown. Called by live/agenda/api.py, which commits once and then
announces; every start and stop goes into the record."""
from flask_babel import gettext

from live import record
from live.core.errors import InputError
from models import Forum, utcnow

#: the longest time a speaker can be given, in seconds
MAX_SECONDS = 60 * 60


def set_speaker(forum: Forum, seconds, by=None) -> bool:
    """Start the speaker's countdown with `seconds` (it starts again from the top if it was
    running), or stop it with 0. Returns False when nothing changed (stopping a stopped
    timer), so the caller neither commits nor announces."""
    if isinstance(seconds, float) and seconds.is_integer():
        seconds = int(seconds)  # 180.0 from a client that writes every number as a float
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise InputError(gettext("Thời gian phát biểu phải là số giây (0 để dừng)."), "seconds")
    if not 0 <= seconds <= MAX_SECONDS:
        raise InputError(gettext("Thời gian phát biểu từ 1 đến %(max)s giây (0 để dừng).",
                                 max=MAX_SECONDS), "seconds")
    if seconds == 0:
        return stop_speaker(forum, by)
    start_speaker(forum, seconds, by)
    return True


def start_speaker(forum: Forum, seconds: int, by=None) -> None:
    current = forum.current_item
    forum.speaker_timer_started_at = utcnow()
    forum.speaker_timer_seconds = seconds
    record.log(forum, "timer.start", by, item=current, timer="speaker", seconds=seconds)


def stop_speaker(forum: Forum, by=None, at=None) -> bool:
    """Stop the speaker's countdown, recorded with the seconds used; False if none ran."""
    started = forum.speaker_timer_started_at
    if started is None:
        return False
    at = at or utcnow()
    used = round((at - started).total_seconds())
    given = forum.speaker_timer_seconds
    forum.speaker_timer_started_at = None
    forum.speaker_timer_seconds = None
    record.log(forum, "timer.stop", by, item=forum.current_item, at=at, timer="speaker",
               seconds=given, used=used)
    return True


def speaker(forum: Forum) -> dict | None:
    """The running speaker's countdown as the snapshot carries it, or None."""
    started = forum.speaker_timer_started_at
    if started is None or not forum.speaker_timer_seconds:
        return None
    return {"started_at": started.isoformat(), "seconds": forum.speaker_timer_seconds}


def snapshot(forum: Forum) -> dict:
    """The forum's timers for `projector.snapshot`. The agenda item's own countdown needs no
    entry here: it comes from the item's `started_at` and `planned_minutes`."""
    return {"speaker": speaker(forum)}
