"""A receipt for every question (issue 16.2): the asker keeps a code that cannot be guessed and
sees later, without giving a name, what became of the question; an unknown code is a 404 that
says how to check it; lookups are limited so the code space cannot be walked."""
import re

from models import Question, db
from models.question import RECEIPT_ALPHABET
from tests.conftest import rate_limited_app
from tests.factories import FORUM

CODE = FORUM["code"]  #: the forum of the `forum` fixture
RECEIPT = re.compile(f"^[{RECEIPT_ALPHABET}]{{10,}}$")


def ask(client, text="Học phí năm học mới có tăng không?", **fields):
    response = client.post(f"/api/f/{CODE}/questions", json={"text": text, **fields})
    assert response.status_code in (200, 201), response.get_json()
    return response


def test_the_201_carries_a_receipt_of_the_alphabet_without_look_alikes(client):
    receipts = {ask(client, f"Câu hỏi số {i}").get_json()["receipt"] for i in range(20)}
    assert len(receipts) == 20
    for receipt in receipts:
        assert RECEIPT.fullmatch(receipt), receipt
        assert not set(receipt) & set("0O1IL")


def test_a_resend_of_the_same_client_key_answers_the_same_receipt(client):
    first = ask(client, client_key="phone-key-0001")
    again = ask(client, client_key="phone-key-0001")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["receipt"] == first.get_json()["receipt"]
    assert again.get_json()["id"] == first.get_json()["id"]


