"""Template filters: times in Vietnam's zone, dates in the official Vietnamese form."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(value: datetime | None) -> datetime | None:
    return value.astimezone(VIETNAM) if value else None


def localtime(value: datetime | None, fmt: str = "%H:%M %d/%m/%Y") -> str:
    return local(value).strftime(fmt) if value else ""


def localdate(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return value.strftime("%d/%m/%Y")


def official_date(value: date | None) -> str:
    """"ngày 04 tháng 5 năm 2018", as dates are written in Vietnamese official documents:
    days 1-9 and months 1-2 take a leading zero (Nghị định 30/2020/NĐ-CP)."""
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def init_app(app: Flask) -> None:
    from live import labels

    app.add_template_global(labels, "labels")
    app.add_template_filter(localtime)
    app.add_template_filter(localdate)
    app.add_template_filter(official_date)
