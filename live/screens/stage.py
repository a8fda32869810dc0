"""The stage view: a tablet or laptop on the stage table, where the chairs and the leaders who
answer see what the hall is on now, which question is ready to be shown next and, in the
running order the moderator arranged (live/questions/queue.py), the approved questions still
waiting: all of them with who answers each (for the chairs), or one answerer's only, so that
each leader's tablet shows theirs.

It only reads. The page is complete as the server renders it; static/js/stage.js then follows
the staff room's `state` and `queue` pushes and draws the same parts again."""
from flask import Blueprint, render_template, request

from live.accounts.auth import page_requires
from live.questions.queue import queue_payload
from live.screens.snapshot import snapshot
from live.web import forum_or_404
from models import utcnow

bp = Blueprint("stage", __name__)

#: the filter's values besides an answerer's id: everyone's questions, the unassigned ones
EVERYONE, UNASSIGNED = "", "none"


def waiting(queue: dict) -> list[dict]:
    """The approved questions in the running order, each with its place (1, 2, ...) and no
    more than the stage shows (the queue also carries phone numbers and notes)."""
    by_id = {q["id"]: q for q in queue["questions"]}
    return [{"id": qid, "place": place, "text": by_id[qid]["public_text"],
             "asker": by_id[qid]["asker"], "assignee": by_id[qid]["assignee"]}
            for place, qid in enumerate(queue["order"], 1) if qid in by_id]


def kept(questions: list[dict], chosen: str) -> list[dict]:
    """The waiting questions the filter keeps: everyone's, one answerer's, or those not
    assigned yet; still in the running order, each with its place in the whole of it."""
    if chosen == EVERYONE:
        return questions
    return [q for q in questions
            if (str(q["assignee"]["id"]) if q["assignee"] else UNASSIGNED) == chosen]


def chosen_filter(value: str | None, assignees: list[dict]) -> str:
    """`?assignee=`: an answerer's id, "none", or anything else (nothing): everyone."""
    value = (value or "").strip()
    if value == UNASSIGNED or value in {str(a["id"]) for a in assignees}:
        return value
    return EVERYONE


@bp.get("/f/<code>/stage")
@page_requires("queue.view")
def page(code):
    forum = forum_or_404(code)
    queue = queue_payload(forum)
    questions = waiting(queue)
    assignees = [a.to_dict() for a in forum.assignees]
    chosen = chosen_filter(request.args.get("assignee"), assignees)
    return render_template(
        "screens/stage.html", forum=forum, state=snapshot(forum), questions=questions,
        up_next=next((q for q in questions if q["id"] == queue["next"]), None),
        assignees=assignees, chosen=chosen, listed=kept(questions, chosen),
        answerer=next((a for a in assignees if str(a["id"]) == chosen), None),
        # the server's clock: the speaker's countdown is counted from it
        now=utcnow().isoformat(),
    )
