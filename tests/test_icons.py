"""The icon macro renders inline SVG for every name, labelled or hidden from screen readers."""
import pytest

NAMES = ["check", "close", "arrow-up", "arrow-down", "arrow-left", "arrow-right", "thumbs-up",
         "chevron", "dot", "screen"]


@pytest.mark.parametrize("name", NAMES)
def test_icon_is_inline_svg(app, name):
    with app.app_context():
        macro = app.jinja_env.get_template("_icons.html").module.icon
        decorative, labelled = str(macro(name)), str(macro(name, "Duyệt"))
    assert decorative.startswith("<svg") and 'aria-hidden="true"' in decorative
    assert 'd=""' not in decorative
    assert 'aria-label="Duyệt"' in labelled and 'role="img"' in labelled
