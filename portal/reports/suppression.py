"""Small-number suppression for exports shared outside the team (docs/rules.md §10).

Primary: a count from 1 to 4 is hidden, and so is any figure that would give one away: a
percentage whose numerator, denominator, or the part not counted is 1 to 4, and a median over
1 to 4 cases. Zeros are shown; they identify nobody.

Secondary: where cells add up to a total that is shown (a breakdown column and the section
figure; the working patterns and all approvals), one hidden cell could be worked out by
subtraction. So in such a group at least two cells are hidden and the hidden cells add up to 5
or more; the smallest other cells are hidden until that holds, and when nothing is left to hide
the total is hidden too. Groups share cells (a total hidden in one is a member or total of
another), so the rules run until nothing changes.

Differencing between two exports with different filters is not prevented here: exports are
audited, and sharing outside the team is a decision the exporting admin records.
"""

import copy

from portal.reports.sections.base import COUNT, DAYS, PERCENT, Cell, SectionReport

SMALL = range(1, 5)


def _is_small(value) -> bool:
    return value is not None and value in SMALL


def primary(cell: Cell) -> bool:
    if cell.kind == COUNT:
        return _is_small(cell.value)
    if cell.kind == PERCENT:
        n, d = cell.numerator or 0, cell.denominator or 0
        return _is_small(n) or _is_small(d) or _is_small(d - n)
    if cell.kind == DAYS:
        return _is_small(cell.n)
    return False


def protect_group(members: list[Cell], total: Cell) -> bool:
    """Hide more cells of one additive group until the hidden ones cannot be worked out.
    Returns whether anything changed."""
    if total.suppressed:
        return False
    hidden = [c for c in members if c.suppressed]
    if not hidden:
        return False
    changed = False
    while len(hidden) < 2 or sum(c.value or 0 for c in hidden) < 5:
        shown = [c for c in members if not c.suppressed]
        if not shown:
            total.suppressed = True
            return True
        # The smallest non-zero cell loses least information; a zero only when nothing else is
        # left, and then the sum rule still decides whether the total must go as well.
        pick = min(shown, key=lambda c: (not c.value, c.value or 0))
        pick.suppressed = True
        hidden.append(pick)
        changed = True
    return changed


def _groups(report: SectionReport):
    """Every additive group of the report, as (members, total), period by period."""
    for table in report.tables:
        for keys, total_key in table.groups:
            if total_key is None:
                continue
            total = report.figure(total_key)
            for index in (0, 1):
                members = [report.figure(key).cells[index] for key in keys]
                yield members, total.cells[index]
    for breakdown in report.breakdowns:
        for column, _label in breakdown.columns:
            total = breakdown.totals.get(column)
            if total is None:
                continue
            for index in (0, 1):
                members = [row.cells[column][index] for row in breakdown.rows]
                yield members, total.cells[index]


def _all_cells(report: SectionReport):
    for table in report.tables:
        for figure in table.figures:
            yield from figure.cells
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            for pair in row.cells.values():
                yield from pair


def suppress(report: SectionReport) -> SectionReport:
    """A copy of `report` with small numbers hidden (the page keeps the original)."""
    report = copy.deepcopy(report)
    for cell in _all_cells(report):
        cell.suppressed = cell.suppressed or primary(cell)
    # Each pass can only hide more cells, so this ends; the bound is a safety net.
    for _ in range(100):
        changed = False
        for members, total in _groups(report):
            changed |= protect_group(members, total)
        if not changed:
            break
    return report
