"""The attendee's phone: the question form (works without JavaScript), the confirmation and
status page, the join QR and the printable poster."""
import uuid

from flask import (Blueprint, Response, abort, current_app, redirect, render_template,
                   request, url_for)
from sqlalchemy.exc import IntegrityError

from live.core import addresses, qr
from live.core.devices import device_id
from live.core.errors import InputError
from live.core.extensions import csrf
from live.core.limits import limited, receipt_limits, submit_limits
from live.forums import hall
from live.questions import intake, receipts
from live.screens.broadcast import announce
from live.screens.snapshot import snapshot
from live.web import commit, error_headers, forum_or_404
from models import Forum, ForumStatus, db

bp = Blueprint("attendee", __name__)


def join_url(forum: Forum) -> str:
    """The attendee page's absolute URL as phones reach it (live/core/addresses.py): PUBLIC_URL,
    else the LAN address, never the request's Host header."""
    return addresses.base_url() + url_for("attendee.page", code=forum.code)


def short_url(forum: Forum) -> str:
    return join_url(forum).split("://", 1)[-1]


@bp.app_context_processor
def _urls():
    return {"join_url": join_url, "short_url": short_url, "qr_reachable": _qr_reachable}


def _qr_reachable() -> bool:
    return addresses.reachable(addresses.base_url())


def _qr_cache() -> str:
    """A QR from PUBLIC_URL is the same for everyone: cacheable. One from the detected address
    may change with the network (a laptop moved to the hall's Wi-Fi): never kept."""
    return "public, max-age=300" if current_app.config.get("PUBLIC_URL") else "no-cache"


@bp.get("/f/<code>")
def page(code):
    forum = forum_or_404(code)
    device_id()  # the phone gets its device cookie with the page, before it sends anything
    admitted = hall.admit(forum)  # a pass from the projector's QR: "in the hall" for the day
    return render_template(
        "questions/phone/page.html", forum=forum, state=snapshot(forum), client_key=uuid.uuid4().hex,
        form={}, error=None, outside=_outside(forum, admitted), expired=admitted == "expired",
    )


def _outside(forum, admitted=None) -> bool:
    """Hall-only mode, the forum live, and this phone has not come through the hall's QR."""
    return (forum.hall_only and forum.status == ForumStatus.LIVE.value and admitted != "ok"
            and not hall.in_hall(forum))


@bp.post("/f/<code>")
@csrf.exempt  # anonymous and idempotent by client_key; a token would expire on a sleeping phone
@limited(submit_limits)
def send(code):
    forum = forum_or_404(code)
    form = {key: request.form.get(key, "") for key in ("text", "name", "affiliation", "client_key")}
    data = dict(form, client_key=form["client_key"] or uuid.uuid4().hex)
    try:
        question, created = intake.submit(forum, data)
        if created:
            commit()
            announce(forum, question)
    except InputError as error:
        db.session.rollback()
        return render_template(
            "questions/phone/page.html", forum=forum, state=snapshot(forum),
            client_key=data["client_key"], form=form, error=error, outside=_outside(forum),
        ), 403 if isinstance(error, hall.NotInHall) else 400
    except IntegrityError:
        db.session.rollback()
        question = intake.find_by_key(forum, data["client_key"])
    return redirect(url_for("attendee.sent", code=forum.code, client_key=question.client_key), 303)


@bp.errorhandler(429)
def _too_many(error):
    """A phone without JavaScript that sent too fast gets its form back with what it typed (and
    the same client_key, so sending again later makes no copy), not a bare error page."""
    if request.endpoint != "attendee.send":
        return (render_template("error.html", code=429, message=error.description), 429,
                error_headers(error))
    forum = forum_or_404(request.view_args["code"])
    form = {key: request.form.get(key, "") for key in ("text", "name", "affiliation",
                                                        "client_key")}
    refusal = InputError(error.description)
    return render_template(
        "questions/phone/page.html", forum=forum, state=snapshot(forum),
        client_key=form["client_key"] or uuid.uuid4().hex, form=form, error=refusal,
    ), 429


