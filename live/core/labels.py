"""The Vietnamese words for states, channels, outcomes and record actions: one source for the
pages and for the exported files.

The dicts here are the Vietnamese of the record: the exports (minutes, spreadsheets) use them as
they are. Pages use `localized`, the Jinja global `labels` (and through `templates/_labels.html`
the JavaScript): the same dicts with each value translated into the reader's language. Each
value is a message id, marked with `N_` for `pybabel extract`."""
from flask_babel import gettext, pgettext


def N_(message: str) -> str:
    """Marks a message for extraction; translated where it is shown, not here."""
    return message


def NP_(context: str, message: str) -> str:
    """Marks a message with its context ("Duyệt" is "Approve" on a button and "Approved" in
    the record): the dicts below each have one, `CONTEXTS`."""
    return message


#: what a phone is told about its own question
PHONE_STATUS = {
    "new": NP_("phone status", "Đã tiếp nhận"),
    "queued": NP_("phone status", "Đã tiếp nhận"),
    "on_screen": NP_("phone status", "Đang được đưa lên màn hình"),
    "answered": NP_("phone status", "Đã được trả lời"),
    "deferred": NP_("phone status", "Sẽ được trả lời bằng văn bản"),
    "merged": NP_("phone status", "Đã gộp với câu hỏi tương tự"),
    "rejected": NP_("phone status", "Không được chọn đưa lên"),
}
#: where a written reply stands, as the public reads it (live/questions/followups.py, `reply_state`);
#: a reply staff recorded is not shown until a moderator has checked and published it
REPLY_STATUS = {
    "pending": NP_("reply status", "Đang chờ trả lời, trong hạn"),
    "due_soon": NP_("reply status", "Đang chờ trả lời, sắp đến hạn"),
    "overdue": NP_("reply status", "Đã quá hạn, chưa có trả lời"),
    "checking": NP_("reply status", "Đã có văn bản trả lời, đang kiểm tra trước khi công bố"),
    "answered": NP_("reply status", "Đã trả lời bằng văn bản"),
}
#: a question's state as staff read it, in the console's order
STAFF_STATUS = {
    "new": NP_("staff status", "Mới"),
    "queued": NP_("staff status", "Đã duyệt"),
    "on_screen": NP_("staff status", "Đang trên màn hình"),
    "deferred": NP_("staff status", "Trả lời sau"),
    "answered": NP_("staff status", "Đã trả lời"),
    "rejected": NP_("staff status", "Không duyệt"),
    "merged": NP_("staff status", "Đã gộp"),
}
CHANNELS = {
    "venue": NP_("channel", "Tại hội trường"),
    "online": NP_("channel", "Trực tuyến"),
    "suggestion_box": NP_("channel", "Hòm thư góp ý"),
    "hotline": NP_("channel", "Đường dây nóng"),
    "floor": NP_("channel", "Phát biểu tại chỗ"),
}
FORUM_STATUS = {
    "draft": NP_("forum status", "Chưa mở"),
    "collecting": NP_("forum status", "Đang nhận ý kiến trước"),
    "live": NP_("forum status", "Đang diễn ra"),
    "closed": NP_("forum status", "Đã kết thúc"),
}
AGENDA_STATUS = {"pending": NP_("agenda status", "Chưa bắt đầu"), "current": NP_("agenda status", "Đang diễn ra"), "done": NP_("agenda status", "Đã xong")}
#: how a question ended (models.Outcome)
OUTCOMES = {
    "on_spot": NP_("outcome", "Trả lời tại Diễn đàn"),
    "in_writing": NP_("outcome", "Trả lời bằng văn bản"),
    "referred": NP_("outcome", "Chuyển cơ quan khác"),
    "out_of_scope": NP_("outcome", "Ngoài phạm vi Diễn đàn"),
}
RECORD_ACTIONS = {
    "forum.create": NP_("record action", "Tạo diễn đàn"),
    "forum.phase": NP_("record action", "Chuyển giai đoạn"),
    "forum.settings": NP_("record action", "Đổi chế độ nhận câu hỏi"),
    "forum.attendance": NP_("record action", "Ghi số người tham dự"),
    "agenda.start": NP_("record action", "Bắt đầu mục"),
    "agenda.end": NP_("record action", "Kết thúc mục"),
    "timer.start": NP_("record action", "Bấm giờ phát biểu"),
    "timer.stop": NP_("record action", "Dừng bấm giờ phát biểu"),
    "question.submit": NP_("record action", "Nhận câu hỏi"),
    "question.approve": NP_("record action", "Duyệt"),
    "question.reject": NP_("record action", "Không duyệt"),
    "question.restore": NP_("record action", "Khôi phục"),
    "question.assign": NP_("record action", "Giao trả lời"),
    "question.edit": NP_("record action", "Sửa nội dung"),
    "question.merge": NP_("record action", "Gộp"),
    "question.show": NP_("record action", "Đưa lên màn hình"),
    "question.hide": NP_("record action", "Gỡ khỏi màn hình"),
    "question.answer": NP_("record action", "Đã trả lời"),
    "question.defer": NP_("record action", "Trả lời sau bằng văn bản"),
    "question.publish": NP_("record action", "Công bố trả lời bằng văn bản"),
    "question.explain": NP_("record action", "Giải trình"),
    "question.topics": NP_("record action", "Phân loại chủ đề"),
    "queue.order": NP_("record action", "Sắp xếp thứ tự câu hỏi"),
    "queue.next": NP_("record action", "Chọn câu hỏi chiếu tiếp theo"),
    "forum.update": NP_("record action", "Sửa thông tin diễn đàn"),
    "agenda.add": NP_("record action", "Thêm mục chương trình"),
    "agenda.template": NP_("record action", "Dùng chương trình mẫu"),
    "agenda.update": NP_("record action", "Sửa mục chương trình"),
    "agenda.move": NP_("record action", "Đổi thứ tự mục chương trình"),
    "agenda.remove": NP_("record action", "Xóa mục chương trình"),
    "assignee.add": NP_("record action", "Thêm người trả lời"),
    "assignee.update": NP_("record action", "Sửa người trả lời"),
    "assignee.move": NP_("record action", "Đổi thứ tự người trả lời"),
    "assignee.remove": NP_("record action", "Xóa người trả lời"),
    "topic.add": NP_("record action", "Thêm chủ đề"),
    "topic.rename": NP_("record action", "Đổi tên chủ đề"),
    "topic.move": NP_("record action", "Đổi thứ tự chủ đề"),
    "topic.remove": NP_("record action", "Xóa chủ đề"),
}

ALL = {name: value for name, value in globals().items()
       if name.isupper() and isinstance(value, dict) and name not in ("ALL", "CONTEXTS")}
#: each table's message context (msgctxt), as marked above
CONTEXTS = {"PHONE_STATUS": "phone status", "STAFF_STATUS": "staff status",
            "CHANNELS": "channel", "FORUM_STATUS": "forum status",
            "AGENDA_STATUS": "agenda status", "OUTCOMES": "outcome",
            "RECORD_ACTIONS": "record action", "REPLY_STATUS": "reply status"}


class Localized:
    """`labels.STAFF_STATUS` etc. in the language in force, looked up when read (so a page in
    English and one in Vietnamese can be rendered by the same process one after the other)."""

    def __getattr__(self, name: str) -> dict[str, str]:
        if name not in ALL:
            raise AttributeError(name)
        context = CONTEXTS[name]
        return {key: pgettext(context, value) for key, value in ALL[name].items()}


localized = Localized()


def localize(text: str) -> str:
    """A Vietnamese label from one of the tables (as the exports spell it) in the reader's
    language; any other text through plain gettext (itself if there is no translation)."""
    for name, table in ALL.items():
        if text in table.values():
            return pgettext(CONTEXTS[name], text)
    return gettext(text)
