"""WCAG AA contrast of the colour pairs the pages use for text (base.css, attendee.css,
projector.css, moderator.css).

The colours are read from the CSS itself: the custom properties of `:root`, and a rule's own
`color` and `background` when a pair names a selector. Change a colour in the CSS and the pair
is checked again; change it below 4.5:1 (3:1 for large text) and this fails."""
import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parent.parent / "static" / "css"
FILES = ("base.css", "attendee.css", "results.css", "projector.css", "moderator.css", "stage.css")
NORMAL, LARGE = 4.5, 3.0  # WCAG 2.x AA: normal text, large text (24px, or 18.66px bold)


def _blocks(text: str):
    """(selector, declarations) of every innermost rule; @media wrappers are looked through."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = {}
        for part in body.split(";"):
            name, colon, value = part.partition(":")
            if colon:
                declarations[name.strip()] = value.strip()
        yield " ".join(selector.split()), declarations


def _rules(name: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    for selectors, declarations in _blocks((CSS / name).read_text(encoding="utf-8")):
        for selector in selectors.split(","):
            rules.setdefault(selector.strip(), {}).update(declarations)
    return rules


RULES = {name: _rules(name) for name in FILES}
#: every custom property of every file's :root (the names do not clash between files)
VARIABLES = {key: value for rules in RULES.values()
             for key, value in rules.get(":root", {}).items() if key.startswith("--")}
NAMED = {"white": "#ffffff", "black": "#000000"}


def colour(value: str) -> tuple[float, float, float]:
    """An sRGB triple (0-1) from "#abc", "#aabbcc", "white" or "var(--name)"."""
    value = value.strip().lower()
    while (found := re.fullmatch(r"var\((--[\w-]+)(?:,\s*(.+))?\)", value)):
        value = VARIABLES.get(found.group(1), found.group(2) or "").strip().lower()
        assert value, f"undefined custom property {found.group(1)}"
    value = NAMED.get(value, value)
    assert re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", value), f"not a plain colour: {value!r}"
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(rgb) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(fg: str, bg: str) -> float:
    a, b = sorted((luminance(colour(fg)), luminance(colour(bg))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def declared(file: str, selector: str, prop: str) -> str:
    rule = RULES[file].get(selector)
    assert rule is not None, f"{file}: no rule for {selector!r}"
    value = rule.get(prop) or (rule.get("background-color") if prop == "background" else None)
    assert value, f"{file}: {selector!r} sets no {prop}"
    return value


#: (file, selector, text colour, background, minimum): None reads the colour from that rule
PAIRS = [
    # base.css: every page
    ("base.css", "body", None, "var(--paper)", NORMAL),
    ("base.css", ".muted", None, "var(--paper)", NORMAL),
    ("base.css", ".muted", None, "var(--wash)", NORMAL),
    ("base.css", "a", None, "var(--paper)", NORMAL),
    ("base.css", "a", None, "var(--wash)", NORMAL),
    ("base.css", ".hint", None, "var(--paper)", NORMAL),
    ("base.css", ".button", None, None, NORMAL),
    ("base.css", ".button:hover", None, None, NORMAL),
    ("base.css", ".button--primary", "#fff", None, NORMAL),
    ("base.css", ".button--primary:hover", "#fff", None, NORMAL),
    ("base.css", ".button--ok", "#fff", None, NORMAL),
    ("base.css", ".button--quiet", None, None, NORMAL),
    ("base.css", ".button--danger", None, None, NORMAL),
    ("base.css", ".button--danger:hover", None, None, NORMAL),
    ("base.css", ".notice", "var(--ink)", None, NORMAL),
    ("base.css", ".notice--ok", "var(--ink)", None, NORMAL),
    ("base.css", ".notice--warn", "var(--ink)", None, NORMAL),
    ("base.css", ".notice--bad", "var(--ink)", None, NORMAL),
    ("base.css", ".flash", "var(--ink)", None, NORMAL),
    ("base.css", ".field-error", None, "var(--paper)", NORMAL),
    ("base.css", ".page-head", None, None, NORMAL),
    ("base.css", ".page-head__org", None, "var(--red)", NORMAL),
    ("base.css", ".table th", "var(--ink)", None, NORMAL),
    *[("base.css", f".badge--{state}", None, None, NORMAL)
      for state in ("new", "queued", "on_screen", "answered", "deferred", "rejected", "merged",
                    "pending", "sending", "current", "done")],
    # attendee.css: the phone
    ("attendee.css", "body.phone", "var(--ink)", None, NORMAL),
    ("attendee.css", ".now", None, None, NORMAL),
    ("attendee.css", ".now__label", None, "var(--navy)", NORMAL),
    ("attendee.css", ".counter", None, "#fff", NORMAL),
    ("attendee.css", ".counter--near", None, "#fff", NORMAL),
    ("attendee.css", ".fineprint", None, "#fff", NORMAL),
    ("attendee.css", ".hall__hint", None, "#fff", NORMAL),
    ("attendee.css", ".hall__count", None, "#fff", NORMAL),
    ("attendee.css", ".hall__vote", None, None, NORMAL),
    ("attendee.css", ".hall__vote.is-pressed", None, None, NORMAL),
    ("attendee.css", ".phone-foot", None, "var(--wash)", NORMAL),
    ("attendee.css", ".now__toggle", None, "var(--navy)", NORMAL),
    ("attendee.css", ".hall__mark", None, None, NORMAL),
    ("results.css", ".result__meta", None, "#fff", NORMAL),
    ("results.css", ".result__answer .result__label", None, "var(--ok-wash)", NORMAL),
    # projector.css: the big screen, read from 3-20 m
    ("stage.css", ".stage-head", "#fff", "var(--red)", NORMAL),
    ("stage.css", ".stage-head__kicker", None, None, NORMAL),
    ("stage.css", ".conn-pill--ok", None, None, NORMAL),
    ("stage.css", ".conn-pill--wait", None, None, NORMAL),
    ("stage.css", ".stage-alert__text", None, None, NORMAL),
    ("stage.css", ".now", None, None, NORMAL),
    ("stage.css", ".now__title", None, "var(--navy)", NORMAL),
    ("stage.css", ".now__no", None, None, NORMAL),
    ("stage.css", ".now__label", None, "var(--navy)", NORMAL),
    ("stage.css", ".now__asker", None, "var(--navy)", NORMAL),
    ("stage.css", ".now__none", None, "var(--navy)", NORMAL),
    ("stage.css", ".clock", None, None, NORMAL),
    ("stage.css", ".clock__label", None, "#071629", NORMAL),
    ("stage.css", ".clock.is-warn", None, None, NORMAL),
    ("stage.css", ".clock.is-warn .clock__label", None, "var(--gold)", NORMAL),
    ("stage.css", ".clock.is-over", None, None, NORMAL),
    ("stage.css", ".clock.is-over .clock__label", None, "var(--red)", NORMAL),
    ("stage.css", ".next__title", None, "#fff", NORMAL),
    ("stage.css", ".next__asker", None, "#fff", NORMAL),
    ("stage.css", ".then__title", None, "#fff", NORMAL),
    ("stage.css", ".then__count", None, "#fff", NORMAL),
    ("stage.css", ".then__empty", None, "#fff", NORMAL),
    ("stage.css", ".qitem__place", None, None, NORMAL),
    ("stage.css", ".qitem.is-next .qitem__place", "#fff", None, NORMAL),
    ("stage.css", ".qitem__asker", None, "#fff4d6", NORMAL),
    ("stage.css", ".qitem__tag", None, None, NORMAL),
    ("projector.css", "body.projector", None, None, NORMAL),
    ("projector.css", ".screen__org", None, "var(--red)", NORMAL),
    ("projector.css", ".screen__title", None, "var(--red)", LARGE),
    ("projector.css", ".stage__label", None, "var(--screen-bg)", NORMAL),
    ("projector.css", ".stage__asker", None, "var(--screen-bg)", NORMAL),
    ("projector.css", ".stage__explain-label", None, "var(--screen-bg)", NORMAL),
    ("projector.css", ".corner-qr", None, None, NORMAL),
    ("projector.css", ".waiting__call", None, "var(--screen-bg)", LARGE),
    ("projector.css", ".waiting__or", None, "var(--screen-bg)", NORMAL),
    ("projector.css", ".waiting__count", None, "var(--screen-bg)", NORMAL),
    ("projector.css", ".chyron", "#fff", None, NORMAL),
    ("projector.css", ".chyron__no", None, None, NORMAL),
    ("projector.css", ".chyron__answerer", None, "var(--screen-deep)", NORMAL),
    ("projector.css", ".clock__label", None, "var(--screen-deep)", NORMAL),
    ("projector.css", ".clock__label", None, "var(--screen-bg)", NORMAL),
    ("projector.css", ".clock", None, "var(--screen-deep)", NORMAL),
    ("projector.css", ".clock--speaker", "#fff", None, NORMAL),
    ("projector.css", ".clock.is-warn", None, None, NORMAL),
    ("projector.css", ".clock.is-warn .clock__label", None, "var(--clock-warn)", NORMAL),
    ("projector.css", ".clock.is-over", None, None, NORMAL),
    ("projector.css", ".clock.is-over .clock__label", None, "var(--red)", NORMAL),
    # moderator.css: the console
    ("moderator.css", ".console-head", None, None, NORMAL),
    ("moderator.css", ".console-head__kicker", None, None, NORMAL),
    ("moderator.css", ".conn-pill--ok", None, None, NORMAL),
    ("moderator.css", ".conn-pill--wait", None, None, NORMAL),
    ("moderator.css", ".banner", None, None, NORMAL),
    ("moderator.css", ".banner--ok", "#fff", None, NORMAL),
    ("moderator.css", ".banner--info", "#fff", None, NORMAL),
    ("moderator.css", ".mini-screen", None, None, NORMAL),
    ("moderator.css", ".mini-screen__agenda", None, "#0c2340", NORMAL),
    ("moderator.css", ".mini-screen__asker", None, "#0c2340", NORMAL),
    ("moderator.css", ".mini-screen__waiting", None, "#0c2340", NORMAL),
    ("moderator.css", ".agenda-item__time", None, "#fff", NORMAL),
    ("moderator.css", ".agenda-item__time", None, "#fff4d6", NORMAL),
    ("moderator.css", ".agenda-item--current .agenda-item__no", None, None, NORMAL),
    ("moderator.css", ".agenda-item--done .agenda-item__no", None, None, NORMAL),
    ("moderator.css", ".agenda-item__no", "var(--ink)", None, NORMAL),
    ("moderator.css", ".queue__total", None, "#f6f5f1", NORMAL),
    ("moderator.css", ".queue__clear", None, "#f6f5f1", NORMAL),
    ("moderator.css", ".qcard__meta", None, "#fff", NORMAL),
    ("moderator.css", ".qcard__meta", None, "#fff7f5", NORMAL),
    ("moderator.css", ".qcard__line b", None, "#fff", NORMAL),
    ("moderator.css", ".qcard__tag", None, None, NORMAL),
    ("moderator.css", ".qcard__tag--next", None, None, NORMAL),
    ("moderator.css", ".qcard__votes", None, None, NORMAL),
    ("moderator.css", ".chip", None, None, NORMAL),
    ("moderator.css", ".qcard__explain summary", None, "#fffaf0", NORMAL),
    ("moderator.css", ".qcard__actions .button--quiet", None, "#fff", NORMAL),
    ("moderator.css", ".qcard__move", None, None, NORMAL),
    ("moderator.css", ".count", "var(--ink)", None, NORMAL),
    ("moderator.css", ".group--new .count", "var(--ink)", None, NORMAL),
    ("moderator.css", ".group--on_screen .count", None, None, NORMAL),
    ("moderator.css", ".group--queued .count", "var(--ink)", None, NORMAL),
    ("moderator.css", ".group__list:empty::after", None, "#e9e7e1", NORMAL),
    ("moderator.css", ".intake summary", None, "#fff", NORMAL),
    ("moderator.css", ".hint-inline", None, "#fff", NORMAL),
    ("moderator.css", ".kbd-hint", None, "#fff", NORMAL),
    ("moderator.css", "kbd", None, None, NORMAL),
    ("moderator.css", ".new-alert", None, None, NORMAL),
    ("moderator.css", ".new-alert", None, "#fff", NORMAL),  # the flash's other end
    ("moderator.css", ".upnext__empty", None, "#fff", NORMAL),
    ("moderator.css", ".upnext__meta", None, "#fff", NORMAL),
    ("moderator.css", ".timer__clock", None, None, NORMAL),
    ("moderator.css", ".timer__clock.is-warn", None, None, NORMAL),
    ("moderator.css", ".timer__clock.is-over", None, None, NORMAL),
    ("moderator.css", ".agenda-item__clock", None, None, NORMAL),
    ("moderator.css", ".head-menu__list a", None, "#fff", NORMAL),
    ("moderator.css", ".head-menu__list a:hover", None, None, NORMAL),
]


def _id(pair):
    file, selector, fg, bg, _ = pair
    return f"{file} {selector}" + (f" on {bg}" if bg else "")


@pytest.mark.parametrize("pair", PAIRS, ids=[_id(p) for p in PAIRS])
def test_text_colours_meet_wcag_aa(pair):
    file, selector, fg, bg, minimum = pair
    fg = fg or declared(file, selector, "color")
    bg = bg or declared(file, selector, "background")
    found = ratio(fg, bg)
    assert found >= minimum, f"{file} {selector}: {fg} on {bg} is {found:.2f}:1, below {minimum}:1"


def test_the_checker_knows_black_on_white_and_refuses_grey_on_grey():
    assert round(ratio("#000", "#fff"), 1) == 21.0
    assert ratio("#777", "#888") < NORMAL
    assert round(ratio("var(--ink)", "var(--paper)"), 1) >= 17  # custom properties resolve
