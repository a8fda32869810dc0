"""A forum's lists, set up by an admin through the real pages (tests/test_setup.py): agenda
items added, edited, reordered and removed (one that has started stays, in the record), the
leaders and units who answer, the topics; what questions or accounts hold is not removed."""
import pytest
from sqlalchemy import select

from live.forums.ordering import ordered
from models import AgendaItem, Assignee, Topic, db, question_topics
from tests.conftest import make_forum, make_user
from tests.test_setup import entries, follow, fresh, reload

# --- the agenda ----------------------------------------------------------------------------------

def test_add_edit_and_remove_agenda_items(moderator, socket_client):
    forum = make_forum("bien-hoa-2019", items=2, phase="draft")
    hall = socket_client("bien-hoa-2019")
    hall.get_received()
    page = follow(moderator, "/f/bien-hoa-2019/setup/agenda", title="Phát biểu bế mạc",
                  planned_minutes="10", presenter="Trưởng phòng GDĐT")
    assert "Đã thêm mục 3: Phát biểu bế mạc" in page
    item = reload(forum).agenda[-1]
    assert (item.position, item.title, item.planned_minutes, item.presenter) == (
        3, "Phát biểu bế mạc", 10, "Trưởng phòng GDĐT")
    assert entries(forum, "agenda.add")[0].data == {
        "item_id": item.id, "position": 3, "title": "Phát biểu bế mạc", "planned_minutes": 10,
        "presenter": "Trưởng phòng GDĐT"}
    state = [e["args"][0] for e in hall.get_received() if e["name"] == "state"][-1]
    assert [i["title"] for i in state["agenda"]][-1] == "Phát biểu bế mạc"

    follow(moderator, f"/f/bien-hoa-2019/setup/agenda/{item.id}", title="Bế mạc",
           planned_minutes="", presenter="Trưởng phòng GDĐT")
    item = fresh(AgendaItem, item.id)
    assert (item.title, item.planned_minutes) == ("Bế mạc", None)
    assert entries(forum, "agenda.update")[0].data["after"] == {"title": "Bế mạc",
                                                                "planned_minutes": None}

    first = reload(forum).agenda[0].id
    page = follow(moderator, f"/f/bien-hoa-2019/setup/agenda/{first}/remove")
    assert "Đã xóa mục 1: Mục 1" in page
    assert [(i.position, i.title) for i in reload(forum).agenda] == [(1, "Mục 2"), (2, "Bế mạc")]
    assert entries(forum, "agenda.remove")[0].data == {"item_id": first, "position": 1,
                                                       "title": "Mục 1"}


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": " "}, "Vui lòng nhập tên mục"),
    ({"title": "Mục", "planned_minutes": "mười"}, "số phút"),
    ({"title": "Mục", "planned_minutes": "0"}, "từ 1 đến 600 phút"),
    ({"title": "x" * 501}, "tối đa 500"),
])
def test_bad_agenda_input_is_refused(moderator, fields, message):
    forum = make_forum("bien-hoa-2019", items=1)
    page = follow(moderator, "/f/bien-hoa-2019/setup/agenda", **fields)
    assert message in page
    assert len(reload(forum).agenda) == 1 and entries(forum, "agenda.add") == []


def test_reorder_the_agenda(moderator):
    forum = make_forum("bien-hoa-2019", items=3)
    second = forum.agenda[1]
    follow(moderator, f"/f/bien-hoa-2019/setup/agenda/{second.id}/move", direction="up")
    assert [i.title for i in reload(forum).agenda] == ["Mục 2", "Mục 1", "Mục 3"]
    assert entries(forum, "agenda.move")[0].data == {"item_id": second.id, "title": "Mục 2",
                                                     "from": 2, "to": 1}
    follow(moderator, f"/f/bien-hoa-2019/setup/agenda/{second.id}/move", direction="down")
    follow(moderator, f"/f/bien-hoa-2019/setup/agenda/{second.id}/move", direction="down")
    assert [(i.position, i.title) for i in reload(forum).agenda] == [
        (1, "Mục 1"), (2, "Mục 3"), (3, "Mục 2")]
    page = follow(moderator, f"/f/bien-hoa-2019/setup/agenda/{second.id}/move", direction="down")
    assert "đã ở cuối danh sách" in page
    assert len(entries(forum, "agenda.move")) == 3


def test_an_item_that_has_started_is_in_the_record_and_stays(moderator, forum):
    moderator.start_item(2)
    started = forum.agenda[1]
    page = follow(moderator, f"/f/{forum.code}/setup/agenda/{started.id}/remove")
    assert "đã bắt đầu nên đã có trong biên bản; không thể xóa" in page
    page = follow(moderator, f"/f/{forum.code}/setup/agenda/{started.id}/move", direction="up")
    assert "không thể đổi thứ tự" in page
    # Removing an item before it would renumber it: refused too.
    page = follow(moderator, f"/f/{forum.code}/setup/agenda/{forum.agenda[0].id}/remove")
    assert "giữ số thứ tự" in page
    assert [i.position for i in reload(forum).agenda] == list(range(1, 12))
    assert entries(forum, "agenda.remove") == [] and entries(forum, "agenda.move") == []
    # Its title may still be corrected, and a pending item after it may still go.
    follow(moderator, f"/f/{forum.code}/setup/agenda/{started.id}",
           title="Tuyên bố lý do và giới thiệu đại biểu.")
    assert fresh(AgendaItem, started.id).title == "Tuyên bố lý do và giới thiệu đại biểu."
    last = reload(forum).agenda[-1]
    follow(moderator, f"/f/{forum.code}/setup/agenda/{last.id}/remove")
    assert len(reload(forum).agenda) == 10


