"""The demo forum, from the 2018 plan No. 02-KH/BDV-PGDĐT of Thuận An (shared/seed)."""
from datetime import date

from sqlalchemy import select

from live import record
from models import AgendaItem, Assignee, Forum, ForumStatus, db

DEMO_CODE = "thuan-an-2018"

#: section 4.5 of the plan, verbatim
AGENDA = [
    "Ổn định tổ chức.",
    "Tuyên bố lý do, giới thiệu đại biểu.",
    "Thông qua chương trình Hội nghị Diễn đàn.",
    "Mời chủ trì Hội nghị Diễn đàn lên vị trí làm việc.",
    "Đại diện lãnh đạo phòng chuyên môn báo cáo tóm tắt kết quả triển khai thực hiện Chương "
    "trình phối hợp công tác giữa Ban Dân vận với ngành Giáo dục trên địa bàn.",
    "Đại diện lãnh đạo phòng chuyên môn báo cáo giải trình các ý kiến góp ý của các ban, ngành, "
    "đoàn thể và nhân dân cho ngành Giáo dục.",
    "Đối thoại trực tiếp tại Hội nghị Diễn đàn.",
    "Đại diện lãnh đạo hoặc cá nhân được góp ý trả lời những ý kiến chất vấn của các ban, ngành, "
    "đoàn thể và người dân tại Hội nghị Diễn đàn.",
    "Phát biểu chỉ đạo của lãnh đạo.",
    "Phát biểu tiếp thu và cảm ơn.",
    "Kết thúc Hội nghị Diễn đàn.",
]

#: section 4.1
CHAIRS = [
    "Trưởng Ban Dân vận thị ủy",
    "Phó Chủ tịch UBND thị xã (phụ trách ngành)",
    "Trưởng phòng GDĐT thị xã",
]

ORGANIZERS = ["Ban Dân vận Thị ủy", "Phòng Giáo dục và Đào tạo thị xã Thuận An"]

#: the plan's header block is the Party's: its left block names both issuers on one line
HEADER_KIND = "party"
#: the report goes to the Department the plan cites ("Sở Giáo dục và Đào tạo tỉnh Bình
#: Dương"), with copies to those in the plan's "Nơi nhận" above the town (Lưu: VT is added)
RECIPIENT = "Sở Giáo dục và Đào tạo tỉnh Bình Dương"
COPIES = ["Ban Dân vận Tỉnh ủy", "Thị ủy, UBND Thị xã"]

SIGNERS = [
    {"title": "Trưởng ban", "name": "Trương Văn Kiệt"},
    {"title": "Trưởng phòng", "name": "Huỳnh Thị Mỹ Ngân"},
]

#: who answers: (name, title, kind). The plan names the two signers; the Vice Chairman is not
#: named there, and the school is an example of a unit that prepares answers.
ASSIGNEES = [
    ("Huỳnh Thị Mỹ Ngân", "Trưởng phòng Giáo dục và Đào tạo thị xã", "leader"),
    ("Phó Chủ tịch UBND thị xã", "Phó Chủ tịch UBND thị xã, phụ trách ngành Giáo dục", "leader"),
    ("Trương Văn Kiệt", "Trưởng Ban Dân vận Thị ủy", "leader"),
    ("Phòng Giáo dục và Đào tạo thị xã", "Bộ phận chuyên môn", "unit"),
    ("Trường Tiểu học An Phú", "Hiệu trưởng", "unit"),
]


def seed_demo_forum() -> Forum | None:
    """Create the demo forum unless a forum with its code exists. Flushes; caller commits."""
    if db.session.scalar(select(Forum).where(Forum.code == DEMO_CODE)) is not None:
        return None
    forum = Forum(
        code=DEMO_CODE,
        title="Diễn đàn “Ngành Giáo dục lắng nghe ý kiến nhân dân” năm 2018",
        status=ForumStatus.LIVE.value,
        plan_number="02-KH/BDV-PGDĐT",
        plan_date=date(2018, 5, 4),
        organizers=ORGANIZERS,
        header_kind=HEADER_KIND,
        recipient=RECIPIENT,
        copies=COPIES,
        chairs=CHAIRS,
        signers=SIGNERS,
        venue="Trung tâm Bồi dưỡng Chính trị thị xã Thuận An",
        place="Thuận An",
        period="tháng 9 năm 2018",
        description="Kế hoạch số 02-KH/BDV-PGDĐT ngày 04 tháng 5 năm 2018 của Ban Dân vận Thị ủy "
                    "và Phòng Giáo dục và Đào tạo thị xã Thuận An.",
    )
    forum.agenda = [AgendaItem(position=i, title=title) for i, title in enumerate(AGENDA, 1)]
    forum.assignees = [
        Assignee(name=name, title=title, kind=kind, position=i)
        for i, (name, title, kind) in enumerate(ASSIGNEES, 1)
    ]
    db.session.add(forum)
    db.session.flush()
    record.log(forum, "forum.create", "system", code=forum.code)
    return forum
