"""Receipts: the code a question's asker keeps (on the phone, on the confirmation page, on
paper) to see what became of the question later, without giving a name.

The code is drawn from `secrets` when the question is stored (models/question.py,
`new_receipt`): 10 symbols of an alphabet without look-alikes, about 49 bits. Holding it is the
only right it gives: reading that one question as the public may read it. Lookups are limited
per address (live/core/limits.py, `receipt_limits`) so the space cannot be walked."""
import re
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from live.core import addresses
from live.record.results import Published, published
from models import Forum, Question, State, db
from models.question import RECEIPT_ALPHABET, RECEIPT_LENGTH

_WELL_FORMED = re.compile(f"^[{RECEIPT_ALPHABET}]{{{RECEIPT_LENGTH}}}$")


def well_formed(receipt: str) -> bool:
    return bool(_WELL_FORMED.fullmatch(receipt or ""))


def normalize(typed: str) -> str:
    """What a person typed or read out ("abcde-fghjk", spaces, a dash) as the stored code;
    "" when it cannot be one."""
    code = re.sub(r"[\s\-.]", "", (typed or "")[:40]).upper()
    return code if well_formed(code) else ""


def spaced(receipt: str | None) -> str:
    """For reading and writing down: "ABCDE-FGHJK"."""
    if not receipt:
        return ""
    half = len(receipt) // 2
    return f"{receipt[:half]}-{receipt[half:]}"


def find(forum: Forum, receipt: str) -> Question | None:
    if not well_formed(receipt):
        return None
    return db.session.scalar(
        select(Question).where(Question.forum_id == forum.id, Question.receipt == receipt))


def url_of(forum: Forum, receipt: str) -> str:
    """The receipt page's absolute address as the QR encodes it (as the join QR: PUBLIC_URL,
    else the LAN address, never the request's Host header)."""
    return addresses.base_url() + url_for("attendee.receipt", code=forum.code, receipt=receipt)


@dataclass
class ReceiptView:
    """One question for its receipt holder."""

    receipt: str
    status: str  #: the state the phone shows (labels.PHONE_STATUS)
    asked_on: object
    question: Published  #: masked text, who answers, due date, reply (live/record/results.py)
    #: a question merged into another: that one's outcome is this one's
    merged_into: Published | None = None


def view(question: Question) -> ReceiptView:
    into = question
    seen = {question.id}
    while into.state is State.MERGED and into.merged_into is not None \
            and into.merged_into.id not in seen:
        into = into.merged_into
        seen.add(into.id)
    return ReceiptView(
        receipt=question.receipt, status=question.status, asked_on=question.created_at,
        question=published(question),
        merged_into=published(into) if into is not question else None)
