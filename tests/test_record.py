"""The record is append-only, complete, and exported as JSON."""
import pytest
from sqlalchemy import text

from models import RecordEntry, db
from models.record import RecordIsAppendOnly


def test_the_orm_refuses_to_rewrite_the_record(phone):
    phone.question()
    entry = db.session.scalar(db.select(RecordEntry))
    entry.actor = "someone else"
    with pytest.raises(RecordIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(db.select(RecordEntry)))
    with pytest.raises(RecordIsAppendOnly):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("statement", ["UPDATE record_entries SET actor = 'x'",
                                       "DELETE FROM record_entries"])
def test_the_database_refuses_to_rewrite_the_record(phone, statement):
    from sqlalchemy.exc import DatabaseError

    phone.question()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(RecordEntry)) == 2


def test_the_record_json_holds_the_whole_log(phone, moderator, forum):
    question = phone.question("Học phí?", client_key="json-key-1")
    moderator.approve(question)
    moderator.start_item(7)
    moderator.show(question)
    moderator.answer(question, "Không tăng.")
    response = moderator.client.get(f"/f/{forum.code}/record.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="{forum.code}-record.json"'
    record = response.get_json()
    assert record["forum"]["plan_number"] == forum.plan_number
    assert [i["title"] for i in record["agenda"]] == [i.title for i in forum.agenda]
    assert record["agenda"][6]["started_at"] is not None
    assert [a["name"] for a in record["assignees"]] == [a.name for a in forum.assignees]
    actions = [e["action"] for e in record["events"]]
    assert actions == ["forum.create", "question.submit", "question.approve", "agenda.start",
                       "question.show", "question.answer"]
    (only,) = record["questions"]
    assert (only["answer_note"], only["outcome"], only["agenda_item_id"]) == (
        "Không tăng.", "on_spot", forum.agenda[6].id)


def test_an_unknown_format_is_404(moderator, forum):
    assert moderator.client.get(f"/f/{forum.code}/record.pdf").status_code == 404


def test_staff_enter_the_attendance_for_the_minutes(moderator, forum, client):
    import re

    page = moderator.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    bad = moderator.client.post(f"/f/{forum.code}/record/attendance",
                                data={"attendance": "nhiều", "csrf_token": token},
                                follow_redirects=True)
    assert "phải là một số nguyên" in bad.get_data(as_text=True)
    done = moderator.client.post(f"/f/{forum.code}/record/attendance",
                                 data={"attendance": "215", "csrf_token": token},
                                 follow_redirects=True)
    assert 'value="215"' in done.get_data(as_text=True)
    db.session.expire_all()
    assert forum.attendance == 215
    entry = db.session.scalars(db.select(RecordEntry).where(
        RecordEntry.action == "forum.attendance")).one()
    assert entry.data == {"before": None, "after": 215}
    import io

    import docx

    minutes = docx.Document(io.BytesIO(moderator.client.get(f"/f/{forum.code}/record.docx").data))
    assert "215 người" in "\n".join(p.text for p in minutes.paragraphs)
    assert client.post(f"/f/{forum.code}/record/attendance",
                       data={"attendance": "1"}).status_code == 302


def test_the_record_page_lists_written_replies_and_overdue_commitments(phone, moderator, forum):
    written, open_one, rejected = (phone.question(t) for t in (
        "Sửa cổng trường", "Thêm xe buýt học sinh", "Nội dung xúc phạm không duyệt"))
    unit = forum.assignees[-1]
    for q in (written, open_one):
        moderator.approve(q)
        moderator.defer(q, unit, "2018-10-01")
    moderator.answer(written, "Công văn 99/PGDĐT")
    moderator.reject(rejected)
    html = moderator.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    section = html.split('id="written-title"')[1].split("</section>")[0]
    assert "Sửa cổng trường" in section and "Công văn 99/PGDĐT" in section
    deferred = html.split('id="deferred-title"')[1].split("</section>")[0]
    assert "Thêm xe buýt học sinh" in deferred and "Quá hạn" in deferred
    table = html.split('id="questions-title"')[1].split("</section>")[0]
    assert "Nội dung xúc phạm không duyệt" not in table
