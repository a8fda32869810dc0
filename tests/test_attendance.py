"""Attendance: the phones connected to the forum at the peak and when (`peak_phones`,
`peak_at`), counted once per phone by its device cookie, in record.json, the minutes and the
report beside the head count staff enter. In process with Flask-SocketIO's test clients; the
same across two real processes over Redis is in tests/test_scaleout.py."""
import io

from docx import Document

from live.screens import attendance
from models import Forum, db
from tests.factories import FORUM


def phone_page(app, code=FORUM["code"]):
    """A phone that opened the attendee page: its Flask client carries the device cookie."""
    client = app.test_client()
    assert client.get(f"/f/{code}").status_code == 200
    assert client.get_cookie("device") is not None
    return client


def peak(forum_id: int) -> tuple[int | None, object]:
    db.session.expire_all()
    forum = db.session.get(Forum, forum_id)
    return forum.peak_phones, forum.peak_at


def test_each_phone_counts_once_and_the_peak_stays(app, forum, socket_client):
    phones = [phone_page(app) for _ in range(3)]
    sockets = [socket_client(flask_client=p, role="phone") for p in phones]
    second_tab = socket_client(flask_client=phones[0], role="phone")  # the same phone twice
    socket_client(role="phone")  # no device cookie: a script, not a phone page
    socket_client(flask_client=phone_page(app))  # the projector's way: no role
    assert all(s.is_connected() for s in sockets + [second_tab])
    assert attendance.now(forum.id) == 3

    attendance.flush(app)
    count, at = peak(forum.id)
    assert count == 3 and at is not None

    sockets[1].disconnect()
    sockets[2].disconnect()
    assert attendance.now(forum.id) == 1
    second_tab.disconnect()
    assert attendance.now(forum.id) == 1  # its first tab is still open
    attendance.flush(app)
    assert peak(forum.id) == (3, at)  # a peak only ever rises


def test_the_peak_is_in_the_record_the_minutes_and_the_report(app, forum, socket_client,
                                                              moderator):
    forum.attendance = 180
    db.session.commit()
    for p in [phone_page(app) for _ in range(2)]:
        socket_client(flask_client=p, role="phone")
    attendance.flush(app)

    record = moderator.client.get(f"/f/{forum.code}/record.json").get_json()
    assert record["peak_phones"] == 2 and record["peak_at"]
    assert record["forum"]["peak_phones"] == 2

    for path in ("record.docx", "report.docx"):
        document = Document(io.BytesIO(moderator.client.get(f"/f/{forum.code}/{path}").data))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Số người tham dự: 180 người." in text, path
        assert "Số điện thoại kết nối cùng lúc nhiều nhất: 2 (lúc " in text, path


def test_no_phone_no_peak(app, forum, moderator):
    attendance.flush(app)
    record = moderator.client.get(f"/f/{forum.code}/record.json").get_json()
    assert record["peak_phones"] is None
    document = Document(io.BytesIO(moderator.client.get(f"/f/{forum.code}/record.docx").data))
    assert "kết nối cùng lúc" not in "\n".join(p.text for p in document.paragraphs)
