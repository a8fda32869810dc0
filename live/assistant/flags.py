"""What the moderator should look at before a question goes on the big screen: Vietnamese bad
words and personal data (phone numbers, citizen ID numbers, emails, children's names).

The assistant only points: `find(text)` returns the spans, `flags(text)` their kinds for the
queue entry, and `mask(text)` the text the hall may see (projector, stage, the phone's list, the
public results, the minutes) when the moderator has not edited it. Nothing is rejected or rewritten
in the record: the stored text stays as it was typed, for staff.

Bad words are matched two ways. Words whose letters, without their diacritics, are also a clean
word ("đủ"/"đụ", "lon nước"/"lồn", "buổi"/"buồi", "các"/"cặc", "đèo"/"đéo") match only as typed,
with their marks; the rest, which no clean word shares ("vcl", "đm", "dit me"), match folded,
so with or without diacritics, spaced or dotted ("đ.m", "d m"), or run together ("dmm").

A forum may add its own words in its setup (`Forum.extra_bad_words`, one a line; `forum_words`
reads them): the same rule holds for each, by how the setup typed it. Typed with its marks
("ngáo") it matches only with them; typed without ("ngao da") it matches with or without. A line
of several words matches those words in a row.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from live.core.text import fold

PROFANITY = "profanity"
PERSONAL_DATA = "personal_data"

#: Match only with their diacritics: their folded letters are clean words.
MARKED = frozenset("đụ lồn buồi cặc đéo đĩ địt đít".split())
#: Match folded: one word each (after spaced or dotted letters are joined).
FOLDED = frozenset(
    "dm dcm dcmm dmm dkm dmml dtm dit djt vcl vkl vcc vklm clm cmm cmnr clgt cc dume duma".split()
)
#: Two-word phrases, folded (each checked against its clean reading, see _clean_pair).
_PHRASES = {
    ("dit", "me"), ("dit", "con"), ("du", "me"), ("vai", "lon"), ("oc", "cho"),
    ("suc", "vat"), ("deo", "biet"), ("deo", "hieu"), ("deo", "co"), ("deo", "can"),
    ("deo", "phai"),
}

_WORD = re.compile(r"\w+", re.UNICODE)
# Single letters joined by dots, spaces, stars or dashes: "đ.m", "d m", "v.c.l".
_SPELLED = re.compile(r"(?<!\w)(\w)(?:[\s.*_\-]{1,2}(\w)){1,3}(?!\w)", re.UNICODE)
_LETTERS = re.compile(r"\w", re.UNICODE)

_PHONE = re.compile(r"(?<![\w+])(?:\+84|84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
_CITIZEN_ID = re.compile(r"(?<!\d)\d{3}[\s.]?\d{3}[\s.]?\d{6}(?!\d)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
# "con tôi là Nguyễn Văn An", "cháu tên Bình", "bé nhà tôi tên là Minh Anh", "em Lan lớp 3":
# the capitalised words after it are the child's name.
_CHILD = re.compile(
    r"\b(?:[Cc]on|[Cc]háu|[Bb]é|[Ee]m|[Hh]ọc sinh)"
    r"(?:\s+(?:tôi|nhà tôi|gái|trai|tôi tên|của tôi|em))?"
    r"\s+(?:(?:tên\s+là|tên|là)\s+)?"
    r"((?:[^\W\d_]+)(?:\s+[^\W\d_]+){0,3})",
    re.UNICODE,
)
# Capitalised words that start a sentence or name a school, not a child.
_NOT_NAMES = frozenset("Phòng Trường Sở Ban Cô Thầy Lớp Nhà Xin Kính Em Con Cháu Tôi".split())


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end}


def forum_words(forum) -> tuple[str, ...]:
    """The forum's own bad words, from its setup (`Forum.extra_bad_words`), ready for `find`."""
    return parse_words(getattr(forum, "extra_bad_words", None))


@lru_cache(maxsize=256)
def parse_words(text: str | None) -> tuple[str, ...]:
    """A list typed one word (or phrase) a line: lower case, NFC, spaces collapsed, blank lines
    and repeats left out, in the order typed."""
    found: list[str] = []
    for line in (text or "").splitlines():
        entry = " ".join(_WORD.findall(unicodedata.normalize("NFC", line).lower()))
        if entry and entry not in found:
            found.append(entry)
    return tuple(found)


def _extra(words, folded, lowered: str, extra: tuple[str, ...]) -> list[Span]:
    """Spans of the forum's own words (see the module's note): each entry a run of words."""
    found: list[Span] = []
    typed = [w for w, _, _ in words]
    for entry in extra:
        parts = entry.split()
        plain = entry == fold(entry)
        against = folded if plain else typed
        size = len(parts)
        for i in range(len(words) - size + 1):
            if against[i:i + size] == parts:
                found.append(Span(PROFANITY, words[i][1], words[i + size - 1][2]))
        if plain and size == 1:  # spelled out: "n.g.u"
            for match in _SPELLED.finditer(lowered):
                if fold("".join(_LETTERS.findall(match.group()))) == entry:
                    found.append(Span(PROFANITY, match.start(), match.end()))
    return found


