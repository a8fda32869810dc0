"""Forum setup by an admin, through the real pages: create and edit a forum's facts; every change
in the record; forums kept apart. Its lists (the agenda, the leaders and units who answer, the
topics) are tests/test_setup_lists.py."""
import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from live.forums import facts
from live.seed import AGENDA
from models import Forum, RecordEntry, db
from tests.conftest import make_forum, make_token, make_user
from tests.factories import FORUM


def post(moderator, path, **data):
    """A form post from the admin's browser (the `moderator` fixture is the admin account)."""
    return moderator.client.post(path, data={"csrf_token": moderator.csrf, **data})


def follow(moderator, path, **data) -> str:
    """Post, follow the redirect, and return the page it lands on (with its message)."""
    response = moderator.client.post(path, data={"csrf_token": moderator.csrf, **data},
                                     follow_redirects=True)
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def entries(forum, action):
    return db.session.scalars(select(RecordEntry).where(
        RecordEntry.forum_id == forum.id, RecordEntry.action == action)
        .order_by(RecordEntry.id)).all()


def reload(forum):
    db.session.expire_all()
    return db.session.get(Forum, forum.id)


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def login(app, username, password):
    """A browser logged in as `username`: (client, csrf token)."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302
    return client, token


NEW_FORUM = {
    "title": "Diễn đàn “Ngành Giáo dục lắng nghe ý kiến nhân dân” năm 2019",
    "code": "thuan-an-2019",
    "organizers": "Ban Dân vận Thị ủy\n\n  Phòng Giáo dục và Đào tạo thị xã Thuận An  ",
    "plan_number": "03-KH/BDV-PGDĐT",
    "plan_date": "2019-05-06",
    "held_on": "2019-09-20",
    "period": "",
    "venue": "Trung tâm Bồi dưỡng Chính trị thị xã Thuận An",
    "place": "Thuận An",
    "chairs": "Trưởng Ban Dân vận thị ủy\nTrưởng phòng GDĐT thị xã",
    "invited": "Đại diện Ban đại diện cha mẹ học sinh\nHiệu trưởng các trường",
    "signers": "Trưởng ban: Trương Văn Kiệt\nTrưởng phòng: Huỳnh Thị Mỹ Ngân",
}


# --- creating a forum ---------------------------------------------------------------------------

def test_a_new_forum_is_a_draft_with_no_agenda(moderator):
    assert moderator.client.get("/admin/forums/new").status_code == 200
    response = post(moderator, "/admin/forums/new", **NEW_FORUM)
    assert response.status_code == 302
    assert response.headers["Location"] == "/f/thuan-an-2019/setup"
    forum = db.session.scalar(select(Forum).where(Forum.code == "thuan-an-2019"))
    assert forum.status == "draft" and forum.agenda == []
    assert forum.organizers == ["Ban Dân vận Thị ủy", "Phòng Giáo dục và Đào tạo thị xã Thuận An"]
    assert forum.plan_date == date(2019, 5, 6) and forum.held_on == date(2019, 9, 20)
    assert forum.period is None and forum.phones_see_queue is False
    assert forum.chairs == ["Trưởng Ban Dân vận thị ủy", "Trưởng phòng GDĐT thị xã"]
    assert forum.invited == ["Đại diện Ban đại diện cha mẹ học sinh", "Hiệu trưởng các trường"]
    assert forum.signers == [{"title": "Trưởng ban", "name": "Trương Văn Kiệt"},
                             {"title": "Trưởng phòng", "name": "Huỳnh Thị Mỹ Ngân"}]
    created = entries(forum, "forum.create")
    assert len(created) == 1 and created[0].actor == "admin"
    assert created[0].data == {"code": "thuan-an-2019", "title": NEW_FORUM["title"]}
    page = moderator.client.get("/f/thuan-an-2019/setup").get_data(as_text=True)
    assert "Dùng chương trình mẫu 11 mục" in page
    # The forum is its own: the demo forum is untouched, both are listed.
    listing = moderator.client.get("/admin/forums").get_data(as_text=True)
    assert "thuan-an-2019" in listing and forum.code in listing


def test_the_template_agenda_copies_the_plans_11_items(moderator):
    post(moderator, "/admin/forums/new", **NEW_FORUM, use_template="1")
    forum = db.session.scalar(select(Forum).where(Forum.code == "thuan-an-2019"))
    assert [(i.position, i.title) for i in forum.agenda] == list(enumerate(AGENDA, 1))
    assert entries(forum, "agenda.template")[0].data["count"] == 11
    # Later, on the setup page: only into an empty agenda.
    page = follow(moderator, "/f/thuan-an-2019/setup/agenda/template")
    assert "chỉ dùng cho chương trình còn trống" in page
    assert len(reload(forum).agenda) == 11


def test_the_template_button_fills_an_empty_agenda(moderator):
    forum = make_forum("bien-hoa-2019", items=0, phase="draft")
    page = follow(moderator, "/f/bien-hoa-2019/setup/agenda/template")
    assert "Đã dùng chương trình mẫu 11 mục." in page
    assert [i.title for i in reload(forum).agenda] == AGENDA


@pytest.mark.parametrize("code", [
    "Thuan-An-2019", "thuận-an-2019", "thuan an 2019", "thuan_an_2019", "thuan.an", "-thuan-an",
    "thuan-an-", "thuan--an", "ab", "a" * 41, "", "   ", "thuan/an", "<script>",
])
def test_bad_codes_are_refused_with_a_message(moderator, code):
    response = post(moderator, "/admin/forums/new", **dict(NEW_FORUM, code=code))
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "mã diễn đàn" in page.lower()
    assert 'aria-invalid="true" aria-describedby="error-code"' in page
    assert NEW_FORUM["title"] in page, "what was typed is kept"
    assert db.session.scalar(select(Forum).where(Forum.title == NEW_FORUM["title"])) is None


def test_a_bad_code_comes_with_a_suggestion(moderator):
    response = post(moderator, "/admin/forums/new", **dict(NEW_FORUM, code="Thuận An 2019"))
    assert "Gợi ý: thuan-an-2019" in html.unescape(response.get_data(as_text=True))
    assert facts.suggest_code("Diễn đàn Đồng Xoài – năm 2020") == "dien-dan-dong-xoai-nam-2020"


def test_a_code_in_use_is_refused(moderator, forum):
    response = post(moderator, "/admin/forums/new", **dict(NEW_FORUM, code=forum.code))
    assert response.status_code == 400
    assert "đã được dùng" in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(select(Forum).where(Forum.title == NEW_FORUM["title"])) is None


def test_a_title_is_required(moderator):
    response = post(moderator, "/admin/forums/new", **dict(NEW_FORUM, title="  "))
    assert response.status_code == 400
    assert "Vui lòng nhập tên diễn đàn" in html.unescape(response.get_data(as_text=True))


# --- editing a forum's facts ------------------------------------------------------------------

EDITS = [
    ("title", "Diễn đàn lắng nghe ý kiến nhân dân 2019", "Diễn đàn lắng nghe ý kiến nhân dân 2019"),
    ("code", "bien-hoa-2020", "bien-hoa-2020"),
    ("organizers", "Ban Dân vận\r\n\r\nPhòng GDĐT ", ["Ban Dân vận", "Phòng GDĐT"]),
    ("plan_number", "05-KH/BDV", "05-KH/BDV"),
    ("plan_date", "2019-05-04", date(2019, 5, 4)),
    ("plan_date", "04/05/2019", date(2019, 5, 4)),
    ("held_on", "2019-09-21", date(2019, 9, 21)),
    ("period", "tháng 9 năm 2019", "tháng 9 năm 2019"),
    ("venue", "Hội trường UBND thành phố", "Hội trường UBND thành phố"),
    ("place", "Biên Hòa", "Biên Hòa"),
    ("chairs", "Trưởng Ban Dân vận\nPhó Chủ tịch UBND",
     ["Trưởng Ban Dân vận", "Phó Chủ tịch UBND"]),
    ("invited", "Cha mẹ học sinh\nGiáo viên", ["Cha mẹ học sinh", "Giáo viên"]),
    ("signers", "Trưởng ban: Nguyễn Văn A\nThư ký",
     [{"title": "Trưởng ban", "name": "Nguyễn Văn A"}, {"title": "Thư ký", "name": ""}]),
    ("phones_see_queue", "1", True),
    ("description", "Theo Kế hoạch số 05", "Theo Kế hoạch số 05"),
]


def form_of(forum) -> dict:
    """What the edit form sends back unchanged (an unticked box sends nothing)."""
    return {key: value for key, value in facts.form_values(forum).items() if value is not False}


@pytest.mark.parametrize(("field", "typed", "stored"), EDITS)
def test_each_field_of_a_forum_can_be_edited(moderator, field, typed, stored):
    forum = make_forum("bien-hoa-2019", phase="draft", organizers=["Ban cũ"])
    page = moderator.client.get("/f/bien-hoa-2019/setup/forum").get_data(as_text=True)
    assert 'value="bien-hoa-2019"' in page
    response = post(moderator, "/f/bien-hoa-2019/setup/forum",
                    **dict(form_of(forum), **{field: typed}))
    assert response.status_code == 302, response.get_data(as_text=True)
    forum = reload(forum)
    assert getattr(forum, field) == stored
    entry = entries(forum, "forum.update")[-1]
    assert list(entry.data["after"]) == [field] and entry.actor == "admin"
    expected = stored.isoformat() if isinstance(stored, date) else stored
    assert entry.data["after"][field] == expected


def test_a_form_sent_back_unchanged_records_nothing(moderator, forum):
    page = follow(moderator, f"/f/{forum.code}/setup/forum", **form_of(forum))
    assert "Không có thay đổi nào." in page
    assert entries(forum, "forum.update") == []


def test_a_bad_date_is_refused_and_nothing_changes(moderator, forum):
    response = post(moderator, f"/f/{forum.code}/setup/forum",
                    **dict(form_of(forum), held_on="31/02/2019", venue="Nơi khác"))
    assert response.status_code == 400
    assert "ngày không hợp lệ" in html.unescape(response.get_data(as_text=True))
    assert reload(forum).venue == FORUM["venue"]


def test_the_code_is_fixed_once_the_forum_has_opened(moderator, forum):
    assert forum.status == "live"
    response = post(moderator, f"/f/{forum.code}/setup/forum",
                    **dict(form_of(forum), code="thuan-an-moi"))
    assert response.status_code == 409
    assert "không đổi mã diễn đàn" in html.unescape(response.get_data(as_text=True))
    assert reload(forum).code == forum.code


def test_a_new_title_reaches_the_hall(moderator, forum, socket_client):
    hall = socket_client()
    hall.get_received()
    post(moderator, f"/f/{forum.code}/setup/forum", **dict(form_of(forum), title="Tên mới"))
    states = [e["args"][0] for e in hall.get_received() if e["name"] == "state"]
    assert states and states[-1]["forum"]["title"] == "Tên mới"


# --- the pages -----------------------------------------------------------------------------------

def test_the_setup_pages_have_no_inline_code(moderator, forum):
    for path in ("/admin/forums", "/admin/forums/new", f"/f/{forum.code}/setup",
                 f"/f/{forum.code}/setup/forum"):
        response = moderator.client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert "<script" not in page and 'style="' not in page and "onclick" not in page, path
        assert page.count('name="csrf_token"') == page.count("<form") - page.count(
            'method="get"'), path


def test_every_change_is_in_the_record_page(moderator, forum):
    follow(moderator, f"/f/{forum.code}/setup/topics", name="học phí")
    follow(moderator, f"/f/{forum.code}/setup/agenda", title="Mục thêm")
    page = moderator.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    assert "Thêm chủ đề" in page and "Thêm mục chương trình" in page


def test_the_console_links_to_setup_only_for_admins(app, moderator, forum):
    page = moderator.client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
    assert f'href="/f/{forum.code}/setup"' in page
    user = make_user("dieu-hanh", "moderator", "moderator-pass-1")
    user.forum_id = forum.id
    db.session.commit()
    client, _ = login(app, "dieu-hanh", "moderator-pass-1")
    page = client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
    assert "/setup" not in page


# --- forums kept apart ---------------------------------------------------------------------------

def test_a_moderator_of_one_forum_cannot_touch_another(app, forum, phone):
    other = make_forum("bien-hoa-2019")
    user = make_user("dieu-hanh-a", "moderator", "moderator-pass-1")
    user.forum_id = forum.id
    db.session.commit()
    client, csrf = login(app, "dieu-hanh-a", "moderator-pass-1")
    assert client.get(f"/api/f/{forum.code}/questions").status_code == 200
    assert client.get("/api/f/bien-hoa-2019/questions").status_code == 403
    for path in ("/f/bien-hoa-2019/setup", "/f/bien-hoa-2019/setup/forum",
                 f"/f/{forum.code}/setup", "/admin/forums", "/admin/forums/new"):
        assert client.get(path).status_code == 403, path
    item = other.agenda[0]
    response = client.post(f"/f/bien-hoa-2019/setup/agenda/{item.id}/remove",
                           data={"csrf_token": csrf})
    assert response.status_code == 403
    assert len(reload(other).agenda) == 3
    token = make_token(user)
    response = client.get("/api/f/bien-hoa-2019/questions",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_an_admin_of_one_forum_sets_up_only_that_forum(app, forum):
    other = make_forum("bien-hoa-2019")
    user = make_user("quan-tri-b", "admin", "admin-password-2")
    user.forum_id = other.id
    db.session.commit()
    client, csrf = login(app, "quan-tri-b", "admin-password-2")
    assert client.get("/f/bien-hoa-2019/setup").status_code == 200
    assert client.get(f"/f/{forum.code}/setup").status_code == 403
    response = client.post(f"/f/{forum.code}/setup/agenda",
                           data={"csrf_token": csrf, "title": "Chen vào"})
    assert response.status_code == 403
    listing = client.get("/admin/forums").get_data(as_text=True)
    assert "bien-hoa-2019" in listing and forum.code not in listing
    # Creating forums and managing accounts reach past one forum.
    assert client.get("/admin/forums/new").status_code == 403
    assert client.get("/admin/users").status_code == 403
    assert len(reload(forum).agenda) == 11


def test_an_item_of_another_forum_is_not_found_through_this_one(moderator, forum):
    other = make_forum("bien-hoa-2019")
    response = post(moderator, f"/f/{forum.code}/setup/agenda/{other.agenda[0].id}/remove")
    assert response.status_code == 404
    assert len(reload(other).agenda) == 3
