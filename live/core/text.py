"""Text handling for what people type: NFC, control characters, search folding."""
import re
import unicodedata

# C0/C1 controls except tab and newline, the bidi overrides/isolates that can make text read
# differently than it is stored, and zero-width characters that make a blank look like text.
# The joiners (ZWNJ, ZWJ) are judged apart: inside an emoji sequence they are part of it.
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_JOINER = re.compile("[\u200c\u200d]")
# Extended_Pictographic, near enough for the emoji people type: the symbol blocks and the
# supplementary emoji planes. After one, an emoji sequence may carry a variation selector or a
# skin tone before the joiner: 👩‍🏫, 👩🏽‍🏫, 🏳️‍🌈, 👨‍👩‍👧.
_PICTOGRAPH = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]"
)
_MODIFIER = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")


def _keep_joiner(text: str, at: int) -> bool:
    """A joiner at `at` is kept between two pictographs (the one before may carry a variation
    selector or skin tone)."""
    before = at - 1
    if before >= 0 and _MODIFIER.match(text, before):
        before -= 1
    return (before >= 0 and at + 1 < len(text) and bool(_PICTOGRAPH.match(text, before))
            and bool(_PICTOGRAPH.match(text, at + 1)))


def _strip_joiners(text: str) -> str:
    if "\u200c" not in text and "\u200d" not in text:
        return text
    return "".join(ch for at, ch in enumerate(text)
                   if not _JOINER.match(ch) or _keep_joiner(text, at))


def clean(value, *, multiline: bool = False) -> str:
    """NFC, no control characters, trimmed; single-line fields get one line."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    value = _strip_joiners(_UNSAFE.sub("", value))
    if not multiline:
        value = " ".join(value.split())
    else:
        value = "\n".join(line.rstrip() for line in value.split("\n"))
        value = re.sub(r"\n{3,}", "\n\n", value)
    return value.strip()


def fold(value: str) -> str:
    """Lower case without diacritics, so `hoc phi` finds `học phí` (đ becomes d)."""
    value = unicodedata.normalize("NFD", value.lower()).replace("đ", "d")
    return "".join(ch for ch in value if not unicodedata.combining(ch))


def search_key(text: str, original: str | None = None) -> str:
    """What queue search matches: the text the hall sees and the asker's original."""
    return fold(text if not original or original == text else f"{text}\n{original}")