def _profanity(text: str, extra: tuple[str, ...] = ()) -> list[Span]:
    lowered = unicodedata.normalize("NFC", text).lower()
    found: list[Span] = []
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(lowered)]
    folded = [fold(w) for w, _, _ in words]
    for i, (word, start, end) in enumerate(words):
        if word in MARKED or folded[i] in FOLDED:
            found.append(Span(PROFANITY, start, end))
        elif i + 1 < len(words) and (folded[i], folded[i + 1]) in _PHRASES:
            if not _clean_pair(words[i][0], words[i + 1][0]):
                found.append(Span(PROFANITY, start, words[i + 1][2]))
    for match in _SPELLED.finditer(lowered):
        joined = fold("".join(_LETTERS.findall(match.group())))
        if joined in FOLDED:
            found.append(Span(PROFANITY, match.start(), match.end()))
    if extra:
        found.extend(_extra(words, folded, lowered, extra))
    return found


def _clean_pair(first: str, second: str) -> bool:
    """A folded phrase that, typed with its marks, is clean: "đủ mẹ" is not "đụ mẹ",
    "đèo cao" not "đéo"; "cho đẻ" (let give birth) is not "chó đẻ"."""
    if first == fold(first) and second == fold(second):
        return False  # typed without diacritics: it reads as the rude phrase
    rude_marks = {"du": "đụ", "deo": "đéo", "cho": "chó", "vai": "vãi", "oc": "óc", "to": "tổ",
                  "suc": "súc", "dit": "địt", "me": "mẹ"}
    expected = rude_marks.get(fold(first))
    return expected is not None and first != fold(first) and first != expected


def _personal(text: str) -> list[Span]:
    found = [Span(PERSONAL_DATA, m.start(), m.end()) for m in _EMAIL.finditer(text)]
    taken = [(s.start, s.end) for s in found]

    def free(m):
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for pattern in (_CITIZEN_ID, _PHONE):
        for m in pattern.finditer(text):
            if free(m):
                found.append(Span(PERSONAL_DATA, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    for m in _CHILD.finditer(text):
        # the name is the run of capitalised words (str.isupper knows every Vietnamese capital)
        words, end = [], m.start(1)
        for word in re.finditer(r"[^\W\d_]+", m.group(1)):
            if not word.group()[0].isupper() or (not words and word.group() in _NOT_NAMES):
                break
            words.append(word)
        if words:
            found.append(Span(PERSONAL_DATA, m.start(1) + words[0].start(),
                              m.start(1) + words[-1].end()))
    return found


@lru_cache(maxsize=8192)  # each queue push asks again for every question's text
def _find(text: str, extra: tuple[str, ...]) -> tuple[Span, ...]:
    spans = set(_profanity(text, extra) + _personal(text))  # a forum's word may be built in too
    return tuple(sorted(spans, key=lambda s: (s.start, s.end)))


def find(text: str | None, extra: tuple[str, ...] = ()) -> tuple[Span, ...]:
    """Every flagged span of `text`, in order; `extra`: the forum's own words (`forum_words`)."""
    return _find(text, tuple(extra)) if text else ()


def flags(text: str | None, extra: tuple[str, ...] = ()) -> list[str]:
    """The kinds found in `text`, for the staff queue entry: [] or some of
    ["profanity", "personal_data"], in that order."""
    kinds = {span.kind for span in find(text, extra)}
    return [kind for kind in (PROFANITY, PERSONAL_DATA) if kind in kinds]


def _masked(part: str, kind: str) -> str:
    if kind == PROFANITY:
        return part[:1] + "**"
    digits = "".join(ch for ch in part if ch.isdigit())
    if len(digits) == 12:
        return "*** *** ******"  # a citizen ID: nothing of it is shown
    if len(digits) >= 9:
        if part.lstrip().startswith(("+84", "84")):
            digits = "0" + digits[2:]
        rest = len(digits) - 4
        return " ".join([digits[:4]] + ["***"] * (rest // 3) + (["*" * (rest % 3)] if rest % 3 else []))
    if "@" in part:
        user, domain = part.split("@", 1)
        return f"{user[:1]}***@{domain}"
    return " ".join(word[:1] + "**" for word in part.split())


def mask(text: str | None, extra: tuple[str, ...] = ()) -> str:
    """`text` as the hall may see it: each flagged span masked ("đ**", "0912 *** ***",
    "N** A**"), everything else as typed; `extra`: the forum's own words (`forum_words`)."""
    if not text:
        return text or ""
    out, at = [], 0
    for span in find(text, extra):
        if span.start < at:
            continue
        out.append(text[at:span.start])
        out.append(_masked(text[span.start:span.end], span.kind))
        at = span.end
    out.append(text[at:])
    return "".join(out)