@bp.get("/f/<code>/sent/<client_key>")
def sent(code, client_key):
    forum = forum_or_404(code)
    question = intake.find_by_key(forum, client_key)
    if question is None:
        return render_template("questions/phone/missing.html", forum=forum), 404
    return render_template("questions/phone/sent.html", forum=forum, question=question,
                           state=snapshot(forum))


@bp.get("/f/<code>/r")
def find_receipt(code):
    """The lookup form (results page, a receipt that was not found): to the receipt's page."""
    forum = forum_or_404(code)
    typed = receipts.normalize(request.args.get("receipt", ""))
    if not typed:
        return render_template("questions/phone/receipt_missing.html", forum=forum, typed=""), 404
    return redirect(url_for("attendee.receipt", code=forum.code, receipt=typed), 303)


@bp.get("/f/<code>/r/<receipt>")
@limited(receipt_limits)
def receipt(code, receipt):
    """What became of one question, for whoever holds its receipt (the asker, who may have
    given no name): its text as the hall sees it, where it stands, who answers, the due date
    and the published written reply. Nothing about the asker. Printable, with its QR."""
    forum = forum_or_404(code)
    canonical = receipts.normalize(receipt)
    question = receipts.find(forum, canonical)
    if question is None:
        return render_template("questions/phone/receipt_missing.html", forum=forum,
                               typed=receipt[:40]), 404
    if canonical != receipt:  # typed in lower case or with the dash: the one address
        return redirect(url_for("attendee.receipt", code=forum.code, receipt=canonical), 301)
    return render_template("questions/phone/receipt.html", forum=forum, view=receipts.view(question),
                           receipt_url=receipts.url_of(forum, question.receipt)), 200, {
        "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@bp.get("/f/<code>/r/<receipt>/qr.svg")
def receipt_qr(code, receipt):
    """The QR of a receipt's page, for the printout. It encodes the address only and looks
    nothing up (so it tells nothing about whether the receipt exists)."""
    forum = forum_or_404(code)
    if not receipts.well_formed(receipt):
        abort(404)
    return Response(qr.svg(receipts.url_of(forum, receipt)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-store"})


@bp.get("/f/<code>/qr.svg")
def qr_svg(code):
    svg = qr.svg(join_url(forum_or_404(code)))
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": _qr_cache()})


@bp.get("/f/<code>/qr.png")
def qr_png(code):
    size = request.args.get("size", default=10, type=int)
    png = qr.png(join_url(forum_or_404(code)), box_size=max(2, min(size, 40)))
    return Response(png, mimetype="image/png", headers={"Cache-Control": _qr_cache()})


@bp.get("/f/<code>/poster")
def poster(code):
    return render_template("questions/phone/poster.html", forum=forum_or_404(code))


@bp.get("/f/<code>/results")
def results(code):
    from live.record.results import public_results

    forum = forum_or_404(code)
    return render_template("record/results.html", forum=forum, results=public_results(forum))


@bp.get("/f/<code>/results/bulletin")
def bulletin(code):
    """The results as one printable A4 notice for the board (live/record/bulletin.py)."""
    from live.record.bulletin import bulletin as build
    from live.record.exports.office import header_kind, issuer, number_line

    forum = forum_or_404(code)
    return render_template("record/bulletin.html", forum=forum, bulletin=build(forum),
                           kind=header_kind(forum), issuer=issuer(forum),
                           number=number_line(forum, "TB"))


@bp.get("/f/<code>/results/qr.svg")
def results_qr(code):
    """The QR of the results page, printed on the bulletin."""
    from live.record.bulletin import results_url

    svg = qr.svg(results_url(forum_or_404(code)))
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": _qr_cache()})


@bp.app_template_filter("receipt")
def _spaced_receipt(value):
    """A receipt as people read and write it: "ABCDE-FGHJK"."""
    return receipts.spaced(value)
