"""A tiny DOM for asserting on rendered NHS markup without BeautifulSoup."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

VOID_TAGS = {"input", "br", "img", "meta", "link", "hr", "area", "base", "col", "source", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children = []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return " ".join(" ".join(parts).split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, class_=None, **attrs):
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if class_ and class_ not in node.classes:
                continue
            if any(node.attrs.get(k.rstrip("_").replace("_", "-")) != v for k, v in attrs.items()):
                continue
            found.append(node)
        return found

    def find(self, tag=None, class_=None, **attrs):
        found = self.find_all(tag, class_, **attrs)
        return found[0] if found else None

    def by_id(self, element_id):
        matches = [node for node in self.iter() if node.attrs.get("id") == element_id]
        assert len(matches) <= 1, f"duplicate id {element_id!r}"
        return matches[0] if matches else None

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def closest(self, tag=None, class_=None):
        for node in self.ancestors():
            if (tag is None or node.tag == tag) and (class_ is None or class_ in node.classes):
                return node
        return None

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: ("" if v is None else v) for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.current = self.current.parent

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        assert node is not self.root, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        if data.strip():
            self.current.children.append(data)


def parse(html):
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    return builder.root


@pytest.fixture(name="parse")
def parse_fixture():
    """Parse HTML into a ``Node`` tree (fails on unbalanced tags)."""
    return parse


@pytest.fixture
def render():
    """Render a template snippet (crispy and nhsuk tags loaded) and return (html, dom)."""

    def _render(source, **context):
        html = Template("{% load crispy_forms_tags nhsuk %}" + source).render(Context(context))
        return html, parse(html)

    return _render
