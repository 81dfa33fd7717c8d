"""Server-rendered SVG charts (issue 21): geometry only, computed here; the template
`innsikt/_chart.html` draws it. Each chart stands beside a table with the same figures and a
sentence saying what it shows, so the picture is never the only way to read them. Hidden
(suppressed) figures are drawn as nothing."""

from dataclasses import dataclass, field

WIDTH = 640
LABEL_H = 18
BAR_H = 16
ROW_H = LABEL_H + BAR_H + 10


@dataclass
class Chart:
    key: str
    title: str
    width: int = WIDTH
    height: int = 0
    rects: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # (label, css)


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def stacked_bars(key: str, title: str, rows: list[tuple[str, list[float | None]]], series: list[tuple[str, str]],
                 *, fmt=lambda v: str(v)) -> Chart:  # fmt: skip
    """One horizontal bar per row, its segments stacked in the order of `series` (label, css);
    the row's label above its bar and its total at the end."""
    chart = Chart(key, title, legend=series)
    biggest = max((sum(v or 0 for v in values) for _label, values in rows), default=0) or 1
    scale = (WIDTH - 60) / biggest
    y = 0
    for label, values in rows:
        chart.texts.append({"x": 0, "y": y + 13, "text": _short(label), "anchor": "start"})
        x = 0.0
        for value, (_name, css) in zip(values, series, strict=True):
            if value:
                w = value * scale
                chart.rects.append({"x": round(x, 1), "y": y + LABEL_H, "w": round(w, 1), "h": BAR_H, "css": css})
                x += w
        total = sum(v or 0 for v in values)
        chart.texts.append({"x": round(x + 4, 1), "y": y + LABEL_H + 12, "text": fmt(total), "anchor": "start"})
        y += ROW_H
    chart.height = max(y, ROW_H)
    return chart


def paired_bars(key: str, title: str, rows: list[tuple[str, float | None, float | None]], *, maks: float,
                series: list[tuple[str, str]], fmt) -> Chart:  # fmt: skip
    """Two thin bars per row (before, after) on a common scale up to `maks`."""
    chart = Chart(key, title, legend=series)
    scale = (WIDTH - 60) / (maks or 1)
    y = 0
    for label, before, after in rows:
        chart.texts.append({"x": 0, "y": y + 13, "text": _short(label), "anchor": "start"})
        for i, (value, (_name, css)) in enumerate(zip((before, after), series, strict=True)):
            top = y + LABEL_H + i * 16
            if value is not None:
                w = max(value * scale, 1)
                chart.rects.append({"x": 0, "y": top, "w": round(w, 1), "h": 12, "css": css})
                chart.texts.append({"x": round(w + 4, 1), "y": top + 11, "text": fmt(value), "anchor": "start"})
        y += LABEL_H + 2 * 16 + 12
    chart.height = max(y, ROW_H)
    return chart


def columns(key: str, title: str, labels: list[str], values: list[list[float | None]],
            series: list[tuple[str, str]], *, fmt, maks: float | None = None, height: int = 220) -> Chart:  # fmt: skip
    """Vertical columns over time, the segments of each stacked in the order of `series`; the
    scale up to `maks` (a fixed top such as 5 on a 1–5 scale) or the tallest column."""
    chart = Chart(key, title, height=height + 30, legend=series)
    biggest = maks or max((sum(v or 0 for v in column) for column in values), default=0) or 1
    step = WIDTH / max(len(labels), 1)
    scale = (height - 20) / biggest
    every = max(1, len(labels) // 12)  # a label under at most twelve columns
    for i, (label, column) in enumerate(zip(labels, values, strict=True)):
        x, bottom = i * step + step * 0.15, height
        for value, (_name, css) in zip(column, series, strict=True):
            if value:
                h = value * scale
                bottom -= h
                chart.rects.append({"x": round(x, 1), "y": round(bottom, 1), "w": round(step * 0.7, 1),
                                    "h": round(h, 1), "css": css})  # fmt: skip
        total = sum(v or 0 for v in column)
        if total:
            chart.texts.append({"x": round(x + step * 0.35, 1), "y": round(bottom - 4, 1), "text": fmt(total),
                                "anchor": "middle"})  # fmt: skip
        if i % every == 0:
            chart.texts.append({"x": round(x + step * 0.35, 1), "y": height + 18, "text": label, "anchor": "middle"})
    return chart
