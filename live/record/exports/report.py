"""The report (báo cáo) to the Department of Education on how the forum went, as a Word document.

The plan's section 6: after the forum the Office of Education, with the Party Mass
Mobilization Board, "tổng hợp báo cáo đánh giá tổ chức Diễn đàn gửi về Sở GDĐT". Everything
the record knows is written here; what it cannot know is left to staff:

- the header block of the forum's setup (the state's or the Party's), "BÁO CÁO", "Kết quả tổ
  chức Diễn đàn “…”" and "Kính gửi: " the setup's recipient (the provincial Department, e.g.
  "Sở Giáo dục và Đào tạo tỉnh Bình Dương"); the number and the date are blanks to fill, as
  the report is numbered and dated the day it is signed;
- I. the preparation: the plan, the questions received before the day by channel (suggestion
  box, hotline, online), how many were given to leaders and units to prepare an explanation
  (giải trình) and how many explanations were written;
- II. the forum: time, venue, chairs, attendance, the agenda as held, the questions of the day
  by channel, how every question ended, the counts per leader or unit, and the minutes'
  statistics and charts;
- III. what remains to do: the written replies still owed (unit, due date, overdue or not);
- IV. the general assessment and V. the proposals: headings and dotted lines, for staff;
- "Nơi nhận" on the left (the recipient, the setup's copies, "Lưu: VT") and the forum's first
  signer on the right.

The page, the styles (Times New Roman 13-14 pt for every script) and the header and signature
blocks are the minutes' own (live/record/exports/office.py, `Writer`). As in the minutes, no asker is
named and the text of a rejected or unscreened question is never printed: only the questions
owed a written reply are quoted, and those were screened.
"""
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt

from live.core.formatting import local, official_date
from live.questions.followups import is_overdue, today
from live.record.exports import (CHANNEL_LABELS, assignee_label, dmy, hhmm, nfc, responsible,
                                 statistics)
from live.record.exports.office import TEXT_WIDTH, TITLE_SIZE, Writer, new_document, save
from models import Ending, State

#: to whom the report goes (the plan's section 6) when the forum's setup names no one
RECIPIENT = "Sở Giáo dục và Đào tạo"
#: the office keeps one copy, always the last line of "Nơi nhận"
KEPT = "Lưu: VT"
#: the channels of the weeks before the day, in the plan's order, and those of the day
BEFORE = ("suggestion_box", "hotline", "online")
ON_THE_DAY = ("venue", "floor")
#: the first signer signs when the forum names none
NO_SIGNER = {"title": "Thủ trưởng cơ quan", "name": ""}
UNASSIGNED = "Chưa giao"  #: as live.record.exports.statistics names questions given to no one


def render(forum, record: dict, recipient: str | None = None, copies=None,
           on: date | None = None) -> bytes:
    """The report on `forum` as DOCX bytes; `record` is `build_record(forum)`. The recipient
    ("Kính gửi") and the other copies ("Nơi nhận") are the forum's setup unless given here.
    `on` is the day the open commitments are counted overdue against (today in Vietnam by
    default)."""
    document = new_document(forum, "Báo cáo", "báo cáo; diễn đàn")
    recipient = nfc(recipient) or nfc(forum.recipient) or RECIPIENT
    copies = (forum.copies or []) if copies is None else copies
    _Report(document, forum, record, recipient, copies, on or today()).write()
    return save(document)


def subject(forum) -> str:
    """"Kết quả tổ chức Diễn đàn “Ngành Giáo dục lắng nghe ý kiến nhân dân” năm 2018"."""
    title = nfc(forum.title)
    if title.casefold().startswith("diễn đàn"):
        return f"Kết quả tổ chức {title}"
    return f"Kết quả tổ chức Diễn đàn “{title}”"


def _counted(n: int) -> str:
    return f"{n} ý kiến"


