"""The public results page: it names nobody (the phone form promises a name is shown only on
the hall's screen) and counts every question that came in, by channel and by outcome."""
import re

import pytest

from tests.conftest import make_token, make_user
from tests.factories import FORUM

URL = f"/f/{FORUM['code']}/results"


def staff_ask(client, token, text, channel, **fields):
    response = client.post(f"/api/f/{FORUM['code']}/questions",
                           json={"text": text, "channel": channel, **fields},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def rows(html, table):
    """{data-key: count} of one of the tally's tables."""
    body = re.search(rf'<table class="table" id="tally-{table}">(.*?)</table>', html,
                     re.S).group(1)
    return {key: int(count) for key, count in re.findall(
        r'<tr data-\w+="(\w+)"><th scope="row">[^<]*</th><td>(\d+)</td></tr>', body)}


@pytest.fixture
def day(client, phone, moderator, forum):
    """A forum day's questions, each ending a different way."""
    token = make_token(make_user("secretary"))
    asked = {
        "on_spot": phone.question("Con tôi Nguyễn Minh Khôi học lớp 3 có được miễn học phí?",
                                  name="Lê Thị Hồng Vân", affiliation="phường Bình Hòa"),
        "in_writing": phone.question("Bao giờ xây thêm phòng học cho Trường Tiểu học An Phú?",
                                     name="Phạm Quốc Bảo", affiliation="khu phố 3"),
        "referred": phone.question("Xin sửa đường trước cổng trường, Lê Thị Hồng Vân hỏi.",
                                   name="Lê Thị Hồng Vân"),
        "phone_number": phone.question("Xin gọi lại cho tôi số 0912345678 về học bổng."),
        "out_of_scope": phone.question("Giá điện tháng này sao tăng?", name="Đỗ Văn Tài"),
        "not_taken": phone.question("Câu hỏi không phù hợp bị loại", name="Vũ Thị Hạnh"),
        "merged": phone.question("Học phí có tăng không ạ?", name="Trịnh Văn Đức"),
        "open": phone.question("Còn câu hỏi chưa xử lý", name="Mai Anh Tuấn"),
    }
    for question in asked.values():
        moderator.approve(question) if question is not asked["merged"] else None
    moderator.answer(asked["on_spot"], "Cháu Khôi được miễn theo Nghị định 81.")
    assignee = forum.assignees[0].id
    moderator.defer(asked["in_writing"], assignee, "2018-07-30")
    moderator.defer(asked["referred"], referred_to="UBND phường Bình Hòa")
    moderator.answer(asked["phone_number"], "Phòng sẽ gọi lại.")
    moderator.reject(asked["out_of_scope"], reason="out_of_scope")
    moderator.reject(asked["not_taken"])
    moderator.merge(asked["merged"], asked["on_spot"])
    staff_ask(client, token, "Thư góp ý về bếp ăn bán trú", "suggestion_box",
              name="Hoàng Thị Thu", affiliation="Hội phụ huynh lớp 2A", received_on="2018-05-10")
    staff_ask(client, token, "Gọi điện hỏi về xe đưa đón học sinh", "hotline",
              name="Ngô Văn Lực", received_on="2018-05-11")
    return asked


NAMES = ("Lê Thị Hồng Vân", "phường Bình Hòa", "Phạm Quốc Bảo", "khu phố 3", "Đỗ Văn Tài",
         "Vũ Thị Hạnh", "Trịnh Văn Đức", "Mai Anh Tuấn", "Hoàng Thị Thu",
         "Hội phụ huynh lớp 2A", "Ngô Văn Lực")


def test_the_results_name_no_asker_and_mask_a_childs_name(client, day):
    html = client.get(URL).get_data(as_text=True)
    # the published questions are there, without whoever asked them
    assert "học lớp 3 có được miễn học phí?" in html
    assert "Bao giờ xây thêm phòng học cho Trường Tiểu học An Phú?" in html
    for name in NAMES:
        if name == "phường Bình Hòa":
            continue  # the body a question was referred to ("UBND phường Bình Hòa") is public
        assert name not in html, name
    assert "Người hỏi" not in html
    # a child named in the question, and in the answer, is masked as on the hall's screen
    # (the assistant's masking); the asker named in their own text too; a phone number
    assert "Nguyễn Minh Khôi" not in html and "Cháu Khôi" not in html
    assert "Con tôi N** M** K** học lớp 3" in html and "Cháu K**" in html
    assert "Xin sửa đường trước cổng trường, L** T** H** V** hỏi." in html
    assert "0912345678" not in html and "0912 *** ***" in html


def test_the_results_count_every_question_by_channel_and_outcome(client, day):
    html = client.get(URL).get_data(as_text=True)
    assert "Tổng cộng 10 câu hỏi, ý kiến." in html
    channels, outcomes = rows(html, "channels"), rows(html, "outcomes")
    assert channels == {"venue": 8, "suggestion_box": 1, "hotline": 1}
    assert outcomes == {"on_spot": 2, "in_writing": 1, "referred": 1, "merged": 1,
                        "out_of_scope": 1, "not_taken": 1, "open": 3}
    assert sum(channels.values()) == sum(outcomes.values()) == 10
    for words in ("Tại hội trường", "Hòm thư góp ý", "Đường dây nóng",
                  "Không tiếp nhận: ngoài phạm vi Diễn đàn",
                  "Không đưa ra Diễn đàn (không ghi lý do)", "Gộp với câu hỏi cùng nội dung"):
        assert words in html, words
    # the rejected questions are counted, never shown
    assert "Giá điện tháng này" not in html and "Câu hỏi không phù hợp bị loại" not in html


def test_a_written_answer_moves_a_commitment_to_answered_in_writing(client, moderator, day):
    moderator.answer(day["in_writing"], "Công văn số 12/PGDĐT ngày 20/7/2018.")
    outcomes = rows(client.get(URL).get_data(as_text=True), "outcomes")
    assert outcomes["answered_in_writing"] == 1 and "in_writing" not in outcomes
    assert sum(outcomes.values()) == 10


def test_an_empty_forum_says_none_were_received(client):
    html = client.get(URL).get_data(as_text=True)
    assert "Tổng cộng 0 câu hỏi, ý kiến." in html and 'id="tally-channels"' not in html
