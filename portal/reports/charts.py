"""Server-side SVG bar charts: the geometry is worked out here and drawn by
`reports/partials/_bar_chart.html`. No JavaScript, no library, nothing for the CSP to block
(presentation attributes only, no style attributes). Each chart names itself for screen
readers and points to the table beside it, which holds the same figures."""

from dataclasses import dataclass

from portal.reports.sections.base import DAYS, FigureTable

WIDTH = 720
BAR = 16
BAR_GAP = 3
GROUP_GAP = 14
TOP = 40  # room for the legend
CHAR_WIDTH = 7.2  # at 14px, for sizing the label column
VALUE_ROOM = 70
# NHS blue and NHS mid grey: both at least 3:1 against white (WCAG 1.4.11), told apart by the
# legend and by the value printed at the end of every bar.
COLOURS = ("#005eb8", "#5c6e7a")


@dataclass
class Bar:
    y: float
    width: float
    colour: str
    value_x: float
    value_y: float
    value: str


@dataclass
class BarGroup:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    label_x: float
    bar_x: float
    groups: list[BarGroup]
    legend: list[tuple[str, str, float, float]]  # (text, colour, swatch x, text x)


def _scale(values: list[float]) -> float:
    top = max(values, default=0)
    return top if top > 0 else 1


def bar_chart(
    table: FigureTable, *, chart_id: str, section: str, this_label: str, earlier_label: str
) -> Chart | None:
    figures = table.chart_figures
    if not figures:
        return None
    longest = max(len(f.label) for f in figures)
    label_width = min(max(longest * CHAR_WIDTH, 120), 330)
    bar_x = label_width + 12
    room = WIDTH - bar_x - VALUE_ROOM
    values = [c.value for f in figures for c in f.cells if c.value is not None]
    scale = room / _scale(values)
    groups = []
    y = TOP
    for figure in figures:
        bars = []
        for index, cell in enumerate(figure.cells):
            width = 0 if cell.value is None else max(cell.value * scale, 0)
            shown = str(cell)
            if cell.kind == DAYS and cell.value is not None:
                shown = f"{shown} days"
            bars.append(
                Bar(
                    y=y + index * (BAR + BAR_GAP),
                    width=round(width, 1),
                    colour=COLOURS[index],
                    value_x=round(bar_x + width + 6, 1),
                    value_y=y + index * (BAR + BAR_GAP) + 13,
                    value=shown,
                )
            )
        groups.append(BarGroup(label=figure.label, label_y=y + BAR + BAR_GAP / 2 + 5, bars=bars))
        y += 2 * BAR + BAR_GAP + GROUP_GAP
    title = table.chart_title or table.title
    return Chart(
        id=chart_id,
        title=f"Bar chart, {section}: {title[:1].lower()}{title[1:]}",
        description=(
            f"{this_label} compared with {earlier_label.lower()}, "
            f"{len(figures)} pairs of bars. The figures are in the table with this chart."
        ),
        width=WIDTH,
        height=int(y - GROUP_GAP + 8),
        label_x=label_width,
        bar_x=bar_x,
        groups=groups,
        legend=[
            (this_label, COLOURS[0], bar_x, bar_x + 20),
            (earlier_label, COLOURS[1], bar_x + 160, bar_x + 180),
        ],
    )
