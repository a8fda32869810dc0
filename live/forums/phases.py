"""A forum's phase: draft -> collecting (the link takes `online` questions before the day) ->
live -> closed (the link shows the public results). Staff may also reopen a closed forum."""
from flask_babel import gettext

from live import record
from live.core.errors import Conflict, InputError
from live.core.labels import N_
from models import Forum, ForumStatus, utcnow

P = ForumStatus
#: phase -> the phases it may move to
PHASES: dict[ForumStatus, frozenset[ForumStatus]] = {
    P.DRAFT: frozenset({P.COLLECTING, P.LIVE}),
    P.COLLECTING: frozenset({P.DRAFT, P.LIVE}),
    P.LIVE: frozenset({P.COLLECTING, P.CLOSED}),
    P.CLOSED: frozenset({P.LIVE}),
}

#: each phase as the refusals below name it (message ids; translated where the message is built)
LABELS_VI = {P.DRAFT: N_("chưa mở"), P.COLLECTING: N_("nhận ý kiến trước diễn đàn"),
             P.LIVE: N_("đang diễn ra"), P.CLOSED: N_("đã kết thúc")}


def set_phase(forum: Forum, phase, by=None) -> None:
    try:
        target = ForumStatus(phase)
    except ValueError:
        raise InputError(gettext("Chọn một giai đoạn: “%(phases)s”.", phases="”, “".join(
            gettext(LABELS_VI[p]) for p in ForumStatus)), "phase") from None
    current = ForumStatus(forum.status)
    if target is current:
        raise Conflict(gettext("Diễn đàn đang ở giai đoạn “%(phase)s”.",
                               phase=gettext(LABELS_VI[current])))
    if target not in PHASES[current]:
        raise Conflict(gettext("Không thể chuyển diễn đàn từ “%(current)s” sang “%(target)s”.",
                               current=gettext(LABELS_VI[current]),
                               target=gettext(LABELS_VI[target])))
    now = utcnow()
    if target is P.CLOSED:
        _close(forum, by, now)
    forum.status = target.value
    record.log(forum, "forum.phase", by, at=now, **{"from": current.value, "to": target.value})


def _close(forum: Forum, by, at) -> None:
    """Closing closes: the question on screen comes down, the speaker's countdown stops and the
    item under way ends, each in the record at the closing time."""
    from live.agenda import running as agenda, timers
    from live.questions import moves as questions

    shown = questions.on_screen(forum)
    if shown is not None:
        questions.hide(shown, by, at=at)  # stops the countdown with it
    timers.stop_speaker(forum, by, at)
    agenda.end_current(forum, by, at)


def set_attendance(forum: Forum, value, by=None) -> None:
    """Staff enter the head count of the day for the minutes."""
    try:
        count = int(str(value).strip())
    except ValueError:
        raise InputError(gettext("Số người tham dự phải là một số nguyên."), "attendance") from None
    if not 0 <= count <= 100_000:
        raise InputError(gettext("Số người tham dự phải từ 0 đến 100.000."), "attendance")
    before = forum.attendance
    forum.attendance = count
    record.log(forum, "forum.attendance", by, before=before, after=count)