def test_the_receipt_page_shows_the_masked_text_and_status_and_nothing_of_the_asker(
        client, moderator, forum):
    body = ask(client, "Cô giáo lớp 3 gọi tôi số 0912345678 về học phí",
               name="Lê Thị Hồng Vân", affiliation="phường Bình Hòa").get_json()
    page = client.get(f"/f/{CODE}/r/{body['receipt']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "0912345678" not in html and "Cô giáo lớp 3" in html  # masked as on the screen
    assert "Đã tiếp nhận" in html
    for asker in ("Lê Thị Hồng Vân", "phường Bình Hòa", "Hồng Vân"):
        assert asker not in html
    question = db.session.get(Question, body["id"])
    moderator.approve(question)
    moderator.defer(question, forum.assignees[0], "2099-12-31")
    html = client.get(f"/f/{CODE}/r/{body['receipt']}").get_data(as_text=True)
    assert "Sẽ được trả lời bằng văn bản" in html and "31/12/2099" in html
    assert forum.assignees[0].label in html and "Đang chờ trả lời, trong hạn" in html
    # the QR on the page is the receipt page's own address
    assert f'src="/f/{CODE}/r/{body["receipt"]}/qr.svg"' in html
    qr = client.get(f"/f/{CODE}/r/{body['receipt']}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"


def test_a_receipt_typed_in_lower_case_with_a_dash_finds_the_question(client):
    receipt = ask(client).get_json()["receipt"]
    typed = (receipt[:5] + "-" + receipt[5:]).lower()
    response = client.get(f"/f/{CODE}/r?receipt={typed}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/f/{CODE}/r/{receipt}")
    moved = client.get(f"/f/{CODE}/r/{typed}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(receipt)


def test_an_unknown_receipt_is_a_404_saying_how_to_check_the_code(client):
    receipt = ask(client).get_json()["receipt"]
    other = "".join(RECEIPT_ALPHABET[(RECEIPT_ALPHABET.index(c) + 1) % 30] for c in receipt)
    for code in (other, "KHONGCOMA", "x" * 300):
        response = client.get(f"/f/{CODE}/r/{code}")
        html = response.get_data(as_text=True)
        assert response.status_code == 404, code
        assert "Mã tra cứu gồm 10 ký tự" in html and "không có số 0, số 1" in html
        assert 'name="receipt"' in html  # the form to type it again
    # a receipt of one forum names nothing in another
    from tests.conftest import make_forum
    make_forum("khac")
    assert client.get(f"/f/khac/r/{receipt}").status_code == 404


def test_the_sent_page_of_the_plain_form_prints_the_receipt(client):
    client.get(f"/f/{CODE}")
    response = client.post(f"/f/{CODE}", data={"text": "Sân trường bị ngập",
                                               "client_key": "plain-form-key-01"})
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    question = db.session.scalar(db.select(Question).where(
        Question.client_key == "plain-form-key-01"))
    spaced = f"{question.receipt[:5]}-{question.receipt[5:]}"
    assert spaced in html and f"/f/{CODE}/r/{question.receipt}" in html
    assert f'data-receipt="{question.receipt}"' in html


def test_staff_entering_a_letter_get_its_receipt_to_pass_on(client, moderator):
    response = moderator.post("/questions", json={"text": "Thư về bếp ăn",
                                                  "channel": "suggestion_box"})
    assert response.status_code == 201
    assert RECEIPT.fullmatch(response.get_json()["receipt"])


def test_receipt_lookups_are_limited_with_a_vietnamese_sentence(db_path):
    with rate_limited_app(db_path, RATELIMIT_RECEIPT_MISS="3 per minute",
                          RATELIMIT_RECEIPT_ADDRESS="8 per minute") as app:
        client = app.test_client()
        receipt = ask(client).get_json()["receipt"]
        # misses are few: the fourth wrong code in the minute is refused, as is the right one
        answers = [client.get(f"/f/{CODE}/r/{'2' * 9 + c}").status_code for c in "3456"]
        assert answers == [404, 404, 404, 429]
        refused = client.get(f"/f/{CODE}/r/{receipt}")
        assert refused.status_code == 429
        html = refused.get_data(as_text=True)
        assert "Quý vị tra cứu quá nhiều lần trong thời gian ngắn" in html
        assert refused.headers.get("Retry-After")


def test_found_receipts_count_only_towards_the_looser_limit(db_path):
    with rate_limited_app(db_path, RATELIMIT_RECEIPT_MISS="2 per minute",
                          RATELIMIT_RECEIPT_ADDRESS="5 per minute") as app:
        client = app.test_client()
        receipt = ask(client).get_json()["receipt"]
        assert [client.get(f"/f/{CODE}/r/{receipt}").status_code for _ in range(6)] == \
            [200] * 5 + [429]


def test_the_phone_keeps_the_receipt_it_watches_for(app, socket_client, client):
    """A phone that kept a question before receipts existed learns it from `mine`."""
    body = ask(client, client_key="watch-key-0001").get_json()
    socket = socket_client(CODE)
    socket.get_received()
    socket.emit("questions.watch", {"keys": ["watch-key-0001"]})
    (mine,) = [m for m in socket.get_received() if m["name"] == "mine"]
    assert mine["args"][0][0]["receipt"] == body["receipt"]


def test_the_state_and_the_results_never_carry_a_receipt(client, moderator, forum):
    body = ask(client).get_json()
    question = db.session.get(Question, body["id"])
    moderator.approve(question)
    moderator.show(question)
    assert body["receipt"] not in client.get(f"/api/f/{CODE}/state").get_data(as_text=True)
    assert body["receipt"] not in client.get(f"/f/{CODE}/screen").get_data(as_text=True)
    moderator.answer(question, "Không tăng.")
    assert body["receipt"] not in client.get(f"/f/{CODE}/results").get_data(as_text=True)


def test_a_merged_question_shows_what_became_of_the_one_it_was_merged_into(
        client, moderator, forum):
    first = ask(client, "Học phí năm nay có tăng không?").get_json()
    second = ask(client, "Học phí có tăng không ạ?", name="Trịnh Văn Đức").get_json()
    target = db.session.get(Question, first["id"])
    moderator.approve(target)
    moderator.merge(second["id"], first["id"])
    moderator.answer(target, "Học phí giữ nguyên như năm trước.")
    html = client.get(f"/f/{CODE}/r/{second['receipt']}").get_data(as_text=True)
    assert "Học phí có tăng không ạ?" in html and "đã được gộp" in html
    assert "Học phí giữ nguyên như năm trước." in html and "Đã được trả lời" in html
    assert "Trịnh Văn Đức" not in html
