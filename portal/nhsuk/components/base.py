"""What the block components share: reading a tag's arguments and writing HTML attributes."""

from django import template
from django.template.base import FilterExpression, kwarg_re
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# The tag colours nhsuk-frontend 10 styles; any other name would draw an unstyled tag.
TAG_COLOURS = frozenset(
    {"white", "grey", "green", "aqua-green", "blue", "purple", "pink", "red", "orange", "yellow"}
)
# A tag of at most this many words is kept on one line.
SHORT_TAG_WORDS = 3


def tag_html(text, colour: str, classes: str = "") -> SafeString:
    """One NHS.UK tag. The colour comes from code (a status's presenter), never from data, so
    an unknown one is a programming error and fails loudly rather than drawing a grey tag."""
    if colour not in TAG_COLOURS:
        raise ValueError(f"{colour!r} is not an NHS.UK tag colour")
    # A status of a few words ("Not due yet") reads as one thing and must not break across lines
    # in a narrow table column; a longer flag may wrap rather than push the table wide.
    nowrap = "nhsuk-u-nowrap" if len(str(text).split()) <= SHORT_TAG_WORDS else ""
    names = class_names("nhsuk-tag", f"nhsuk-tag--{colour}", nowrap, classes)
    return format_html('<strong class="{}">{}</strong>', names, text)


def parse_arguments(parser, token) -> tuple[str, list[FilterExpression], dict]:
    """Split ``{% name a b key=value %}`` into its name, positional and keyword expressions."""
    name, *bits = token.split_contents()
    args, kwargs = [], {}
    for bit in bits:
        match = kwarg_re.match(bit)
        if match and match.group(1):
            key, value = match.groups()
            kwargs[key] = parser.compile_filter(value)
        elif kwargs:
            raise template.TemplateSyntaxError(f"{name}: {bit!r} comes after a keyword argument")
        else:
            args.append(parser.compile_filter(bit))
    return name, args, kwargs


def parse_body(parser, tag_name) -> template.NodeList:
    """The template between ``{% tag_name %}`` and ``{% endtag_name %}``."""
    nodelist = parser.parse((f"end{tag_name}",))
    parser.delete_first_token()
    return nodelist


class BodyNode(template.Node):
    """A block tag with keyword arguments and a body, ``{% name key=value %}…{% endname %}``;
    `compile` is the function a template library registers for it."""

    def __init__(self, kwargs, nodelist):
        self.kwargs = kwargs
        self.nodelist = nodelist

    @classmethod
    def compile(cls, parser, token):
        name, _, kwargs = parse_arguments(parser, token)
        return cls(kwargs, parse_body(parser, name))


def resolve(context, expressions):
    if isinstance(expressions, dict):
        return {key: value.resolve(context) for key, value in expressions.items()}
    return [value.resolve(context) for value in expressions]


def html_attrs(attrs: dict) -> SafeString:
    """``data_status="x"`` becomes ``data-status="x"``; True gives a bare attribute, and
    False or None leaves it out. Values are escaped."""
    shown = [(key.replace("_", "-"), value) for key, value in attrs.items()]
    bare = [key for key, value in shown if value is True]
    valued = [(key, value) for key, value in shown if value not in (True, False, None)]
    return mark_safe(  # noqa: S308 - both parts are built by format_html
        format_html_join("", ' {}="{}"', valued) + "".join(f" {key}" for key in bare)
    )


def class_names(*names) -> str:
    return " ".join(name for name in names if name)
