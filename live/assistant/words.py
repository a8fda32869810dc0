"""Vietnamese words as the assistant compares them: folded, short forms spelled out, the
courtesies of a question ("xin hỏi", "kính gửi") weighed nothing and the sector's own words
("học sinh", "trường") weighed low.

The index (similar.py) compares folded syllables (no diacritics, lower case, đ → d), so "hoc phi
tang" and "Học phí tăng" are the same words. Vietnamese writes one syllable per space-separated
token; the index counts syllables and pairs of neighbouring syllables (which stand in for the
two-syllable words that carry most meaning: "học phí", "bán trú"), so it needs no word
segmenter.

How much a syllable weighs is decided on the syllable as it was typed, before folding: folded,
"về" (about) and "vệ" (in "vệ sinh") are both "ve", "đây" and "dạy" both "day", "quỹ" (fund)
and "quy" (in "quy định") both "quy". In a text typed with its marks, the marks say which word it
is; in a text typed without them ("nha ve sinh ban"), a syllable that folds from a courtesy and
from a word of substance alike weighs AMBIGUOUS.
"""
import re

from live.core.text import fold

# Short forms people type on a phone, spelled out with their marks.
SHORT_FORMS = {
    "ko": "không", "k": "không", "kg": "không", "hok": "không", "khg": "không", "kh": "không",
    "dc": "được", "dk": "được", "đc": "được", "đk": "được",
    "hs": "học sinh", "gv": "giáo viên", "gvcn": "giáo viên chủ nhiệm", "ph": "phụ huynh",
    "pgd": "phòng giáo dục", "gd": "giáo dục", "gdđt": "giáo dục đào tạo",
    "gddt": "giáo dục đào tạo", "bgh": "ban giám hiệu", "cmhs": "cha mẹ học sinh",
    "thcs": "trung học cơ sở", "thpt": "trung học phổ thông", "th": "tiểu học",
    "ptdt": "phổ thông dân tộc", "ptdtnt": "phổ thông dân tộc nội trú",
    "mn": "mầm non", "sgk": "sách giáo khoa", "bhyt": "bảo hiểm y tế",
    "bn": "bao nhiêu", "j": "gì", "ntn": "như thế nào", "vs": "với", "r": "rồi",
    "online": "trực tuyến", "tp": "thành phố", "p": "phường", "ubnd": "ủy ban nhân dân",
    "hiu": "hiểu", "ah": "à", "cx": "cũng", "ng": "người", "trc": "trước", "dt": "điện thoại",
    "đt": "điện thoại", "kt": "kiểm tra", "ktra": "kiểm tra", "hk": "học kỳ",
}

# "cấp 2" is what many people call the lower secondary school (THCS).
LEVELS = {"1": "tiểu học", "2": "trung học cơ sở", "3": "trung học phổ thông"}

# Words (folded) that mean the same here, mapped to one of them.
SAME_MEANING = {
    "ruoc": "don",  # đưa rước, đưa đón
    "hu": "hong",  # hư, hỏng
    "nghin": "000", "ngan": "000",  # 450 nghìn, 450.000
}

# Courtesies, question words and the little words of a sentence: in almost every question, they
# say nothing of its topic. As typed, with their marks.
COMMON = frozenset(
    """a à ạ ah ai ở ơi dạ vậy nhé nha thì là mà và với của cho các những nhưng một
    xin hỏi biết muốn được không có bao nhiêu khi nào gì sao thế như nhiều lắm làm rồi sẽ đang đã
    hay hoặc nếu vì tại về đến từ trong ngoài do tôi chúng em con còn cháu mình họ này kia đó đây
    ấy nay phải cần nên rất quá hơn cũng vẫn chỉ ạ""".split()
)

# Formulaic phrases of a question, weighed nothing as a whole ("đề" alone is an exam paper,
# "thể" alone is in "thể dục", "gửi" alone is in "gửi trẻ"). Folded.
PHRASES = [tuple(p.split()) for p in """kinh gui|kinh thua|kinh mong|xin hoi|cho hoi|cho toi hoi
    |xin cho biet|cho biet|de nghi|xin cam on|cam on|co the|bao gio|bao nhieu|khi nao|the nao
    |nhu the nao|ra sao|lam sao|tai sao|vi sao|duoc khong|hay khong|co phai|van de|tinh trang
    |hien nay|nhu vay|viec nay|xin phep|duoc phep|nam hoc nay|nam hoc moi|nam hoc toi|nam hoc sau
    |nam nay|nam toi|nam sau|nam ngoai|nam truoc|nam roi""".replace("\n", "").split("|")]
# by their first syllable, longest first
_PHRASES: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(PHRASES, key=len, reverse=True):
    _PHRASES.setdefault(_phrase[0], []).append(_phrase)

# Words of the education sector itself: in most questions of a forum on schools, so they weigh
# DOMAIN_WEIGHT in the word view and are left out of the letter view. As typed.
DOMAIN = frozenset(
    """học sinh trường nhà phụ huynh cha mẹ giáo viên lớp tiểu trung cơ sở phổ thông
    mầm non phòng giáo dục năm đào tạo quy định đúng kế hoạch lãnh đạo""".split()
) | frozenset(
    # and the words of any question to the authorities, whatever its topic
    """gia đình người dân nhân cơ quan chính quyền địa phương phường xã huyện tỉnh thị quận
    thành phố ngành tổ chức xử lý giải quyết thực hiện biện pháp ý kiến trường hợp thông báo
    quản lý kiểm tra xem xét quan tâm việc""".split()
)
DOMAIN_WEIGHT = 0.3

