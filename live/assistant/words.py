"""Vietnamese words as the assistant compares them: folded, short forms spelled out, the
courtesies of a question ("xin hỏi", "kính gửi") weighed low.

Everything works on folded text (no diacritics, lower case, đ → d), so "hoc phi tang" and
"Học phí tăng" are the same words. Vietnamese writes one syllable per space-separated token;
the assistant compares syllables and pairs of neighbouring syllables (which stand in for the
two-syllable words that carry most meaning: "học phí", "bán trú"), so it needs no word
segmenter.
"""
import re

from live.core.text import fold

# Short forms people type on a phone, spelled out (folded).
SHORT_FORMS = {
    "ko": "khong", "k": "khong", "kg": "khong", "hok": "khong", "hong": "khong",
    "dc": "duoc", "dk": "duoc",
    "hs": "hoc sinh", "gv": "giao vien", "gvcn": "giao vien chu nhiem", "ph": "phu huynh",
    "thcs": "trung hoc co so", "thpt": "trung hoc pho thong", "th": "tieu hoc",
    "mn": "mam non", "sgk": "sach giao khoa", "bhyt": "bao hiem y te",
    "bn": "bao nhieu", "j": "gi", "ntn": "nhu the nao", "vs": "voi", "r": "roi",
    "online": "truc tuyen", "tp": "thanh pho", "p": "phuong", "ubnd": "uy ban nhan dan",
    "hiu": "hieu", "ah": "a",
}

# Words (folded) that mean the same here, mapped to one of them.
SAME_MEANING = {
    "ruoc": "don",  # đưa rước, đưa đón
    "hu": "hong",  # hư, hỏng
    "nghin": "000", "ngan": "000",  # 450 nghìn, 450.000
}

# Courtesies and question words: in almost every question, they say nothing of its topic.
COMMON = frozenset(
    """a ah ai o oi da vay nhe nha a thi la ma va voi cua cho cac nhung mot hai ba
    xin hoi kinh gui de nghi cho biet muon duoc khong co the bao gio khi nao nao gi sao
    the nhu nhieu bao nhieu lam roi se dang da hay hoac neu vi tai ve den tu trong ngoai
    toi chung em con chau minh ho nay kia do day ay nay duoc phai can nen rat qua hon""".split()
)

# Words of the education sector itself: in most questions of a forum on schools, so they weigh
# little in the word view and not at all in the letter view.
DOMAIN = frozenset(
    """hoc sinh truong nha phu huynh cha me giao vien lop tieu trung co so thcs pho thong
    mam non phong giao duc nam dao tao quy dinh dung ke hoach""".split()
)
DOMAIN_WEIGHT = 0.3

_WORD = re.compile(r"[0-9a-z]+")
_NUMBER = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")


def words(text: str) -> list[str]:
    """The folded syllables of `text`, short forms spelled out and synonyms mapped."""
    folded = _NUMBER.sub("", fold(text))
    out: list[str] = []
    for token in _WORD.findall(folded):
        spelled = SHORT_FORMS.get(token, token)
        if spelled is None:
            continue
        for syllable in spelled.split():
            out.append(SAME_MEANING.get(syllable, syllable))
    return out


def _weight(*syllables: str) -> float:
    if all(s in COMMON for s in syllables):
        return 0.0
    if all(s in COMMON or s in DOMAIN for s in syllables):
        return DOMAIN_WEIGHT
    return 1.0


def terms(text: str) -> list[tuple[str, float]]:
    """What the word view of the index counts, each with its weight: the syllables and the pairs
    of neighbouring syllables, courtesies left out and the sector's own words weighed low."""
    syllables = words(text)
    out = [(s, _weight(s)) for s in syllables]
    out += [(f"{a}_{b}", _weight(a, b)) for a, b in zip(syllables, syllables[1:])]
    return [(term, weight) for term, weight in out if weight]


def spelling(text: str) -> str:
    """The folded text without courtesies and the sector's own words, for the letter view
    (which catches typos and words run together)."""
    return " ".join(s for s in words(text) if s not in COMMON and s not in DOMAIN)
