"""Text handling for what people type: NFC, control characters, search folding."""
import re
import unicodedata

# C0/C1 controls except tab and newline, the bidi overrides/isolates that can make text read
# differently than it is stored, and zero-width characters that make a blank look like text.
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def clean(value, *, multiline: bool = False) -> str:
    """NFC, no control characters, trimmed; single-line fields get one line."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    value = _UNSAFE.sub("", value)
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
