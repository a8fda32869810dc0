"""The moderator's assistant: it suggests, the moderator decides. Nothing here rejects, merges
or rewrites a question; nothing downloads a model or data (scikit-learn hashes words, the lists
are in this package).

- `similar(forum, question)`: the forum's questions most like this one (similar.py);
- `flags.flags(text, words)` / `flags.find(text, words)`: bad words and personal data, for the
  staff queue (`words`: the forum's own bad words, `flags.forum_words(forum)`);
- `groups(forum)`: the waiting and approved questions in clusters of likely duplicates;
- `suggested_topic(forum, question)`: the topic whose questions this one is most like;
- `public_text(question)`: what the hall may see of a question's text (masked unless the
  moderator edited it).

The duplicate index of each forum lives in this process as a cache of the database: each call
brings it up to date with one query of the forum's ids and texts (only new or edited questions are
hashed), so a second worker or a restart sees the same suggestions.
"""
from __future__ import annotations

import re
import threading
from collections import Counter

from sqlalchemy import select

from live.assistant import flags
from live.assistant.similar import Index
from live.assistant.words import DOMAIN_WEIGHT, weighed
from live.core.text import fold
from models import Forum, Question, db
from models.question import SET_ASIDE, State
from models.topic import question_topics

#: a topic is suggested from this score with the questions already filed under it
TOPIC_LIKELY = 0.2
#: states whose questions the "Nhóm" view groups: waiting for the moderator or approved
_GROUPED = (State.NEW.value, State.QUEUED.value)

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
    # a question set aside takes no merges (`Question.can_take_merges`)
    return index, {row.id for row in rows if State(row.status) not in SET_ASIDE}


def similar(forum: Forum, question: Question) -> list[dict]:
    """`[{"id", "score", "likely"}]`, best first, at most 10, `question` left out."""
    index, candidates = index_of(forum)
    return index.similar(question.id, question.text, among=candidates)


def groups(forum: Forum) -> list[dict]:
    """The waiting and approved questions of `forum` in clusters of likely duplicates (two or
    more), largest first: `[{"ids": [...], "label": "học phí, tăng"}]`. A cluster is what the
    likely pairs join, so the chair sees what the hall asks most and the moderator can merge a
    cluster in one step."""
    index, _ = index_of(forum)
    rows = db.session.execute(
        select(Question.id, Question.text).where(Question.forum_id == forum.id,
                                                 Question.status.in_(_GROUPED))
        .order_by(Question.id)
    ).all()
    ids = [row.id for row in rows]
    likely = index.likely_pairs(ids)
    parent = list(range(len(ids)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*likely.nonzero()):
        parent[root(i)] = root(j)
    clusters: dict[int, list[int]] = {}
    for i in range(len(ids)):
        clusters.setdefault(root(i), []).append(i)
    found = [[rows[i] for i in members] for members in clusters.values() if len(members) > 1]
    found.sort(key=lambda members: (-len(members), members[0].id))
    return [{"ids": [row.id for row in members], "label": _label([row.text for row in members])}
            for members in found]


_SYLLABLE = re.compile(r"\w+", re.UNICODE)


def _label(texts: list[str], size: int = 2) -> str:
    """The words most of a cluster's questions share (a syllable or a pair of neighbouring
    ones), each syllable used once, earlier words first on a tie (a question names its topic
    early), spelled as most of the askers typed them."""
    spelled: dict[str, Counter] = {}
    for text in texts:
        for syllable in _SYLLABLE.findall(text.lower()):
            spelled.setdefault(fold(syllable), Counter())[syllable] += 1
    shared: Counter = Counter()
    where: dict[str, list[float]] = {}
    for text in texts:
        syllables = weighed(text)  # a courtesy weighs 0, the sector's words DOMAIN_WEIGHT
        found: dict[str, float] = {}
        for i, ((a, wa), (b, wb)) in enumerate(zip(syllables, syllables[1:])):
            if wa and wb and max(wa, wb) > DOMAIN_WEIGHT:
                found.setdefault(f"{a} {b}", i / len(syllables))
        for i, (syllable, weight) in enumerate(syllables):
            if weight > DOMAIN_WEIGHT:
                found.setdefault(syllable, i / len(syllables))
        shared.update(found.keys())
        for term, at in found.items():
            where.setdefault(term, []).append(at)
    ranked = sorted(shared, key=lambda t: (-shared[t], -len(t.split()),
                                           sum(where[t]) / len(where[t])))
    chosen: list[str] = []
    used: set[str] = set()
    for term in ranked:
        if shared[term] < 2 or len(chosen) == size:
            break
        if used & set(term.split()):
            continue
        chosen.append(term)
        used |= set(term.split())
    return ", ".join(" ".join(_spelling(spelled, s) for s in term.split()) for term in chosen)


def _spelling(spelled: dict[str, Counter], syllable: str) -> str:
    forms = spelled.get(syllable)
    if not forms:
        return syllable
    marked = [form for form, _ in forms.most_common() if form != fold(form)]
    return marked[0] if marked else forms.most_common(1)[0][0]


def suggested_topic(forum: Forum, question: Question) -> int | None:
    """The id of the topic whose questions `question` is most like (the mean of its three best
    scores with them), when the forum has topics and the likeness is fair; else None. The
    moderator confirms: nothing is filed by this."""
    if question.topics or not forum.topics:
        return None
    filed = db.session.execute(
        select(question_topics.c.question_id, question_topics.c.topic_id)
        .join(Question, Question.id == question_topics.c.question_id)
        .where(Question.forum_id == forum.id, Question.id != question.id)
    ).all()
    if not filed:
        return None
    index, _ = index_of(forum)
    scores = index.scores(question.text)
    by_topic: dict[int, list[float]] = {}
    for question_id, topic_id in filed:
        at = index.position.get(question_id)
        if at is not None:
            by_topic.setdefault(topic_id, []).append(float(scores[at]))
    if not by_topic:
        return None
    best = max(by_topic, key=lambda t: _mean_of_best(by_topic[t]))
    return best if _mean_of_best(by_topic[best]) >= TOPIC_LIKELY else None


def _mean_of_best(values: list[float], count: int = 3) -> float:
    best = sorted(values, reverse=True)[:count]
    return sum(best) / len(best)


def public_text(question: Question) -> str:
    """The text the hall sees: as the moderator left it when edited (the edit is the
    moderator's decision), otherwise with bad words and personal data masked."""
    if question.edited:
        return question.text
    return flags.mask(question.text, flags.forum_words(question.forum))
