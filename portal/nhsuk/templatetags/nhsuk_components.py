"""``{% load nhsuk_components %}``: the NHS.UK display components (see portal.nhsuk.components)."""

from django import template
from django.utils.html import format_html

from portal.nhsuk.components import summary, tables
from portal.nhsuk.components.base import class_names, tag_html
from portal.nhsuk.components.blocks import block_component
from portal.nhsuk.components.pagination import pagination_context

register = template.Library()

register.tag("table", tables.TableNode.compile)
register.tag("table_caption", tables.do_table_caption)
register.tag("table_head", tables.do_table_head)
register.tag("table_row", tables.TableRowNode.compile)
register.tag("cell", tables.CellNode.compile)
register.tag("summary_list", summary.SummaryListNode.compile)
register.tag("summary_row", summary.do_summary_row)
register.tag("inset_text", block_component("nhsuk/components/inset_text.html"))
register.tag("warning_callout", block_component("nhsuk/components/warning_callout.html"))
register.inclusion_tag("nhsuk/components/pagination.html", takes_context=True, name="pagination")(
    pagination_context
)


@register.simple_tag(name="tag")
def tag(text, colour, classes=""):
    """``{% tag "Short notice" "orange" %}``: a simple tag, as lists draw one on every row."""
    return tag_html(text, colour, classes)


@register.simple_tag
def back_link(url, text="Back"):
    return format_html('<a href="{}" class="nhsuk-back-link">{}</a>', url, text)


@register.simple_tag
def button_link(url, text, secondary=False, classes=""):
    """A link that looks like a button, for going to a form rather than submitting one."""
    return format_html(
        '<a href="{}" class="{}" role="button" draggable="false" data-module="nhsuk-button">{}</a>',
        url,
        class_names("nhsuk-button", "nhsuk-button--secondary" if secondary else "", classes),
        text,
    )
