"""Charts of the record, drawn on the server: questions by channel, by outcome and by the
leader or unit who answers. The minutes embed them as PNG; the record page can show any of
them by name as PNG or SVG.

matplotlib is used without pyplot (a `Figure` on an Agg or SVG canvas): no figure manager and
no display; the style is applied under a lock, as rcParams are process-wide. DejaVu Sans ships with matplotlib and has every
Vietnamese glyph, so nothing comes from outside.
"""
import io
import textwrap
import threading

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from live.exports import CHANNEL_LABELS, STATE_LABELS, ordered, statistics

#: name -> title; the names are what the record page asks for
CHARTS = {
    "channel": "Ý kiến theo kênh tiếp nhận",
    "state": "Ý kiến theo kết quả xử lý",
    "unit": "Ý kiến theo người / đơn vị trả lời",
}
FORMATS = ("png", "svg")
MAX_BARS = 12  #: more units than this: the smallest are summed as "Khác"

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "svg.hashsalt": "forum-record",  # the same record gives the same SVG
    "svg.fonttype": "path",  # glyphs as outlines: no font needed where it is shown
}
_BAR = "#1f4e79"
#: rc_context changes matplotlib's process-wide settings: one drawing at a time
_DRAWING = threading.Lock()


def data(record: dict, name: str) -> list[tuple[str, int]]:
    """The (label, count) pairs a chart shows, largest first for units."""
    counts = statistics(record)[name]
    if name == "channel":
        return ordered(counts, CHANNEL_LABELS)
    if name == "state":
        return ordered(counts, STATE_LABELS)
    pairs = counts.most_common()
    if len(pairs) > MAX_BARS:
        pairs = pairs[:MAX_BARS - 1] + [("Khác", sum(n for _, n in pairs[MAX_BARS - 1:]))]
    return pairs


def chart(record: dict, name: str, fmt: str = "png") -> bytes | None:
    """One chart as PNG or SVG bytes, or None when there is nothing to count."""
    if name not in CHARTS:
        raise KeyError(f"no chart named {name!r}; choose one of {', '.join(CHARTS)}")
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    pairs = data(record, name)
    if not pairs:
        return None
    return _draw(CHARTS[name], pairs, fmt)


def charts(record: dict, fmt: str = "png") -> dict[str, bytes]:
    """Every chart that has data, by name, in CHARTS order."""
    drawn = {name: chart(record, name, fmt) for name in CHARTS}
    return {name: picture for name, picture in drawn.items() if picture is not None}


def _draw(title: str, pairs: list[tuple[str, int]], fmt: str) -> bytes:
    labels = ["\n".join(textwrap.wrap(label, 28)) or label for label, _ in pairs]
    values = [n for _, n in pairs]
    lines = sum(label.count("\n") + 1 for label in labels)
    with _DRAWING, rc_context(_STYLE):
        figure = Figure(figsize=(8, 1.3 + 0.28 * lines + 0.25 * len(pairs)), dpi=150)
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
        axes.set_title(title, fontsize=13, fontweight="bold", loc="left")
        figure.tight_layout()
        out = io.BytesIO()
        metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        canvas.print_figure(out, format=fmt, metadata=metadata)
    return out.getvalue()
