"""`record export --format json` and `record import`: a round trip gives the same record."""
import json
import unicodedata

from sqlalchemy import select

from live import create_app
from live.core import database
from live.record import archive
from models import Forum, Topic, db
from tests.conftest import _config


def busy_forum(phone, moderator, forum):
    """A forum with every kind of ending, an edit, a merge into a later question, times."""
    a = phone.question(unicodedata.normalize("NFD", "Học phí có tăng không?"), name="Lê Thị I",
                       affiliation="phụ huynh", client_key="arch-key-1")
    b, c, d, e = (phone.question(t) for t in ("Bán trú", "Trùng câu sau", "Câu gốc", "Spam"))
    moderator.start_item(7)
    for q in (a, b, d):
        moderator.approve(q)
    moderator.edit(a, "Học phí năm học 2018-2019 có tăng không?")
    moderator.assign(a, forum.assignees[0])
    moderator.show(a)
    moderator.answer(a, "Không tăng.")
    moderator.defer(b, forum.assignees[-1], "2018-10-30")
    moderator.merge(c, d)
    moderator.reject(e, reason="out_of_scope")
    moderator.next_item()
    fee = Topic(forum_id=forum.id, name="học phí")
    db.session.add(fee)
    forum.phones_see_queue = True
    db.session.commit()
    moderator.topics(d, [fee])
    phone.client.get(f"/f/{forum.code}")  # a phone backs a question from the page it opened
    assert phone.client.post(f"/api/f/{forum.code}/questions/{d.id}/upvote").status_code == 201


def test_round_trip_into_an_empty_database(runner, phone, moderator, forum, tmp_path):
    busy_forum(phone, moderator, forum)
    exported = tmp_path / "record.json"
    result = runner.invoke(args=["record", "export", forum.code, "--format", "json",
                                 "-o", str(exported)])
    assert result.exit_code == 0, result.output
    original = json.loads(exported.read_text(encoding="utf-8"))
    assert original["question_topics"] and original["upvotes"] and original["topics"]
    assert original["questions"][0]["text"] == "Học phí năm học 2018-2019 có tăng không?"
    assert original["questions"][0]["original_text"] == "Học phí có tăng không?"

    empty = tmp_path / "empty.db"
    other = create_app(dict(_config(empty), FORUM_SEED=False))
    database.prepare(other, quiet=True)
    with other.app_context():
        result = other.test_cli_runner().invoke(args=["record", "import", str(exported)])
        assert result.exit_code == 0, result.output
        assert "5 questions" in result.output
        rebuilt = db.session.scalar(select(Forum).where(Forum.code == forum.code))
        assert archive.dump(rebuilt) == original
        again = other.test_cli_runner().invoke(args=["record", "import", str(exported)])
        assert again.exit_code != 0 and "already" in again.output
        state = other.test_client().get(f"/api/f/{forum.code}/state").get_json()
        assert state["current_item"] == 8
        db.session.remove()
        db.engine.dispose()


def test_import_refuses_what_is_not_a_record(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    result = runner.invoke(args=["record", "import", str(bad)])
    assert result.exit_code != 0 and "Not a forum record" in result.output
    bad.write_text("{not json")
    result = runner.invoke(args=["record", "import", str(bad)])
    assert result.exit_code != 0 and "Not a JSON file" in result.output


def test_export_of_an_unknown_forum_fails_clearly(runner, tmp_path):
    result = runner.invoke(args=["record", "export", "khong-co", "-o", str(tmp_path / "x")])
    assert result.exit_code != 0 and "No forum" in result.output