def _listed(lines: list[str]) -> list[str]:
    """"- a;" ... "- z." as an administrative list ends."""
    return [f"- {line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines)]


class _Report(Writer):
    def __init__(self, document, forum, record: dict, recipient: str, copies, on: date):
        super().__init__(document, forum, record)
        self.recipient, self.copies, self.on = recipient, list(copies), on
        self.organizers = [nfc(o) for o in forum.organizers or []]
        #: who reports: the organizers, as the plan's closing names them
        self.by = " và ".join(self.organizers) or "Ban Tổ chức"
        self.questions = record["questions"]

    def write(self) -> None:
        self.header_block("BC", blank_date=True)
        self.title()
        self.opening()
        self.preparation()
        self.results()
        self.commitments()
        self.assessment()
        self.proposals()
        self.closing()

    # helpers
    def dotted(self, lines: int) -> None:
        """Lines of dots to the right margin for staff to write on: a tab to a right-aligned
        stop with a dot leader, so typed text pushes the dots along instead of wrapping."""
        for _ in range(lines):
            paragraph = self.paragraph("\t", indent=Cm(0))
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    def note(self, text: str) -> None:
        """An italic remark under a table, set off from it."""
        self.paragraph(text, italic=True).paragraph_format.space_before = Pt(6)

    def listed(self, lines: list[str]) -> None:
        for line in _listed(lines):
            self.paragraph(line)

    def who(self) -> str:
        organizers = self.organizers
        if not organizers:
            return "Ban Tổ chức"
        return organizers[0] + (f" phối hợp với {', '.join(organizers[1:])}"
                                if len(organizers) > 1 else "")

    def _outcome(self, question) -> Ending:
        """How a question ended (`Question.ending`); one the record's log shows deferred
        counts as in writing whatever its fields say. The minutes sort their questions the
        same way."""
        ending = question.ending
        if self._deferred(question) and not ending.written:
            return Ending.IN_WRITING
        return ending

    # the parts
    def title(self) -> None:
        self.centred("")
        title = self.centred("BÁO CÁO", bold=True, size=TITLE_SIZE)
        title.paragraph_format.space_after = Pt(0)
        self.centred(subject(self.forum), bold=True, size=TITLE_SIZE)
        self.centred("")
        self.centred(f"Kính gửi: {self.recipient}", size=TITLE_SIZE)
        self.centred("")

    def opening(self) -> None:
        forum = self.forum
        if forum.plan_number:
            basis = f"Thực hiện Kế hoạch số {nfc(forum.plan_number)}"
            if forum.plan_date:
                basis += f" {official_date(forum.plan_date)}"
            if self.organizers:
                basis += f" của {' và '.join(self.organizers)}"
            basis += f" về việc tổ chức {nfc(forum.title)}, "
        else:
            basis = ""
        text = f"{basis}{self.by} báo cáo kết quả tổ chức Diễn đàn như sau:"
        self.paragraph(text[0].upper() + text[1:])

    def preparation(self) -> None:
        forum = self.forum
        self.heading("Công tác chuẩn bị")
        if forum.plan_number:
            plan = f"Kế hoạch số {nfc(forum.plan_number)}"
            if forum.plan_date:
                plan += f" {official_date(forum.plan_date)}"
            self.paragraph(f"{self.who()} xây dựng {plan} tổ chức {nfc(forum.title)}.")

        before = [q for q in self.questions if q.channel in BEFORE]
        if before:
            days = sorted(q.received_on or local(q.created_at).date() for q in before)
            span = (f" (từ ngày {dmy(days[0])} đến ngày {dmy(days[-1])})" if days[0] != days[-1]
                    else f" (ngày {dmy(days[0])})")
            self.paragraph(f"Trước Diễn đàn, Ban Tổ chức đã tiếp nhận {_counted(len(before))}, "
                           f"kiến nghị{span}, trong đó:")
            self.listed([f"{CHANNEL_LABELS[c]}: "
                         f"{_counted(sum(q.channel == c for q in before))}" for c in BEFORE])
        else:
            self.paragraph("Trước Diễn đàn, Ban Tổ chức không nhận được ý kiến, kiến nghị nào "
                           "qua hòm thư góp ý, đường dây nóng hoặc trực tuyến.")

        # Given to a leader or unit to prepare an explanation for agenda item 6: the questions
        # of the weeks before that were given to someone, and any other question given a
        # preparation date or an explanation. Not those rejected or merged away since.
        given = [q for q in self.questions
                 if q.assignee is not None and not q.set_aside
                 and (q.channel in BEFORE or q.prepare_by or q.explanation)]
        if not given:
            if before:
                self.paragraph("Chưa có ý kiến nào được phân công chuẩn bị nội dung giải trình.")
            return
        explained = [q for q in given if q.explanation]
        units: dict[str, list[int]] = {}
        for question in given:
            counts = units.setdefault(assignee_label(question), [0, 0])
            counts[0] += 1
            counts[1] += bool(question.explanation)
        missing = len(given) - len(explained)
        text = (f"Ban Tổ chức đã phân công {_counted(len(given))} cho {len(units)} lãnh đạo, "
                "đơn vị có liên quan nghiên cứu, chuẩn bị nội dung giải trình; "
                f"{_counted(len(explained))} đã có nội dung giải trình"
                + (f", {_counted(missing)} chưa có." if missing else "."))
        self.paragraph(text)
        rows = [[unit, str(n), str(done)] for unit, (n, done) in
                sorted(units.items(), key=lambda u: (-u[1][0], u[0]))]
        rows.append(["Tổng cộng", str(len(given)), str(len(explained))])
        self.table(["Người / đơn vị được phân công", "Số ý kiến được giao",
                    "Đã chuẩn bị giải trình"], rows, (Cm(9), Cm(3.5), Cm(3.5)), centred=(1, 2))

    def results(self) -> None:
        forum, record = self.forum, self.record
        self.heading("Kết quả tổ chức Diễn đàn")

        self.subheading("1. Thời gian, địa điểm, thành phần")
        when, period = self.held()
        venue = f", tại {nfc(forum.venue)}" if forum.venue else ""
        self.paragraph(f"{when}{venue}, {self.who()} tổ chức {nfc(forum.title)}.")
        if forum.chairs:
            self.labelled("Chủ trì Diễn đàn", "")
            self.listed([nfc(chair) for chair in forum.chairs])
        if forum.invited:
            self.labelled("Thành phần mời dự", "")
            self.listed([nfc(group) for group in forum.invited])
        attendance = (f"{forum.attendance} người." if forum.attendance is not None
                      else "............ người.")
        self.labelled("Số người tham dự", attendance)
        if forum.peak_phones:
            when = f" (lúc {local(forum.peak_at):%H:%M})" if forum.peak_at else ""
            self.labelled("Số điện thoại kết nối cùng lúc nhiều nhất",
                          f"{forum.peak_phones}{when}.")

        self.subheading("2. Chương trình Diễn đàn")
        agenda = record["agenda"]
        started = [i for i in agenda if i["started_at"]]
        text = f"Diễn đàn được tiến hành theo chương trình gồm {len(agenda)} nội dung"
        self.paragraph(text + (f", {period}:" if started else ":"))
        rows = []
        for item in agenda:
            times = ""
            if item["started_at"]:
                times = hhmm(item["started_at"]) + (f" – {hhmm(item['ended_at'])}"
                                                    if item["ended_at"] else "")
            rows.append([str(item["position"]), nfc(item["title"]), times])
        self.table(["STT", "Nội dung", "Thời gian"], rows, (Cm(1.3), Cm(11.7), Cm(3.0)),
                   centred=(0, 2))
        if not started:
            self.note("Chương trình chưa được bắt đầu trên hệ thống; thời gian thực tế chưa "
                      "được ghi nhận.")

        self.subheading("3. Ý kiến, kiến nghị tại Diễn đàn")
        today_ = [q for q in self.questions if q.channel not in BEFORE]
        total = len(self.questions)
        if today_:
            self.paragraph(f"Tại Diễn đàn, Ban Tổ chức tiếp nhận {_counted(len(today_))}, "
                           "kiến nghị, trong đó:")
            channels = list(ON_THE_DAY) + sorted({q.channel for q in today_} - set(ON_THE_DAY))
            self.listed([f"{CHANNEL_LABELS.get(c, c)}: "
                         f"{_counted(sum(q.channel == c for q in today_))}" for c in channels])
        else:
            self.paragraph("Tại Diễn đàn, Ban Tổ chức không nhận thêm ý kiến, kiến nghị nào.")
        if total:
            self.paragraph(f"Tổng cộng, trước và tại Diễn đàn đã tiếp nhận {_counted(total)}, "
                           "kiến nghị.")

        self.subheading("4. Kết quả trả lời, giải quyết ý kiến, kiến nghị")
        self.outcomes()

        self.subheading("5. Kết quả theo người, đơn vị trả lời")
        self.per_unit()

        if total:
            self.subheading("6. Thống kê, biểu đồ")
            self.statistics_body(prefix="6.")

    def outcomes(self) -> None:
        if not self.questions:
            self.paragraph("Diễn đàn chưa nhận được ý kiến nào.")
            return
        ended = {q.id: self._outcome(q) for q in self.questions}
        labels = [
            (Ending.ON_SPOT, "Trả lời trực tiếp tại Diễn đàn"),
            (Ending.IN_WRITING, "Chuyển trả lời bằng văn bản"),
            (Ending.REFERRED, "Chuyển cơ quan có thẩm quyền giải quyết"),
            (Ending.OUT_OF_SCOPE, "Ngoài phạm vi Diễn đàn"),
            (Ending.MERGED, "Trùng nội dung, gộp với ý kiến khác"),
            (Ending.WAITING, "Đã duyệt, chưa được trả lời"),
            (Ending.NOT_TAKEN, "Không đưa ra Diễn đàn"),
            (Ending.UNSCREENED, "Chưa được Ban tổ chức xem xét"),
        ]
        rows = []
        for key, label in labels:
            before = sum(1 for q in self.questions
                         if ended[q.id] == key and q.channel in BEFORE)
            during = sum(1 for q in self.questions
                         if ended[q.id] == key and q.channel not in BEFORE)
            if before + during or key in (Ending.ON_SPOT, Ending.IN_WRITING):
                rows.append([label, str(before), str(during), str(before + during)])
        before = sum(q.channel in BEFORE for q in self.questions)
        rows.append(["Tổng cộng", str(before), str(len(self.questions) - before),
                     str(len(self.questions))])
        self.table(["Kết quả", "Ý kiến trước Diễn đàn", "Ý kiến tại Diễn đàn", "Tổng số"],
                   rows, (Cm(8.4), Cm(2.7), Cm(2.7), Cm(2.2)), centred=(1, 2, 3))

        hidden = sum(ended[q.id] in (Ending.NOT_TAKEN, Ending.OUT_OF_SCOPE, Ending.UNSCREENED)
                     for q in self.questions)
        if hidden:
            self.note("Nội dung các ý kiến không đưa ra Diễn đàn, ngoài phạm vi hoặc chưa được "
                      "xem xét không công bố trong báo cáo.")

    def per_unit(self) -> None:
        counts = statistics(self.record)["unit"]
        if not counts:
            self.paragraph("Không có ý kiến nào được giao trả lời.")
            return
        split: dict[str, list[int]] = {unit: [0, 0] for unit in counts}
        for question in self.questions:
            if question.set_aside:
                continue
            unit = responsible(question) or UNASSIGNED
            ended = self._outcome(question)
            if ended is Ending.ON_SPOT:
                split[unit][0] += 1
            elif ended.written:
                split[unit][1] += 1
        rows = []
        for unit, n in sorted(counts.items(), key=lambda u: (u[0] == UNASSIGNED, -u[1], u[0])):
            on_spot, written = split[unit]
            rows.append([unit, str(n), str(on_spot), str(written), str(n - on_spot - written)])
        total = sum(counts.values())
        on_spot = sum(s[0] for s in split.values())
        written = sum(s[1] for s in split.values())
        rows.append(["Tổng cộng", str(total), str(on_spot), str(written),
                     str(total - on_spot - written)])
        self.table(["Người / đơn vị trả lời", "Số ý kiến", "Trả lời tại Diễn đàn",
                    "Trả lời bằng văn bản, chuyển cơ quan khác", "Chưa trả lời"], rows,
                   (Cm(6.0), Cm(2.2), Cm(2.6), Cm(3.2), Cm(2.0)), centred=(1, 2, 3, 4))

    def commitments(self) -> None:
        self.heading("Những nội dung cần tiếp tục thực hiện")
        owed = list(self.record["deferred"])
        answered = sum(1 for q in self.questions
                       if q.state is State.ANSWERED and self._deferred(q))
        if not owed:
            self.paragraph("Các ý kiến chuyển trả lời bằng văn bản đều đã được trả lời."
                           if answered else
                           "Không có ý kiến nào phải trả lời bằng văn bản sau Diễn đàn.")
            return
        far = date.max
        owed.sort(key=lambda q: (not is_overdue(q, self.on), q.due_on or far,
                                 responsible(q), q.id))
        late = sum(is_overdue(q, self.on) for q in owed)
        text = (f"Trong {_counted(len(owed) + answered)} chuyển trả lời bằng văn bản hoặc "
                f"chuyển cơ quan khác, đã trả lời {_counted(answered)}. " if answered else "")
        text += (f"Đến {official_date(self.on)}, còn {_counted(len(owed))}, kiến nghị chưa "
                 "được trả lời")
        text += f", trong đó {late} ý kiến đã quá hạn" if late else ""
        self.paragraph(text + ".")

        def unit_of(question) -> str:
            return responsible(question) or "Chưa giao đơn vị"

        # per unit first, the units with the most overdue on top (as the follow-up page)
        units: dict[str, list] = {}
        for question in owed:
            counts = units.setdefault(unit_of(question), [0, 0, None])
            counts[0] += 1
            counts[1] += is_overdue(question, self.on)
            if question.due_on and (counts[2] is None or question.due_on < counts[2]):
                counts[2] = question.due_on
        self.subheading("1. Tổng hợp theo đơn vị thực hiện")
        rows = [[unit, str(n), str(overdue), dmy(nearest)] for unit, (n, overdue, nearest)
                in sorted(units.items(), key=lambda u: (-u[1][1], u[1][2] or far, u[0]))]
        rows.append(["Tổng cộng", str(len(owed)), str(late), ""])
        self.table(["Đơn vị thực hiện", "Số ý kiến chưa trả lời", "Trong đó quá hạn",
                    "Hạn gần nhất"], rows, (Cm(7.6), Cm(3.0), Cm(2.7), Cm(2.7)),
                   centred=(1, 2, 3))

        self.subheading("2. Danh sách ý kiến chưa trả lời")
        rows = []
        for i, question in enumerate(owed, 1):
            if is_overdue(question, self.on):
                state = f"Quá hạn {(self.on - question.due_on).days} ngày"
            elif question.due_on:
                state = "Trong hạn"
            else:
                state = "Chưa có hạn"
            unit = unit_of(question)
            if question.ending is Ending.REFERRED:
                unit += " (chuyển giải quyết theo thẩm quyền)"
            rows.append([str(i), f"Số {question.id}: {nfc(question.text)}", unit,
                         dmy(question.due_on), state])
        self.table(["STT", "Ý kiến", "Đơn vị thực hiện", "Hạn trả lời", "Tình trạng"], rows,
                   (Cm(1.3), Cm(6.0), Cm(3.5), Cm(2.7), Cm(2.5)), centred=(0, 3))

    def assessment(self) -> None:
        self.heading("Đánh giá chung")
        self.subheading("1. Ưu điểm")
        self.dotted(4)
        self.subheading("2. Hạn chế, nguyên nhân")
        self.dotted(4)

    def proposals(self) -> None:
        self.heading("Kiến nghị, đề xuất")
        self.dotted(5)

    def closing(self) -> None:
        self.paragraph(f"Trên đây là báo cáo kết quả tổ chức {nfc(self.forum.title)} "
                       f"của {self.by}./.").paragraph_format.keep_with_next = True
        self.paragraph("").paragraph_format.keep_with_next = True
        left, right = self.frame((TEXT_WIDTH // 2, TEXT_WIDTH // 2), whole=True).rows[0].cells
        self._cell(left, "Nơi nhận:", bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        copies = [nfc(c) for c in self.copies if nfc(c) and nfc(c) != self.recipient]
        for line in _listed([self.recipient, *copies, KEPT]):
            self._cell(left, line, new=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        signers = list(self.forum.signers or [])
        self.signer(right, signers[0] if signers else NO_SIGNER, hint=False)
