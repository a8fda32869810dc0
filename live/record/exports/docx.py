"""The minutes (biên bản) of the forum as a Word document, in Vietnamese administrative style:
the office paper of live/record/exports/office.py (page, fonts, header block, tables, signatures)
with the minutes' own parts.

What is never printed: the text of a rejected question (only their number) and of a question
nobody has screened yet; the asker's name and affiliation only appear when the asker gave
them.
"""
from docx.shared import Cm, Pt

from live.record.exports import (
    CHANNEL_LABELS, agenda_positions, assignee_label, dmy, duration, forum_day, hhmm, nfc,
    responsible,
)
from live.record.exports.office import (
    TEXT_WIDTH, TITLE_SIZE, Writer, append_xml, new_document, paragraph_xml, run_xml, save,
)
from live.assistant import public_text
from live.core.formatting import local, official_date
from models import Ending, State


def render(forum, record: dict) -> bytes:
    """The minutes of `forum` as DOCX bytes; `record` is `build_record(forum)`."""
    document = new_document(forum, "Biên bản", "biên bản; diễn đàn")
    _Minutes(document, forum, record).write()
    return save(document)


# -- the minutes ---------------------------------------------------------------------------

class _Minutes(Writer):
    def __init__(self, document, forum, record: dict):
        super().__init__(document, forum, record)
        self.positions = agenda_positions(forum)
        self.items = {item.id: item for item in forum.agenda}

    def write(self) -> None:
        self.header_block()
        self.title()
        self.facts()
        self.attendance()
        self.agenda()
        self.questions()
        self.deferred()
        self.statistics()
        self.closing()
        self.signatures()

    def title(self) -> None:
        self.centred("")
        title = self.centred("BIÊN BẢN", bold=True, size=TITLE_SIZE)
        title.paragraph_format.space_after = Pt(0)
        self.centred(nfc(self.forum.title), bold=True, size=TITLE_SIZE)
        self.centred("")

    def facts(self) -> None:
        forum, record = self.forum, self.record
        self.heading("Thông tin chung")
        organizers = [nfc(o) for o in forum.organizers or []]
        if forum.plan_number:
            plan = f"Căn cứ Kế hoạch số {nfc(forum.plan_number)}"
            if forum.plan_date:
                plan += f" {official_date(forum.plan_date)}"
            if organizers:
                plan += f" của {' và '.join(organizers)}"
            self.paragraph(plan + f" về việc tổ chức {nfc(forum.title)}.")
        when, period = self.held()
        venue = f", tại {nfc(forum.venue)}" if forum.venue else ""
        who = organizers[0] + (f" phối hợp với {', '.join(organizers[1:])}"
                               if len(organizers) > 1 else "") if organizers else "Ban tổ chức"
        self.paragraph(f"{when}{venue}, {who} tổ chức {nfc(forum.title)}.")

        self.labelled("Thời gian", f"{period}.")
        if forum.venue:
            self.labelled("Địa điểm", f"{nfc(forum.venue)}.")
        self.labelled("Ý kiến, kiến nghị tiếp nhận", f"{len(record['questions'])} ý kiến.")

    def attendance(self) -> None:
        """Thành phần tham dự: who chaired, the leaders and units who answered, the head count
        and, when known, the most phones connected at once."""
        forum = self.forum
        self.heading("Thành phần tham dự")
        for label, names in (("Chủ trì Diễn đàn", forum.chairs or []),
                             ("Lãnh đạo, đơn vị trả lời ý kiến",
                              [a.label for a in forum.assignees])):
            if names:
                self.labelled(label, "")
                for name in names:
                    self.paragraph(f"- {nfc(name)}.")
        self.labelled("Số người tham dự",
                      f"{forum.attendance} người." if forum.attendance else "........ người.")
        if forum.peak_phones:
            when = f" (lúc {local(forum.peak_at):%H:%M})" if forum.peak_at else ""
            self.labelled("Số điện thoại kết nối cùng lúc nhiều nhất",
                          f"{forum.peak_phones}{when}.")

    def agenda(self) -> None:
        self.heading("Diễn biến theo chương trình")
        rows = [
            [str(item["position"]), nfc(item["title"]), hhmm(item["started_at"]),
             hhmm(item["ended_at"]), duration(item["minutes"])]
            for item in self.record["agenda"]
        ]
        self.table(["STT", "Nội dung chương trình", "Bắt đầu", "Kết thúc", "Thời lượng"],
                   rows, (Cm(1.3), Cm(8.7), Cm(2.0), Cm(2.0), Cm(2.0)), centred=(0, 2, 3, 4))
        if not any(item["started_at"] for item in self.record["agenda"]):
            self.paragraph("Chương trình chưa được bắt đầu trên hệ thống; thời gian thực tế "
                           "chưa được ghi nhận.", italic=True)

    # questions
    def _asked(self, question) -> str:
        """"Ý kiến số 12 (Hòm thư góp ý, nhận ngày 05/05/2018; Nguyễn Văn A, phường An Phú)"."""
        details = [CHANNEL_LABELS.get(question.channel, question.channel)]
        if question.received_on:
            details[0] += f", nhận ngày {dmy(question.received_on)}"
        who = ", ".join(nfc(v) for v in (question.asker_name, question.asker_affiliation) if v)
        if who:
            details.append(who)
        return f" ({'; '.join(details)}): "

    def _same(self, question) -> list[tuple[str, str]]:
        """The line naming who asked the same (the questions merged into it, chains counted):
        "Cùng nội dung với ý kiến của: Nguyễn Văn A, phường An Phú (ý kiến số 3); 2 người
        không nêu tên (ý kiến số 4, 5)."; no line when nobody else did."""
        others = self.record.get("merged_from", {}).get(question.id, [])
        if not others:
            return []
        parts = []
        for other in others:
            who = ", ".join(nfc(v) for v in (other.asker_name, other.asker_affiliation) if v)
            if who:
                parts.append(f"{who} (ý kiến số {other.id})")
        unnamed = [str(o.id) for o in others if not (o.asker_name or o.asker_affiliation)]
        if unnamed:
            parts.append(f"{len(unnamed)} người không nêu tên (ý kiến số {', '.join(unnamed)})")
        return [("Cùng nội dung với ý kiến của", "; ".join(parts) + ".")]

    def _question(self, question, outcome: list[tuple[str, str]]) -> None:
        """The question, then its outcome lines. Thousands of these make most of a big
        forum's minutes, so they are written as XML in one go rather than run by run."""
        lines = []
        for i, (label, text) in enumerate(outcome):
            lines.append(run_xml(("\n" if i else "") + f"{label}: ", italic=True))
            lines.append(run_xml(text))
        append_xml(self.doc, (
            paragraph_xml([run_xml(f"Ý kiến số {question.id}", bold=True),
                            run_xml(self._asked(question) + nfc(public_text(question)))],
                           keep_next=True)
            # left-aligned: its lines end in breaks, which justification would stretch
            + paragraph_xml(lines, left=Cm(1), first_line=Cm(0), align="left")
        ))

    def questions(self) -> None:
        self.heading("Ý kiến, kiến nghị và kết quả trả lời")
        found = self.record["questions"]
        if not found:
            self.paragraph("Diễn đàn chưa nhận được ý kiến nào.")
            return
        deferred = [q for q in found if self._deferred(q)]
        written = {q.id for q in deferred}
        at_forum = [q for q in found if q.ending is Ending.ON_SPOT and q.id not in written]
        merged = [q for q in found if q.ending is Ending.MERGED]
        pending = [q for q in found if q.ending is Ending.WAITING]
        unscreened = sum(1 for q in found if q.ending is Ending.UNSCREENED)
        rejected = sum(1 for q in found if q.ending is Ending.NOT_TAKEN)
        out_of_scope = sum(1 for q in found if q.ending is Ending.OUT_OF_SCOPE)
        number = iter(range(1, 10))

        self.subheading(f"{next(number)}. Ý kiến được trả lời tại Diễn đàn ({len(at_forum)})")
        if not at_forum:
            self.paragraph("Không có.")
        groups: dict[int | None, list] = {}
        for question in sorted(at_forum, key=lambda q: (self._answered_at(q) or q.updated_at,
                                                        q.id)):
            groups.setdefault(question.agenda_item_id, []).append(question)
        for item_id in sorted(groups, key=lambda i: self.positions.get(i, 99)):
            item = self.items.get(item_id)
            label = (f"Tại mục {item.position}: {nfc(item.title)}" if item
                     else "Ngoài các mục của chương trình")
            self.paragraph(label, bold=True, italic=True)
            for question in groups[item_id]:
                answered = self._answered_at(question)
                outcome = ("Kết quả", "Đã trả lời tại Diễn đàn"
                           + (f" lúc {hhmm(answered)}" if answered else "") + ".")
                lines = self._same(question)
                if question.assignee:
                    lines.append(("Người trả lời", assignee_label(question) + "."))
                lines.append(outcome)
                if question.answer_note:
                    lines.append(("Nội dung trả lời", nfc(question.answer_note)))
                self._question(question, lines)

        self.subheading(f"{next(number)}. Ý kiến chuyển trả lời bằng văn bản ({len(deferred)})")
        if not deferred:
            self.paragraph("Không có.")
        for question in deferred:
            due = dmy(question.due_on)
            if question.ending is Ending.REFERRED:
                result = (f"Chuyển {nfc(question.referred_to) or 'cơ quan có thẩm quyền'} "
                          "giải quyết theo thẩm quyền"
                          + (f", theo dõi kết quả đến ngày {due}." if due else "."))
            else:
                result = (f"Chuyển {assignee_label(question) or 'đơn vị chức năng'} trả lời "
                          f"bằng văn bản, hạn {due or '...'}.")
            lines = self._same(question) + [("Kết quả", result)]
            if question.state is State.ANSWERED:
                when = self._answered_at(question)
                lines.append(("Đã trả lời bằng văn bản",
                              (f"ngày {local(when):%d/%m/%Y}. " if when else "")
                              + nfc(question.answer_note)))
            self._question(question, lines)

        if merged:
            self.subheading(f"{next(number)}. Ý kiến trùng nội dung, được gộp ({len(merged)})")
            for question in merged:
                into = question.merged_into_id
                self._question(question, [("Kết quả", f"Gộp vào ý kiến số {into}, được "
                                                      "trả lời cùng ý kiến đó.")])
        if pending:
            self.subheading(f"{next(number)}. Ý kiến chưa được trả lời ({len(pending)})")
            for question in pending:
                state = ("Đang được trình bày trên màn hình." if question.on_screen
                         else "Đã duyệt, chưa được trả lời.")
                lines = [("Kết quả", state)]
                if question.assignee:
                    lines.insert(0, ("Giao trả lời", assignee_label(question) + "."))
                lines[:0] = self._same(question)
                self._question(question, lines)
        if rejected or out_of_scope or unscreened:
            notes = []
            if out_of_scope:
                notes.append(f"{out_of_scope} ý kiến ngoài phạm vi Diễn đàn")
            if rejected:
                notes.append(f"{rejected} ý kiến không được đưa ra Diễn đàn")
            if out_of_scope or rejected:
                notes[-1] += " (nội dung không công bố trong biên bản)"
            if unscreened:
                notes.append(f"{unscreened} ý kiến chưa được Ban tổ chức xem xét")
            self.paragraph("Ngoài ra: " + "; ".join(notes) + ".", italic=True)

    def deferred(self) -> None:
        self.heading("Danh sách ý kiến chuyển trả lời bằng văn bản")
        found = [q for q in self.record["questions"] if self._deferred(q)]
        if not found:
            self.paragraph("Không có ý kiến nào chuyển trả lời bằng văn bản.")
            return
        rows = []
        for i, question in enumerate(found, 1):
            if question.state is State.ANSWERED:
                when = self._answered_at(question)
                status = "Đã trả lời" + (f" ngày {local(when):%d/%m/%Y}" if when else "")
            else:
                status = "Chưa trả lời"
            rows.append([str(i), f"Số {question.id}: {nfc(public_text(question))}",
                         responsible(question), dmy(question.due_on), status])
        self.table(["STT", "Ý kiến", "Đơn vị trả lời", "Hạn trả lời", "Tình trạng"], rows,
                   (Cm(1.3), Cm(6.0), Cm(3.6), Cm(2.6), Cm(2.5)), centred=(0, 3))

    def statistics(self) -> None:
        self.heading("Thống kê")
        total = len(self.record["questions"])
        self.paragraph(f"Tổng số ý kiến tiếp nhận: {total}.")
        if total:
            self.statistics_body()

    def closing(self) -> None:
        """The closing time (the forum closed, else the last item's end), that the minutes were
        read out and approved, and where they come from; kept with the signatures."""
        ends = [i["ended_at"] for i in self.record["agenda"] if i["ended_at"]]
        ended = self.record.get("closed_at") or (max(ends) if ends else None)
        text = ("Biên bản đã được đọc lại trước Diễn đàn và được các thành phần tham dự thông "
                "qua. Biên bản được lập từ nhật ký ghi nhận tại Diễn đàn.")
        if ended and local(ended).date() == forum_day(self.forum, self.record):
            end = local(ended)
            text = f"Diễn đàn kết thúc vào lúc {end:%H} giờ {end:%M} phút cùng ngày. " + text
        # The last words go over the page with the signatures, never leave them alone.
        self.paragraph(text).paragraph_format.keep_with_next = True

    def signatures(self) -> None:
        signers = list(self.forum.signers or []) or [{"title": "Chủ trì", "name": ""}]
        secretary = nfc(self.forum.secretary)
        clerks = [i for i, s in enumerate(signers) if "thư ký" in nfc(s.get("title")).lower()]
        if not clerks:
            # who wrote the minutes signs them too: the setup's secretary, else by hand
            signers = [{"title": "Thư ký", "name": secretary}] + signers
        elif secretary and not signers[clerks[0]].get("name"):
            signers[clerks[0]] = dict(signers[clerks[0]], name=secretary)
        self.paragraph("").paragraph_format.keep_with_next = True
        width = TEXT_WIDTH // len(signers)
        table = self.frame([width] * len(signers), whole=True)
        for cell, signer in zip(table.rows[0].cells, signers):
            self.signer(cell, signer)