# Folded, these are both a courtesy (or a word of the sector) and a word of substance in school
# questions: về/vệ (vệ sinh), đây/dạy, thế/thể (thể dục), có/cô/cơ, từ/tư (tư thục), tôi/tối,
# quá/quà, cho/chỗ, thì/thi, hỏi/hội, để/đề (đề thi), nghị/nghỉ, muốn/muộn, bao/bảo, đến/đèn,
# trong/trông, ngoài/ngoại, họ/hộ, cần/cận, nên/nền, đang/đăng, nha/nhà, nhé/nhẹ, vậy/vay,
# đã/đá, vì/vi (vi phạm), tại/tài, năm/nam, sở/số, quy/quỹ, trường/trưởng, đúng/dùng, giờ.
AMBIGUOUS = frozenset(
    """ve day the co tu toi qua cho thi hoi de nghi muon bao den trong ngoai ho can nen dang nha
    nhe vay da vi tai nam so quy truong dung gio""".split()
)
AMBIGUOUS_WEIGHT = 0.5

_COMMON_FOLDED = frozenset(fold(w) for w in COMMON)
_DOMAIN_FOLDED = frozenset(fold(w) for w in DOMAIN)

_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_THOUSANDS = re.compile(r"^(\d+?)((?:000)+|k)$")


def _tokens(text: str) -> tuple[list[str], bool]:
    """The syllables of `text` as typed (lower case), short forms spelled out, and whether the
    text was typed with its marks."""
    typed = _WORD.findall(_NUMBER.sub("", text.lower()))
    out: list[str] = []
    for token in typed:
        thousands = _THOUSANDS.match(token)
        if thousands:  # 50k, 50.000 and 50 nghìn alike
            out += [thousands.group(1), "000"]
        elif token in SHORT_FORMS:
            out += SHORT_FORMS[token].split()
        elif token in LEVELS and out and fold(out[-1]) == "cap":
            out[-1:] = LEVELS[token].split()
        else:
            out.append(token)
    return out, any(token != fold(token) for token in typed)


def _weight(token: str, marked_text: bool) -> float:
    folded = fold(token)
    if token != folded or marked_text:
        # as typed: with marks, or in a text with marks (where "thi" is an exam, not "thì")
        if token in COMMON:
            return 0.0
        if token in DOMAIN:
            return DOMAIN_WEIGHT
        if token != folded or folded in AMBIGUOUS:
            return 1.0
        # "khong", "hoc" in a text with marks: the marks forgotten
    elif folded in AMBIGUOUS:
        return AMBIGUOUS_WEIGHT
    if folded in _COMMON_FOLDED:
        return 0.0
    if folded in _DOMAIN_FOLDED:
        return DOMAIN_WEIGHT
    return 1.0


def weighed(text: str) -> list[tuple[str, float]]:
    """The folded syllables of `text`, in order, each with its weight: 0 for a courtesy or a
    formulaic phrase, DOMAIN_WEIGHT for the sector's own words, 1 for the words of its topic."""
    tokens, marked_text = _tokens(text)
    folded = [fold(token) for token in tokens]
    weights = [_weight(token, marked_text) for token in tokens]
    i = 0
    while i < len(folded):
        for phrase in _PHRASES.get(folded[i], ()):
            if tuple(folded[i:i + len(phrase)]) == phrase:
                weights[i:i + len(phrase)] = [0.0] * len(phrase)
                i += len(phrase) - 1
                break
        i += 1
    return [(SAME_MEANING.get(s, s), w) for s, w in zip(folded, weights)]


def words(text: str) -> list[str]:
    """The folded syllables of `text`, short forms spelled out and synonyms mapped."""
    return [syllable for syllable, _ in weighed(text)]


def terms(text: str, syllables: list[tuple[str, float]] | None = None) -> list[tuple[str, float]]:
    """What the word view of the index counts, each with its weight: the syllables and the pairs
    of neighbouring syllables, courtesies left out and the sector's own words weighed low. A
    pair with a courtesy in it ("có bắt") counts nothing. (`syllables`: `weighed(text)`.)"""
    syllables = weighed(text) if syllables is None else syllables
    out = [(s, w) for s, w in syllables]
    out += [(f"{a}_{b}", max(wa, wb) if min(wa, wb) else 0.0)
            for (a, wa), (b, wb) in zip(syllables, syllables[1:])]
    return [(term, weight) for term, weight in out if weight]


def spelling(text: str, syllables: list[tuple[str, float]] | None = None) -> str:
    """The folded words of the topic, for the letter view (which catches typos and words run
    together): courtesies and the sector's own words left out. (`syllables`: `weighed(text)`.)"""
    syllables = weighed(text) if syllables is None else syllables
    return " ".join(s for s, w in syllables if w > DOMAIN_WEIGHT)


# The school levels, folded, each a bit: two questions naming different ones are about
# different schools (and another unit answers).
_LEVEL_NAMES = {("mam", "non"): 1, ("mau", "giao"): 1, ("nha", "tre"): 1, ("tieu", "hoc"): 2,
                ("trung", "hoc", "co", "so"): 4, ("trung", "hoc", "pho", "thong"): 8}


def levels(text: str, syllables: list[tuple[str, float]] | None = None) -> int:
    """The school levels `text` names, as bits (0: none). (`syllables`: `weighed(text)`.)"""
    folded = [s for s, _ in (weighed(text) if syllables is None else syllables)]
    found = 0
    for name, bit in _LEVEL_NAMES.items():
        if any(tuple(folded[i:i + len(name)]) == name for i in range(len(folded) - len(name) + 1)):
            found |= bit
    return found


def analyse(text: str) -> tuple[list[tuple[str, float]], str, int]:
    """`terms`, `spelling` and `levels` of `text`, weighing it once (the index's three uses)."""
    syllables = weighed(text)
    return terms(text, syllables), spelling(text, syllables), levels(text, syllables)
