"""Every control on the attendee's page, the console and the projector has a name a screen
reader can read, and the messages that change are live regions. Read from the HTML the server
sends, with the standard library's parser (tests/test_console_keys.py checks the controls the
console's script draws, in Chromium)."""
from html.parser import HTMLParser

CONTROLS = {"input", "select", "textarea", "button"}
VOID = {"input", "img", "br", "hr", "meta", "link", "source", "area", "base", "col", "embed",
        "param", "track", "wbr"}


class Page(HTMLParser):
    """The controls of a page with how each is named, the labels and the ids."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, dict] = {}
        self.label_for: list[str] = []
        self.controls: list[dict] = []
        self.images: list[dict] = []
        self.nodes: list[dict] = []
        self.open: list[dict] = []  # elements not closed yet, each with the text seen inside
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        node = {"tag": tag, "attrs": attrs, "text": "",
                "in_label": any(n["tag"] == "label" for n in self.open)}
        self.nodes.append(node)
        if "id" in attrs:
            self.ids[attrs["id"]] = node
        if tag == "label" and attrs.get("for"):
            self.label_for.append(attrs["for"])
        if tag in CONTROLS and not (tag == "input" and attrs.get("type") == "hidden"):
            self.controls.append(node)
        if tag == "img":
            self.images.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1]["tag"] == tag:
            self.open.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i]["tag"] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        for node in self.open:
            node["text"] += data

    def name_of(self, control: dict) -> str:
        """The accessible name, as far as the HTML alone tells it ('' when none)."""
        attrs = control["attrs"]
        if attrs.get("aria-label", "").strip():
            return attrs["aria-label"].strip()
        if attrs.get("aria-labelledby"):
            parts = [self.ids[i]["text"].strip() for i in attrs["aria-labelledby"].split()
                     if i in self.ids]
            if any(parts):
                return " ".join(parts)
        if attrs.get("id") and attrs["id"] in self.label_for:
            return f"label for {attrs['id']}"
        if control["in_label"]:
            return "inside a label"
        if control["tag"] == "button":
            return control["text"].strip()
        if control["tag"] == "input" and attrs.get("type") in ("submit", "button", "reset"):
            return attrs.get("value", "").strip()
        return ""


def check_named(html: str, *, controls: bool = True) -> Page:
    page = Page(html)
    assert page.controls or not controls, "no control found: the parser is broken"
    unnamed = [(c["tag"], c["attrs"]) for c in page.controls if not page.name_of(c)]
    assert not unnamed, f"controls without an accessible name: {unnamed}"
    dangling = [i for i in page.label_for if i not in page.ids]
    assert not dangling, f"<label for> pointing at nothing: {dangling}"
    no_alt = [i["attrs"] for i in page.images if "alt" not in i["attrs"]]
    assert not no_alt, f"images without alt: {no_alt}"
    return page


def live(page: Page, element_id: str) -> str:
    attrs = page.ids[element_id]["attrs"]
    return attrs.get("role") or attrs.get("aria-live", "")


def test_the_attendee_page(client, forum):
    page = check_named(client.get(f"/f/{forum.code}").get_data(as_text=True))
    assert {c["attrs"].get("id") for c in page.controls} >= {"q-text", "q-name", "q-affiliation",
                                                              "ask-submit"}
    assert live(page, "ask-error") == "alert"
    assert live(page, "ask-info") == "status"
    assert live(page, "mine-live") == "status"
    assert live(page, "hall-note") == "status"
    assert live(page, "now-item") == "polite"
    # Live regions are on the page from the start (not `hidden`): a reader hears what is
    # written into a region it already knows, not one that appears with its words.
    for region in ("ask-error", "ask-info", "mine-live", "hall-note"):
        assert "hidden" not in page.ids[region]["attrs"], region


def test_the_attendee_page_with_an_error_and_without_javascript(client, forum):
    response = client.post(f"/f/{forum.code}", data={"text": "   ", "client_key": "k" * 32})
    page = check_named(response.get_data(as_text=True))
    assert page.ids["ask-error"]["text"].strip(), "the error is said"
    assert page.ids["q-text"]["attrs"].get("aria-invalid") == "true"


def test_the_confirmation_page(client, forum):
    response = client.post(f"/f/{forum.code}", data={"text": "Trường có xe đưa đón không?",
                                                     "client_key": "s" * 32})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    check_named(html, controls=False)
    # The question's status changes by itself (static/js/phone/ask.js): said where a reader hears it.
    assert '<p role="status">Trạng thái:' in html and 'id="sent-status"' in html


def test_the_console(moderator, forum):
    html = moderator.client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
    page = check_named(html)
    for control in ("queue-search", "sound-toggle", "help-open", "help-close", "upnext-show",
                    "upnext-clear", "timer-stop", "modal-note"):
        assert control in page.ids, control
    help_box = next(n for n in page.nodes if n["attrs"].get("aria-labelledby") == "help-title")
    assert help_box["attrs"]["role"] == "dialog" and help_box["attrs"]["aria-modal"] == "true"
    assert live(page, "new-alert-live") == "status"
    assert live(page, "selection-live") == "status"
    assert live(page, "conn") == "status"


def test_the_console_of_a_secretary(staff, forum):
    secretary = staff("secretary")
    page = check_named(secretary.client.get(f"/f/{forum.code}/moderate").get_data(as_text=True))
    assert "timer-stop" not in page.ids and "upnext-show" not in page.ids


def test_the_projector(client, moderator, phone, forum):
    question = phone.question("Trường có nhà vệ sinh đạt chuẩn không?", name="Lê Văn H")
    moderator.approve(question)
    moderator.show(question)
    page = Page(client.get(f"/f/{forum.code}/screen").get_data(as_text=True))
    # The hall's screen has no controls; its images are named and its news is polite.
    assert not page.controls
    assert all(i["attrs"].get("alt") for i in page.images)
    assert live(page, "stage") == "polite" and live(page, "conn") == "status"
