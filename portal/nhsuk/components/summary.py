"""``{% summary_list %}``: an NHS.UK summary list of key, value and an optional action.

    {% summary_list %}
      {% summary_row "Name" action_url=url action_text="Change" action_hidden="name" %}
        {{ trainee.name }}
      {% endsummary_row %}
      {% summary_row file.name %}{{ file.size }}{% row_actions %}<form>…</form>{% endsummary_row %}
    {% endsummary_list %}

The action's hidden text tells a screen reader user what "Change" changes. Rows are collected
first, so a row without an action can be marked ``--no-actions`` when others have one, as
nhsuk-frontend 10 asks, which keeps the values lined up.
"""

from dataclasses import dataclass

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from portal.nhsuk.components.base import BodyNode, class_names, parse_arguments, resolve

STATE = "_nhsuk_summary_list"


@dataclass
class SummaryRow:
    key: str
    value: str
    action_url: str = ""
    action_text: str = "Change"
    action_hidden: str = ""
    actions_html: str = ""

    @property
    def has_action(self):
        return bool(self.action_url or self.actions_html)


class SummaryListNode(BodyNode):
    def render(self, context):
        options = resolve(context, self.kwargs)
        rows = []
        with context.push({STATE: rows}):
            self.nodelist.render(context)
        return render_to_string(
            "nhsuk/components/summary_list.html",
            {
                "list_class": class_names(
                    "nhsuk-summary-list",
                    "" if options.get("border", True) else "nhsuk-summary-list--no-border",
                    options.get("classes", ""),
                ),
                "rows": rows,
                "any_actions": any(row.has_action for row in rows),
            },
        )


class SummaryRowNode(BodyNode):
    def __init__(self, args, kwargs, nodelist, actions):
        super().__init__(kwargs, nodelist)
        self.args = args
        self.actions = actions

    def render(self, context):
        try:
            rows = context[STATE]
        except KeyError:
            raise template.TemplateSyntaxError(
                "{% summary_row %} belongs inside {% summary_list %}"
            ) from None
        (key,) = resolve(context, self.args)
        rows.append(
            SummaryRow(
                key=key,
                value=mark_safe(self.nodelist.render(context).strip()),  # noqa: S308 - rendered
                actions_html=mark_safe(self.actions.render(context).strip()),  # noqa: S308
                **resolve(context, self.kwargs),
            )
        )
        return ""


def do_summary_row(parser, token):
    name, args, kwargs = parse_arguments(parser, token)
    if len(args) != 1:
        raise template.TemplateSyntaxError(f"{name} takes one key, then keyword arguments")
    nodelist = parser.parse(("row_actions", "endsummary_row"))
    actions = template.NodeList()
    if parser.next_token().contents == "row_actions":
        actions = parser.parse(("endsummary_row",))
        parser.delete_first_token()
    return SummaryRowNode(args, kwargs, nodelist, actions)