# --- who answers ---------------------------------------------------------------------------------

def test_add_edit_reorder_and_remove_assignees(moderator):
    forum = make_forum("bien-hoa-2019")
    page = follow(moderator, "/f/bien-hoa-2019/setup/assignees", name="Trường THCS Nguyễn Trãi",
                  title="Hiệu trưởng", kind="unit")
    assert "Đã thêm “Trường THCS Nguyễn Trãi”" in page
    added = db.session.scalar(select(Assignee).where(Assignee.name == "Trường THCS Nguyễn Trãi"))
    assert (added.kind, added.forum_id) == ("unit", forum.id)
    assert entries(forum, "assignee.add")[0].data == {
        "assignee_id": added.id, "name": "Trường THCS Nguyễn Trãi", "title": "Hiệu trưởng",
        "kind": "unit"}

    follow(moderator, f"/f/bien-hoa-2019/setup/assignees/{added.id}",
           name="Trường THCS Nguyễn Trãi", title="Hiệu trưởng nhà trường", kind="unit")
    assert fresh(Assignee, added.id).title == "Hiệu trưởng nhà trường"
    assert entries(forum, "assignee.update")[0].data["after"] == {"title": "Hiệu trưởng nhà trường"}

    follow(moderator, f"/f/bien-hoa-2019/setup/assignees/{added.id}/move", direction="up")
    assert [a.name for a in ordered(reload(forum).assignees)] == [
        "Trường THCS Nguyễn Trãi", "Trưởng phòng"]
    assert entries(forum, "assignee.move")[0].data["to"] == 1

    page = follow(moderator, "/f/bien-hoa-2019/setup/assignees", name="trường thcs nguyễn trãi")
    assert "Đã có “Trường THCS Nguyễn Trãi”" in page
    page = follow(moderator, "/f/bien-hoa-2019/setup/assignees", name="Ai đó", kind="boss")
    assert "Loại là" in page

    follow(moderator, f"/f/bien-hoa-2019/setup/assignees/{added.id}/remove")
    assert [a.name for a in reload(forum).assignees] == ["Trưởng phòng"]
    assert entries(forum, "assignee.remove")[0].data["name"] == "Trường THCS Nguyễn Trãi"


def test_an_assignee_with_questions_or_accounts_is_not_removed(moderator, forum, phone):
    leader, school = forum.assignees[0], forum.assignees[4]
    question = phone.question()
    moderator.assign(question, leader)
    page = follow(moderator, f"/f/{forum.code}/setup/assignees/{leader.id}/remove")
    assert f"Không thể xóa “{leader.name}”: đang được gắn với 1 câu hỏi" in page
    unit = make_user("an-phu", "unit", "unit-password-1")
    unit.forum_id, unit.assignee_id = forum.id, school.id
    db.session.commit()
    page = follow(moderator, f"/f/{forum.code}/setup/assignees/{school.id}/remove")
    assert "tài khoản an-phu" in page
    assert len(reload(forum).assignees) == 5 and entries(forum, "assignee.remove") == []


# --- topics --------------------------------------------------------------------------------------

def test_topics_add_suggest_rename_reorder_remove(moderator, forum):
    page = moderator.client.get(f"/f/{forum.code}/setup").get_data(as_text=True)
    for name in ("học phí", "cơ sở vật chất", "an toàn trường học", "tuyển sinh",
                 "đạo đức nhà giáo"):
        assert f'value="{name}"' in page, name
    follow(moderator, f"/f/{forum.code}/setup/topics", name="học phí")
    follow(moderator, f"/f/{forum.code}/setup/topics", name="tuyển sinh")
    page = follow(moderator, f"/f/{forum.code}/setup/topics", name="Hoc Phi")
    assert "Đã có chủ đề “học phí”" in page
    assert 'value="học phí"' not in page.split("Thêm nhanh")[-1], "a suggestion is offered once"
    fees, intake = ordered(reload(forum).topics)
    assert (fees.name, intake.name) == ("học phí", "tuyển sinh")

    follow(moderator, f"/f/{forum.code}/setup/topics/{fees.id}", name="học phí, các khoản thu")
    assert fresh(Topic, fees.id).name == "học phí, các khoản thu"
    follow(moderator, f"/f/{forum.code}/setup/topics/{intake.id}/move", direction="up")
    assert [t.name for t in ordered(reload(forum).topics)] == [
        "tuyển sinh", "học phí, các khoản thu"]
    follow(moderator, f"/f/{forum.code}/setup/topics/{intake.id}/remove")
    assert [t.name for t in reload(forum).topics] == ["học phí, các khoản thu"]
    actions = [e.action for e in entries(forum, "topic.add") + entries(forum, "topic.rename")
               + entries(forum, "topic.move") + entries(forum, "topic.remove")]
    assert actions == ["topic.add", "topic.add", "topic.rename", "topic.move", "topic.remove"]
    assert entries(forum, "topic.rename")[0].data == {
        "topic_id": fees.id, "before": "học phí", "after": "học phí, các khoản thu"}


def test_a_topic_that_questions_carry_is_not_removed(moderator, forum, phone):
    follow(moderator, f"/f/{forum.code}/setup/topics", name="học phí")
    topic = reload(forum).topics[0]
    question = phone.question()
    db.session.execute(question_topics.insert().values(question_id=question.id, topic_id=topic.id))
    db.session.commit()
    page = follow(moderator, f"/f/{forum.code}/setup/topics/{topic.id}/remove")
    assert "đang gắn với 1 câu hỏi; không thể xóa" in page
    assert len(reload(forum).topics) == 1
