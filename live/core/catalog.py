"""The English catalog: extract the Vietnamese message ids from the code and templates, merge
them into `live/translations/en/LC_MESSAGES/messages.po`, compile the `.mo` the app reads, and
say what is missing.

    flask --app live translations update   # after changing text: new ids in, stale ones out
    flask --app live translations check    # exit 1 if an id has no English or the .mo is stale

tests/test_i18n.py runs `problems()`, so a string added without English fails the suite."""
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]  # the checkout (this file is live/core/catalog.py)
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")

#: where visible text lives: Python (gettext, lazy_gettext, ngettext, N_) and the templates
SOURCES = {"live": [("**.py", "python")], "templates": [("**.html", "jinja2")]}
KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None, "_l": None, "N_": None,
            "ngettext": (1, 2), "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "NP_": ((1, "c"), 2)}


def extract() -> Catalog:
    """Every message id in the sources, as a fresh template catalog."""
    template = Catalog(project="forum-live", locale=None, fuzzy=False)
    for folder, methods in SOURCES.items():
        for filename, lineno, message, comments, context in extract_from_dir(
                str(ROOT / folder), methods, keywords=KEYWORDS,
                comment_tags=("Translators:",), strip_comment_tags=True):
            template.add(message, None, [(f"{folder}/{filename}", lineno)],
                         auto_comments=comments, context=context)
    return template


def load() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="en")


def _ids(catalog: Catalog) -> set:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context)
            for m in catalog if m.id}


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings) and not message.fuzzy


def _compiled(messages) -> dict:
    """id -> string of the messages a .mo holds (plural ids and strings as tuples)."""
    def plain(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {(plain(m.id), m.context): plain(m.string) for m in messages if m.id}


def problems() -> list[str]:
    """What is wrong with the English catalog, each in a line a person can act on; empty when
    every id in the sources has an English translation and the compiled file matches."""
    found: list[str] = []
    if not PO.exists():
        return [f"{PO} is missing: run `flask --app live translations update`"]
    catalog = load()
    wanted, have = _ids(extract()), _ids(catalog)
    for msgid, _ in sorted(wanted - have):
        found.append(f"not in the catalog (run `translations update`): {msgid!r}")
    for msgid, _ in sorted(have - wanted):
        found.append(f"in the catalog but no longer in the sources: {msgid!r}")
    for message in catalog:
        if message.id and not _translated(message):
            found.append(f"no English (or marked fuzzy): {message.id!r}")
    for message, errors in catalog.check():
        for error in errors:
            found.append(f"{message.id!r}: {error}")
    if not MO.exists():
        found.append(f"{MO} is missing: run `translations update`")
    else:
        with MO.open("rb") as handle:
            compiled = read_mo(handle)
        if _compiled(compiled) != _compiled(m for m in catalog if _translated(m)):
            found.append(f"{MO} does not match {PO.name}: run `translations update`")
    return found


def update() -> Catalog:
    """Merge the sources' ids into the English catalog (keeping every translation still used)
    and compile it. Returns the catalog."""
    template = extract()
    if PO.exists():
        catalog = load()
    else:
        PO.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale="en", project="forum-live")
    template.creation_date = catalog.creation_date  # no churn in the header for a rerun
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    save(catalog)
    return catalog


def save(catalog: Catalog) -> None:
    buffer = BytesIO()
    catalog.fuzzy = False
    catalog.project, catalog.version = "forum-live", "1"
    catalog.copyright_holder = catalog.last_translator = "forum-live"
    catalog.language_team = "English"
    write_po(buffer, catalog, width=100, sort_output=False, include_lineno=False)
    PO.write_bytes(buffer.getvalue())
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    MO.write_bytes(buffer.getvalue())
