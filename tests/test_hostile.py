"""Hostile text is inert everywhere (docs/security.md): every payload of tests/hostile_corpus.py
is sent from phones as a question's text, name and affiliation, approved, put on screen, used as
an answer, a deferral, an edit and an explanation; then each page, JSON and export is read
once for all of them.

Two halls are built the same way (tests/hostile_halls.py), one with the payloads and one with
harmless text of the same shape (each visible character an "a"): a page shows hostile text as
text when the HTML parser finds exactly the same elements and attributes on both, and finds the
payload, as typed, among the page's text. A payload that became markup would add an element or
an attribute, and its text would be gone. Refused input gets a 4xx with a message instead
(tests/test_hostile_refusals.py)."""
import csv
import io
import json
import re
import unicodedata
import zipfile
from collections import Counter

import pytest

from hostile_corpus import LONGEST, STORED, XSS
from hostile_halls import (  # noqa: F401 (`halls` is a fixture)
    CODE, EVALUATED, Hall, Page, _asker, _by_status, _get, _json_script, as_typed,
    assert_inert, halls, shaped,
)
from live.record.exports import neutralize
from live.core.text import clean
from models import Question

def test_the_payloads_are_stored_as_typed_and_cleaned(halls):
    hostile, _ = halls
    stored = {q.id: q for q in hostile.stored()}
    assert len(hostile.corpus) == len(STORED) >= 80 and len(XSS) >= 50
    for qid, payload in hostile.corpus.items():
        q = stored[qid]
        assert q.text == q.original_text == clean(payload, multiline=True)
        assert q.asker_name == (clean(payload) if len(clean(payload)) <= 120 else None)
        assert unicodedata.is_normalized("NFC", q.text)
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                             r"\u2060-\u2069\ufeff]", q.text + (q.asker_name or ""))
    assert stored[hostile.roles["longest"]].text == LONGEST


#: the projector last: putting every question on screen in turn adds to the record
SURFACES = ["phone page", "confirmation pages", "phone page with a refused question",
            "console", "stage", "queue json", "state json", "record", "results", "followups", "docx",
            "xlsx", "csv", "json export", "projector"]


@pytest.mark.parametrize("surface", SURFACES)
def test_hostile_text_is_inert_on(halls, surface):
    CHECKS[surface](*halls)


def _phone_page(hostile: Hall, harmless: Hall):
    questions = hostile.stored()
    shown = [q.text for q in _by_status(questions, "queued", "on_screen")]
    assert len(shown) > len(STORED)
    assert_inert(_get(hostile, f"/f/{CODE}"), _get(harmless, f"/f/{CODE}"), shown)


def _confirmation_pages(hostile: Hall, harmless: Hall):
    stored = {q.id: q for q in hostile.stored()}
    theirs = dict(zip(hostile.keys, harmless.keys.values()))
    same: dict[tuple, str] = {}  # a harmless page of each kind: the page depends on these
    for qid, key in hostile.keys.items():
        q = stored[qid]
        kind = (q.status, bool(q.asker_name), bool(q.asker_affiliation))
        if kind not in same:
            same[kind] = _get(harmless, f"/f/{CODE}/sent/{theirs[qid]}")
        assert_inert(_get(hostile, f"/f/{CODE}/sent/{key}"), same[kind], [q.text])


def _refused_question(hostile: Hall, harmless: Hall):
    """A question too long comes back in the form, with what was typed, as text."""
    typed = {"text": LONGEST + "</textarea><script>alert(1)</script>",
             "name": '"><script>alert(1)</script>', "affiliation": "'><img src=x onerror=alert(1)>"}
    pages = []
    for hall, say in ((hostile, as_typed), (harmless, shaped)):
        response = hall.phone.post(f"/f/{CODE}", data={k: say(v) for k, v in typed.items()})
        assert response.status_code == 400
        pages.append(response.get_data(as_text=True))
    assert "tối đa 1000" in pages[0]
    assert_inert(*pages, [typed["text"]])
    values = [value for _, name, value in Page(pages[0]).attributes if name == "value"]
    assert typed["name"] in values and typed["affiliation"] in values


