"""The results bulletin for the notice board (GET /f/<code>/results/bulletin): the forum's
header block, the counts, what was answered on the spot, the written replies with their due
dates and where they stand, the date by which it is to be posted and the QR of the results
page; no asker's name; A4 portrait in print."""
import re
from datetime import timedelta
from pathlib import Path

import pytest

from live.core.formatting import local
from live.record.bulletin import closed_on
from models import Forum, db
from tests.conftest import make_forum
from tests.test_exports import (  # noqa: F401 (`held`, the demo forum's morning, is a fixture)
    ELSEWHERE, FEE, LETTER, NOTE, REJECTED, TOTAL, WRITTEN, held,
)
from tests.factories import PLAN_2018

URL = f"/f/{PLAN_2018['code']}/results/bulletin"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def forum(app):
    """The 2018 plan's forum (tests/factories.py): the minutes and the report word its facts."""
    return make_forum(**PLAN_2018)


def rows(html, table):
    body = re.search(rf'<table class="sheet[^"]*" id="{table}">(.*?)</table>', html, re.S)
    return re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)[1:]


@pytest.fixture
def closed(held, moderator, forum):
    moderator.phase("closed")
    return held


def test_the_bulletin_of_a_closed_forum(client, closed, forum):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # the demo forum's header is the Party's (its setup's choice), as its minutes
    assert 'data-header="party"' in html
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in html
    # the organ as the setup names it (capitals by the stylesheet, as the minutes print it)
    assert ('<p class="bulletin__organ">Ban Dân vận Thị ủy – Phòng Giáo dục và Đào tạo thị xã '
            'Thuận An</p>') in html
    assert "THÔNG BÁO" in html
    assert "Kết quả Diễn đàn “Ngành Giáo dục lắng nghe ý kiến nhân dân” năm 2018" in html
    # the counts: every question once, by channel and by outcome
    assert f"Tổng cộng {TOTAL} câu hỏi, ý kiến." in html
    assert re.search(r'data-channel="suggestion_box"><th scope="row">Hòm thư góp ý</th>'
                     r'<td class="num">1</td>', html)
    assert re.search(rf'data-channel="venue"><th scope="row">[^<]+</th>'
                     rf'<td class="num">{TOTAL - 1}</td>', html)
    assert re.search(r'data-outcome="on_spot"><th scope="row">[^<]+</th><td class="num">2</td>',
                     html)
    # answered on the spot, with the answer given (what was taken on)
    answered = rows(html, "b-answered-list")
    assert len(answered) == 2
    assert FEE in answered[0] and NOTE in answered[0]
    # the written replies, with due dates and where each stands
    written = rows(html, "b-written-list")
    assert len(written) == 3
    letter = next(r for r in written if LETTER in r)
    assert "15/10/2018" in letter and "quá hạn" in letter
    assert 'data-reply="overdue"' in html
    assert next(r for r in written if ELSEWHERE in r).count("UBND phường An Phú") == 1
    assert any(WRITTEN in r for r in written)
    # nobody named; a rejected question's text never shown
    assert "Nguyễn Văn Bình" not in html and "phường An Phú" not in answered[0]
    assert "@admin" not in html
    assert REJECTED not in html
    # the date by which it is to be posted: 5 days after the closing (the default)
    post_by = closed_on(forum) + timedelta(days=5)
    assert f"Niêm yết chậm nhất ngày {post_by:%d/%m/%Y}" in html
    # the QR of the results page
    assert f'<img class="bulletin__qr" src="/f/{forum.code}/results/qr.svg"' in html
    qr = client.get(f"/f/{forum.code}/results/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert b"<svg" in qr.data
    assert f"/f/{forum.code}/results</p>" in html  # the address, for whoever cannot scan
    # no inline style or script (the CSP forbids them)
    assert " style=" not in html and "<script>" not in html
    assert '<link rel="stylesheet" href="/static/css/bulletin.css' in html


def test_the_closing_day_is_the_record_s(client, closed, forum):
    """The last move to `closed` in the record, in Vietnam's time."""
    from models import RecordEntry
    from sqlalchemy import select

    entry = db.session.scalars(select(RecordEntry).where(
        RecordEntry.action == "forum.phase").order_by(RecordEntry.id.desc())).first()
    assert closed_on(forum) == local(entry.at).date()


def test_the_posting_days_are_a_setting(app, client, closed, forum):
    app.config["BULLETIN_POST_DAYS"] = 10
    html = client.get(URL).get_data(as_text=True)
    post_by = closed_on(forum) + timedelta(days=10)
    assert f"Niêm yết chậm nhất ngày {post_by:%d/%m/%Y}" in html
    assert "(10 ngày sau khi Diễn đàn kết thúc" in html


def test_the_state_header_and_a_forum_with_no_question(app, client, moderator):
    forum = make_forum("no-questions", title="Đối thoại với phụ huynh", header_kind="state",
                       header_superior="UBND thị xã Thuận An",
                       header_organizer="Phòng Giáo dục và Đào tạo", place="Thuận An")
    html = client.get("/f/no-questions/results/bulletin").get_data(as_text=True)
    assert 'data-header="state"' in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "ĐẢNG CỘNG SẢN" not in html
    assert "<p>UBND thị xã Thuận An</p>" in html
    assert '<p class="bulletin__organ">Phòng Giáo dục và Đào tạo</p>' in html
    assert "Kết quả Diễn đàn “Đối thoại với phụ huynh”" in html
    assert "Tổng cộng 0 câu hỏi, ý kiến." in html
    assert "Diễn đàn không nhận được câu hỏi, ý kiến nào." in html
    assert "b-answered-list" not in html and "b-written-list" not in html
    # not closed yet: no posting date to give
    assert "Diễn đàn chưa kết thúc" in html and "Niêm yết chậm nhất" not in html
    assert client.get("/f/nowhere/results/bulletin").status_code == 404
    assert client.get("/f/nowhere/results/qr.svg").status_code == 404


def test_the_results_page_links_to_it(client, forum):
    html = client.get(f"/f/{forum.code}/results").get_data(as_text=True)
    assert f'href="/f/{forum.code}/results/bulletin"' in html


def test_the_bulletin_in_english(client, closed):
    client.set_cookie("lang", "en")
    html = client.get(URL).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "COMMUNIST PARTY OF VIETNAM" in html
    assert "ĐẢNG CỘNG SẢN" not in html and "Niêm yết" not in html
    assert "overdue" in html.lower()


def test_the_print_stylesheet_is_a4_portrait():
    css = (ROOT / "static/css/bulletin.css").read_text()
    assert "@page { size: A4; margin: 15mm 15mm 15mm 20mm; }" in css
    assert "@media print" in css
    assert ".bulletin__issuer { text-transform: uppercase; }" in css
    assert "break-inside: avoid" in css and "break-after: avoid" in css
    assert "display: table-header-group" in css


# -- printed, in Chromium ------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
MORE = [f"Đề nghị cho biết kế hoạch sửa chữa phòng học số {n} của Trường Tiểu học An Phú, "
        "đã xuống cấp sau mùa mưa, và thời gian dự kiến hoàn thành để phụ huynh yên tâm."
        for n in range(1, 13)]


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium")
def test_the_bulletin_prints_on_a4(app, client, held, moderator, forum, tmp_path):
    """Printed to PDF as a browser prints it, its pages kept in /tmp/bulletin for a look."""
    sync_api = pytest.importorskip("playwright.sync_api")
    office = next(a for a in forum.assignees if a.name == "Phòng Giáo dục và Đào tạo thị xã")
    for text in MORE:  # enough written replies to run onto a second page
        letter = moderator.type_in(text, "hotline", received_on="2018-05-11")
        moderator.approve(letter)
        moderator.defer(letter, office, "2030-10-01")
    moderator.phase("closed")

    def serve(route):
        path = route.request.url.split("://", 1)[1].split("/", 1)[1]
        with client.get("/" + path) as response:  # a static file is streamed: closed after
            route.fulfill(status=response.status_code, body=response.data,
                          headers={"Content-Type": response.content_type})

    out = Path("/tmp/bulletin")
    out.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.route("http://bulletin.test/**", serve)
        page.goto("http://bulletin.test" + URL)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.querySelector('.bulletin__qr').naturalWidth") > 0
        page.screenshot(path=str(out / "screen.png"), full_page=True)
        pdf = page.pdf(format="A4", path=str(out / "bulletin.pdf"))
        browser.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 4, pages
