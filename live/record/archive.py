"""A forum's whole record as JSON, and back.

`dump` writes every column of the forum, its agenda, its assignees, its questions and its event
log; `load` rebuilds the forum from that into a database that does not have it yet, keeping the
ids, so that dump(load(dump(forum))) gives the same record."""
from datetime import date, datetime

from sqlalchemy import Date, DateTime, bindparam, inspect, select, text

from live.core.text import search_key
from models.record import content_hash
from models import (AgendaItem, Assignee, Forum, Question, RecordEntry, Topic, Upvote, db,
                    question_topics)
from models.types import UTCDateTime

FORMAT = "forum-live/1"

#: (key in the file, model), in the order rows must be inserted
PARTS = [("agenda", AgendaItem), ("assignees", Assignee), ("topics", Topic),
         ("questions", Question), ("events", RecordEntry), ("upvotes", Upvote)]
#: derived columns, rebuilt on load rather than trusted from a file
DERIVED = {Question: {"search_text"}}


class ArchiveError(ValueError):
    pass


def _columns(model):
    return [(attr.key, attr.columns[0]) for attr in inspect(model).column_attrs
            if attr.key not in DERIVED.get(model, ())]


def _out(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _in(column, value):
    if value is None:
        return None
    if isinstance(column.type, (DateTime, UTCDateTime)):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def row(obj) -> dict:
    return {key: _out(getattr(obj, key)) for key, _ in _columns(type(obj))}


def dump(forum: Forum) -> dict:
    def rows(model, order):
        return [row(o) for o in db.session.scalars(
            select(model).where(model.forum_id == forum.id).order_by(order))]

    ids = select(Question.id).where(Question.forum_id == forum.id)
    return {
        "format": FORMAT,
        "forum": row(forum),
        "agenda": rows(AgendaItem, AgendaItem.position),
        "assignees": rows(Assignee, Assignee.id),
        "topics": rows(Topic, Topic.id),
        "questions": rows(Question, Question.id),
        "question_topics": [
            {"question_id": q, "topic_id": t} for q, t in db.session.execute(
                select(question_topics.c.question_id, question_topics.c.topic_id)
                .where(question_topics.c.question_id.in_(ids))
                .order_by(question_topics.c.question_id, question_topics.c.topic_id))
        ],
        "events": rows(RecordEntry, RecordEntry.id),
        #: the most phones that followed the forum at once, and when (also in "forum")
        "peak_phones": forum.peak_phones,
        "peak_at": _out(forum.peak_at),
        "upvotes": [row(u) for u in db.session.scalars(
            select(Upvote).where(Upvote.question_id.in_(ids)).order_by(Upvote.id))],
    }


def load(data: dict) -> Forum:
    """Rebuild a forum from `dump`'s output. Flushes; the caller commits."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f"Not a forum record file (expected format {FORMAT!r}).")
    code = data["forum"]["code"]
    if db.session.scalar(select(Forum).where(Forum.code == code)) is not None:
        raise ArchiveError(f"A forum with code {code!r} is already in this database.")
    taken = [
        model.__tablename__ for key, model in [("forum", Forum), *PARTS]
        if _ids(data, key) and db.session.scalar(
            select(model.id).where(model.id.in_(_ids(data, key))).limit(1)) is not None
    ]
    if taken:
        raise ArchiveError("This database already holds rows with the same ids in "
                           f"{', '.join(taken)}; import into an empty database.")
    _insert(Forum, [data["forum"]])
    for key, model in PARTS:
        _insert(model, data.get(key, []))
        if model is Question and data.get("question_topics"):
            db.session.execute(question_topics.insert(), [
                {"question_id": r["question_id"], "topic_id": r["topic_id"]}
                for r in data["question_topics"]])
    _advance_sequences()
    forum = db.session.scalar(select(Forum).where(Forum.code == code))
    return forum


def _ids(data, key):
    rows = [data[key]] if key == "forum" else data.get(key, [])
    return [r["id"] for r in rows if isinstance(r, dict) and "id" in r]


def _insert(model, rows):
    columns = _columns(model)
    values, merges = [], []
    for source in rows:
        item = {key: _in(column, source.get(key)) for key, column in columns if key in source}
        if model is Question:
            item["search_text"] = search_key(item.get("text", ""), item.get("original_text"))
            if item.get("merged_into_id"):  # may point at a later question: set it after
                merges.append({"question_id": item["id"], "into": item["merged_into_id"],
                               "stamp": item.get("updated_at")})
                item["merged_into_id"] = None
        values.append(item)
    if model is RecordEntry and any(not item.get("hash") for item in values):
        _chain(values)
    if values:
        # Core inserts keep the ids and timestamps the rows had.
        db.session.execute(model.__table__.insert(), values)
    if merges:
        table = Question.__table__
        db.session.execute(
            table.update().where(table.c.id == bindparam("question_id"))
            .values(merged_into_id=bindparam("into"), updated_at=bindparam("stamp")), merges)


def _chain(entries: list[dict]) -> None:
    """Hash a record written before the chain existed (an older file), in id order: the
    entries are kept as they were, and the chain starts from them."""
    previous: dict = {}
    for entry in sorted(entries, key=lambda e: e["id"]):
        prev = previous.get(entry["forum_id"])
        entry["prev_hash"] = prev
        entry["hash"] = previous[entry["forum_id"]] = content_hash(
            entry["forum_id"], entry["at"], entry["actor"], entry["action"],
            entry.get("question_id"), entry.get("agenda_item_id"), entry.get("data"), prev)


def _advance_sequences():
    if db.engine.dialect.name != "postgresql":
        return
    for model in (Forum, *(m for _, m in PARTS)):
        table = model.__tablename__
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
