"""One blueprint per person: attendee, projector, moderator, record; plus auth and the API."""
from flask import Flask, abort, redirect, url_for
from sqlalchemy import select

from models import Forum, db


def forum_or_404(code: str) -> Forum:
    forum = db.session.scalar(select(Forum).where(Forum.code == code))
    if forum is None:
        abort(404, description="Không tìm thấy diễn đàn với mã này. Vui lòng kiểm tra lại đường dẫn.")
    return forum


def init_app(app: Flask) -> None:
    from live.routes import api, attendee, auth, moderator, projector, record

    for module in (auth, attendee, projector, moderator, record, api):
        app.register_blueprint(module.bp)

    @app.get("/")
    def index():
        forums = db.session.scalars(select(Forum).order_by(Forum.id)).all()
        if len(forums) == 1:
            return redirect(url_for("attendee.page", code=forums[0].code))
        from flask import render_template

        return render_template("index.html", forums=forums)
