"""Factories: the forums, staff accounts and tokens a test needs, built as rows of the models.

A forum's facts are data a test states (`make_forum(items=2, phase="draft")`); a question's
life is not: questions are asked and moved through the real API (`make_question` and the
`Moderator` in conftest.py), so the state machine decides every status.

`FORUM` is the forum every test gets as the `forum` fixture: a forum of the same shape as the
2018 plan's (its 11-item day, three chairs, three leaders and two units who answer), with facts
of its own. It is not the seeded demo forum, whose facts belong to tests/test_seed.py: a test
that needs a fact reads it from the forum (`forum.assignees[-1].name`), or builds a forum with
it (`make_forum(title=...)`, or `make_forum(**PLAN_2018)` for the documents of the plan)."""
import itertools
from datetime import date

from live import record
from models import AgendaItem, ApiToken, Assignee, Forum, Topic, User, db

#: the day's agenda (the plan's section 4.5), in the short words of the product's description
DAY_AGENDA = [
    "Ổn định tổ chức",
    "Tuyên bố lý do, giới thiệu đại biểu",
    "Thông qua chương trình",
    "Mời chủ trì lên vị trí làm việc",
    "Báo cáo tóm tắt kết quả phối hợp",
    "Báo cáo giải trình các ý kiến góp ý",
    "Đối thoại trực tiếp",
    "Lãnh đạo trả lời chất vấn",
    "Phát biểu chỉ đạo",
    "Phát biểu tiếp thu và cảm ơn",
    "Kết thúc",
]
#: the positions of the day that the moderator's work turns on
EXPLANATIONS, DIALOGUE = 6, 7

#: the default forum's facts (see the module's docstring)
FORUM = {
    "code": "hung-dinh-2024",
    "title": "Diễn đàn “Nhà trường lắng nghe phụ huynh” phường Hưng Định năm 2024",
    "phase": "live",
    "plan_number": "15-KH/UBND",
    "plan_date": date(2024, 3, 11),
    "organizers": ["UBND phường Hưng Định", "Bộ phận Văn hóa – Xã hội phường"],
    "header_kind": "state",
    "recipient": "Phòng Giáo dục và Đào tạo thành phố",
    "copies": ["Thường trực Đảng ủy phường"],
    "chairs": ["Chủ tịch UBND phường", "Phó Chủ tịch UBND phường (phụ trách giáo dục)",
               "Hiệu trưởng Trường Tiểu học Hưng Định"],
    "signers": [{"title": "Chủ tịch", "name": "Đặng Văn Phúc"},
                {"title": "Hiệu trưởng", "name": "Võ Thị Thanh Hà"}],
    "venue": "Hội trường UBND phường Hưng Định",
    "place": "Hưng Định",
    "period": "tháng 4 năm 2024",
    "description": "Kế hoạch số 15-KH/UBND ngày 11 tháng 3 năm 2024 của UBND phường Hưng Định.",
    "items": DAY_AGENDA,
    #: (name, title, kind): leaders first, then the units that prepare written answers; the
    #: school is last (tests take `forum.assignees[-1]` as the unit a letter goes to)
    "assignees": [
        ("Đặng Văn Phúc", "Chủ tịch UBND phường Hưng Định", "leader"),
        ("Phó Chủ tịch UBND phường", "Phó Chủ tịch UBND phường, phụ trách giáo dục", "leader"),
        ("Võ Thị Thanh Hà", "Hiệu trưởng Trường Tiểu học Hưng Định", "leader"),
        ("Bộ phận Văn hóa – Xã hội phường", "Bộ phận chuyên môn", "unit"),
        ("Trường Tiểu học Hưng Định", "Ban giám hiệu", "unit"),
    ],
}

