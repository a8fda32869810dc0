"""The console's help tells the truth: the running order `[`/`]` moves is shared."""


def test_order_keys_say_the_order_is_shared(moderator, forum):
    page = moderator.client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
    assert "chỉ trên máy này" not in page
    assert "thứ tự chung của mọi bàn điều khiển và màn chiếu" in page
