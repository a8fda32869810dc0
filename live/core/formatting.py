"""Template filters: times in Vietnam's zone, dates in the official Vietnamese form (on an
English page, "4 May 2018": day first, month spelled, never ambiguous)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from flask import Flask

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(value: datetime | None) -> datetime | None:
    return value.astimezone(VIETNAM) if value else None


def _english() -> bool:
    from live.core import i18n

    return i18n.current() == "en"


def localtime(value: datetime | None, fmt: str = "%H:%M %d/%m/%Y") -> str:
    if not value:
        return ""
    value = local(value)
    if _english():
        # 14:05 4 May 2018: a day and month an English reader cannot take the wrong way round
        fmt = (fmt.replace("%d/%m/%Y", format_date(value, "d MMM y", locale="en"))
                  .replace("%d/%m", format_date(value, "d MMM", locale="en")))
    return value.strftime(fmt)


def localdate(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return format_date(value, "d MMM y", locale="en") if _english() else value.strftime("%d/%m/%Y")


def official_date(value: date | None) -> str:
    """"ngày 04 tháng 5 năm 2018", as dates are written in Vietnamese official documents:
    days 1-9 and months 1-2 take a leading zero (Nghị định 30/2020/NĐ-CP)."""
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def long_date(value: date | None) -> str:
    """The page's long date: the official Vietnamese form, or "4 May 2018" in English. (The
    exported documents are Vietnamese whatever the page: they call `official_date`.)"""
    if value is None:
        return ""
    return format_date(value, "d MMMM y", locale="en") if _english() else official_date(value)


def keep_last_words(value) -> str:
    """A heading's last two words joined by a no-break space, so no line holds one word alone
    (text-wrap: balance does the rest where the browser has it)."""
    words = str(value or "").rsplit(" ", 1)
    return "\u00a0".join(words) if len(words) == 2 and len(words[1]) < 20 else str(value or "")


def init_app(app: Flask) -> None:
    from live.assistant import public_text

    from live.core import labels
    from models import State

    app.add_template_global(labels.localized, "labels")
    app.add_template_global(State)  # templates compare `q.state == State.REJECTED`, no strings
    app.add_template_filter(localtime)
    app.add_template_filter(localdate)
    app.add_template_filter(long_date, "official_date")
    app.add_template_filter(public_text)
    app.add_template_filter(keep_last_words)  # a question's text as the hall may see it