def _projector(hostile: Hall, harmless: Hall):
    """Every payload on the big screen in turn, with the asker's name and affiliation, and a
    unit's explanation under its question."""
    stored = {q.id: q for q in hostile.stored()}
    theirs = dict(zip(hostile.corpus, harmless.corpus))
    explained = hostile.roles["explained"]
    theirs[explained] = harmless.roles["explained"]
    same: dict[tuple, str] = {}  # a harmless screen of each kind: the screen depends on these
    try:
        for qid in [explained, *hostile.corpus]:
            q = stored[qid]
            kind = (bool(q.asker_name), bool(q.asker_affiliation), bool(q.explanation))
            if kind not in same:
                harmless.show(theirs[qid])
                same[kind] = _get(harmless, f"/f/{CODE}/screen")
            hostile.show(qid)
            assert_inert(_get(hostile, f"/f/{CODE}/screen"), same[kind],
                         [q.text, *_asker(q), *([q.explanation] if q.explanation else [])])
    finally:
        for hall in (hostile, harmless):
            hall.show(hall.roles["on_screen"])


def _console(hostile: Hall, harmless: Hall):
    html = _get(hostile, f"/f/{CODE}/moderate", staff=True)
    assert_inert(html, _get(harmless, f"/f/{CODE}/moderate", staff=True), [])
    _same_questions(_json_script(html, "console-queue")["questions"], hostile.stored())
    state = _json_script(html, "console-state")
    on_screen = next(q for q in hostile.stored() if q.status == "on_screen")
    assert state["on_screen"]["text"] == on_screen.text


def _stage(hostile: Hall, harmless: Hall):
    """The stage view lists the waiting questions in the running order, as text."""
    html = _get(hostile, f"/f/{CODE}/stage", staff=True)
    waiting = _by_status(hostile.stored(), "queued")
    assert waiting
    assert_inert(html, _get(harmless, f"/f/{CODE}/stage", staff=True), [q.text for q in waiting])
    listed = _json_script(html, "stage-queue")["questions"]
    assert {item["id"] for item in listed} == {q.id for q in waiting}
    by_id = {q.id: q for q in waiting}
    assert all(item["text"] == by_id[item["id"]].text for item in listed)


def _same_questions(listed: list[dict], questions: list[Question]) -> None:
    """The JSON the console renders holds each text exactly as stored."""
    by_id = {q.id: q for q in questions}
    assert {item["id"] for item in listed} == set(by_id)
    for item in listed:
        q = by_id[item["id"]]
        assert item["text"] == q.text and item["original_text"] == q.original_text
        assert item["asker"] in (None, {"name": q.asker_name,
                                        "affiliation": q.asker_affiliation}), item["asker"]
        assert item["answer_note"] == q.answer_note
        assert item["referred_to"] == q.referred_to
        assert item["explanation"] == q.explanation


def _queue_json(hostile: Hall, harmless: Hall):
    response = hostile.staff.client.get(f"/api/f/{CODE}/questions")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    _same_questions(response.get_json(), hostile.stored())


def _state_json(hostile: Hall, harmless: Hall):
    response = hostile.phone.get(f"/api/f/{CODE}/state")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    state = response.get_json()
    questions = hostile.stored()
    on_screen = next(q for q in questions if q.status == "on_screen")
    assert state["on_screen"]["text"] == on_screen.text
    assert state["on_screen"]["asker"] == {"name": on_screen.asker_name,
                                           "affiliation": on_screen.asker_affiliation}
    hall = {item["id"]: item["text"] for item in state["hall_questions"]}
    assert hall == {q.id: q.text for q in _by_status(questions, "queued", "on_screen")}


def _record(hostile: Hall, harmless: Hall):
    questions = hostile.stored()
    shown = [q.text for q in questions if q.status != "rejected"]
    shown += [v for q in questions for v in (*_asker(q), q.answer_note, q.referred_to) if v]
    shown.append(next(q.original_text for q in questions if q.edited))
    assert_inert(_get(hostile, f"/f/{CODE}/record", staff=True),
                 _get(harmless, f"/f/{CODE}/record", staff=True), shown)


