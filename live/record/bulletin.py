"""The results bulletin: one A4 page (or a few) for the notice board of the ward, the school
or the office that held the forum. It says what the results page says (live/record/results.py: the
same counts, the same masked texts, no asker's name or affiliation), under the forum's header
block as the minutes draw it (live/record/exports/office.py), with the date by which it is to be
posted and the QR of the results page."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, url_for
from sqlalchemy import select

from live.core import addresses
from live.core.formatting import local
from live.questions import followups
from live.record.results import Published, public_results
from models import Forum, RecordEntry, db

#: The days after the forum's closing by which the bulletin is to be on the notice board.
#: Where the figure comes from: Luật Thực hiện dân chủ ở cơ sở 2022 (Luật số 10/2022/QH15)
#: asks that the results of a dialogue between the authorities and the people be made public
#: (posted, "niêm yết", among its ways of "công khai"), and the 2025 law on local government
#: asks it within days; the number for a forum of this kind was not found in a text checked
#: here (no copy of the laws is reachable from this project). Five days is the
#: organisers' working figure, not the law's: it is a setting, `BULLETIN_POST_DAYS` (README.md,
#: "Configuration"), for a body whose own rules or plan give another.
DEFAULT_POST_DAYS = 5


def post_days() -> int:
    return max(0, int(current_app.config.get("BULLETIN_POST_DAYS", DEFAULT_POST_DAYS)))


def closed_on(forum: Forum) -> date | None:
    """The day (in Vietnam) the forum was last closed, from its record; None while it is not
    closed."""
    if forum.status != "closed":
        return None
    found = db.session.scalars(
        select(RecordEntry).where(RecordEntry.forum_id == forum.id,
                                  RecordEntry.action == "forum.phase")
        .order_by(RecordEntry.id.desc())
    )
    at = next((e.at for e in found if (e.data or {}).get("to") == "closed"), None)
    if at is not None:
        return local(at).date()
    return forum.held_on  # closed without a logged move (an imported forum): its day


@dataclass
class Bulletin:
    tally: object
    answered: list[Published]
    commitments: list[Published]
    closed_on: date | None
    post_by: date | None
    results_url: str
    issued_on: date
    post_days: int


def bulletin(forum: Forum) -> Bulletin:
    results = public_results(forum)
    closed = closed_on(forum)
    return Bulletin(
        tally=results["tally"], answered=results["answered"],
        commitments=results["commitments"], closed_on=closed,
        post_by=closed + timedelta(days=post_days()) if closed is not None else None,
        results_url=results_url(forum), issued_on=followups.today(), post_days=post_days(),
    )


def results_url(forum: Forum) -> str:
    """The results page's absolute address as phones reach it (live/core/addresses.py)."""
    return addresses.base_url() + url_for("attendee.results", code=forum.code)
