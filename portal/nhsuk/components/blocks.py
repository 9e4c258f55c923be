"""Block components whose body is free text: ``{% inset_text %}`` and
``{% warning_callout "Heading" %}``. The body renders first and is placed in the component's
template, so the wrapper markup and its hidden prefix for screen readers live in one place."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from portal.nhsuk.components.base import BodyNode, parse_arguments, parse_body, resolve


class ComponentBlockNode(BodyNode):
    def __init__(self, template_name, args, kwargs, nodelist):
        super().__init__(kwargs, nodelist)
        self.template_name = template_name
        self.args = args

    def render(self, context):
        content = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 - rendered
        return render_to_string(
            self.template_name,
            {
                "args": resolve(context, self.args),
                **resolve(context, self.kwargs),
                "content": content,
            },
        )


def block_component(template_name):
    def compile_block(parser, token):
        name, args, kwargs = parse_arguments(parser, token)
        return ComponentBlockNode(template_name, args, kwargs, parse_body(parser, name))

    return compile_block
