"""``{% table %}``: an NHS.UK table with a caption, head rows and body rows.

    {% table caption="ARCP outcomes" caption_hidden=True responsive=True numeric="3" %}
      {% table_head "Date" "Outcome" "Days" %}
      {% for outcome in outcomes %}
      {% table_row %}{% cell %}...{% endcell %}{% cell %}...{% endcell %}{% endtable_row %}
      {% endfor %}
    {% endtable %}

Rows and cells are collected while the body renders and drawn once by
``nhsuk/components/table.html``, so a responsive table can give each cell its column's heading
(shown on a phone, where the head is hidden) and numeric columns align right in head and body.
"""

from dataclasses import dataclass, field

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe

from portal.nhsuk.components.base import (
    BodyNode,
    class_names,
    html_attrs,
    parse_arguments,
    parse_body,
    resolve,
)

STATE = "_nhsuk_table"
CAPTION_SIZES = {"s", "m", "l", "xl"}


@dataclass
class Cell:
    html: str
    header: bool = False
    numeric: bool | None = None
    attrs: dict = field(default_factory=dict)
    # Filled in when the table is drawn
    classes: str = ""
    heading: str = ""
    attrs_html: str = ""


@dataclass
class Row:
    cells: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    attrs_html: str = ""


@dataclass
class TableState:
    head: list = field(default_factory=list)
    body: list = field(default_factory=list)
    current: Row | None = None
    caption: str = ""


def _state(context, tag_name) -> TableState:
    try:
        return context[STATE]
    except KeyError:
        message = f"{{% {tag_name} %}} belongs inside {{% table %}}"
        raise template.TemplateSyntaxError(message) from None


class TableNode(BodyNode):
    def render(self, context):
        options = resolve(context, self.kwargs)
        state = TableState(caption=options.pop("caption", ""))
        with context.push({STATE: state}):
            self.nodelist.render(context)
        if not state.caption:
            # A table without a caption is announced as an anonymous grid.
            raise template.TemplateSyntaxError("{% table %} needs a caption")
        return draw_table(state, **options)


def draw_table(
    state: TableState,
    caption_size="",
    caption_hidden=False,
    responsive=False,
    numeric="",
    first_cell_is_header=False,
    classes="",
    **attrs,
):
    numeric_columns = {int(n) for n in str(numeric).split()}
    headings = [strip_tags(c.html).strip() for c in state.head[-1].cells] if state.head else []
    for row in state.head:
        _prepare(row, numeric_columns, responsive, head=True)
    for row in state.body:
        if first_cell_is_header and row.cells:
            row.cells[0].header = True
        _prepare(row, numeric_columns, responsive, head=False, headings=headings)
    return render_to_string(
        "nhsuk/components/table.html",
        {
            "table_class": class_names(
                "nhsuk-table-responsive" if responsive else "nhsuk-table", classes
            ),
            "attrs": html_attrs(attrs),
            "caption": state.caption,
            "caption_class": class_names(
                "nhsuk-table__caption",
                f"nhsuk-table__caption--{caption_size}" if caption_size in CAPTION_SIZES else "",
                "nhsuk-u-visually-hidden" if caption_hidden else "",
            ),
            "responsive": responsive,
            "head": state.head,
            "body": state.body,
        },
    )


def _prepare(row, numeric_columns, responsive, head, headings=()):
    row.attrs_html = html_attrs({**row.attrs, "role": "row" if responsive else None})
    for position, cell in enumerate(row.cells, start=1):
        numeric = cell.numeric if cell.numeric is not None else position in numeric_columns
        kind = "header" if (head or cell.header) else "cell"
        cell.classes = class_names(
            f"nhsuk-table__{kind}", f"nhsuk-table__{kind}--numeric" if numeric else ""
        )
        if head:
            scope = "colgroup" if int(cell.attrs.get("colspan", 1)) > 1 else "col"
            role = "columnheader"
        else:
            scope = "row" if cell.header else None
            role = "rowheader" if cell.header else "cell"
            if responsive and position <= len(headings):
                cell.heading = headings[position - 1]
        cell.attrs_html = html_attrs(
            {"scope": scope, **cell.attrs, "role": role if responsive else None}
        )


class TableRowNode(BodyNode):
    head = False

    def render(self, context):
        state = _state(context, "table_row")
        attrs = resolve(context, self.kwargs)
        head = self.head or attrs.pop("head", False)
        state.current = Row(attrs=attrs)
        self.nodelist.render(context)
        (state.head if head else state.body).append(state.current)
        state.current = None
        return ""


class TableHeadNode(template.Node):
    """``{% table_head "A" "B" %}``: one head row of plain headings."""

    def __init__(self, args):
        self.args = args

    def render(self, context):
        state = _state(context, "table_head")
        cells = [Cell(html=conditional_escape(value)) for value in resolve(context, self.args)]
        state.head.append(Row(cells=cells))
        return ""


class TableCaptionNode(template.Node):
    """``{% table_caption %}…{% endtable_caption %}``, for a caption put together from parts."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        _state(context, "table_caption").caption = mark_safe(  # noqa: S308 - rendered
            self.nodelist.render(context).strip()
        )
        return ""


class CellNode(BodyNode):
    def render(self, context):
        state = _state(context, "cell")
        if state.current is None:
            raise template.TemplateSyntaxError("{% cell %} belongs inside {% table_row %}")
        attrs = resolve(context, self.kwargs)
        state.current.cells.append(
            Cell(
                html=mark_safe(self.nodelist.render(context).strip()),  # noqa: S308 - rendered
                header=attrs.pop("header", False),
                numeric=attrs.pop("numeric", None),
                attrs=attrs,
            )
        )
        return ""


class TableHeadRowNode(TableRowNode):
    head = True


def do_table_head(parser, token):
    name, args, kwargs = parse_arguments(parser, token)
    if args:
        return TableHeadNode(args)
    return TableHeadRowNode(kwargs, parse_body(parser, name))


def do_table_caption(parser, token):
    return TableCaptionNode(parse_body(parser, token.split_contents()[0]))