#: the 2018 plan's facts (No. 02-KH/BDV-PGDĐT of Thuận An), for the tests of the minutes and
#: the report, whose wording the plan fixes; the agenda verbatim as the plan has it
PLAN_2018 = {
    "code": "ke-hoach-2018",
    "title": "Diễn đàn “Ngành Giáo dục lắng nghe ý kiến nhân dân” năm 2018",
    "phase": "live",
    "plan_number": "02-KH/BDV-PGDĐT",
    "plan_date": date(2018, 5, 4),
    "organizers": ["Ban Dân vận Thị ủy", "Phòng Giáo dục và Đào tạo thị xã Thuận An"],
    "header_kind": "party",
    "recipient": "Sở Giáo dục và Đào tạo tỉnh Bình Dương",
    "copies": ["Ban Dân vận Tỉnh ủy", "Thị ủy, UBND Thị xã"],
    "chairs": ["Trưởng Ban Dân vận thị ủy", "Phó Chủ tịch UBND thị xã (phụ trách ngành)",
               "Trưởng phòng GDĐT thị xã"],
    "signers": [{"title": "Trưởng ban", "name": "Trương Văn Kiệt"},
                {"title": "Trưởng phòng", "name": "Huỳnh Thị Mỹ Ngân"}],
    "venue": "Trung tâm Bồi dưỡng Chính trị thị xã Thuận An",
    "place": "Thuận An",
    "period": "tháng 9 năm 2018",
    "description": "Kế hoạch số 02-KH/BDV-PGDĐT ngày 04 tháng 5 năm 2018 của Ban Dân vận Thị ủy "
                   "và Phòng Giáo dục và Đào tạo thị xã Thuận An.",
    "items": [
        "Ổn định tổ chức.",
        "Tuyên bố lý do, giới thiệu đại biểu.",
        "Thông qua chương trình Hội nghị Diễn đàn.",
        "Mời chủ trì Hội nghị Diễn đàn lên vị trí làm việc.",
        "Đại diện lãnh đạo phòng chuyên môn báo cáo tóm tắt kết quả triển khai thực hiện "
        "Chương trình phối hợp công tác giữa Ban Dân vận với ngành Giáo dục trên địa bàn.",
        "Đại diện lãnh đạo phòng chuyên môn báo cáo giải trình các ý kiến góp ý của các ban, "
        "ngành, đoàn thể và nhân dân cho ngành Giáo dục.",
        "Đối thoại trực tiếp tại Hội nghị Diễn đàn.",
        "Đại diện lãnh đạo hoặc cá nhân được góp ý trả lời những ý kiến chất vấn của các ban, "
        "ngành, đoàn thể và người dân tại Hội nghị Diễn đàn.",
        "Phát biểu chỉ đạo của lãnh đạo.",
        "Phát biểu tiếp thu và cảm ơn.",
        "Kết thúc Hội nghị Diễn đàn.",
    ],
    "assignees": [
        ("Huỳnh Thị Mỹ Ngân", "Trưởng phòng Giáo dục và Đào tạo thị xã", "leader"),
        ("Phó Chủ tịch UBND thị xã", "Phó Chủ tịch UBND thị xã, phụ trách ngành Giáo dục",
         "leader"),
        ("Trương Văn Kiệt", "Trưởng Ban Dân vận Thị ủy", "leader"),
        ("Phòng Giáo dục và Đào tạo thị xã", "Bộ phận chuyên môn", "unit"),
        ("Trường Tiểu học An Phú", "Hiệu trưởng", "unit"),
    ],
}

_codes = (f"dien-dan-{n}" for n in itertools.count(1))


def make_forum(code: str | None = None, items: int | list[str | dict] = 3, *,
               assignees: int | list[tuple[str, str, str]] = 1, topics: list[str] = (),
               phase: str = "live", hall_only: bool = False, **facts) -> Forum:
    """A forum with what the test needs, committed: `items` agenda items (a count, their
    titles, or dicts of an item's fields: `{"title", "planned_minutes"}`), `assignees` who
    answer (a count of leaders, or (name, title, kind) triples), `topics` by name, its `phase`
    (draft, collecting, live, closed: where a forum starts, not a move between phases, which
    `Moderator.phase` makes), hall-only mode, and any other fact of the Forum model (title,
    venue, held_on, phones_see_queue, ...). Its record opens with `forum.create`, as a
    forum's does."""
    code = code or next(_codes)
    titles = [f"Mục {i}" for i in range(1, items + 1)] if isinstance(items, int) else items
    if isinstance(assignees, int):
        assignees = [(f"Lãnh đạo {i}" if i > 1 else "Trưởng phòng", "Phòng GDĐT", "leader")
                     for i in range(1, assignees + 1)]
    forum = Forum(code=code, title=facts.pop("title", f"Diễn đàn {code}"), status=phase,
                  hall_only=hall_only, **facts)
    forum.agenda = [AgendaItem(position=i, **(item if isinstance(item, dict) else {"title": item}))
                    for i, item in enumerate(titles, 1)]
    forum.assignees = [Assignee(name=name, title=title, kind=kind, position=i)
                       for i, (name, title, kind) in enumerate(assignees, 1)]
    forum.topics = [Topic(name=name, position=i) for i, name in enumerate(topics, 1)]
    db.session.add(forum)
    db.session.flush()
    record.log(forum, "forum.create", "system", code=forum.code)  # as the seed and the setup do
    db.session.commit()
    return forum


def unit_of(forum: Forum) -> Assignee:
    """The forum's last unit (the school, in FORUM): where a unit account belongs by default."""
    return [a for a in forum.assignees if a.kind == "unit"][-1]


def make_user(username: str = "moderator", role: str = "moderator",
              password: str = "moderator-pass-1", *, forum: Forum | None = None,
              assignee: Assignee | None = None) -> User:
    """A staff account of `role`, committed; `forum` ties it to one forum, `assignee` puts a
    unit account in its unit."""
    user = User(username=username, role=role, forum_id=forum.id if forum else None,
                assignee_id=assignee.id if assignee else None)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def make_token(user: User) -> str:
    """An API token of `user` (as `flask token issue` makes), for `Authorization: Bearer`."""
    token, secret = ApiToken.issue(user, "test")
    db.session.add(token)
    db.session.commit()
    return secret
