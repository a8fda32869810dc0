"""The demo forum carries the 2018 plan: agenda verbatim, chairs, venue, date, plan number."""
import pathlib
import re

import pytest

from live.seed import AGENDA

SEED = pathlib.Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_b5662146b843b1bc.txt"


@pytest.fixture
def db_path(demo_db_path):
    """A first start with FORUM_SEED (the other tests' database has the factory's forum)."""
    return demo_db_path


@pytest.fixture
def forum(demo_forum):
    return demo_forum


def test_the_demo_forum(forum):
    assert forum.code == "thuan-an-2018"
    assert forum.plan_number == "02-KH/BDV-PGDĐT"
    assert forum.plan_date.isoformat() == "2018-05-04"
    assert forum.venue == "Trung tâm Bồi dưỡng Chính trị thị xã Thuận An"
    assert forum.period == "tháng 9 năm 2018"
    assert forum.chairs == ["Trưởng Ban Dân vận thị ủy", "Phó Chủ tịch UBND thị xã (phụ trách "
                            "ngành)", "Trưởng phòng GDĐT thị xã"]
    assert forum.organizers == ["Ban Dân vận Thị ủy", "Phòng Giáo dục và Đào tạo thị xã Thuận An"]
    assert forum.header_kind == "party"  # the plan's header block is the Party's
    assert [i.position for i in forum.agenda] == list(range(1, 12))
    titles = " | ".join(f"{a.title} {a.name}" for a in forum.assignees)
    for who in ("Trưởng phòng Giáo dục và Đào tạo", "Phó Chủ tịch UBND thị xã",
                "Trưởng Ban Dân vận Thị ủy", "Hiệu trưởng"):
        assert who in titles, who


@pytest.mark.skipif(not SEED.exists(), reason="the plan is not beside this checkout")
def test_agenda_is_verbatim_from_the_plan(forum):
    plan = " ".join(SEED.read_text(encoding="utf-8").split())
    for position, title in enumerate(AGENDA, 1):
        assert f"{position} {title}" in plan, title
    assert [i.title for i in forum.agenda] == AGENDA


@pytest.mark.skipif(not SEED.exists(), reason="the plan is not beside this checkout")
def test_chairs_are_from_the_plan(forum):
    plan = SEED.read_text(encoding="utf-8")
    section = plan.split("4.1. Chủ trì Diễn đàn")[1].split("4.2.")[0]
    chairs = [re.sub(r"[*.]", "", line[2:]).strip() for line in section.splitlines()
              if line.startswith("- ")]
    assert forum.chairs == chairs
