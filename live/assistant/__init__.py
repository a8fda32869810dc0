"""The moderator's assistant: it suggests, the moderator decides. Nothing here rejects, merges
or rewrites a question; nothing downloads a model or data (scikit-learn hashes words, the lists
are in this package).

- `similar(forum, question)`: the forum's questions most like this one (similar.py);
- `flags.flags(text)` / `flags.find(text)`: bad words and personal data, for the staff queue;
- `public_text(question)`: what the hall may see of a question's text (masked unless the
  moderator edited it).

The duplicate index of each forum lives in this process as a cache of the database: each call
brings it up to date with one query of the forum's ids and texts (only new or edited questions are
hashed), so a second worker or a restart sees the same suggestions.
"""
from __future__ import annotations

import threading

from sqlalchemy import select

from live.assistant import flags
from live.assistant.similar import Index
from models import Forum, Question, db
from models.question import State

#: states a question may still be merged into (questions.merge refuses the others)
_CANDIDATES = {s.value for s in State} - {State.MERGED.value, State.REJECTED.value}

_indexes: dict[int, Index] = {}
_lock = threading.Lock()


def index_of(forum: Forum) -> tuple[Index, set[int]]:
    """The forum's duplicate index, up to date, and the ids a question may be merged into."""
    rows = db.session.execute(
        select(Question.id, Question.text, Question.status).where(Question.forum_id == forum.id)
    ).all()
    with _lock:
        index = _indexes.get(forum.id)
        if index is None or not set(index.texts) <= {row.id for row in rows}:
            index = _indexes[forum.id] = Index()  # new, or questions gone (a reset database)
    for row in rows:
        if index.texts.get(row.id) != row.text:
            index.add(row.id, row.text)
    return index, {row.id for row in rows if row.status in _CANDIDATES}


def similar(forum: Forum, question: Question) -> list[dict]:
    """`[{"id", "score", "likely"}]`, best first, at most 10, `question` left out."""
    index, candidates = index_of(forum)
    return index.similar(question.id, question.text, among=candidates)


def public_text(question: Question) -> str:
    """The text the hall sees: as the moderator left it when edited (the edit is the
    moderator's decision), otherwise with bad words and personal data masked."""
    if question.edited:
        return question.text
    return flags.mask(question.text)