def _results(hostile: Hall, harmless: Hall):
    public = _by_status(hostile.stored(), "answered", "deferred")
    shown = [v for q in public for v in (q.text, q.answer_note) if v]
    assert len(shown) > 5
    assert_inert(_get(hostile, f"/f/{CODE}/results"), _get(harmless, f"/f/{CODE}/results"),
                 shown)


def _followups(hostile: Hall, harmless: Hall):
    deferred = _by_status(hostile.stored(), "deferred")
    assert_inert(_get(hostile, f"/f/{CODE}/followups", staff=True),
                 _get(harmless, f"/f/{CODE}/followups", staff=True),
                 [v for q in deferred for v in (q.text, q.referred_to)])


def _export(hall: Hall, fmt: str) -> bytes:
    response = hall.staff.client.get(f"/f/{CODE}/record.{fmt}")
    assert response.status_code == 200, fmt
    return response.data


def _docx(hostile: Hall, harmless: Hall):
    """The minutes hold each screened question and answer as text (python-docx reads it), and
    the same Word elements as the minutes of the harmless hall."""
    from docx import Document

    data = _export(hostile, "docx")
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in _paragraphs(document))
    questions = hostile.stored()
    shown = [v for q in _by_status(questions, "answered", "deferred", "queued", "on_screen")
             for v in (q.text, q.answer_note) if v]
    missing = [s for s in shown if s not in text]
    assert not missing, f"not in the minutes: {missing[:3]}"
    assert EVALUATED not in text
    assert _word_elements(data) == _word_elements(_export(harmless, "docx"))


def _paragraphs(document):
    yield from document.paragraphs
    tables = list(document.tables)
    while tables:
        table = tables.pop()
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
                tables += cell.tables


def _word_elements(data: bytes) -> Counter:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return Counter(element.tag for element in root.iter())


def _xlsx(hostile: Hall, harmless: Hall):
    """Each text cell holds the stored text (with a leading ' where Excel would see a
    formula) as a string, never a formula."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(_export(hostile, "xlsx")))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    rows = workbook["Ý kiến"].iter_rows(values_only=True)
    _same_cells(next(rows), rows, hostile.stored())


def _same_cells(header, rows, questions) -> None:
    columns = {name: n for n, name in enumerate(header)}
    by_id = {q.id: q for q in questions}
    seen = set()
    for row in rows:
        q = by_id[int(row[columns["Số"]])]
        seen.add(q.id)
        for column, value in (("Nội dung", q.text), ("Nội dung gốc", q.original_text),
                              ("Người hỏi", q.asker_name),
                              ("Đơn vị / nơi ở", q.asker_affiliation),
                              ("Nội dung trả lời", q.answer_note),
                              ("Chuyển đến cơ quan", q.referred_to)):
            assert (row[columns[column]] or "") == (neutralize(value) or ""), (q.id, column)
            if value and value[0] not in "=+-@\t\r" and value.lstrip(" \n")[:1] not in "=+-@":
                assert row[columns[column]] == value  # only a formula gets the quote
    assert seen == set(by_id)


def _csv(hostile: Hall, harmless: Hall):
    data = _export(hostile, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    _same_cells(next(rows), rows, hostile.stored())


def _json_export(hostile: Hall, harmless: Hall):
    record = json.loads(_export(hostile, "json"))
    by_id = {q.id: q for q in hostile.stored()}
    assert {q["id"] for q in record["questions"]} == set(by_id)
    for item in record["questions"]:
        q = by_id[item["id"]]
        for field in ("text", "original_text", "asker_name", "asker_affiliation", "answer_note",
                      "referred_to", "explanation"):
            assert item[field] == getattr(q, field), (q.id, field)


CHECKS = {
    "phone page": _phone_page, "confirmation pages": _confirmation_pages,
    "phone page with a refused question": _refused_question, "projector": _projector,
    "console": _console, "stage": _stage, "queue json": _queue_json, "state json": _state_json,
    "record": _record, "results": _results, "followups": _followups, "docx": _docx,
    "xlsx": _xlsx, "csv": _csv, "json export": _json_export,
}
