"""Bar charts as inline SVG, rendered on the server (ARCHITECTURE: charts without JavaScript).

Every chart is drawn beside its data table: the SVG is `role="img"` with a `<title>` and points to the table
with `aria-describedby`, so a screen reader gets the numbers from the table, not from shapes. Only
presentation attributes are used (no `style`), so the strict Content-Security-Policy holds.

A hidden (small-cell suppressed) value is never drawn: its bar is left out and its label says so in words,
and the scale is set by the shown values only, so no bar length or axis gives a hidden number away.
Pure: no database, no request.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 640
PALETTE = ("#2b6cb0", "#dd6b20", "#2f855a", "#805ad5", "#c53030", "#319795", "#b7791f", "#4a5568")
TEXT = "#2d3748"
GRID = "#cbd5e0"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None when hidden) and the words shown for it ("12", "fewer than 11")."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class StackedBar:
    """One row of a stacked bar chart: a segment per series (value None when hidden), and the row's words."""

    label: str
    values: tuple[float | None, ...]
    text: str = ""


def _open(chart_id: str, title: str, described_by: str, height: int) -> list[str]:
    title_id = f"{chart_id}-title"
    described = f' aria-describedby="{escape(described_by)}"' if described_by else ""
    return [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{escape(title_id)}"{described} xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
    ]


CHAR_W = 6.2  # average width of an 11-pixel sans-serif character


def _label(text: str, width: float, x: float, y: float, anchor: str) -> str:
    """A label that fits `width` pixels: a long one is shortened with an ellipsis and keeps its whole text as a
    tooltip (the data table beside the chart has it in full for everyone)."""
    fits = max(int(width / CHAR_W), 4)
    shown = text if len(text) <= fits else text[: fits - 1].rstrip() + "…"
    tip = f"<title>{escape(text)}</title>" if shown != text else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="11" fill="{TEXT}">{tip}{escape(shown)}</text>'
    )


def _scale(values: list[float]) -> float:
    """The largest shown value (at least 1), so hidden values never set the axis."""
    return max([1.0, *values])


def bar_chart(bars: list[Bar], *, title: str, chart_id: str, described_by: str = "") -> str:
    """Vertical bars, one per label in the given order (stages, say), the value written above each."""
    height, top, bottom, left, right = 260, 24, 64, 16, 16
    shown = [bar.value for bar in bars if bar.value is not None]
    high = _scale(shown)
    parts = _open(chart_id, title, described_by, height)
    plot_h = height - top - bottom
    base = height - bottom
    parts.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="{GRID}"/>')
    slot = (WIDTH - left - right) / max(len(bars), 1)
    for index, bar in enumerate(bars):
        x = left + index * slot
        centre = x + slot / 2
        if bar.value is not None and bar.value > 0:
            h = plot_h * bar.value / high
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{base - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[0]}"/>'
            )
            label_y = base - h - 4
        else:
            label_y = base - 4
        parts.append(
            f'<text x="{centre:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="11" fill="{TEXT}">'
            f"{escape(bar.text)}</text>"
        )
        parts.append(_label(bar.label, slot - 4, centre, base + 16, "middle"))
    parts.append("</svg>")
    return "".join(parts)


def horizontal_bars(bars: list[Bar], *, title: str, chart_id: str, described_by: str = "") -> str:
    """Simple horizontal bars, one row per label, the label on the left and the value after the bar."""
    return stacked_bars(
        [StackedBar(bar.label, (bar.value,), bar.text) for bar in bars],
        series=(),
        title=title,
        chart_id=chart_id,
        described_by=described_by,
    )


def stacked_bars(
    rows: list[StackedBar],
    *,
    series: tuple[str, ...],
    title: str,
    chart_id: str,
    described_by: str = "",
) -> str:
    """Horizontal bars, each split into segments (one colour per series, with a legend when there are several
    series). Hidden segments are not drawn and the shown ones are laid end to end, so the drawn length is the
    sum of shown values only; the row's words (`text`) say when part of it is hidden."""
    row_h, top, label_w, right = 26, 12, 200, 120
    legend_h = 22 if len(series) > 1 else 0
    height = top + legend_h + row_h * max(len(rows), 1) + 8
    totals = [sum(v for v in row.values if v is not None) for row in rows]
    high = _scale(totals)
    plot_w = WIDTH - label_w - right
    parts = _open(chart_id, title, described_by, height)
    if len(series) > 1:
        x = label_w
        for index, name in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="{top}" width="10" height="10" fill="{colour}"/>')
            parts.append(f'<text x="{x + 14}" y="{top + 9}" font-size="11" fill="{TEXT}">{escape(name)}</text>')
            x += 14 + 7 * len(name) + 16
    for index, row in enumerate(rows):
        y = top + legend_h + index * row_h
        parts.append(_label(row.label, label_w - 12, label_w - 8, y + 15, "end"))
        bar_x = float(label_w)
        for position, value in enumerate(row.values):
            if value is None or value <= 0:
                continue
            w = plot_w * value / high
            colour = PALETTE[position % len(PALETTE)]
            parts.append(f'<rect x="{bar_x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}"/>')
            bar_x += w
        if row.text:
            parts.append(
                f'<text x="{bar_x + 6:.1f}" y="{y + 15}" font-size="11" fill="{TEXT}">{escape(row.text)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["Bar", "StackedBar", "bar_chart", "horizontal_bars", "stacked_bars"]
