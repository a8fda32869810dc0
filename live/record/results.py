"""What the public may see after the forum: answers and commitments, and how many questions
came in and what became of each. It names nobody: the phone form promises that a name is shown
only on the hall's screen, so no asker's name or affiliation is given here; a question's text
and its answer are masked as the hall's are (live/assistant/flags.py: children's names, phone
and ID numbers, e-mails), and the asker's own name written into them too. A rejected
question's text is never shown; it is only counted, with its reason."""
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from live import assistant
from live.assistant import flags
from live.questions import followups
from models import Channel, Ending, Forum, Question, State, db

#: what becomes of a question, in the order the results page lists them; every question
#: falls in exactly one, so the counts add up to the total
ANSWERED_IN_WRITING, OPEN = "answered_in_writing", "open"
OUTCOME_ORDER = (Ending.ON_SPOT.value, ANSWERED_IN_WRITING, Ending.IN_WRITING.value,
                 Ending.REFERRED.value, Ending.MERGED.value, Ending.OUT_OF_SCOPE.value,
                 Ending.NOT_TAKEN.value, OPEN)


def bucket_of(state: State, ending: Ending) -> str:
    """The results page's bucket for a question in `state` that ended so (`Question.ending`):
    its ending, but a written reply that has come counts as answered in writing (referred or
    not), and one the forum has not finished with (new, approved, on screen) as open."""
    if not ending.over:
        return OPEN
    if ending.written and state is State.ANSWERED:
        return ANSWERED_IN_WRITING
    return ending.value


@dataclass
class Tally:
    total: int
    by_channel: list[tuple[str, int]]  #: (channel code, count), in models.Channel's order
    by_outcome: list[tuple[str, int]]  #: (bucket, count), in OUTCOME_ORDER, zeros left out


def tally(forum: Forum) -> Tally:
    rows = db.session.execute(
        select(Question.channel, Question.status, Question.outcome, func.count())
        .where(Question.forum_id == forum.id)
        .group_by(Question.channel, Question.status, Question.outcome)
    ).all()
    channels: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    for channel, status, outcome, count in rows:
        channels[channel] = channels.get(channel, 0) + count
        state = State(status)
        bucket = bucket_of(state, Ending.of(state, outcome))
        outcomes[bucket] = outcomes.get(bucket, 0) + count
    order = [c.value for c in Channel] + sorted(set(channels) - {c.value for c in Channel})
    return Tally(
        total=sum(channels.values()),
        by_channel=[(code, channels[code]) for code in order if channels.get(code)],
        by_outcome=[(name, outcomes[name]) for name in OUTCOME_ORDER if outcomes.get(name)],
    )


# ---- names in the text ----

def _without(text: str | None, name: str | None) -> str | None:
    """`text` without the asker's own name where they wrote it in ("..., Lê Văn A hỏi"), in
    the assistant's masked form ("L** V** A**")."""
    if not text or not name or len(name) < 3:
        return text
    hidden = " ".join(word[:1] + "**" for word in name.split())
    return re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", hidden, text, flags=re.IGNORECASE)


@dataclass
class Published:
    """One question as the public reads it: no asker, names masked. A written reply's text
    (`answer_note`) only once a moderator published it (`reply_published_at`)."""
    text: str
    answer_note: str | None
    assignee: object
    referred_to: str | None
    due_on: object
    outcome: str | None
    status: str = ""
    #: where a written reply stands (live/questions/followups.py, `reply_state`); None for none owed
    reply: str | None = None
    reply_published_at: object = None


def published(q: Question, on=None) -> Published:
    """`q` as the results page and the asker's receipt page show it."""
    # the text as the hall sees it (the assistant masks children's names, phone numbers, ID
    # numbers, e-mails and bad words unless the moderator edited it), the answer likewise
    reply = followups.reply_state(q, on)
    shown = q.answer_note if reply in (None, followups.ANSWERED) else None
    text = _without(assistant.public_text(q), q.asker_name)
    note = (flags.mask(shown, flags.forum_words(q.forum)) if shown else None)
    note = _without(note, q.asker_name)
    return Published(text=text, answer_note=note,
                     assignee=q.assignee, referred_to=q.referred_to, due_on=q.due_on,
                     outcome=q.outcome, status=q.status, reply=reply,
                     reply_published_at=q.reply_published_at if reply == followups.ANSWERED
                     else None)


def public_results(forum: Forum) -> dict:
    """Answered at the forum; and everything promised in writing, answered or not, with where
    its reply stands (a reply recorded but not yet published says so, without its text)."""
    found = db.session.scalars(
        select(Question)
        .where(Question.forum_id == forum.id,
               Question.status.in_([State.ANSWERED.value, State.DEFERRED.value]))
        .options(selectinload(Question.assignee)).order_by(Question.id)
    ).all()
    on = followups.today()
    shown = [published(q, on) for q in found]
    return {
        "answered": [p for p in shown if p.reply is None],
        "commitments": [p for p in shown if p.reply is not None],
        "tally": tally(forum),
    }
