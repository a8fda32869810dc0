"""Charts of the record, drawn on the server: questions by channel, by outcome and by the
leader or unit who answers. The minutes embed them as PNG; the record page can show any of
them by name as PNG or SVG.

The titles and the labels of the bars are Vietnamese, as in the minutes. The record page draws
them in its reader's language: it passes `translate=live.core.labels.localize` (each label is a
message id of live/core/labels.py or of this module), and the names of leaders and units stay as
they are.

matplotlib is used without pyplot (a `Figure` on an Agg or SVG canvas): no figure manager and
no display; the style is applied under a lock, as rcParams are process-wide. DejaVu Sans ships with matplotlib and has every
Vietnamese glyph, so nothing comes from outside.
"""
import io
import textwrap
import threading
from collections.abc import Callable

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from live.core.labels import N_
from live.record.exports import CHANNEL_LABELS, STATE_LABELS, ordered, statistics

#: name -> title; the names are what the record page asks for
CHARTS = {
    "channel": N_("Ý kiến theo kênh tiếp nhận"),
    "state": N_("Ý kiến theo kết quả xử lý"),
    "unit": N_("Ý kiến theo người / đơn vị trả lời"),
}
FORMATS = ("png", "svg")
MAX_BARS = 12  #: more units than this: the smallest are summed as OTHERS
OTHERS = N_("Khác")
#: the bar of questions no one was given (as live.record.exports.statistics names it)
UNASSIGNED = N_("Chưa giao")


def _same(text: str) -> str:
    return text

#: the width the minutes and the report print a chart at; drawn at that width, a point in the
#: drawing is a point on paper, so labels of 10.5 pt print at 10.5 pt (never below 10)
PRINTED_WIDTH_CM = 15.0
_WIDTH_INCHES = PRINTED_WIDTH_CM / 2.54
_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10.5,
    "svg.hashsalt": "forum-record",  # the same record gives the same SVG
    "svg.fonttype": "path",  # glyphs as outlines: no font needed where it is shown
}
_BAR = "#1f4e79"
#: rc_context changes matplotlib's process-wide settings: one drawing at a time
_DRAWING = threading.Lock()


def data(record: dict, name: str,
         translate: Callable[[str], str] = _same) -> list[tuple[str, int]]:
    """The (label, count) pairs a chart shows, largest first for units. `translate` turns a
    label (a message id) into the reader's language; the default keeps the Vietnamese."""
    counts = statistics(record)[name]
    if name == "channel":
        return [(translate(label), n) for label, n in ordered(counts, CHANNEL_LABELS)]
    if name == "state":
        return [(translate(label), n) for label, n in ordered(counts, STATE_LABELS)]
    pairs = counts.most_common()
    if len(pairs) > MAX_BARS:
        pairs = pairs[:MAX_BARS - 1] + [(OTHERS, sum(n for _, n in pairs[MAX_BARS - 1:]))]
    # a unit's name is data; only the words of our own are translated
    return [(translate(label) if label in (OTHERS, UNASSIGNED) else label, n)
            for label, n in pairs]


def chart(record: dict, name: str, fmt: str = "png",
          translate: Callable[[str], str] = _same) -> bytes | None:
    """One chart as PNG or SVG bytes, or None when there is nothing to count. `translate`
    (`live.core.labels.localize`) draws its title and labels in the reader's language."""
    if name not in CHARTS:
        raise KeyError(f"no chart named {name!r}; choose one of {', '.join(CHARTS)}")
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    pairs = data(record, name, translate)
    if not pairs:
        return None
    return _draw(translate(CHARTS[name]), pairs, fmt)


def charts(record: dict, fmt: str = "png",
           translate: Callable[[str], str] = _same) -> dict[str, bytes]:
    """Every chart that has data, by name, in CHARTS order (Vietnamese unless `translate`)."""
    drawn = {name: chart(record, name, fmt, translate) for name in CHARTS}
    return {name: picture for name, picture in drawn.items() if picture is not None}


def _draw(title: str, pairs: list[tuple[str, int]], fmt: str) -> bytes:
    labels = ["\n".join(textwrap.wrap(label, 26)) or label for label, _ in pairs]
    values = [n for _, n in pairs]
    lines = sum(label.count("\n") + 1 for label in labels)
    with _DRAWING, rc_context(_STYLE):
        figure = Figure(figsize=(_WIDTH_INCHES, 1.1 + 0.26 * lines + 0.22 * len(pairs)), dpi=200)
        canvas = FigureCanvasAgg(figure) if fmt == "png" else FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        positions = range(len(pairs))
        bars = axes.barh(positions, values, color=_BAR, height=0.6)
        axes.set_yticks(list(positions), labels=labels)
        axes.invert_yaxis()  # the first pair on top, as it is read
        axes.bar_label(bars, labels=[str(n) for n in values], padding=3)
        axes.set_xlim(0, max(values) * 1.15 + 0.5)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(title, fontsize=12, fontweight="bold", loc="left")
        figure.tight_layout()
        out = io.BytesIO()
        metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        canvas.print_figure(out, format=fmt, metadata=metadata)
    return out.getvalue()
