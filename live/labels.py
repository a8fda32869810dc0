"""The Vietnamese words for states, channels, outcomes and record actions: one source for the
pages (Jinja global `labels`, and through `templates/_labels.html` the JavaScript) and for the
exported files."""

#: what a phone is told about its own question
PHONE_STATUS = {
    "new": "Đã tiếp nhận",
    "queued": "Đã tiếp nhận",
    "on_screen": "Đang được đưa lên màn hình",
    "answered": "Đã được trả lời",
    "deferred": "Sẽ được trả lời bằng văn bản",
    "merged": "Đã gộp với câu hỏi tương tự",
    "rejected": "Không được chọn đưa lên",
}
#: a question's state as staff read it, in the console's order
STAFF_STATUS = {
    "new": "Mới",
    "queued": "Đã duyệt",
    "on_screen": "Đang trên màn hình",
    "deferred": "Trả lời sau",
    "answered": "Đã trả lời",
    "rejected": "Không duyệt",
    "merged": "Đã gộp",
}
CHANNELS = {
    "venue": "Tại hội trường",
    "online": "Trực tuyến",
    "suggestion_box": "Hòm thư góp ý",
    "hotline": "Đường dây nóng",
    "floor": "Phát biểu tại chỗ",
}
FORUM_STATUS = {
    "draft": "Chưa mở",
    "collecting": "Đang nhận ý kiến trước",
    "live": "Đang diễn ra",
    "closed": "Đã kết thúc",
}
AGENDA_STATUS = {"pending": "Chưa bắt đầu", "current": "Đang diễn ra", "done": "Đã xong"}
#: how a question ended (models.Outcome)
OUTCOMES = {
    "on_spot": "Trả lời tại Diễn đàn",
    "in_writing": "Trả lời bằng văn bản",
    "referred": "Chuyển cơ quan khác",
    "out_of_scope": "Ngoài phạm vi Diễn đàn",
}
RECORD_ACTIONS = {
    "forum.create": "Tạo diễn đàn",
    "forum.phase": "Chuyển giai đoạn",
    "forum.attendance": "Ghi số người tham dự",
    "agenda.start": "Bắt đầu mục",
    "agenda.end": "Kết thúc mục",
    "timer.start": "Bấm giờ phát biểu",
    "timer.stop": "Dừng bấm giờ phát biểu",
    "question.submit": "Nhận câu hỏi",
    "question.approve": "Duyệt",
    "question.reject": "Không duyệt",
    "question.restore": "Khôi phục",
    "question.assign": "Giao trả lời",
    "question.edit": "Sửa nội dung",
    "question.merge": "Gộp",
    "question.show": "Đưa lên màn hình",
    "question.hide": "Gỡ khỏi màn hình",
    "question.answer": "Đã trả lời",
    "question.defer": "Trả lời sau bằng văn bản",
    "question.explain": "Giải trình",
    "question.topics": "Phân loại chủ đề",
    "forum.update": "Sửa thông tin diễn đàn",
    "agenda.add": "Thêm mục chương trình",
    "agenda.template": "Dùng chương trình mẫu",
    "agenda.update": "Sửa mục chương trình",
    "agenda.move": "Đổi thứ tự mục chương trình",
    "agenda.remove": "Xóa mục chương trình",
    "assignee.add": "Thêm người trả lời",
    "assignee.update": "Sửa người trả lời",
    "assignee.move": "Đổi thứ tự người trả lời",
    "assignee.remove": "Xóa người trả lời",
    "topic.add": "Thêm chủ đề",
    "topic.rename": "Đổi tên chủ đề",
    "topic.move": "Đổi thứ tự chủ đề",
    "topic.remove": "Xóa chủ đề",
}

ALL = {name: value for name, value in globals().items() if name.isupper() and name != "ALL"}
