"""A forum's phase: draft -> collecting (the link takes `online` questions before the day) ->
live -> closed (the link shows the public results). Staff may also reopen a closed forum."""
from live import record
from live.errors import Conflict, InputError
from models import Forum, ForumStatus

P = ForumStatus
#: phase -> the phases it may move to
PHASES: dict[ForumStatus, frozenset[ForumStatus]] = {
    P.DRAFT: frozenset({P.COLLECTING, P.LIVE}),
    P.COLLECTING: frozenset({P.DRAFT, P.LIVE}),
    P.LIVE: frozenset({P.COLLECTING, P.CLOSED}),
    P.CLOSED: frozenset({P.LIVE}),
}

LABELS_VI = {P.DRAFT: "chưa mở", P.COLLECTING: "nhận ý kiến trước diễn đàn",
             P.LIVE: "đang diễn ra", P.CLOSED: "đã kết thúc"}


def set_phase(forum: Forum, phase, by=None) -> None:
    try:
        target = ForumStatus(phase)
    except ValueError:
        raise InputError("Giai đoạn phải là một trong: draft, collecting, live, closed.",
                         "phase") from None
    current = ForumStatus(forum.status)
    if target is current:
        raise Conflict(f"Diễn đàn đang ở giai đoạn “{LABELS_VI[current]}”.")
    if target not in PHASES[current]:
        raise Conflict(f"Không thể chuyển diễn đàn từ “{LABELS_VI[current]}” sang "
                       f"“{LABELS_VI[target]}”.")
    forum.status = target.value
    record.log(forum, "forum.phase", by, **{"from": current.value, "to": target.value})


def set_attendance(forum: Forum, value, by=None) -> None:
    """Staff enter the head count of the day for the minutes."""
    try:
        count = int(str(value).strip())
    except ValueError:
        raise InputError("Số người tham dự phải là một số nguyên.", "attendance") from None
    if not 0 <= count <= 100_000:
        raise InputError("Số người tham dự phải từ 0 đến 100.000.", "attendance")
    before = forum.attendance
    forum.attendance = count
    record.log(forum, "forum.attendance", by, before=before, after=count)
