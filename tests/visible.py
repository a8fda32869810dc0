"""What a person reads on a page, and whether any of it is Vietnamese that is not data: used by
tests/test_i18n.py (pages rendered by the app) and tests/test_browser.py (pages as Chromium
shows them after their scripts ran)."""
import re
from html.parser import HTMLParser

#: a letter only Vietnamese uses (with its diacritics) or đ; English text has none
VIETNAMESE = re.compile("[À-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ]")


class VisibleText(HTMLParser):
    """The words a person meets on a page: text, the attributes a screen reader or a hover
    reads, and the words the page hands its script (`strings` and the `*-labels` blocks)."""

    SPOKEN = ("aria-label", "placeholder", "title", "alt", "aria-description", "data-empty")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in self.SPOKEN:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])
        if tag in ("script", "style"):
            words = tag == "script" and (attrs.get("id") == "strings"
                                         or (attrs.get("id") or "").endswith("-labels"))
            self.skip += 0 if words else 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def data_variants(values) -> list[str]:
    """The database's texts, and the pieces a page may show of them (a name shown as "Title
    Name", a text cut into lines), longest first, to be taken out of a page before it is
    searched for untranslated words."""
    from live.core.i18n import LANGUAGES

    # the switch names each language in itself: "Tiếng Việt" on an English page is right
    values = {v for v in values if v.strip()} | set(LANGUAGES.values())
    extra = set()
    for value in values:
        extra.update(part for part in re.split(r"\s*[\n—–:·]\s*", value) if part.strip())
    return sorted(values | extra, key=len, reverse=True)


def untranslated(page: str, data: list[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(page)
    found = []
    for part in parser.parts:
        part = part.replace("\u00a0", " ")  # a heading's last words are kept together
        for value in data:
            if value in part:
                part = part.replace(value, " ")
        if VIETNAMESE.search(part):
            found.append(" ".join(part.split())[:120])
    return found


