"""What the public may see after the forum: answers and commitments, and how many questions
came in and what became of each. It names nobody: the phone form promises that a name is shown
only on the hall's screen, so no asker's name or affiliation is given here, and names of
children (and the asker's own name) written into a question are masked. A rejected question's
text is never shown; it is only counted, with its reason."""
import re
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import Channel, Forum, Outcome, Question, State, db

#: what becomes of a question, in the order the results page lists them; every question
#: falls in exactly one, so the counts add up to the total
OUTCOME_ORDER = ("on_spot", "answered_in_writing", "in_writing", "referred", "merged",
                 "out_of_scope", "not_taken", "open")


def outcome_of(status: str, outcome: str | None) -> str:
    """The results page's bucket for one question's (status, outcome)."""
    if status == State.ANSWERED.value:
        written = outcome in (Outcome.IN_WRITING.value, Outcome.REFERRED.value)
        return "answered_in_writing" if written else "on_spot"
    if status == State.DEFERRED.value:
        return "referred" if outcome == Outcome.REFERRED.value else "in_writing"
    if status == State.MERGED.value:
        return "merged"
    if status == State.REJECTED.value:
        return "out_of_scope" if outcome == Outcome.OUT_OF_SCOPE.value else "not_taken"
    return "open"  # new, approved or on screen: the forum has not finished with it


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
        bucket = outcome_of(status, outcome)
        outcomes[bucket] = outcomes.get(bucket, 0) + count
    order = [c.value for c in Channel] + sorted(set(channels) - {c.value for c in Channel})
    return Tally(
        total=sum(channels.values()),
        by_channel=[(code, channels[code]) for code in order if channels.get(code)],
        by_outcome=[(name, outcomes[name]) for name in OUTCOME_ORDER if outcomes.get(name)],
    )


# ---- names in the text ----

#: words after which a capitalised name is a child's (or a pupil's): "con tôi Nguyễn Văn An",
#: "cháu Minh", "học sinh Trần Thị B". Longest first, so "con tôi" wins over "con".
_KIN = ("con trai tôi", "con gái tôi", "con trai", "con gái", "con tôi", "con em", "cháu tôi",
        "cháu", "con", "em", "bé", "học sinh", "học trò")
_KIN_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in _KIN) + r")(?!\w)",
                     re.IGNORECASE)
_WORD_RE = re.compile(r"[ \t]+([^\W\d_]+)")
#: capitalised words that start a place or a school, not a name ("học sinh Trường THCS ...")
_NOT_NAMES = {"trường", "lớp", "khối", "phường", "xã", "huyện", "quận", "tỉnh", "tp", "sở",
              "phòng", "bộ", "ubnd", "tiểu", "mầm", "khu", "ấp", "tổ", "thôn", "bản", "đội"}
#: ... and two-word ones whose first word is also a name ("Thành", "Trung", "Cao")
_NOT_NAME_PHRASES = ("thành phố", "thị xã", "thị trấn", "trung học", "trung tâm", "đại học",
                     "cao đẳng")


def _is_name_word(word: str) -> bool:
    """Capitalised, the rest small: "Nguyễn", "An". An acronym (THCS) or a lower-case word
    ("em xin hỏi") is not a name."""
    return (word[0].isupper() and (len(word) == 1 or word[1:].islower())
            and word.lower() not in _NOT_NAMES)


def mask_names(text: str | None, also: tuple[str | None, ...] = ()) -> str | None:
    """`text` with children's names masked, conservatively: one to four capitalised words right
    after a word such as "con tôi", "cháu", "em", "học sinh". The names in `also` (the asker's
    own) are masked wherever they appear. A name written any other way is left as it is, so a
    moderator still reads the published text (the results page says the masking is done)."""
    if not text:
        return text
    hidden = gettext("[đã ẩn tên]")
    for name in also:
        if name and len(name) >= 3:
            text = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", hidden, text,
                          flags=re.IGNORECASE)
    out, pos = [], 0
    for kin in _KIN_RE.finditer(text):
        if kin.start() < pos:
            continue
        end, words = kin.end(), 0
        while words < 4:
            word = _WORD_RE.match(text, end)
            if (not word or not _is_name_word(word.group(1))
                    or text[word.start(1):].lower().startswith(_NOT_NAME_PHRASES)):
                break
            end, words = word.end(), words + 1
        if words:
            out.append(text[pos:kin.end()] + " " + hidden)
            pos = end
    out.append(text[pos:])
    return "".join(out)


@dataclass
class Published:
    """One answered or deferred question as the public reads it: no asker, names masked."""
    text: str
    answer_note: str | None
    assignee: object
    referred_to: str | None
    due_on: object
    outcome: str | None


def _published(q: Question) -> Published:
    also = (q.asker_name,)
    return Published(text=mask_names(q.text, also), answer_note=mask_names(q.answer_note, also),
                     assignee=q.assignee, referred_to=q.referred_to, due_on=q.due_on,
                     outcome=q.outcome)


def public_results(forum: Forum) -> dict:
    found = db.session.scalars(
        select(Question)
        .where(Question.forum_id == forum.id,
               Question.status.in_([State.ANSWERED.value, State.DEFERRED.value]))
        .options(selectinload(Question.assignee)).order_by(Question.id)
    ).all()
    return {
        "answered": [_published(q) for q in found if q.status == State.ANSWERED.value],
        "commitments": [_published(q) for q in found if q.status == State.DEFERRED.value],
        "tally": tally(forum),
    }
