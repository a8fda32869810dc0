"""Taking questions in: from phones (venue, online) and from staff (letters, calls, the floor)."""
import re
from datetime import date

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from live import record
from live.core.errors import ForumNotOpen, InputError
from live.core.labels import N_
from live.core.text import clean, search_key
from live.forums import hall
from models import Channel, Forum, ForumStatus, Question, db
from models.question import new_receipt

MAX_TEXT = 1000
MAX_NAME = 120
MAX_AFFILIATION = 200
_CLIENT_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
#: a letter's or call's phone number as staff type it: digits, spaces, +, -, dots
_PHONE = re.compile(r"^[0-9+\-. ]{6,20}$")


#: a field -> what a person calls it, for the message when it is not text (translated there)
_TEXT_FIELDS = {"text": N_("Nội dung câu hỏi"), "name": N_("Họ tên"),
                "affiliation": N_("Đơn vị / nơi ở"), "contact_phone": N_("Số điện thoại")}


def valid_client_key(value) -> bool:
    return isinstance(value, str) and bool(_CLIENT_KEY.fullmatch(value))


def validate(data: dict, *, staff: bool = False) -> dict:
    """Check and clean a submission; raise `InputError` with a message for the asker, in the
    asker's language."""
    if not isinstance(data, dict):
        raise InputError(gettext("Dữ liệu gửi lên không đúng định dạng."))
    for field, label in _TEXT_FIELDS.items():
        # a number, a list or an object is a client's mistake, not a question to store
        if data.get(field) is not None and not isinstance(data[field], str):
            raise InputError(gettext("%(field)s phải là một chuỗi ký tự.", field=gettext(label)),
                             field)
    text = clean(data.get("text"), multiline=True)
    if not text:
        raise InputError(gettext("Vui lòng nhập nội dung câu hỏi."), "text")
    if len(text) > MAX_TEXT:
        raise InputError(gettext(
            "Câu hỏi dài %(length)s ký tự, vui lòng rút gọn còn tối đa %(max)s ký tự.",
            length=len(text), max=MAX_TEXT), "text")
    # a name or affiliation is measured as sent too (the description's maxLength): control
    # characters the cleaning drops do not buy room past the limit
    name = clean(data.get("name"))
    if len(name) > MAX_NAME or len(data.get("name") or "") > MAX_NAME:
        raise InputError(gettext("Họ tên tối đa %(max)s ký tự.", max=MAX_NAME), "name")
    affiliation = clean(data.get("affiliation"))
    if (len(affiliation) > MAX_AFFILIATION
            or len(data.get("affiliation") or "") > MAX_AFFILIATION):
        raise InputError(gettext("Đơn vị / nơi ở tối đa %(max)s ký tự.", max=MAX_AFFILIATION),
                         "affiliation")
    client_key = data.get("client_key")
    if client_key is not None and (
        not isinstance(client_key, str) or not _CLIENT_KEY.fullmatch(client_key)
    ):
        raise InputError(
            gettext("Mã gửi (client_key) không hợp lệ: 8-64 ký tự chữ, số, - hoặc _."))
    cleaned = {"text": text, "name": name or None, "affiliation": affiliation or None,
               "client_key": client_key, "channel": None, "received_on": None,
               "contact_phone": None}

    if data.get("contact_phone") is not None:
        if not staff:
            raise InputError(gettext("Chỉ cán bộ mới ghi được số điện thoại liên hệ."),
                             "contact_phone")
        phone = clean(data["contact_phone"])
        if phone and not (_PHONE.match(phone) and sum(c.isdigit() for c in phone) >= 6):
            raise InputError(gettext("Số điện thoại chỉ gồm chữ số, dấu cách, +, - hoặc dấu chấm, "
                                     "dài 6-20 ký tự, ví dụ 0912 345 678."), "contact_phone")
        cleaned["contact_phone"] = phone or None

    channel = data.get("channel")
    if channel is not None:
        if not staff:
            raise InputError(gettext("Chỉ cán bộ mới nhập được câu hỏi từ hòm thư, đường dây "
                                     "nóng hoặc phát biểu tại hội trường."), "channel")
        if not isinstance(channel, str) or channel not in Channel.staff_channels():
            raise InputError(gettext("Kênh phải là một trong: suggestion_box, hotline, floor."),
                             "channel")
        cleaned["channel"] = channel
        received_on = data.get("received_on")
        if received_on is not None:
            try:
                cleaned["received_on"] = date.fromisoformat(str(received_on))
            except ValueError:
                raise InputError(gettext("Ngày nhận phải có dạng YYYY-MM-DD."),
                                 "received_on") from None
    return cleaned


