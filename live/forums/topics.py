"""The topics a forum's questions are sorted under (admin, permission "forum.setup"), counted
in the report; and the topics the setup page suggests. Kept in the order the setup gives them.

Each operation checks what a person typed, changes the list, flushes and appends a record
entry; the route (live/forums/admin.py) commits once and then announces."""
from flask_babel import gettext, ngettext
from sqlalchemy import func, select

from live import record
from live.core.errors import Conflict, InputError
from live.core.labels import N_
from live.core.text import clean, fold
from live.forums import ordering
from live.forums.forms import own
from models import Forum, Topic, db, question_topics

#: offered as one-click topics on the setup page, in the reader's language (`suggestions`)
SUGGESTED_TOPICS = [
    N_("học phí"), N_("cơ sở vật chất"), N_("an toàn trường học"), N_("tuyển sinh"),
    N_("đạo đức nhà giáo"), N_("các khoản thu"), N_("chế độ giáo viên"),
    N_("chương trình, sách giáo khoa"),
]


#: what a move says when the topic is already first or last (ordering.step)
_ENDS = {"up": N_("Chủ đề “%(name)s” đã ở đầu danh sách."),
         "down": N_("Chủ đề “%(name)s” đã ở cuối danh sách.")}


def _topic_name(forum: Forum, value, topic: Topic | None = None) -> str:
    """A topic's name, checked: two topics of a forum are never named alike."""
    name = clean(value)
    if not name:
        raise InputError(gettext("Vui lòng nhập tên chủ đề."), "name")
    if len(name) > 100:
        raise InputError(gettext("Tên chủ đề: tối đa %(n)s ký tự.", n=100), "name")
    for other in forum.topics:
        if other is not topic and fold(other.name) == fold(name):
            raise InputError(gettext("Đã có chủ đề “%(name)s”.", name=other.name), "name")
    return name


def add_topic(forum: Forum, name, by=None) -> Topic:
    """A new topic at the end of the list (typed, or a suggestion clicked)."""
    name = _topic_name(forum, name)
    position = max((t.position for t in forum.topics), default=0) + 1
    topic = Topic(name=name, position=position)
    forum.topics.append(topic)
    db.session.flush()
    record.log(forum, "topic.add", by, topic_id=topic.id, name=name)
    return topic


def rename_topic(forum: Forum, topic: Topic, name, by=None) -> bool:
    """False when the name did not change (nothing is recorded)."""
    own(forum, topic)
    name = _topic_name(forum, name, topic)
    if name == topic.name:
        return False
    before, topic.name = topic.name, name
    db.session.flush()
    record.log(forum, "topic.rename", by, topic_id=topic.id, before=before, after=name)
    return True


def move_topic(forum: Forum, topic: Topic, direction: str, by=None) -> None:
    """One place "up" or "down" in the list; the record names the places 1..n."""
    own(forum, topic)
    current = ordering.ordered(forum.topics)
    before = current.index(topic) + 1
    ordering.renumber(ordering.step(current, topic, direction, _ENDS, name=topic.name))
    record.log(forum, "topic.move", by, topic_id=topic.id, name=topic.name,
               **{"from": before, "to": topic.position})
    db.session.expire(forum, ["topics"])


def remove_topic(forum: Forum, topic: Topic, by=None) -> None:
    """Only a topic no question carries (renaming keeps the questions sorted)."""
    own(forum, topic)
    used = db.session.scalar(select(func.count()).select_from(question_topics).where(
        question_topics.c.topic_id == topic.id))
    if used:
        raise Conflict(ngettext("Chủ đề “%(name)s” đang gắn với %(num)s câu hỏi; không thể xóa. "
                                "Có thể đổi tên chủ đề.",
                                "Chủ đề “%(name)s” đang gắn với %(num)s câu hỏi; không thể xóa. "
                                "Có thể đổi tên chủ đề.", used, name=topic.name))
    data = {"topic_id": topic.id, "name": topic.name}
    forum.topics.remove(topic)
    db.session.flush()
    ordering.renumber(ordering.ordered(forum.topics))
    record.log(forum, "topic.remove", by, **data)


def suggestions(forum: Forum) -> list[str]:
    """The suggested topics this forum does not have yet (in Vietnamese or in the reader's
    language), named in the reader's language: the name a click adds."""
    have = {fold(t.name) for t in forum.topics}
    return [gettext(name) for name in SUGGESTED_TOPICS
            if fold(name) not in have and fold(gettext(name)) not in have]


def usage(forum: Forum) -> dict[int, int]:
    """How many questions carry each topic, for the setup page to say before a removal is
    tried: {id: n}."""
    found = {t.id: 0 for t in forum.topics}
    for topic_id, count in db.session.execute(
            select(question_topics.c.topic_id, func.count())
            .where(question_topics.c.topic_id.in_(list(found)))
            .group_by(question_topics.c.topic_id)):
        found[topic_id] = count
    return found
