"""Progress charts as inline SVG, rendered on the server (ARCHITECTURE: no JavaScript needed to read them).

A chart is drawn from points in time and comes with the same points as table rows, so the page shows a
data table beside it for screen readers and for anyone who prefers numbers. Only presentation attributes
are used (no `style`), so the strict Content-Security-Policy holds. Pure: no database, no request.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from django.utils import formats

if TYPE_CHECKING:
    import datetime

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36


@dataclass(frozen=True)
class Point:
    on: datetime.date
    value: float


@dataclass(frozen=True)
class Band:
    lower: float
    upper: float
    label: str


@dataclass(frozen=True)
class Row:
    """One point as a table row: its date, value, change since the previous point, and whether that
    change is reliable (at least the instrument's reliable-change threshold)."""

    on: datetime.date
    value: float
    change: float | None
    reliable: str  # "improved", "worsened" or ""


@dataclass(frozen=True)
class Chart:
    svg: str
    rows: list[Row]


def rows_for(points: list[Point], *, reliable_change: float | None, higher_is_better: bool) -> list[Row]:
    """Points in date order with their change since the previous one and the reliable-change verdict."""
    rows: list[Row] = []
    previous: float | None = None
    for point in sorted(points, key=lambda p: p.on):
        change = None if previous is None else round(point.value - previous, 2)
        reliable = ""
        if change is not None and reliable_change is not None and abs(change) >= reliable_change:
            better = change > 0 if higher_is_better else change < 0
            reliable = "improved" if better else "worsened"
        rows.append(Row(point.on, point.value, change, reliable))
        previous = point.value
    return rows


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value: float, low: float, high: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    clamped = min(max(value, low), high)
    return TOP + span * (1 - (clamped - low) / (high - low))


def _anchor(index: int, count: int) -> str:
    """Date labels at the plot's edges grow inwards so they are never cut off."""
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def line_chart(
    points: list[Point],
    *,
    title: str,
    low: float,
    high: float,
    bands: list[Band] | None = None,
    reliable_change: float | None = None,
    higher_is_better: bool = False,
    chart_id: str = "chart",
) -> Chart:
    """A line of the points over time on a fixed scale, shaded bands behind it, reliable changes ringed."""
    if high <= low:
        raise ValueError("the scale needs high > low")
    rows = rows_for(points, reliable_change=reliable_change, higher_is_better=higher_is_better)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    described = ", ".join(f"{row.on.isoformat()}: {_number(row.value)}" for row in rows) or "no results yet"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(described)}</desc>',
    ]
    for index, band in enumerate(bands or []):
        top, bottom = _y(band.upper, low, high), _y(band.lower, low, high)
        shade = "#eef2f7" if index % 2 == 0 else "#ffffff"
        parts.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{WIDTH - LEFT - RIGHT}" height="{max(bottom - top, 0):.1f}" '
            f'fill="{shade}"/>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT - 4}" y="{top + 12:.1f}" text-anchor="end" font-size="11" fill="#4a5568">'
            f"{escape(band.label)}</text>"
        )
    for value in (low, (low + high) / 2, high):
        y = _y(value, low, high)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#cbd5e0"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#2d3748">'
            f"{escape(_number(value))}</text>"
        )
    coordinates = [(_x(i, len(rows)), _y(row.value, low, high)) for i, row in enumerate(rows)]
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#2b6cb0" stroke-width="2"/>')
    for index, ((x, y), row) in enumerate(zip(coordinates, rows, strict=True)):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2b6cb0"/>')
        if row.reliable:
            colour = "#2f855a" if row.reliable == "improved" else "#c53030"
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{_anchor(index, len(rows))}" font-size="11" '
            'fill="#2d3748">'
            f"{escape(formats.date_format(row.on, 'SHORT_DATE_FORMAT'))}</text>"
        )
    parts.append("</svg>")
    return Chart(svg="".join(parts), rows=rows)