def phone_channel(forum: Forum) -> str:
    """Which channel a phone's question comes in on, or an error if the forum takes none."""
    if forum.status == ForumStatus.LIVE.value:
        return Channel.VENUE.value
    if forum.status == ForumStatus.COLLECTING.value:
        return Channel.ONLINE.value
    if forum.status == ForumStatus.CLOSED.value:
        raise ForumNotOpen(gettext("Diễn đàn đã kết thúc, không nhận thêm câu hỏi. "
                                   "Cảm ơn quý vị."))
    raise ForumNotOpen(gettext("Diễn đàn chưa mở nhận câu hỏi."))


def find_by_key(forum: Forum, client_key: str) -> Question | None:
    return db.session.scalar(
        select(Question).where(Question.forum_id == forum.id, Question.client_key == client_key)
    )


def is_resend(code: str | None, client_key) -> bool:
    """Is this a question the forum `code` already has, sent again by its phone (the reply was
    lost)? Asked by the rate limits (live/core/limits.py) before the view runs: a resend is
    never refused, so the person never types it again."""
    if not code or "\x00" in code or not valid_client_key(client_key):
        return False
    return db.session.scalar(
        select(Question.id).join(Forum).where(Forum.code == code,
                                              Question.client_key == client_key)
    ) is not None


def find_by_receipt(receipt: str) -> Question | None:
    return db.session.scalar(select(Question).where(Question.receipt == receipt))


def submit(forum: Forum, data: dict, *, by=None, staff: bool = False) -> tuple[Question, bool]:
    """Add a question, or find the one this `client_key` already made.

    Returns (question, created). Flushes; the caller commits, and acknowledges only after.
    A resend of a key the forum has is answered with that question whatever the forum's phase
    now (it was acknowledged, or should have been), once its body has the form any question
    needs: a resend carries the body it had, and a body the description refuses (a null
    text) is refused, stored key or not."""
    cleaned = validate(data, staff=staff)
    key = cleaned["client_key"]
    try:
        channel = cleaned["channel"] or phone_channel(forum)
        if not staff and channel == Channel.VENUE.value:
            hall.check(forum)
    except (ForumNotOpen, hall.NotInHall):
        # what was received is answered, whatever the phase or the hall now
        if key and (existing := find_by_key(forum, key)) is not None:
            return existing, False
        raise
    # A resend is found by the unique (forum, client_key) refusing the insert below, not by a
    # query before it: in a burst, that query was one of nine statements of every question.
    question = Question(
        forum_id=forum.id, channel=channel, original_text=cleaned["text"], text=cleaned["text"],
        search_text=search_key(cleaned["text"]), asker_name=cleaned["name"],
        asker_affiliation=cleaned["affiliation"], client_key=key,
        received_on=cleaned["received_on"], contact_phone=cleaned["contact_phone"],
    )
    for attempt in range(3):
        question.receipt = new_receipt()
        try:
            with db.session.begin_nested():
                db.session.add(question)
                db.session.flush()
            break
        except IntegrityError:
            # A resend, or the same client_key won a race with us: that one is the question.
            existing = find_by_key(forum, key) if key else None
            if existing is not None:
                return existing, False
            if attempt == 2 or find_by_receipt(question.receipt) is None:
                raise
            # else another question drew the same receipt (1 in 10^14): draw again
    record.log(forum, "question.submit", by, question=question, channel=channel,
               text=question.text, name=question.asker_name,
               affiliation=question.asker_affiliation)
    return question, True
