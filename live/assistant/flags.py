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
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from live.text import fold

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
    r"\b(?:[Cc]on|[Cc]háu|[Bb]é|[Ee]m)(?:\s+(?:tôi|nhà tôi|gái|trai|tôi tên|của tôi|em))?"
    r"\s+(?:(?:tên\s+là|tên|là)\s+)?"
    r"((?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){0,3})",
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


def _profanity(text: str) -> list[Span]:
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
        name = m.group(1)
        first = name.split()[0]
        if first in _NOT_NAMES:
            continue
        found.append(Span(PERSONAL_DATA, m.start(1), m.end(1)))
    return found


@lru_cache(maxsize=8192)  # each queue push asks again for every question's text
def _find(text: str) -> tuple[Span, ...]:
    return tuple(sorted(_profanity(text) + _personal(text), key=lambda s: (s.start, s.end)))


def find(text: str | None) -> tuple[Span, ...]:
    """Every flagged span of `text`, in order."""
    return _find(text) if text else ()


def flags(text: str | None) -> list[str]:
    """The kinds found in `text`, for the staff queue entry: [] or some of
    ["profanity", "personal_data"], in that order."""
    kinds = {span.kind for span in find(text)}
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


def mask(text: str | None) -> str:
    """`text` as the hall may see it: each flagged span masked ("đ**", "0912 *** ***",
    "N** A**"), everything else as typed."""
    if not text:
        return text or ""
    out, at = [], 0
    for span in find(text):
        if span.start < at:
            continue
        out.append(text[at:span.start])
        out.append(_masked(text[span.start:span.end], span.kind))
        at = span.end
    out.append(text[at:])
    return "".join(out)
